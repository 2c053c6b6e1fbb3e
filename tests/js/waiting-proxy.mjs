// A child process for the memory test of tests/js/proxy-hostile-input.test.mjs and `make bench`:
// the proxy (toNodeListener, default limits but an in-flight budget that admits every body) in
// front of an upstream that holds every generate until it is told to answer. Prints one JSON line
// `{ proxy, control }` (ports). On the control port: GET /count (generates the upstream holds),
// GET /memory (after a full GC: { rss, heapUsed, external, arrayBuffers }), POST /release.
// Run with --expose-gc.

import http from "node:http";
import { loadPackage } from "./support.mjs";

const { createProxyHandler, toNodeListener } = await loadPackage();

const held = [];
const upstream = http.createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    held.push(res);
  });
});
await new Promise((r) => upstream.listen(0, "127.0.0.1", r));

const handler = createProxyHandler({
  apiKey: "sk-waiting-key",
  upstream: `http://127.0.0.1:${upstream.address().port}/v2`,
  maxInFlightBytes: 1 << 30,
  timeoutMs: 600_000,
});
const proxy = http.createServer(toNodeListener(handler));
await new Promise((r) => proxy.listen(0, "127.0.0.1", r));

const control = http.createServer((req, res) => {
  if (req.url === "/count") return res.end(String(held.length));
  if (req.url === "/memory") {
    for (let i = 0; i < 3; i++) globalThis.gc?.();
    const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
    return res.end(JSON.stringify({ rss, heapUsed, external, arrayBuffers }));
  }
  if (req.url === "/release") {
    const task = { task_id: "n90wait", status: "IN_PROGRESS", consumed_credits: 0 };
    for (const r of held.splice(0)) {
      r.writeHead(200, { "content-type": "application/json" });
      r.end(JSON.stringify({ code: 200, message: "success", data: task }));
    }
    return res.end("released");
  }
  res.statusCode = 404;
  res.end();
});
await new Promise((r) => control.listen(0, "127.0.0.1", r));
console.log(JSON.stringify({ proxy: proxy.address().port, control: control.address().port }));
