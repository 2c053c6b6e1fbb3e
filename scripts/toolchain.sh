# The nightly that builds the shipped wasm, in one place (sourced by scripts/setup.sh and
# scripts/build.sh). Its size flags (-Cpanic=immediate-abort, -Zinline-mir…) change between
# nightlies, and the size ceilings of scripts/size.mjs are set for this one, so the bytes that ship
# come from this compiler only. Stable is pinned in rust-toolchain.toml.
#
# NIGHTLY is the dated rustup toolchain; NIGHTLY_RUSTC is what its `rustc --version` prints (the
# date there is the commit's, a day before the toolchain's). A toolchain installed under another
# name (plain `nightly`) is accepted only if it prints exactly NIGHTLY_RUSTC.
NIGHTLY=nightly-2026-05-20
NIGHTLY_RUSTC="rustc 1.97.0-nightly (e50aa6fba 2026-05-19)"

# Prints the `+toolchain` name under which the pinned nightly is installed, or nothing.
pinned_nightly() {
  local name
  for name in "$NIGHTLY" nightly; do
    if [ "$(rustc "+$name" --version 2>/dev/null)" = "$NIGHTLY_RUSTC" ]; then
      echo "$name"
      return
    fi
  done
}

# geckodriver for the Firefox suites (scripts/setup.sh --browsers builds it with cargo install).
GECKODRIVER_VERSION=0.37.1
