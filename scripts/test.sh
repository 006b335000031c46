#!/usr/bin/env bash
# The whole test suite: builds LiveLoad and runs every test under CTest (unit tests, the browser
# engine against real Chromium, end-to-end runs against the demo application, the demo's own
# browser test). Tests that need a server start it themselves and stop it by its PID.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cd "${BUILD_DIR:-build}"
ctest --output-on-failure --timeout 900 "$@"
