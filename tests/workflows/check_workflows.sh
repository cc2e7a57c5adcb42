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
pages=.github/workflows/pages.yml
check "pages uses the official upload action" grep -q 'actions/upload-pages-artifact@' "$pages"
check "pages uses the official deploy action" grep -q 'actions/deploy-pages@' "$pages"
check "pages runs daily" grep -q 'cron:' "$pages"
check "pages has Pages permissions" grep -q 'pages: write' "$pages"
check "pages serializes deployments" grep -q 'concurrency:' "$pages"
check "pull requests get annotations" grep -q 'check --as-of today --diagnostics github' .github/workflows/check.yml
check "pages judges today, whatever hindsight.yaml pins" grep -q 'build --as-of today' "$pages"
check "pages fetches GitHub issues for drift" grep -q 'gh issue list' "$pages"

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
