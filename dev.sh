#!/usr/bin/env bash
# One entry point for setting up, building and testing Hindsight on Debian 12.
#   ./dev.sh site [BUILD OPTIONS]   install what is missing, build, generate the sample site into site/
#                                   (stale findings are reported, but only CI fails on them)
#   ./dev.sh test                   install what is missing, build, run every test
#   ./dev.sh test --sanitize        the same in build-sanitize/, under ASan and UBSan
#   ./dev.sh fuzz [ci|SECONDS]      build the fuzz harnesses with clang and run each: a fixed seed
#                                   and run count (ci, the default), or a random seed for SECONDS
#   ./dev.sh build                  install what is missing and build build/hindsight
set -euo pipefail
cd "$(dirname "$0")"

# Everything the project needs, all from Debian's archive (and, for the tests, the npm registry).
packages=(
  g++ cmake make pkg-config
  libcmark-gfm-dev libcmark-gfm-extensions-dev libyaml-cpp-dev nlohmann-json3-dev
  libcli11-dev doctest-dev libctemplate-dev libcpp-httplib-dev libjs-lunr libxxhash-dev libcereal-dev libzstd-dev
  libjemalloc-dev
  ccache
)
test_packages=(nodejs node-lunr libxml2-utils chromium default-jre-headless hugo time git)
fuzz_packages=(clang libclang-rt-14-dev)

install_missing() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return
  echo "Installing: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

build() {  # [BUILD_DIR [CMAKE OPTIONS...]]; TARGET=hindsight builds the binary alone
  local dir=${1:-build}
  shift || true
  install_missing "${packages[@]}"
  # ccache: a rebuild (or CI with its cache restored) compiles only what changed.
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER_LAUNCHER=ccache \
    "$@" >/dev/null
  cmake --build "$dir" -j "$(nproc)" ${TARGET:+--target "$TARGET"}
}

command="${1:-}"
shift || true
case "$command" in
  build)
    TARGET=hindsight build
    ;;
  site)
    TARGET=hindsight build
    status=0
    ./build/hindsight build "$@" || status=$?
    # 3: the site is written and shows what is stale. CI calls hindsight itself and fails on it;
    # a local preview should not.
    if [ "$status" -eq 3 ]; then
      echo "dev.sh: site written; the stale findings above fail CI's build (exit 3)." >&2
      status=0
    fi
    exit "$status"
    ;;
  test)
    install_missing "${test_packages[@]}"
    command -v npm >/dev/null || install_missing npm
    # The workflow validator, playwright-core, the Nu HTML checker, axe-core and Mermaid, pinned in
    # package-lock.json.
    [ -x node_modules/.bin/action-validator ] && [ -d node_modules/playwright-core ] &&
      [ -d node_modules/vnu-jar ] && [ -d node_modules/axe-core ] && [ -d node_modules/mermaid ] ||
      npm ci --no-audit --no-fund --loglevel=error
    if [ "${1:-}" = "--sanitize" ]; then
      build build-sanitize -DHINDSIGHT_SANITIZE=ON
      # detect_leaks: LeakSanitizer too; halt_on_error: the first finding fails the test.
      ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
        ctest --test-dir build-sanitize --output-on-failure -j "$(nproc)"
    else
      build
      ctest --test-dir build --output-on-failure -j "$(nproc)"
    fi
    ;;
  fuzz)
    install_missing "${fuzz_packages[@]}"
    CXX=clang++ build build-fuzz -DHINDSIGHT_FUZZ=ON -DBUILD_TESTING=OFF
    tests/fuzz/run.sh build-fuzz "${1:-ci}"
    ;;
  *)
    echo "usage: $0 site [build options] | test [--sanitize] | fuzz [ci|seconds] | build" >&2
    exit 2
    ;;
esac
