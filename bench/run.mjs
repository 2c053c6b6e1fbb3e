// The timing half of `make bench`: validateRequest against a zod + price-function reference in Node
// and in headless Chromium, and the cost of `init()` in Chromium. Prints aligned tables.
//
//   node bench/run.mjs            # needs a built pkg/ (make build) and the root node_modules
//   node bench/run.mjs --speed    # the validateRequest rows only (no init() loads, no native run)
//
// Environment: BENCH_ROUND_MS (default 25) and BENCH_ROUNDS (default 40) per measurement, in each
// of BENCH_PROCESSES (default 3) fresh Node processes and Chromium pages, whose rounds are pooled;
// BENCH_INIT_LOADS (default 9) fresh page loads for init(), SEEDANCE_PKG_DIR to time another build.
// The engine and the reference must agree on ok/not-ok and on credits for every request before
// anything is timed; the run fails otherwise.

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { copyBuiltPackage } from "../tests/js/pkg-copy.mjs";
import { referenceValidate } from "./reference.mjs";
import { LONG_PROMPTS, REQUESTS } from "./requests.mjs";
import { serveStatic } from "./static.mjs";
import { disagreements, measure, pairedRatio, pooled, pooledEach } from "./timing.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const env = (name, fallback) => (process.env[name] ? Number(process.env[name]) : fallback);
const options = {
  warmupMs: 300,
  roundMs: env("BENCH_ROUND_MS", 25),
  rounds: env("BENCH_ROUNDS", 40),
};
/** Fresh Node processes and Chromium pages whose rounds are pooled (timing.mjs `pooled`). */
const REPEATS = env("BENCH_PROCESSES", 3);
const SPEED_ONLY = process.argv.includes("--speed");
const INIT_LOADS = SPEED_ONLY ? 0 : env("BENCH_INIT_LOADS", 9);
/** Budgets of wasm/ref: the cycled requests (long prompts among them), and each long prompt alone. */
const MIXED_BUDGET = 0.8;
const LONG_BUDGET = 1.0;
const BROWSER_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
];
/** The entries timed, and the browser file of each that init.html imports (each carries its wasm). */
const INIT_ENTRIES = [
  ["seedance-wasm", "/pkg/browser/index.js"],
  ["seedance-wasm/engine", "/pkg/engine/index.js"],
];
const ENTRY_NAMES = INIT_ENTRIES.map(([name]) => name);
/** What bench/init.html writes on the console before its JSON figures. */
const INIT_REPORT = "seedance-init ";

/** A private copy of pkg/, taken while nobody rebuilds it (others rebuild pkg/ at times). */
async function snapshotPkg() {
  return copyBuiltPackage(mkdtempSync(join(tmpdir(), "seedance-bench-")));
}

const fmtNs = (ns) => `${Math.round(ns).toLocaleString("en-US")} ns`;
const pct = (part, whole) => `${Math.round((100 * part) / whole)}%`;

/** Prints rows under headers, columns as wide as their widest cell; `right[i]` right-aligns column i. */
function printTable(headers, rows, right) {
  const width = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) =>
    cells
      .map((c, i) => (right[i] ? String(c).padStart(width[i]) : String(c).padEnd(width[i])))
      .join("  ")
      .trimEnd();
  console.log(line(headers));
  console.log(line(width.map((w) => "-".repeat(w))));
  for (const r of rows) console.log(line(r));
}

// The same replacer as the package's glue (src/js/json.js), to time the boundary's JSON.stringify.
function keepOddNumbers(_key, value) {
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  if (typeof value === "bigint") return `${value}n`;
  return value;
}

/** The engine natively (examples/validate_native.rs) on the same requests; null if it cannot run. */
function nativeEngine(inputs) {
  const dir = mkdtempSync(join(tmpdir(), "seedance-native-"));
  try {
    const file = join(dir, "requests.jsonl");
    writeFileSync(file, `${inputs.map((r) => JSON.stringify(r, keepOddNumbers)).join("\n")}\n`);
    const out = execFileSync(
      "cargo",
      [
        "run",
        "--release",
        "--quiet",
        "--example",
        "validate_native",
        "--",
        file,
        String(options.roundMs),
        String(options.rounds),
      ],
      { cwd: root, encoding: "utf8", timeout: 600_000, stdio: ["ignore", "pipe", "inherit"] },
    );
    return JSON.parse(out.trim().split("\n").pop());
  } catch (e) {
    console.error(`native engine timing failed: ${e.message}`);
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function verdict(ratio) {
  if (ratio > 1.05) return `wasm is ${ratio.toFixed(2)}x SLOWER than zod+price`;
  if (ratio < 0.95) return `wasm is ${(1 / ratio).toFixed(2)}x faster than zod+price`;
  return "about the same";
}

async function main() {
  const pkgDir = await snapshotPkg();
  try {
    // --- Node ---
    const engine = await import(pathToFileURL(join(pkgDir, "node.js")).href);
    const engineEntry = await import(pathToFileURL(join(pkgDir, "engine-node.js")).href);
    const all = [...REQUESTS, ...LONG_PROMPTS];
    const problems = [
      ...disagreements(all, engine.validateRequest, referenceValidate),
      ...disagreements(all, engineEntry.validateRequest, referenceValidate),
    ];
    if (problems.length) {
      console.error(`engine and reference disagree (nothing timed):\n  ${problems.join("\n  ")}`);
      process.exit(1);
    }
    const valid = REQUESTS.filter(([, r]) => engine.validateRequest(r).ok).length;
    const inputs = REQUESTS.map(([, r]) => r);
    const nodeRuns = Array.from({ length: REPEATS }, () =>
      JSON.parse(
        execFileSync(
          process.execPath,
          [join(root, "bench", "node-speed.mjs"), pkgDir, JSON.stringify(options)],
          { encoding: "utf8", timeout: 900_000, stdio: ["ignore", "pipe", "inherit"] },
        ),
      ),
    );
    const nodeResult = pooled(nodeRuns.map((r) => r.result));
    const nodeLong = pooledEach(nodeRuns.map((r) => r.long));

    // --- Chromium ---
    const { chromium } = await import("playwright-core");
    const server = await serveStatic({
      "/pkg/": pkgDir,
      "/bench/": join(root, "bench"),
      "/node_modules/zod/": join(root, "node_modules", "zod"),
    });
    const browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: BROWSER_ARGS,
    });
    let browserResult, browserLong, initLoads, chromiumVersion;
    try {
      chromiumVersion = browser.version();
      const pages = [];
      for (let i = 0; i < REPEATS; i++) {
        // A fresh context each time: its own renderer process, JIT state and code cache.
        const context = await browser.newContext();
        const page = await context.newPage();
        const pageErrors = [];
        page.on("pageerror", (e) => pageErrors.push(String(e)));
        // The page times everything in its module script, which holds back its load event: wait
        // for the figures, not for the load.
        await page.goto(
          `${server.url}/bench/page.html?options=${encodeURIComponent(JSON.stringify(options))}`,
          { waitUntil: "commit" },
        );
        await page.waitForFunction(() => window.__bench !== undefined, null, {
          timeout: 600_000,
          polling: 250,
        });
        const bench = await page.evaluate(() => window.__bench);
        if (bench.error || pageErrors.length)
          throw new Error(`browser bench failed: ${bench.error ?? ""} ${pageErrors.join("\n")}`);
        pages.push(bench);
        await context.close();
      }
      browserResult = pooled(pages.map((b) => b.result));
      browserLong = pooledEach(pages.map((b) => b.long));

      // init(): fresh context (empty HTTP and code caches) and fresh page each time.
      initLoads = {};
      for (const [name, entry] of INIT_ENTRIES) {
        initLoads[name] = [];
        for (let i = 0; i < INIT_LOADS; i++) {
          const ctx = await browser.newContext();
          const p = await ctx.newPage();
          // The page reports on the console, and the bench waits for that without running script
          // in the page: a polling script would share the page's main thread with init() (it took
          // several milliseconds of it on the 2-core machine).
          let timer;
          const reported = new Promise((resolve, reject) => {
            p.on("console", (m) => {
              if (m.text().startsWith(INIT_REPORT))
                resolve(JSON.parse(m.text().slice(INIT_REPORT.length)));
            });
            p.on("pageerror", reject);
            timer = setTimeout(() => reject(new Error(`no init() report from ${entry}`)), 30_000);
          }).finally(() => clearTimeout(timer)); // a pending timer would hold the bench open 30 s
          await p.goto(`${server.url}/bench/init.html?entry=${encodeURIComponent(entry)}`, {
            waitUntil: "commit",
          });
          const r = await reported;
          if (!r.ok) throw new Error(`validateRequest after init() of ${entry} did not work`);
          initLoads[name].push(r);
          await ctx.close();
        }
      }
    } finally {
      await browser.close();
      await server.close();
    }

    // --- The engine alone (native Rust) and the boundary (Node), to see where a call goes ---
    const native = SPEED_ONLY ? null : nativeEngine(inputs);
    // Every entry's way back: the report as JSON text (without a prompt the glue passed apart),
    // parsed.
    const replies = new Map(
      inputs.map((r) => {
        const report = engine.validateRequest(r);
        if (report.request) report.request.prompt = 0;
        return [r, JSON.stringify(report)];
      }),
    );
    const boundary = measure(
      {
        stringify: (r) => ({ ok: JSON.stringify(r, keepOddNumbers).length > 0 }),
        parse: (r) => JSON.parse(replies.get(r)),
      },
      inputs,
      options,
    );

    // --- Report ---
    const median = (xs) => {
      const s = [...xs].sort((a, b) => a - b);
      return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    };
    const zodVersion = JSON.parse(
      readFileSync(join(root, "node_modules", "zod", "package.json"), "utf8"),
    ).version;
    console.log(
      `== validateRequest: ${REQUESTS.length} distinct requests cycled (${valid} valid, ${REQUESTS.length - valid} invalid; 3 models, images, reference videos, unknown fields)`,
    );
    console.log(
      `   reference: zod ${zodVersion} schema + JS price function (bench/reference.mjs); agrees with the engine on ok and credits for all ${REQUESTS.length}`,
    );
    console.log(
      `   median ns per call of ${REPEATS} fresh processes (Node) or pages (Chromium) x ${options.rounds} rounds of ~${options.roundMs} ms each, after ${options.warmupMs} ms warm-up, the three back to back in each round; [min..max] of the rounds`,
    );
    console.log(
      "   wasm/ref: the median of the rounds' ratios, which cancels the machine's slow patches (bench/timing.mjs)",
    );
    console.log("");
    const cell = (x) => `${fmtNs(x.nsPerCall)} [${Math.round(x.minNs)}..${Math.round(x.maxNs)}]`;
    printTable(
      [
        "runtime",
        "entry",
        "wasm validateRequest",
        "zod + price (reference)",
        "wasm/ref",
        "verdict",
      ],
      [
        [`Node ${process.version}`, nodeResult],
        [`Chromium ${chromiumVersion}`, browserResult],
      ].flatMap(([name, r]) =>
        ENTRY_NAMES.map((entry) => [
          name,
          entry,
          cell(r[entry]),
          cell(r.reference),
          pairedRatio(r, entry, "reference").toFixed(2),
          verdict(pairedRatio(r, entry, "reference")),
        ]),
      ),
      [false, false, true, true, true, false],
    );
    console.log(
      `   (budget: wasm/ref <= ${MIXED_BUDGET.toFixed(2)} for each entry, in Node and in Chromium)`,
    );
    console.log("");
    console.log(
      "== validateRequest with one long prompt, per script (each row timed on its own, side by side with the reference)",
    );
    console.log("");
    const ratio = (r, entry) => pairedRatio(r, entry, "reference");
    const longRows = [
      [`Node ${process.version}`, nodeLong],
      [`Chromium ${chromiumVersion}`, browserLong],
    ].flatMap(([runtime, rows]) =>
      LONG_PROMPTS.map(([name]) => [
        runtime,
        name,
        fmtNs(rows[name].reference.nsPerCall),
        ...ENTRY_NAMES.flatMap((entry) => [
          fmtNs(rows[name][entry].nsPerCall),
          ratio(rows[name], entry).toFixed(2),
        ]),
      ]),
    );
    printTable(
      ["runtime", "prompt", "zod + price", ...ENTRY_NAMES.flatMap((entry) => [entry, "wasm/ref"])],
      longRows,
      [false, false, true, true, true, true, true],
    );
    console.log(`   (budget: wasm/ref <= ${LONG_BUDGET.toFixed(2)} for every row)`);
    const over = [
      ...[
        ["Node", nodeResult],
        ["Chromium", browserResult],
      ].flatMap(([runtime, r]) =>
        ENTRY_NAMES.filter((entry) => ratio(r, entry) > MIXED_BUDGET).map(
          (entry) =>
            `${runtime} ${entry}, the ${REQUESTS.length} requests: ${ratio(r, entry).toFixed(2)}`,
        ),
      ),
      ...[
        ["Node", nodeLong],
        ["Chromium", browserLong],
      ].flatMap(([runtime, rows]) =>
        LONG_PROMPTS.flatMap(([name]) =>
          ENTRY_NAMES.filter((entry) => ratio(rows[name], entry) > LONG_BUDGET).map(
            (entry) => `${runtime} ${entry}, ${name}: ${ratio(rows[name], entry).toFixed(2)}`,
          ),
        ),
      ),
    ];
    if (over.length) {
      console.log(`   OVER BUDGET: ${over.join("; ")}`);
      process.exitCode = 1;
    }
    console.log("");
    console.log(
      "   where a wasm call's time goes (same requests; the parts are timed apart, so they add up only roughly):",
    );
    const nodeWasm = nodeResult["seedance-wasm"].nsPerCall;
    const partRows = [
      ["Node: whole validateRequest call", fmtNs(nodeWasm), "100%"],
      [
        "Node: JSON.stringify(request, replacer) (the glue's toJson)",
        fmtNs(boundary.stringify.nsPerCall),
        pct(boundary.stringify.nsPerCall, nodeWasm),
      ],
      [
        "Node: the rest (copy into the wasm, the engine, JSON.parse of the report)",
        fmtNs(nodeWasm - boundary.stringify.nsPerCall),
        pct(nodeWasm - boundary.stringify.nsPerCall, nodeWasm),
      ],
      [
        "native Rust: validate_json + to_json (release profile, no JS)",
        native ? fmtNs(native.ns_per_call) : "n/a",
        native ? pct(native.ns_per_call, nodeWasm) : "",
      ],
      [
        "of which JSON.parse(report text): a report's first way back (one seen before: a copy in the browsers, a literal in Node)",
        fmtNs(boundary.parse.nsPerCall),
        pct(boundary.parse.nsPerCall, nodeWasm),
      ],
    ];
    printTable(["part", "ns/call", "of Node call"], partRows, [false, true, true]);
    if (SPEED_ONLY) return;
    console.log("");
    console.log(
      `== init() in Chromium: ${INIT_LOADS} fresh page loads per entry (new context each, no HTTP cache), measured in the page`,
    );
    const ms = (x) => `${x.toFixed(1)} ms`;
    const stats = (xs) => [ms(median(xs)), ms(Math.min(...xs)), ms(Math.max(...xs))];
    printTable(
      ["step", "median", "min", "max"],
      INIT_ENTRIES.flatMap(([name, entry]) => [
        [
          `${name}: import('${entry}') (one file, the wasm inside)`,
          ...stats(initLoads[name].map((r) => r.importMs)),
        ],
        [
          `${name}: await init() (compile, instantiate; nothing fetched)`,
          ...stats(initLoads[name].map((r) => r.initMs)),
        ],
        [
          `${name}: both (import + init)`,
          ...stats(initLoads[name].map((r) => r.importMs + r.initMs)),
        ],
      ]),
      [false, true, true, true],
    );
    console.log("   (budget: the engine entry's init() median <= 5 ms)");
  } finally {
    rmSync(pkgDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e?.stack ?? e);
  process.exit(1);
});
