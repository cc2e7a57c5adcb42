#!/usr/bin/env bash
# Builds the sample knowledge base and checks its feeds and sitemap with an XML parser (xmllint):
# well-formed, and every element RFC 4287 requires is there.
#   check_feeds.sh HINDSIGHT_BINARY REPO_ROOT SAMPLE_AS_OF
set -euo pipefail
bin=$1 repo=$2 as_of=$3
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# 3: written, with stale findings (the sample shows one, tracker drift).
"$bin" build -C "$repo" --out "$out/site" --base-url https://kb.example/ --as-of "$as_of" >/dev/null ||
  [ $? -eq 3 ]
passed=0 failed=0
check() {  # description, command...
  if "${@:2}" >/dev/null 2>&1; then passed=$((passed + 1)); else echo "FAIL: $1"; failed=$((failed + 1)); fi
}
count() { xmllint --xpath "count($2)" "$1"; }
atom='*[local-name()="feed" and namespace-uri()="http://www.w3.org/2005/Atom"]'
feeds=$(find "$out/site" -name feed.xml | sort)
[ -n "$feeds" ] || { echo "FAIL: no feeds"; exit 1; }
for f in $feeds "$out/site/sitemap.xml"; do check "$f is well-formed XML" xmllint --noout "$f"; done
for f in $feeds; do
  rel=${f#$out/site/}
  check "$rel: root is an Atom feed" test "$(count "$f" "/$atom")" = 1
  for el in id title updated; do
    check "$rel: feed has one $el" test "$(count "$f" "/$atom/*[local-name()=\"$el\"]")" = 1
    check "$rel: every entry has one $el" \
      test "$(count "$f" "//*[local-name()=\"entry\"][count(*[local-name()=\"$el\"]) != 1]")" = 0
  done
  check "$rel: feed or every entry has an author" \
    test "$(count "$f" "/$atom/*[local-name()=\"author\"]")" -ge 1
  check "$rel: every entry links to its page" \
    test "$(count "$f" "//*[local-name()=\"entry\"][not(*[local-name()=\"link\"][@rel=\"alternate\"])]")" = 0
  check "$rel: dates are RFC 3339" \
    test -z "$(xmllint --xpath '//*[local-name()="updated" or local-name()="published"]/text()' "$f" |
               tr -s ' \n' '\n' | grep -vE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$' | grep . || true)"
done
entries=$(count "$out/site/feed.xml" '//*[local-name()="entry"]')
check "the site feed has entries" test "$entries" -ge 10
check "sitemap lists absolute URLs" \
  test "$(count "$out/site/sitemap.xml" '//*[local-name()="loc"][not(starts-with(., "https://kb.example/"))]')" = 0
echo "feeds: $passed passed, $failed failed"
[ "$failed" = 0 ]
