#!/usr/bin/env bash
# Prints the figures of `make bench`; fails when a browser download passes its size ceiling.
#
#   bash scripts/bench.sh     (make bench; needs a built pkg/; the size budgets are in scripts/size.mjs)
#
# In order: the machine; validateRequest against a zod + price-function reference in Node and
# headless Chromium, and init() in Chromium, for each entry (bench/run.mjs); the download of each
# entry against its budget and of other clients (bench/sizes.mjs, scripts/size.mjs);
# the polling cost of the default wait (examples/poll_schedule.rs); the client under every fault
# of the mock API (tests/js/faults.test.mjs); the client against a hostile server (huge, endless,
# slow replies, another task's id, unsafe URLs: tests/js/hostile-server.test.mjs); the proxy's
# requests per second and latency under Node and workerd (bench/proxy.mjs); the proxy under stalled
# uploads, a 50 MB upstream reply and the hostile-client matrix (bench/hostile.mjs,
# tests/js/hostile-client.test.mjs); every hostile body shape's time through the proxy and the
# memory of N requests waiting on the upstream (bench/hostile-bodies.mjs); a short cargo-fuzz run
# of each target when cargo-fuzz is installed.
# Environment: BENCH_ROUND_MS, BENCH_ROUNDS, BENCH_INIT_LOADS (see bench/run.mjs),
# BENCH_PROXY_SECONDS, BENCH_PROXY_CONNECTIONS (see bench/proxy.mjs), FUZZ_SECONDS
# (default 30; 0 skips the fuzz run).
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
failed=()
section() { printf '\n%s\n' "$*"; }

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)
chromium_version=$(/usr/bin/chromium --version 2>/dev/null | head -n1 || echo "chromium not found")
echo "== seedance-wasm bench, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "   machine: $(nproc) CPUs (nproc), ${cpu:-unknown CPU}, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM"
echo "   node $(node --version), ${chromium_version}, $(rustc --version)"
echo "   package: pkg/ as built now ($(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- src 2>/dev/null || echo ', src/ modified'))"

section "-- 1+2. validateRequest and init() ------------------------------------------------------"
node bench/run.mjs || failed+=("validateRequest/init benchmark")

section "-- 3. download size of each entry, and of other clients ---------------------------------"
node bench/sizes.mjs || failed+=("download sizes")
size_rc=0
node scripts/size.mjs >/dev/null || size_rc=$?

section "-- 4. polling ------------------------------------------------------------------------"
cargo run --quiet --example poll_schedule || failed+=("poll schedule")

section "-- 5. fault matrix (tests/js/faults.test.mjs) -----------------------------------------"
faults_log=$(mktemp)
# The table goes to stderr with FAULT_TABLE=1; the test runner's own report goes to the log.
if ! FAULT_TABLE=1 node tests/js/faults.test.mjs 2>&1 >"$faults_log"; then
  cat "$faults_log"
  failed+=("fault matrix")
fi
rm -f "$faults_log"

# Runs a test file whose table goes to stderr with HOSTILE_TABLE=1; the runner's own report goes
# to a log, shown only when the file fails.   table_of LABEL FILE
table_of() {
  local log
  log=$(mktemp)
  if ! HOSTILE_TABLE=1 node "$2" 2>&1 >"$log"; then
    cat "$log"
    failed+=("$1")
  fi
  rm -f "$log"
}

section "-- 5b. hostile-server matrix, client (tests/js/hostile-server.test.mjs) ----------------"
# The table: outcome, time, RSS before/after/peak per case.
table_of "hostile-server matrix" tests/js/hostile-server.test.mjs

section "-- 5c. the proxy under hostile clients and upstreams (bench/hostile.mjs, tests/js/hostile-client.test.mjs)"
node bench/hostile.mjs || failed+=("hostile-client figures")
table_of "hostile-client matrix" tests/js/hostile-client.test.mjs

section "-- 5d. the proxy under hostile bodies and waiting requests (bench/hostile-bodies.mjs) ----"
node bench/hostile-bodies.mjs || failed+=("hostile bodies and waiting memory")

section "-- 6. proxy throughput, Node and workerd (bench/proxy.mjs) ----------------------------"
node bench/proxy.mjs || failed+=("proxy throughput")

section "-- 6b. spending control: latency a quota adds, reservations per second (bench/spend.mjs)"
node bench/spend.mjs || failed+=("spending control")

section "-- 7. fuzzing (cargo-fuzz, libFuzzer) ------------------------------------------------"
fuzz_seconds=${FUZZ_SECONDS:-30}
if [ "$fuzz_seconds" = 0 ]; then
  echo "fuzz: skipped (FUZZ_SECONDS=0)"
elif ! cargo fuzz --version >/dev/null 2>&1 || ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  echo "fuzz: cargo-fuzz or the nightly toolchain is missing; to run it:"
  echo "  cargo install cargo-fuzz && rustup toolchain install nightly"
  echo "  cd fuzz && cargo +nightly fuzz run validate_json -- -max_total_time=60 -dict=validate_json.dict"
  echo "  cd fuzz && cargo +nightly fuzz run proxy_body -- -max_total_time=60 -dict=validate_json.dict"
else
  # Seeds: the benchmark's requests and a few API replies (the corpus folder is git-ignored).
  node -e '
    const fs = require("fs");
    import("./bench/requests.mjs").then(({ REQUESTS }) => {
      const dir = "fuzz/corpus/validate_json";
      fs.mkdirSync(dir, { recursive: true });
      REQUESTS.forEach(([, r], i) => fs.writeFileSync(`${dir}/seed-request-${i}`, JSON.stringify(r)));
      const replies = [
        { code: 200, message: "success", data: { task_id: "n90abc", status: "IN_PROGRESS", consumed_credits: 240 } },
        { code: 200, data: { task_id: "n90abc", status: "SUCCESS", response: ["https://cdn.example.com/v.mp4"] } },
        { code: 200, data: { task_id: "n90abc", status: "FAILED", error_message: "Content policy violation" } },
        { code: 401, message: "Unauthorized", error: { code: "INVALID_API_KEY", message: "bad key" }, data: null },
      ];
      replies.forEach((r, i) => fs.writeFileSync(`${dir}/seed-reply-${i}`, JSON.stringify(r)));
    });'
  fuzz_log=$(mktemp)
  echo "fuzz: building and running validate_json for ${fuzz_seconds} s (validate_json, json::parse, parse_status, parse_task_created, parse_callback)"
  if (cd fuzz && cargo +nightly fuzz run validate_json -- -max_total_time="$fuzz_seconds" \
        -dict=validate_json.dict -print_final_stats=1) >"$fuzz_log" 2>&1; then
    runs=$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\1 inputs in \2 s/p' "$fuzz_log")
    corpus=$(ls fuzz/corpus/validate_json | wc -l)
    echo "fuzz: ${runs:-? inputs} (#N of libFuzzer), no panic, no failed assertion; corpus now ${corpus} inputs"
  else
    tail -n 40 "$fuzz_log"
    echo "fuzz: FAILED (crash inputs are under fuzz/artifacts/validate_json/)"
    failed+=("fuzz")
  fi
  echo "fuzz: building and running proxy_body for ${fuzz_seconds} s (check_generate, upstream_answer)"
  if (cd fuzz && cargo +nightly fuzz run proxy_body -- -max_total_time="$fuzz_seconds" \
        -dict=validate_json.dict -print_final_stats=1) >"$fuzz_log" 2>&1; then
    runs=$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\1 inputs in \2 s/p' "$fuzz_log")
    echo "fuzz: proxy_body ${runs:-? inputs}, no panic, no failed assertion"
  else
    tail -n 40 "$fuzz_log"
    echo "fuzz: proxy_body FAILED (crash inputs are under fuzz/artifacts/proxy_body/)"
    failed+=("fuzz proxy_body")
  fi
  rm -f "$fuzz_log"
fi

echo
if [ ${#failed[@]} -gt 0 ]; then
  echo "bench: these parts failed: ${failed[*]}"
  exit 1
fi
exit "$size_rc"
