#!/usr/bin/env bash
# Runs every fuzz harness: first on its regression files (each must pass), then on seeds from the
# sample and the test fixtures, with a dictionary. A crash, leak, timeout or sanitizer finding
# fails the run and leaves the input in tests/fuzz/findings/.
#   tests/fuzz/run.sh BUILD_DIR ci          a fixed seed and a fixed number of runs per harness:
#                                           the same inputs on every machine, so a red CI run is
#                                           caused by the change, not by luck (CI runs this)
#   tests/fuzz/run.sh BUILD_DIR [SECONDS]   explore: a random seed for SECONDS per harness
set -euo pipefail
cd "$(dirname "$0")/../.."
build=$1 budget=${2:-20}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p tests/fuzz/findings

seeds() {  # harness → its seed files
  case $1 in
    postmortem | markdown)
      find content/postmortems tests/golden tests/invalid -name '*.md' ;;
    index)  # lines of text, and JSON arrays of objects for the documents' reader
      find content/postmortems tests/golden tests/invalid -name '*.md'
      find tests/golden -path '*/expected/api/postmortems.json' ;;
    config)
      find . -path ./node_modules -prune -o \( -name hindsight.yaml -o -name services.yaml \
        -o -name 'tickets*.json' -o -name 'issues.json' -o -name 'tracker-snapshot.json' \) -print |
        grep -v -e '^./build' ;;
    build)  # a knowledge base per seed: config, services and post-mortems joined by %%%
      for kb in tests/golden/*/kb; do
        f="$work/seed-$(basename "$(dirname "$kb")")"
        { cat "$kb/hindsight.yaml"; printf '\n%%%%%%\n'; cat "$kb/content/services.yaml"
          for pm in $(find "$kb/content/postmortems" -name '*.md' | sort | head -3); do
            printf '\n%%%%%%\n'; cat "$pm"; done; } > "$f"
        echo "$f"
      done ;;
  esac
}

# Runs per harness for `ci`: about 20 s each on the project's 2-core machines.
ci_runs() {
  case $1 in
    postmortem | markdown | config) echo 30000 ;;
    index) echo 2000 ;;
    build) echo 2500 ;;
  esac
}

passed=0 failed=0
for harness in postmortem markdown config index build; do
  bin="$build/tests/fuzz/fuzz_$harness"
  dict=tests/fuzz/yaml.dict
  [ "$harness" = markdown ] && dict=tests/fuzz/markdown.dict
  [ "$harness" = index ] && dict=tests/fuzz/markdown.dict
  regressions=(tests/fuzz/regressions/"$harness"/*)
  if [ -e "${regressions[0]}" ] && ! "$bin" -timeout=10 "${regressions[@]}" >"$work/log" 2>&1; then
    echo "FAIL: fuzz_$harness on its regression files"; tail -30 "$work/log"; failed=$((failed + 1)); continue
  fi
  corpus="$work/corpus-$harness" seeded="$work/seeds-$harness"
  mkdir -p "$corpus" "$seeded"
  seeds "$harness" | while read -r f; do cp "$f" "$seeded/$(echo "$f" | tr / _)"; done
  if [ "$budget" = ci ]; then limit=(-seed=1 -runs="$(ci_runs "$harness")")
  else limit=(-max_total_time="$budget"); fi
  if "$bin" "${limit[@]}" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
       -dict="$dict" -artifact_prefix=tests/fuzz/findings/"$harness"- \
       "$corpus" "$seeded" >"$work/log" 2>&1; then
    echo "fuzz_$harness: $(grep -o 'Done [0-9]* runs' "$work/log" | tail -1), no finding"
    passed=$((passed + 1))
  else
    echo "FAIL: fuzz_$harness found something (input in tests/fuzz/findings/)"; tail -40 "$work/log"
    failed=$((failed + 1))
  fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" = 0 ]
