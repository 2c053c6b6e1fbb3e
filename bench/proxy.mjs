// `make bench`, proxy part: requests per second and p50/p99 latency of createProxyHandler on
// loopback, under Node (node:http) and under workerd (the README's Worker, bundled as wrangler
// would), for an invalid request (answered by the proxy itself) and a status request (forwarded
// to the mock API, which closes every connection). Load from autocannon (npm, pinned), bounded
// by BENCH_PROXY_SECONDS (default 5) per cell and BENCH_PROXY_CONNECTIONS (default 10).
//
//   node bench/proxy.mjs      # needs a built pkg/ (make build) and the root node_modules
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { bins, root, run, scratchApp } from "../tests/js/scratch-app.mjs";
import { startMock } from "../tests/js/support.mjs";
import { startWorker } from "../tests/js/workerd.mjs";

const autocannon = createRequire(join(root, "package.json"))("autocannon");
const seconds = Number(process.env.BENCH_PROXY_SECONDS ?? 5);
const connections = Number(process.env.BENCH_PROXY_CONNECTIONS ?? 10);
const key = `bench-proxy-${process.pid}`;

/** Starts the Node proxy in its own process; resolves with `{ url, how, stop }`. */
async function startNodeProxy(entry, upstream) {
  const child = spawn(
    process.execPath,
    [join(root, "bench", "proxy-node-server.mjs"), entry, upstream, key],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const line = await new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (c) => {
      out += c;
      if (out.includes("\n")) resolve(out);
    });
    child.once("exit", (code) => reject(new Error(`the Node proxy exited (${code})`)));
  });
  child.removeAllListeners("exit");
  const [, url, how] = /listening on (\S+) \((.+)\)/.exec(line);
  return { url, how, stop: () => child.kill("SIGTERM") };
}

/** One autocannon cell: `{ rps, p50, p99, non2xx, errors }`. */
async function load(url, request) {
  const r = await autocannon({ url, connections, duration: seconds, ...request });
  const statuses = Object.fromEntries(
    Object.entries(r.statusCodeStats).map(([s, { count }]) => [s, count]),
  );
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    statuses,
    errors: r.errors,
    timeouts: r.timeouts,
  };
}

/** A task made by `POST base/generate`, the bench's key as the bearer (the mock's key, the Worker's caller). */
async function createTask(base) {
  const res = await fetch(`${base}/generate`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({
      prompt: "bench",
      model: "seedance-2-mini",
      duration: 4,
      resolution: "480p",
    }),
  });
  return res.json();
}

const scratch = await scratchApp("bench-proxy");
const mock = await startMock();
const rows = [];
try {
  await mock.control("config", { key, taskDurationMs: 60_000 });
  const task = await createTask(`${mock.url}/v2`);
  const requests = {
    "invalid POST /generate (400, local)": {
      method: "POST",
      path: "/generate",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ prompt: "" }),
      expect: 400,
    },
    "GET /status (200, forwarded)": {
      method: "GET",
      path: `/status?task_id=${task.data.task_id}`,
      expect: 200,
    },
  };
  const readme = readFileSync(join(root, "pkg-template", "README.md"), "utf8");
  const workerSource = /^```js workers\n([\s\S]*?)^```$/m.exec(readme)[1];
  writeFileSync(join(scratch.app, "worker-src.mjs"), workerSource);

  const node = await startNodeProxy(join(scratch.installed, "node.js"), `${mock.url}/v2`);
  // The README's Worker names its caller by APP_USER_TOKEN and keeps its spend in a SpendLedger.
  const worker = await startWorker(
    join(scratch.app, "worker-src.mjs"),
    join(scratch.tmp, "worker"),
    {
      SEEDANCE_API_KEY: key,
      SEEDANCE_BASE_URL: `${mock.url}/v2`,
      APP_USER_TOKEN: key,
    },
    { SPEND_LEDGER: "SpendLedger" },
  );
  // A task the Worker's caller created through it (a caller reads only its own tasks).
  const created = await createTask(worker.url);
  const workerRequests = structuredClone(requests);
  for (const request of Object.values(workerRequests))
    request.headers = { ...request.headers, authorization: `Bearer ${key}` };
  workerRequests["GET /status (200, forwarded)"].path = `/status?task_id=${created.data.task_id}`;
  const workerdVersion = (await run(bins.workerd, ["--version"])).stdout.trim();
  try {
    for (const [runtime, base, cells] of [
      [`Node ${process.version} (${node.how})`, node.url, requests],
      [`${workerdVersion} (authorize, quota)`, worker.url, workerRequests],
    ]) {
      for (const [what, { path, expect, ...request }] of Object.entries(cells)) {
        const cell = await load(`${base}${path}`, request);
        const answered = Object.keys(cell.statuses);
        const good =
          answered.length === 1 && Number(answered[0]) === expect && !cell.errors && !cell.timeouts;
        rows.push([
          runtime,
          what,
          cell.rps.toFixed(0),
          cell.p50.toFixed(1),
          cell.p99.toFixed(1),
          good
            ? `all ${expect}`
            : `unexpected: ${JSON.stringify(cell.statuses)}, ${cell.errors} errors, ${cell.timeouts} timeouts`,
        ]);
      }
    }
  } finally {
    node.stop();
    await worker.stop();
  }
} finally {
  await mock.stop();
  scratch.remove();
}

const header = ["runtime", "request", "req/s", "p50 ms", "p99 ms", "statuses"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
console.log(
  `proxy: ${connections} connections, ${seconds} s per cell, autocannon on the same machine (loopback)`,
);
for (const r of [header, ...rows])
  console.log(`  ${r.map((c, i) => String(c).padEnd(widths[i])).join("  ")}`);
if (rows.some((r) => r[5].startsWith("unexpected"))) process.exit(1);
