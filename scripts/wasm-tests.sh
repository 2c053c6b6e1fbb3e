#!/usr/bin/env bash
# Runs every wasm-bindgen-test suite in Node, headless Chrome, headless Firefox and a Web Worker,
# then the engine suite again on the validation-only build (`--no-default-features`, the wasm of
# the `seedance-wasm/engine` entry) and on the speed build's features (Node's, in Node), so every
# build passes the same engine tests.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export CHROMEDRIVER=${CHROMEDRIVER:-$(command -v chromedriver)}
export GECKODRIVER=${GECKODRIVER:-$(command -v geckodriver)}
# Headless Chrome loads the runner's page through scripts/one-request-per-connection-proxy.mjs:
# the runner's HTTP server (tiny_http) can leave a request unread when Chrome opens several
# keep-alive connections at once, and the page then never finishes loading (40 % of the runs of
# client_wasm here; 0 of 30 through the proxy; docs/testing.md). tests/chrome-webdriver.json (the
# runner merges it into the capabilities it asks chromedriver for) names the proxy's port as
# @PROXY_PORT@ and the mock API as @MOCK_HOST@ (reached directly, so the client tests keep Chrome's
# own connections to it) and also turns Chrome's background services off.
proxy_port=$(mktemp)
chrome_caps=$(mktemp --suffix=.json)
node scripts/one-request-per-connection-proxy.mjs >"$proxy_port" &
proxy_pid=$!
trap 'kill "$proxy_pid" 2>/dev/null; rm -f "$proxy_port" "$chrome_caps"' EXIT
for _ in $(seq 100); do [ -s "$proxy_port" ] && break; sleep 0.1; done
[ -s "$proxy_port" ] || { echo "wasm-tests: the proxy for Chrome did not start" >&2; exit 1; }
mock_host=${SEEDANCE_MOCK_URL:-http://127.0.0.1:9}
mock_host=${mock_host#http://}
sed -e "s/@PROXY_PORT@/$(cat "$proxy_port")/" -e "s/@MOCK_HOST@/${mock_host%%/*}/" tests/chrome-webdriver.json >"$chrome_caps"
# A command, run up to twice more if headless Chrome stops answering anyway ("Timed out receiving
# message from renderer" after 300 s on a page; "Failed to detect test as having been run" in a
# Worker): a guard kept from before the cause was found. Any other failure fails at once.
again_if_chrome_hung() {
  local out status attempt
  out=$(mktemp)
  for attempt in 1 2 3; do
    status=0
    "$@" 2>&1 | tee "$out" || status=$?
    [ "$status" -eq 0 ] && break
    grep -qE "Timed out receiving message from renderer|Failed to detect test as having been run" "$out" || break
    echo "wasm-tests: headless Chrome stopped answering (attempt $attempt of 3)"
  done
  rm -f "$out"
  return "$status"
}
run() {
  local where=$1
  echo "== wasm tests in $where"
  shift
  again_if_chrome_hung env "$@" cargo test --target wasm32-unknown-unknown --tests
  echo "== the engine suite on the validation-only build, in $where"
  again_if_chrome_hung env "$@" cargo test --target wasm32-unknown-unknown --no-default-features --test engine_wasm
}
run "Node"
# The speed build's own boundary (src/js/node-boundary.js) needs Node's Buffer: Node only.
echo "== the engine suite on the speed build's features, in Node"
cargo test --target wasm32-unknown-unknown --features default-allocator,word-scans,node-boundary --test engine_wasm
run "headless Chrome" -u GECKODRIVER WASM_BINDGEN_USE_BROWSER=1 WASM_BINDGEN_TEST_WEBDRIVER_JSON="$chrome_caps"
run "headless Firefox" -u CHROMEDRIVER WASM_BINDGEN_USE_BROWSER=1
run "a Web Worker (headless Chrome)" -u GECKODRIVER WASM_BINDGEN_USE_DEDICATED_WORKER=1 WASM_BINDGEN_TEST_WEBDRIVER_JSON="$chrome_caps"
