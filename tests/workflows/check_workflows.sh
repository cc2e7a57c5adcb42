#!/usr/bin/env bash
# The GitHub Actions workflows are valid (schema-checked by @action-validator/cli) and set up
# and build through the README's commands, not a second way.
set -euo pipefail
repo=$1
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
check "pull requests get annotations" grep -q 'check --diagnostics github' .github/workflows/check.yml
check "a broken workflow is refused" bash -c "! printf 'on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    stepz: []\n' > /tmp/hindsight-bad-workflow.yml || ! $validator /tmp/hindsight-bad-workflow.yml"
echo "workflows: $passed passed, $failed failed"
[ "$failed" = 0 ]
