#!/usr/bin/env bash
# Builds the npm package into pkg/ from four release wasm builds, each through wasm-bindgen (web
# target) and wasm-opt:
#   pkg/               the full package for workers, built for size (opt-level "z"); the browser
#                      entry loads it only when a proxy handler is first called
#   pkg/browser/       the same without the proxy's request handling (`--features client`, no
#                      `proxy`), built for size: the `browser`/`default` entry of `seedance-wasm`
#   pkg/engine/        validation and pricing only (`--no-default-features`), built for size: the
#                      `seedance-wasm/engine` entry for browsers
#   pkg/node/          the full package built for speed (opt-level 3, Rust's default allocator):
#                      Node reads it from disk, so its size costs no download
# then the entries of pkg-template/ with minified JS (scripts/assemble-pkg.mjs), and checks each
# browser entry's download against its ceiling (scripts/size.mjs).
#
# `build.sh --demo` (make demo without a key): what the demo page loads, the engine and browser
# builds only, unless pkg/ is already built and newer than every input (then nothing is done).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

demo=0
[ "${1:-}" = "--demo" ] && demo=1
# What the last build was ("full" or "demo"), written when it succeeded; older than an input means stale.
stamp=target/pkg.stamp
inputs=(src pkg-template scripts Cargo.toml Cargo.lock rust-toolchain.toml package-lock.json)
if [ "$demo" = 1 ] && [ -f "$stamp" ] && [ -f pkg/engine/index.js ] && [ -f pkg/browser/index.js ] &&
  [ -z "$(find "${inputs[@]}" -newer "$stamp" -print -quit)" ]; then
  echo "build: pkg/ is up to date for the demo ($(cat "$stamp") build); nothing to do"
  exit 0
fi
rm -f "$stamp"

# Nothing here panics on purpose. The pinned nightly (scripts/toolchain.sh) rebuilds std with
# panic=immediate-abort, which drops the panic-message machinery (about 15% of the wasm), and
# -Zlocation-detail=none drops the file names and line numbers kept for panics. -Zinline-mir turns
# on rustc's MIR inliner, which opt-level 3 runs anyway and "z" leaves off: inlined before LLVM sees
# them, the small helpers (iterators, slicing, comparisons) fold away (measured: engine -607 B gzip;
# its threshold at 150 instead of 50: -175 B more, browser build -238 B; the size builds'
# validateRequest about 15 % faster in Chromium).
#
# Without the pinned nightly (and its rust-src) the build stops: the bytes that ship come from the
# toolchain the repository names. `SEEDANCE_DEV_BUILD=1` builds with stable instead, for
# development only: it behaves the same, is larger, and the size ceilings are printed, not enforced.
# shellcheck source=toolchain.sh
source scripts/toolchain.sh
toolchain=$(pinned_nightly)
if [ -n "$toolchain" ] &&
  [ -d "$(rustc "+$toolchain" --print sysroot)/lib/rustlib/src/rust/library" ]; then
  echo "build: $NIGHTLY_RUSTC (+$toolchain), std rebuilt with panic=immediate-abort"
  nightly=1
elif [ "${SEEDANCE_DEV_BUILD:-}" = 1 ]; then
  echo "build: DEVELOPMENT build with stable (SEEDANCE_DEV_BUILD=1): not the pinned nightly, so the"
  echo "       wasm is larger and the size ceilings are printed but not enforced; do not ship it"
  nightly=0
  export SEEDANCE_SIZE_REPORT_ONLY=1
else
  found=$(rustc +nightly --version 2>/dev/null || echo none)
  echo "build: the pinned nightly is missing: scripts/toolchain.sh pins $NIGHTLY," >&2
  echo "       '$NIGHTLY_RUSTC', with rust-src (found nightly: '$found')." >&2
  echo "       Install it with: rustup toolchain install $NIGHTLY --profile minimal --component rust-src" >&2
  echo "       (scripts/setup.sh does), or build a larger development package with stable:" >&2
  echo "       SEEDANCE_DEV_BUILD=1 bash scripts/build.sh" >&2
  exit 1
fi

# cargo_wasm OUT_WASM TARGET_SUBDIR [cargo args]: one release build, copied to OUT_WASM. $features:
# extra rustc flags (target features) for this build.
cargo_wasm() {
  local out=$1 dir=$2
  shift 2
  if [ "$nightly" = 1 ]; then
    RUSTFLAGS="${features:-} -Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zinline-mir -Zinline-mir-threshold=150" \
      cargo "+$toolchain" build --release --quiet --target wasm32-unknown-unknown \
      -Z build-std=std,panic_abort --target-dir "target/$dir" "$@"
  else
    RUSTFLAGS="${features:-}" cargo build --release --quiet --target wasm32-unknown-unknown --target-dir "target/$dir" "$@"
  fi
  cp "target/$dir/wasm32-unknown-unknown/release/seedance_wasm.wasm" "$out"
}

# bindgen_opt WASM OUT_DIR WASM_OPT_LEVELS...: wasm-bindgen, then wasm-opt in place. $imports:
# "--letters" for a build whose imports get names of a letter or two (scripts/short-imports.mjs).
bindgen_opt() {
  wasm-bindgen --target web --no-typescript --out-dir "$2" --out-name seedance_wasm "$1"
  # Import names without wasm-bindgen's hashes, in the wasm and its JS (random hex gzip cannot
  # shrink: engine entry -240 B gzip); in the browser entries' builds, one or two letters.
  node scripts/short-imports.mjs "$2" ${imports:+"$imports"}
  # wasm-bindgen's runtime exports two globals for its abort handling, which its JS reads only
  # with --force-enable-abort-handler or panic=unwind (neither here): removed, with a check that
  # the JS indeed never names them (engine entry -42 B gzip).
  local unread=(__abort_handler __instance_terminated)
  if grep -qE "$(IFS='|'; echo "${unread[*]}")" "$2/seedance_wasm.js"; then
    echo "build: $2/seedance_wasm.js reads ${unread[*]}: keep those exports" >&2
    exit 1
  fi
  # The size flags: iterate to a fixed point; memory below 1 kB is unused and fresh memory is
  # zero (wasm-bindgen's module in a browser or Node), so zero data segments can go; no names,
  # producers or target-features sections (metadata for tools; engines ignore them).
  node_modules/.bin/wasm-opt "${unread[@]/#/--remove-exports=}" "${@:3}" --converge --low-memory-unused --zero-filled-memory \
    --strip-debug --strip-producers --strip-target-features \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-reference-types --enable-multivalue --enable-mutable-globals \
    "$2/seedance_wasm_bg.wasm" -o "$2/seedance_wasm_bg.wasm"
}

work=target/pkg-build
rm -rf "$work"
mkdir -p "$work"
# The size builds without the reference-types feature: wasm-bindgen then keeps JS values in a JS
# array instead of a wasm table, whose management code costs the wasm more than the JS it adds
# (measured: engine -0.4 kB wasm, +0.1 kB JS gzip; full package -0.8 kB wasm, +0.2 kB JS).
#
# Their static data at address 1024 instead of after a 1 MiB stack (rustc's --stack-first): every
# pointer to a string or table is then a 2-byte constant in the code instead of 3 (measured: engine
# entry -125 B gzip). The stack then sits above the data and grows down towards it, so an overflow
# would write over data instead of trapping; nothing here recurses deeper than JSON's 64 levels of
# nesting (json.rs), far from the 1 MiB. wasm-opt's --low-memory-unused (below) keeps the first
# 1024 bytes unused, as before.
features="-Ctarget-feature=-reference-types -Clink-arg=--no-stack-first -Clink-arg=--global-base=1024"
cargo_wasm "$work/engine.wasm" wasm-size --no-default-features
cargo_wasm "$work/browser.wasm" wasm-size --no-default-features --features client
if [ "$demo" = 0 ]; then
  cargo_wasm "$work/full.wasm" wasm-size
  features=""
  cargo_wasm "$work/speed.wasm" wasm-speed --config 'profile.release.opt-level=3' --features default-allocator,word-scans,node-boundary
fi

rm -rf pkg
# -O2 before -Oz: its inlining and simplification leave -Oz a smaller module (measured: engine
# -66 B gzip, full package -136 B). The engine's control flow is then rebuilt by the relooper
# (--flatten --rereloop) and optimised again: engine -238 B gzip, no slower in Node.
imports=--letters bindgen_opt "$work/engine.wasm" pkg/engine -O2 -Oz --flatten --rereloop -O2 -Oz
imports=--letters bindgen_opt "$work/browser.wasm" pkg/browser -O2 -Oz
if [ "$demo" = 1 ]; then
  node scripts/assemble-pkg.mjs --demo
  echo demo >"$stamp"
  exit 0
fi
bindgen_opt "$work/full.wasm" pkg -O2 -Oz
bindgen_opt "$work/speed.wasm" pkg/node -O3
node scripts/assemble-pkg.mjs
echo full >"$stamp"
