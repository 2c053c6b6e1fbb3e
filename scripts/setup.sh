#!/usr/bin/env bash
# Installs only what this machine lacks; safe to run again. `setup.sh` is enough to build and run
# the demo; `setup.sh --browsers` adds what the tests need (Chromium, Firefox and their drivers).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

say() { echo "setup: $*"; }

# `setup.sh --mutants`: only cargo-mutants, for `make mutants` (pinned; `make test` does not need it).
if [ "${1:-}" = "--mutants" ]; then
  want=27.1.0
  have=$(cargo mutants --version 2>/dev/null | awk '{print $2}' || true)
  if [ "$have" != "$want" ]; then
    say "installing cargo-mutants $want (found '${have:-none}'; takes a few minutes)"
    cargo install --locked "cargo-mutants@$want"
  fi
  exit 0
fi

# shellcheck source=toolchain.sh
source scripts/toolchain.sh

# The stable toolchain of rust-toolchain.toml with its wasm32 target (rustup reads the file here).
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The pinned nightly that builds the shipped wasm (scripts/toolchain.sh), with rust-src (std is
# rebuilt). An installed `nightly` that is exactly the pinned version counts as installed.
# SEEDANCE_DEV_BUILD=1 (a stable development build, scripts/build.sh) goes on without it.
nightly=$(pinned_nightly)
if [ -z "$nightly" ]; then
  say "installing $NIGHTLY ($NIGHTLY_RUSTC) for the release build"
  if rustup toolchain install "$NIGHTLY" --profile minimal --component rust-src &&
    [ -n "$(pinned_nightly)" ]; then
    nightly=$NIGHTLY
  elif [ "${SEEDANCE_DEV_BUILD:-}" = 1 ]; then
    say "no pinned nightly: SEEDANCE_DEV_BUILD=1, so the build will be a development build with stable"
  else
    say "could not install $NIGHTLY printing '$NIGHTLY_RUSTC' (SEEDANCE_DEV_BUILD=1 builds with stable)"
    exit 1
  fi
fi
if [ -n "$nightly" ] && [ ! -d "$(rustc "+$nightly" --print sysroot)/lib/rustlib/src/rust/library" ]; then
  say "adding rust-src to $nightly (std is rebuilt for the release build)"
  rustup component add rust-src --toolchain "$nightly"
fi

# wasm-bindgen-cli must match the wasm-bindgen crate exactly (pinned with `=` in Cargo.toml).
want=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' Cargo.toml)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  say "installing wasm-bindgen-cli $want (found '${have:-none}'; takes a few minutes)"
  cargo install wasm-bindgen-cli --version "$want" --force
fi

# npm packages (wasm-opt from binaryen, test and bench tools), from the lock file.
# npm keeps its own copy of the lock file; a newer package-lock.json means packages changed.
if [ ! node_modules/.package-lock.json -nt package-lock.json ]; then
  say "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi

if [ "${1:-}" = "--browsers" ]; then
  # Deno, Bun and workerd are npm devDependencies (pinned in package-lock.json): each binary is in
  # the tarball of its platform package (@deno/linux-x64-glibc, @oven/bun-linux-x64,
  # @cloudflare/workerd-linux-64), which the wrapper's postinstall only links. Nothing else is
  # downloaded. An install that left one not running (interrupted) is redone from the lock file.
  for runtime in deno bun workerd; do
    if ! "node_modules/.bin/$runtime" --version >/dev/null 2>&1; then
      say "node_modules/.bin/$runtime does not run: reinstalling npm packages"
      npm ci --no-audit --no-fund --loglevel=error
      "node_modules/.bin/$runtime" --version >/dev/null
    fi
  done
  missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  command -v firefox-esr >/dev/null || command -v firefox >/dev/null || missing+=(firefox-esr)
  # The spending-store tests start a private redis-server of their own on a loopback port.
  command -v redis-server >/dev/null || missing+=(redis-server)
  # The demo's Chinese screenshots (tests/out/demo-zh-CN-*.png) need a font with Chinese glyphs.
  { fc-list :lang=zh 2>/dev/null | grep -q .; } || missing+=(fonts-wqy-microhei)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]} from Debian's packages"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  have=$(geckodriver --version 2>/dev/null | awk 'NR == 1 {print $2}' || true)
  if [ "$have" != "$GECKODRIVER_VERSION" ]; then
    say "building geckodriver $GECKODRIVER_VERSION (found '${have:-none}'; takes a few minutes)"
    cargo install geckodriver --version "$GECKODRIVER_VERSION"
  fi
fi
