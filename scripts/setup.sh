#!/usr/bin/env bash
# Installs what LiveLoad needs on Debian 12 and builds it. Idempotent: installs only what is
# missing, reuses the build folder. Run as root (or with sudo available).
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build}
BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo}

APT_PACKAGES=(
  g++ cmake make pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  liblua5.4-dev libcli11-dev libfmt-dev libspdlog-dev zlib1g-dev
  libgtest-dev libgmock-dev
  chromium
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js and npm only serve the demo application and the report's front-end build.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The demo application's packages, reinstalled only when the lock file changed.
if [ ! -f demo/node_modules/.package-lock.json ] ||
   [ demo/package-lock.json -nt demo/node_modules/.package-lock.json ]; then
  echo "setup: installing the demo application's npm packages"
  (cd demo && npm ci --no-audit --no-fund --loglevel=error)
fi

# The HTML report's front end: only its tests need these (the page template is committed).
if [ ! -f report/web/node_modules/.package-lock.json ] ||
   [ report/web/package-lock.json -nt report/web/node_modules/.package-lock.json ]; then
  echo "setup: installing the report front end's npm packages"
  (cd report/web && npm ci --no-audit --no-fund --loglevel=error)
fi

cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE="$BUILD_TYPE" >/dev/null
cmake --build "$BUILD_DIR" -j"$(nproc)"
