#!/usr/bin/env bash
# Runs every wasm-bindgen-test suite in Node, headless Chrome, headless Firefox and a Web Worker.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export CHROMEDRIVER=${CHROMEDRIVER:-$(command -v chromedriver)}
export GECKODRIVER=${GECKODRIVER:-$(command -v geckodriver)}
run() {
  echo "== wasm tests in $1"
  shift
  env "$@" cargo test --target wasm32-unknown-unknown --tests
}
run "Node"
run "headless Chrome" -u GECKODRIVER WASM_BINDGEN_USE_BROWSER=1
run "headless Firefox" -u CHROMEDRIVER WASM_BINDGEN_USE_BROWSER=1
run "a Web Worker (headless Chrome)" -u GECKODRIVER WASM_BINDGEN_USE_DEDICATED_WORKER=1
