#!/usr/bin/env bash
# The GitHub Actions workflows are valid (schema-checked by @action-validator/cli) and set up
# and build through the README's commands, not a second way.
#   check_workflows.sh REPO_ROOT HINDSIGHT_BINARY
set -euo pipefail
repo=$1 bin=$2
cd "$repo"
passed=0 failed=0
check() {
  if "${@:2}" >/dev/null 2>&1; then passed=$((passed + 1)); else echo "FAIL: $1"; failed=$((failed + 1)); fi
}
validator=node_modules/.bin/action-validator
[ -x "$validator" ] || { echo "FAIL: $validator is missing (./dev.sh test installs it)"; exit 1; }
for f in .github/workflows/*.yml; do
  check "$f passes the workflow schema" "$validator" "$f"
  check "$f sets up through ./dev.sh" grep -q '\./dev\.sh ' "$f"
  check "$f builds nothing with cmake directly" bash -c "! grep -q 'cmake ' '$f'"
done
# Hardening: actions pinned by commit, no token left in .git/config, no expression pasted into
# a script (values arrive through env:), and write permissions only where they are used.
run_expressions() {  # prints the ${{ }} found inside run: scripts of a workflow
  awk '
    /^[[:space:]]*(- )?run:[[:space:]]*[|>]/ { indent = match($0, /[^ ]/); inrun = 1; next }
    /^[[:space:]]*(- )?run:/ { if ($0 ~ /\$\{\{/) print FILENAME ":" FNR; next }
    inrun { if ($0 ~ /^[[:space:]]*$/) next; if (match($0, /[^ ]/) <= indent) inrun = 0; else if ($0 ~ /\$\{\{/) print FILENAME ":" FNR }
  ' "$1"
}
for f in .github/workflows/*.yml; do
  check "$f pins every action by commit" bash -c "! grep -E '^\s*-?\s*uses:' '$f' | grep -vqE '@[0-9a-f]{40}( |$)'"
  check "$f checks out without persisting credentials" \
    test "$(grep -c 'actions/checkout@' "$f")" = "$(grep -c 'persist-credentials: false' "$f")"
  check "$f pastes no expression into a script" test -z "$(run_expressions "$f")"
  check "$f grants no write permission to the whole workflow" \
    bash -c "! sed -n '/^permissions:/,/^[a-z]/p' '$f' | grep -q ': write'"
done
check "the run-expression check catches one" test -n "$(printf 'jobs:\n  a:\n    steps:\n      - run: |\n          echo ${{ github.head_ref }}\n' > /tmp/hindsight-expr.yml; run_expressions /tmp/hindsight-expr.yml)"

pages=.github/workflows/pages.yml
check "pages uses the official upload action" grep -q 'actions/upload-pages-artifact@' "$pages"
check "pages uses the official deploy action" grep -q 'actions/deploy-pages@' "$pages"
check "pages runs daily" grep -q 'cron:' "$pages"
check "only the deploy job may write to Pages" \
  test "$(sed -n '/^  deploy:/,$p' "$pages" | grep -c 'pages: write')" = "$(grep -c 'pages: write' "$pages")"
check "pages has Pages permissions" grep -q 'pages: write' "$pages"
check "pages serializes deployments" grep -q 'concurrency:' "$pages"
check "pull requests get annotations" grep -q 'check --as-of today --diagnostics github' .github/workflows/check.yml
check "pages judges today, whatever hindsight.yaml pins" grep -q 'build --as-of today' "$pages"
check "pages fetches GitHub issues for drift" grep -q 'gh issue list' "$pages"
check "pages publishes the public build when configured" \
  bash -c "grep -q 'build --public' '$pages' && grep -q \"if: vars.PUBLIC_SITE_REPO != ''\" '$pages'"
check "the public push pins GitHub's host key" grep -q 'StrictHostKeyChecking=yes' "$pages"
check "pull requests see leaks into the public site" grep -q 'build --public' .github/workflows/check.yml

# The gate is live by default: this repository's hindsight.yaml pins no date, so a knowledge base
# made from it, with its content replaced, goes red the day after an item's due date.
check "hindsight.yaml pins no as_of" bash -c "! grep -q '^as_of:' hindsight.yaml"
kb=$(mktemp -d)
trap 'rm -rf "$kb"' EXIT
cp hindsight.yaml "$kb/"
mkdir -p "$kb/content/postmortems"
printf -- '- { id: api, name: API, team: web }\n' > "$kb/content/services.yaml"
yesterday=$(date -u -d yesterday +%F) last_week=$(date -u -d '7 days ago' +%F)
cat > "$kb/content/postmortems/pm-1.md" <<PM
---
id: PM-1
title: Yesterday's item
date: $last_week
status: published
severity: SEV3
services: [api]
category: deployment
action_items:
  - { title: Add a canary stage, owner: ana, due: $yesterday, status: open, ticket: NW-1, done_when: [x], verify: y }
---
## Summary
PM
status=0
"$bin" build -C "$kb" >/dev/null 2>&1 || status=$?
check "a copy with today's stale item exits 3 without --as-of" test "$status" = 3
status=0
CI=true "$bin" build -C "$kb" --as-of "$last_week" >/dev/null 2>&1 || status=$?
check "the same copy is green on the incident's day" test "$status" = 0
printf 'as_of: %s\n' "$last_week" >> "$kb/hindsight.yaml"
check "a pinned as_of warns in CI" bash -c "CI=true '$bin' build -C '$kb' --diagnostics github 2>&1 | grep -q '::warning file=.*hindsight.yaml,line=.*config.as-of-pinned'"
check "a broken workflow is refused" bash -c "! printf 'on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    stepz: []\n' > /tmp/hindsight-bad-workflow.yml || ! $validator /tmp/hindsight-bad-workflow.yml"
echo "workflows: $passed passed, $failed failed"
[ "$failed" = 0 ]
