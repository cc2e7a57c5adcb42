#!/usr/bin/env bash
# Times `hindsight build` on a synthetic corpus: a cold build with 1 thread and with all cores,
# then a rebuild where nothing changed. Compare the ratios in one run; machines here are noisy.
#   bench/build.sh [N]   (default 10000 post-mortems)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/make_corpus.py "$work/kb" "$n"
echo "corpus: $n post-mortems, $(du -sh "$work/kb/content" | cut -f1)"
bin=build/hindsight
t() { local s=$(date +%s.%N); "$@" >/dev/null 2>&1; echo "$(echo "$(date +%s.%N) - $s" | bc) s"; }
echo "cold build, --jobs 1:        $(t $bin build -C "$work/kb" --out "$work/out1" --jobs 1)"
echo "cold build, --jobs $(nproc):        $(t $bin build -C "$work/kb" --out "$work/out2")"
echo "rebuild, nothing changed:    $(t $bin build -C "$work/kb" --out "$work/out2")"
echo "pages: $(find "$work/out2" -type f | wc -l), size: $(du -sh "$work/out2" | cut -f1)"
$bin build -C "$work/kb" --out "$work/out2" -v 2>&1 | grep ' ms$' | tr '\n' ' '; echo
for f in search/meta.json search/index.json; do
  echo "$f: $(stat -c %s "$work/out2/$f") bytes, gzipped $(gzip -c "$work/out2/$f" | wc -c)"
done
echo "search/index/*.json: $(ls "$work/out2/search/index" | wc -l) shards, $(cat "$work/out2"/search/index/*.json | wc -c) bytes," \
  "the largest gzipped $(for f in "$work/out2"/search/index/*.json; do gzip -c "$f" | wc -c; done | sort -n | tail -1)"
