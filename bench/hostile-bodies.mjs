// `make bench`, hostile input round 2: the proxy (toNodeListener, default limits) answering every
// body shape of tests/js/hostile-bodies.mjs at 256 KiB, 512 KiB and 1 MiB (best of 3 to 5 round
// trips on loopback, ms), and the memory of a proxy while N valid 1 MB requests wait on its
// upstream (tests/js/waiting-memory.mjs: MiB after a full GC, in a child process), and the client's
// heap after thousands of distinct status texts (tests/js/report-cache-memory.mjs).
// Env: BENCH_WAITING (default "50,150"), the request counts.

import http from "node:http";
import { shapeTable, shapeTimes } from "../tests/js/hostile-bodies.mjs";
import { reportCacheMemory } from "../tests/js/report-cache-memory.mjs";
import { loadPackage, textTable } from "../tests/js/support.mjs";
import { waitingMemory } from "../tests/js/waiting-memory.mjs";

const { createProxyHandler, toNodeListener } = await loadPackage();

const upstream = http.createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end('{"code":200,"message":"success","data":{"task_id":"n90b","status":"IN_PROGRESS"}}');
  });
});
await new Promise((r) => upstream.listen(0, "127.0.0.1", r));
const handler = createProxyHandler({
  apiKey: "sk-bench-key",
  upstream: `http://127.0.0.1:${upstream.address().port}/v2`,
});
const proxy = http.createServer(toNodeListener(handler));
await new Promise((r) => proxy.listen(0, "127.0.0.1", r));

console.log(
  "worst-case body per shape, through the proxy on loopback (ms; 1 MiB is maxBodyBytes):",
);
console.log(shapeTable(await shapeTimes(`http://127.0.0.1:${proxy.address().port}/v2`)));
proxy.closeAllConnections();
proxy.close();
upstream.close();

console.log("\nmemory while N valid 1 MB generate requests wait on the upstream (MiB, after GC):");
const rows = [];
for (const n of (process.env.BENCH_WAITING ?? "50,150").split(",").map(Number)) {
  const { idle, waiting, answered, statuses } = await waitingMemory({
    requests: n,
    bodyBytes: 1_000_000,
  });
  const f = (x) => x.toFixed(1);
  rows.push({
    n,
    idle: f(idle.rss),
    waiting: f(waiting.rss),
    answered: f(answered.rss),
    buffers: `${f(idle.buffers)} -> ${f(waiting.buffers)}`,
    ok: `${statuses.filter((s) => s === 200).length}/${n}`,
  });
}
const cols = [
  ["n", "waiting requests"],
  ["idle", "RSS idle"],
  ["waiting", "RSS waiting"],
  ["answered", "RSS answered"],
  ["buffers", "wasm + buffers"],
  ["ok", "answered 200"],
];
console.log(textTable(cols, rows, (i) => i !== 4));

// A hostile server answering every status with a new text: the client's cache of parsed reports
// (src/js/json.js) keeps at most 256, so the heap stays flat (tests/js/report-cache-memory.test.mjs).
console.log("\nclient heap after N distinct status texts from a hostile server (MiB, after GC):");
const heaps = await reportCacheMemory([300, 3000, 6000]);
console.log(
  heaps.map(({ count, heap }) => `  ${count} statuses: ${heap.toFixed(1)} MiB`).join("\n"),
);
