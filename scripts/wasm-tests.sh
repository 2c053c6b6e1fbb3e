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
# Chrome with its background services off (tests/chrome-webdriver.json, which the runner merges
# into the capabilities it asks chromedriver for): with only the runner's own flags, the test page
# never finished loading in about half the runs on the 2-core CI machine (2026-12-07 evening: 2 of
# 4 runs of engine_wasm, 3 in a row in CI, old commits alike), and none of 9 with these.
chrome_caps=$PWD/tests/chrome-webdriver.json
# A command, run up to twice more when headless Chrome stopped answering anyway ("Timed out
# receiving message from renderer" after 300 s on a page; "Failed to detect test as having been
# run" in a Worker): the page never finished loading its modules from the runner's server, so no
# test ran (docs/testing.md). Any other failure fails at once.
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
