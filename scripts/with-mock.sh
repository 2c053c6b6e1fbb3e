#!/usr/bin/env bash
# Runs a command with the mock API listening on a free loopback port, its base URL exported as
# SEEDANCE_MOCK_URL (e.g. http://127.0.0.1:41234); stops the mock afterwards, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
node tests/mock-api/server.mjs --port 0 >"$log" 2>&1 &
mock=$!
trap 'kill $mock 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 100); do
  url=$(sed -n 's/^mock-api listening on \(http[^ ]*\).*/\1/p' "$log")
  [ -n "$url" ] && break
  kill -0 $mock 2>/dev/null || { cat "$log"; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "mock API did not start"; cat "$log"; exit 1; }
export SEEDANCE_MOCK_URL="$url"
"$@"
