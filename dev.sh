#!/usr/bin/env bash
# One entry point for setting up, building and testing Hindsight on Debian 12.
#   ./dev.sh site   install what is missing, build, generate the sample site into site/
#   ./dev.sh test   install what is missing, build, run every test
set -euo pipefail
cd "$(dirname "$0")"

# Everything the project needs, all from Debian's archive.
packages=(
  g++ cmake make pkg-config
  libcmark-gfm-dev libcmark-gfm-extensions-dev libyaml-cpp-dev nlohmann-json3-dev
  libcli11-dev doctest-dev libctemplate-dev libcpp-httplib-dev libjs-lunr
  nodejs node-lunr libxml2-utils
)

install_missing() {
  local missing=()
  for p in "${packages[@]}"; do
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
  cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build build -j "$(nproc)"
}

case "${1:-}" in
  site)
    install_missing
    build
    ./build/hindsight build
    ;;
  test)
    install_missing
    build
    ctest --test-dir build --output-on-failure -j "$(nproc)"
    ;;
  *)
    echo "usage: $0 site|test" >&2
    exit 2
    ;;
esac
