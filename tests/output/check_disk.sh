#!/usr/bin/env bash
# Publishing the sample onto a real disk that fills up, turns read-only, or whose build is killed
# with SIGKILL at a random moment: a clear error (or nothing, for a kill), the previous site exactly
# as it was, and the next build with room leaves exactly what a cold build leaves.
#   tests/output/check_disk.sh HINDSIGHT REPO AS_OF
# Needs a private mount namespace for a small tmpfs (root); exits 77 (skipped) without one.
set -euo pipefail
bin=$(realpath "$1") repo=$(realpath "$2") as_of=$3
if [ "${HS_IN_NAMESPACE:-}" != 1 ]; then
  unshare -m true 2>/dev/null || { echo "skipped: no mount namespace here (needs root)"; exit 77; }
  HS_IN_NAMESPACE=1 exec unshare -m --propagation private "$0" "$@"
fi

work=$(mktemp -d)
trap 'umount "$work/disk" 2>/dev/null || true; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
build() { "$bin" build -C "$work/kb" --as-of "$as_of" --out "$1" --stale warn >"$work/log" 2>&1; }
same() { diff -r --exclude=.hindsight-staging "$1" "$2" >/dev/null; }

mkdir -p "$work/kb" "$work/disk"
cp -r "$repo/hindsight.yaml" "$repo/content" "$work/kb/"
pm=$(find "$work/kb/content/postmortems" -name '*.md' | sort | head -1)
edit() { sed -i "0,/^title: /s//title: Edit $1 of /" "$pm"; }  # changes many pages

mount -t tmpfs -o size=64m tmpfs "$work/disk"
out="$work/disk/site"
build "$out" || fail "first build: $(cat "$work/log")"
cp -a "$out" "$work/before"

# A full disk: leave 16 KB free, edit, build.
edit 1
free=$(df -B1 --output=avail "$work/disk" | tail -1)
fallocate -l $((free - 16384)) "$work/disk/filler" 2>/dev/null ||
  dd if=/dev/zero of="$work/disk/filler" bs=4096 count=$(((free - 16384) / 4096)) status=none
if build "$out"; then fail "a build onto a full disk exited 0"; fi
grep -q "cannot write the site" "$work/log" || fail "no clear error on a full disk: $(cat "$work/log")"
grep -q "No space left on device" "$work/log" || fail "the error does not say why: $(cat "$work/log")"
same "$work/before" "$out" || fail "a full disk changed the previous site"
[ ! -e "$out/.hindsight-staging" ] || fail "a full disk left staged files behind"
rm "$work/disk/filler"
build "$out" || fail "the build after freeing space: $(cat "$work/log")"
build "$work/cold" || fail "cold build"
same "$work/cold" "$out" || fail "after a full disk, the next build differs from a cold build"
echo "full disk: clear error, previous site unchanged, next build complete"

# A read-only disk.
rm -rf "$work/before" "$work/cold" && cp -a "$out" "$work/before"
edit 2
mount -o remount,ro "$work/disk"
if build "$out"; then fail "a build onto a read-only disk exited 0"; fi
grep -q "cannot write the site" "$work/log" || fail "no clear error on a read-only disk: $(cat "$work/log")"
same "$work/before" "$out" || fail "a read-only disk changed the previous site"
mount -o remount,rw "$work/disk"
build "$out" || fail "the build after making the disk writable: $(cat "$work/log")"
build "$work/cold" || fail "cold build"
same "$work/cold" "$out" || fail "after a read-only disk, the next build differs from a cold build"
echo "read-only disk: clear error, previous site unchanged, next build complete"

# SIGKILL at random moments: what is left is the old site, the new one, or a committed journal
# the next build finishes.
committed=0 rounds=12
for round in $(seq 3 $((rounds + 2))); do
  rm -rf "$work/before" "$work/new" && cp -a "$out" "$work/before"
  edit "$round"
  t0=$(date +%s%N)
  build "$work/new" || fail "cold build of round $round"
  took=$((($(date +%s%N) - t0) / 1000000))  # ms; the kill lands anywhere in a build that long
  "$bin" build -C "$work/kb" --as-of "$as_of" --out "$out" --stale warn >/dev/null 2>&1 &
  sleep "$(printf '0.%03d' $((RANDOM % (took + 1) % 1000)))"
  kill -9 $! 2>/dev/null || true
  wait $! 2>/dev/null || true
  if [ -e "$out/.hindsight-journal" ]; then
    committed=$((committed + 1))
  elif ! same "$work/before" "$out" && ! same "$work/new" "$out"; then
    fail "killed in round $round, the folder holds neither the old nor the new site"
  fi
  build "$out" || fail "the build after a kill: $(cat "$work/log")"
  same "$work/new" "$out" || fail "after a kill in round $round, the next build differs from a cold one"
  [ ! -e "$out/.hindsight-staging" ] && [ ! -e "$out/.hindsight-journal" ] ||
    fail "the build after a kill left staging or a journal"
done
echo "kill -9: $rounds rounds ($committed after the commit point), each recovered to a cold build's site"
