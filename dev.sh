#!/usr/bin/env bash
# One entry point for setting up, building and testing Hindsight on Debian 12.
#   ./dev.sh site [BUILD OPTIONS]   install what is missing, build, generate the sample site into site/
#                                   (stale findings are reported, but only CI fails on them)
#   ./dev.sh test                   install what is missing, build, run every test
#   ./dev.sh build                  install what is missing and build (build/hindsight)
set -euo pipefail
cd "$(dirname "$0")"

# Everything the project needs, all from Debian's archive (and, for the tests, the npm registry).
packages=(
  g++ cmake make pkg-config
  libcmark-gfm-dev libcmark-gfm-extensions-dev libyaml-cpp-dev nlohmann-json3-dev
  libcli11-dev doctest-dev libctemplate-dev libcpp-httplib-dev libjs-lunr
)
test_packages=(nodejs node-lunr libxml2-utils chromium default-jre-headless)

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

build() {
  install_missing "${packages[@]}"
  cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build build -j "$(nproc)"
}

command="${1:-}"
shift || true
case "$command" in
  build)
    build
    ;;
  site)
    build
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
    # The workflow validator, playwright-core, the Nu HTML checker and axe-core, pinned in
    # package-lock.json.
    [ -x node_modules/.bin/action-validator ] && [ -d node_modules/playwright-core ] &&
      [ -d node_modules/vnu-jar ] && [ -d node_modules/axe-core ] ||
      npm ci --no-audit --no-fund --loglevel=error
    build
    ctest --test-dir build --output-on-failure -j "$(nproc)"
    ;;
  *)
    echo "usage: $0 site [build options] | test | build" >&2
    exit 2
    ;;
esac
