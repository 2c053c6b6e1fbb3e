# The two commands a fresh machine needs: `make demo` and `make test`. Each starts with an
# idempotent setup step that installs only what is missing (see scripts/setup.sh).
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)

# The size budgets of the browser downloads (engine entry and full package, gzip -9) are in
# scripts/size.mjs; `make build` fails over them and `make bench` prints them.

.PHONY: setup setup-test build test test-native test-wasm test-js demo demo-static bench reproducible lint mutants clean

setup:
	@bash scripts/setup.sh

setup-test:
	@bash scripts/setup.sh --browsers

build: setup
	@bash scripts/build.sh

test: setup-test build test-native test-wasm test-js

test-native:
	cargo test
	cargo test --features serde

test-wasm:
	bash scripts/with-mock.sh bash scripts/wasm-tests.sh

test-js:
	bash scripts/js-tests.sh

# Without a key the page loads only the engine and browser entries: `build.sh --demo` builds those
# two (or nothing when pkg/ is up to date); with SEEDANCE_API_KEY the proxy needs the Node entry too.
demo: setup
	@bash scripts/build.sh $(if $(SEEDANCE_API_KEY),,--demo)
	node www/server.mjs

# www/dist/: the demo for any static host, with the mock API running in the page (no key, no server).
demo-static: setup build
	node www/build-static.mjs

bench: setup-test build
	bash scripts/bench.sh

# Whether two builds give the same bytes: the working tree's tracked files built twice from scratch
# in two folders at different paths, every file of pkg/ compared by sha256
# (scripts/check-reproducible.sh). Not in `make test`: four release builds twice take 10 to 20 minutes.
reproducible: setup
	bash scripts/check-reproducible.sh

# Rust (rustfmt, clippy natively and for wasm32) and JavaScript (biome: format and lint, over the
# folders biome.json names). setup installs the wasm32 target and the npm packages biome comes in.
lint: setup
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --all-targets --features serde -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --all-targets --no-default-features -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --all-targets --no-default-features --features client -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --all-targets --features default-allocator,word-scans,node-boundary -- -D warnings
	node_modules/.bin/biome ci .

# Mutation testing of the pure modules (cargo-mutants; which files, exclusions and profile are in
# .cargo/mutants.toml; docs/testing.md, "Mutation testing"). Not part of `make test`: a full run takes hours on
# 2 cores. MUTANTS_ARGS narrows it, e.g. MUTANTS_ARGS="-F src/json.rs" or "--shard 0/4" or
# "--in-diff changes.diff". The property tests run few cases with a fixed seed so that every run
# judges each mutant the same way. Results in mutants.out/.
MUTANTS_JOBS ?= 2
mutants:
	@bash scripts/setup.sh --mutants
	PROPTEST_CASES=32 PROPTEST_RNG_SEED=1 cargo mutants -j $(MUTANTS_JOBS) $(MUTANTS_ARGS)

clean:
	rm -rf pkg target tests/out mutants.out mutants.out.old
