#!/usr/bin/env bash
# Builds the npm package into pkg/: release wasm, wasm-bindgen (web target, used by every entry),
# wasm-opt -Oz, then the files of pkg-template/. Prints the sizes a browser downloads.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

# Nothing here panics on purpose. Where nightly and its rust-src are present (scripts/setup.sh adds
# rust-src), std is rebuilt with panic=immediate-abort, which drops the panic-message machinery:
# about 15% of the wasm. Otherwise the stable build is used; it behaves the same, only larger.
if cargo +nightly --version >/dev/null 2>&1 &&
  [ -d "$(rustc +nightly --print sysroot)/lib/rustlib/src/rust/library" ]; then
  echo "build: nightly, std rebuilt with panic=immediate-abort"
  RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort" cargo +nightly build --release --quiet \
    --target wasm32-unknown-unknown -Z build-std=std,panic_abort --target-dir target/immediate-abort
  wasm=target/immediate-abort/wasm32-unknown-unknown/release/seedance_wasm.wasm
else
  echo "build: stable (no nightly rust-src here, so the wasm is larger)"
  cargo build --release --target wasm32-unknown-unknown --quiet
  wasm=target/wasm32-unknown-unknown/release/seedance_wasm.wasm
fi
rm -rf pkg
wasm-bindgen --target web --no-typescript --out-dir pkg --out-name seedance_wasm "$wasm"
node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-reference-types --enable-multivalue --enable-mutable-globals \
  pkg/seedance_wasm_bg.wasm -o pkg/seedance_wasm_bg.wasm
node scripts/assemble-pkg.mjs
