// The hostile-server matrix: the built package's client (pkg/node.js) against a real HTTP server on
// loopback (the mock API, as its own process, playing a hostile server with its `huge`, `endless`,
// `drip` and `rewrite` faults). Each case runs in a fresh Node process, so a crash shows as a
// crash and its memory figures are its own: RSS just before the hostile call, after it settled,
// and the process's peak (resourceUsage().maxRSS) when the call raised it. One row per case.
//
// A case FAILS when the call ends otherwise than the contract says (spec/js-api.md, "Hostile input
// and hostile servers"), the process crashes or the call has not settled within HANG_MS, or, for
// the huge and endless replies, RSS grew by MAX_GROWTH_MB or more (after or at the peak). Times
// are printed, never asserted.
//
//   node --test tests/js/hostile-server.test.mjs           # needs a built pkg/ (make build)
//   HOSTILE_TABLE=1 node tests/js/hostile-server.test.mjs  # the table also on stderr (make bench)

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { copyBuiltPackage } from "./pkg-copy.mjs";
import { startMock, textTable } from "./support.mjs";

const MB = 1024 * 1024;
const HANG_MS = 30_000; // a case not settled by then hangs
const MAX_GROWTH_MB = 50;
const TIMEOUT_MS = 10_000; // the client's per-request timeoutMs (the drip case uses less)
const WAIT = { pollIntervalMs: 100, maxPollIntervalMs: 200, timeoutMs: 20_000 };
const UNSAFE = [
  "javascript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "vbscript:msgbox(1)",
  "file:///etc/passwd",
  "//evil.example/x.mp4",
];

// The cases. `call` is the client method; `faults` are queued on the mock just before it.
const CASES = [
  {
    name: "50 MB reply",
    call: "getStatus",
    faults: [{ on: "status", kind: "huge", bytes: 50e6 }],
    expect: "INVALID_RESPONSE",
    bounded: true,
  },
  {
    name: "50 MB reply",
    call: "run",
    faults: [{ on: "generate", kind: "huge", bytes: 50e6 }],
    expect: "INVALID_RESPONSE",
    bounded: true,
  },
  {
    name: "endless reply",
    call: "getStatus",
    faults: [{ on: "status", kind: "endless" }],
    expect: "INVALID_RESPONSE",
    bounded: true,
  },
  {
    name: "endless reply",
    call: "waitForTask",
    faults: [{ on: "status", kind: "endless", times: 100 }],
    expect: "INVALID_RESPONSE",
    bounded: true,
  },
  {
    name: "slow drip (1 char / 200 ms)",
    call: "getStatus",
    options: { timeoutMs: 1000, maxRetries: 0 },
    faults: [{ on: "status", kind: "drip", ms: 200 }],
    expect: "TIMEOUT",
  },
  {
    name: "900 kB of nested arrays",
    call: "getStatus",
    faults: [{ on: "status", kind: "http", status: 200, body: "[".repeat(900_000) }],
    expect: "INVALID_RESPONSE",
  },
  {
    name: "another task's id",
    call: "waitForTask",
    faults: [{ on: "status", kind: "rewrite", data: { task_id: "n90someoneelse" }, times: 100 }],
    expect: "INVALID_RESPONSE",
  },
  {
    name: "unsafe video URLs only",
    call: "run",
    faults: [{ on: "status", kind: "rewrite", data: { status: "SUCCESS", response: UNSAFE } }],
    expect: "INVALID_RESPONSE",
  },
  {
    name: "unsafe URLs + one https",
    call: "run",
    faults: [
      {
        on: "status",
        kind: "rewrite",
        data: { status: "SUCCESS", response: [...UNSAFE, "https://cdn.example/ok.mp4"] },
      },
    ],
    expect: "SUCCESS",
    videos: ["https://cdn.example/ok.mp4"],
  },
];

const rssMb = () => process.memoryUsage.rss() / MB;
const peakMb = () => (process.resourceUsage().maxRSS * 1024) / MB;

// ---------------------------------------------------------------------------------------------
// One case, in a child process: warm up (wasm, fetch), queue the faults, then the hostile call.

async function runChild() {
  const { HOSTILE_CASE, HOSTILE_PKG, HOSTILE_MOCK } = process.env;
  const cell = CASES[Number(HOSTILE_CASE)];
  const pkg = await import(pathToFileURL(join(HOSTILE_PKG, "node.js")).href);
  const key = `hostile-${process.pid}-${HOSTILE_CASE}`;
  const control = async (path, body) => {
    const json = await (
      await fetch(`${HOSTILE_MOCK}/__mock/${path}`, {
        method: "POST",
        body: JSON.stringify({ key, ...body }),
      })
    ).json();
    if (!json.ok) throw new Error(`/__mock/${path}: ${json.error}`);
  };
  await control("config", { taskDurationMs: 0 });
  const client = new pkg.SeedanceClient({
    apiKey: key,
    baseUrl: `${HOSTILE_MOCK}/v2`,
    timeoutMs: TIMEOUT_MS,
    ...cell.options,
  });
  const created = await client.generate({ prompt: "warm-up" });
  await client.getStatus(created.task_id);
  await control("faults", { faults: cell.faults });
  const request = { prompt: "A fox running through fresh snow" };
  const calls = {
    getStatus: () => client.getStatus(created.task_id),
    waitForTask: () => client.waitForTask(created.task_id, WAIT),
    run: () => client.run(request, WAIT),
  };
  const rssBefore = rssMb();
  const peakBefore = peakMb();
  const t0 = performance.now();
  const result = await calls[cell.call]().then(
    (status) => ({ outcome: status.status, videos: status.videos }),
    (error) => ({
      outcome: pkg.isSeedanceError(error) ? error.code : `NOT A SeedanceError: ${error}`,
      message: error?.message,
    }),
  );
  const ms = performance.now() - t0;
  // The process's peak RSS counts only if this call raised it (the warm-up may have set it).
  const peak = peakMb() > peakBefore ? peakMb() : undefined;
  process.stdout.write(
    `${JSON.stringify({ ...result, ms, rssBefore, rssAfter: rssMb(), peak })}\n`,
  );
}

// ---------------------------------------------------------------------------------------------
// The parent: the mock as its own process (support.mjs), one child per case, the table.

let mock, tmp, pkgDir;

/** The environment without node:test's marker, so a child is a plain script. */
function withoutTestContext(env) {
  const { NODE_TEST_CONTEXT: _, ...rest } = env;
  return rest;
}

/** Runs case `index` in a fresh Node process; resolves with its result, or a crash or hang. */
function runCase(index) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url)], {
      env: {
        ...withoutTestContext(process.env),
        HOSTILE_CASE: String(index),
        HOSTILE_PKG: pkgDir,
        HOSTILE_MOCK: mock.url,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (c) => (out += c));
    child.stderr.on("data", (c) => (err += c));
    const timer = setTimeout(() => child.kill("SIGKILL"), HANG_MS);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      const line = out.trim().split("\n").pop();
      try {
        resolve(JSON.parse(line));
      } catch {
        const outcome = signal === "SIGKILL" ? "HANG" : `CRASH (exit ${code ?? signal})`;
        resolve({ outcome, detail: err.trim().split("\n").slice(-3).join(" | ") });
      }
    });
  });
}

function check(cell, r) {
  const problems = [];
  if (r.outcome !== cell.expect)
    problems.push(
      `outcome ${r.outcome}, expected ${cell.expect}${r.detail ? `: ${r.detail}` : ""}${r.message ? `: ${r.message}` : ""}`,
    );
  if (cell.videos && JSON.stringify(r.videos) !== JSON.stringify(cell.videos))
    problems.push(`videos ${JSON.stringify(r.videos)}`);
  if (cell.bounded && r.rssAfter !== undefined) {
    const growth = growthOf(r);
    if (growth >= MAX_GROWTH_MB)
      problems.push(`RSS grew by ${growth.toFixed(0)} MB (limit ${MAX_GROWTH_MB} MB)`);
  }
  return problems;
}

function table(rows) {
  const cols = [
    ["case", "case"],
    ["call", "call"],
    ["outcome", "outcome"],
    ["ms", "settle ms"],
    ["before", "RSS before MB"],
    ["after", "RSS after MB"],
    ["peak", "new peak MB"],
    ["growth", "growth MB"],
  ];
  return textTable(cols, rows, (i) => i >= 3);
}

const growthOf = (r) => Math.max(r.rssAfter, r.peak ?? 0) - r.rssBefore;
const fixed = (n) => (n === undefined ? "-" : n.toFixed(0));

if (process.env.HOSTILE_CASE !== undefined) {
  await runChild();
  process.exit(0);
} else {
  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), "seedance-hostile-"));
    pkgDir = await copyBuiltPackage(join(tmp, "pkg"));
    mock = await startMock();
  });

  after(async () => {
    await mock?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  test("hostile-server matrix: every reply settles, bounded, with the contract's code", {
    timeout: 300_000,
  }, async () => {
    const rows = [];
    const failures = [];
    for (const [i, cell] of CASES.entries()) {
      const r = await runCase(i); // one at a time: the RSS figures are not disturbed by a neighbour
      rows.push({
        case: cell.name,
        call: cell.call,
        outcome: r.outcome,
        ms: fixed(r.ms),
        before: fixed(r.rssBefore),
        after: fixed(r.rssAfter),
        peak: fixed(r.peak),
        growth: r.rssAfter === undefined ? "-" : fixed(growthOf(r)),
      });
      failures.push(...check(cell, r).map((p) => `${cell.name} (${cell.call}): ${p}`));
    }
    const text = `hostile-server matrix: the client against a hostile server on loopback (timeoutMs ${TIMEOUT_MS}, maxReplyBytes default 1 MiB; growth = max(after, new peak) - before; one fresh process per case)\n${table(rows)}`;
    console.log(text);
    if (process.env.HOSTILE_TABLE) process.stderr.write(`${text}\n`);
    assert.deepEqual(failures, [], failures.join("\n"));
  });
}
