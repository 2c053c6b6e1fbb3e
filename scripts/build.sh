#!/usr/bin/env bash
# Builds the npm package into pkg/: release wasm, wasm-bindgen (web target, used by every entry),
# wasm-opt -Oz, then the files of pkg-template/. Prints the sizes a browser downloads.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

cargo build --release --target wasm32-unknown-unknown --quiet
rm -rf pkg
wasm-bindgen --target web --no-typescript --out-dir pkg --out-name seedance_wasm \
  target/wasm32-unknown-unknown/release/seedance_wasm.wasm
node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-reference-types --enable-multivalue --enable-mutable-globals \
  pkg/seedance_wasm_bg.wasm -o pkg/seedance_wasm_bg.wasm
node scripts/assemble-pkg.mjs
