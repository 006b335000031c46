#!/usr/bin/env bash
# The main job on the bundled demo: builds LiveLoad, starts the demo LiveView application on a
# free loopback port, load-tests each of its pages with real headless Chromium users, and stops
# the application by its PID. Results land in liveload-results/demo/<scenario>/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

OUT=${OUT:-liveload-results/demo}
USERS=${USERS:-10}
DURATION=${DURATION:-30s}
mkdir -p "$OUT"

log=$(mktemp)
node demo/server.js --port 0 >"$log" 2>&1 &
demo_pid=$!
trap 'kill "$demo_pid" 2>/dev/null || true; wait "$demo_pid" 2>/dev/null || true; rm -f "$log"' EXIT

target=""
for _ in $(seq 1 100); do
  target=$(sed -n 's/^listening \(http:\/\/127\.0\.0\.1:[0-9]*\)$/\1/p' "$log" | head -n 1)
  [ -n "$target" ] && break
  kill -0 "$demo_pid" 2>/dev/null || { cat "$log"; echo "demo: the application did not start"; exit 1; }
  sleep 0.1
done
[ -n "$target" ] || { echo "demo: no port announced by the demo application"; exit 1; }
echo "demo: application at $target (pid $demo_pid)"

status=0
run() {
  local name=$1; shift
  echo
  echo "== $name"
  build/liveload run "examples/$name.lua" --target "$target" --out "$OUT/$name" "$@" || {
    local rc=$?
    # Exit 1 means some iterations failed, which examples/failing.lua does on purpose.
    if [ "$rc" -ne 1 ] || [ "$name" != failing ]; then status=$rc; fi
  }
}
run counter --users "$USERS" --duration "$DURATION" --ramp-up 5s
run form --users 4 --iterations 3
run slow --users 4 --iterations 3
run ticker --users 2 --iterations 1
run nav --users 2 --iterations 3
run failing --users 2 --iterations 3

echo
echo "demo: results in $OUT/*/result.json, report.md and report.html"
exit "$status"
