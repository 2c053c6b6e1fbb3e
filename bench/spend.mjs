// `make bench`, spending part: the latency a quota adds to each generate (p50, p99 of a valid
// generate through the Node proxy with no quota, a quota in memory and a quota in Redis, against
// an upstream on loopback that answers at once), and how many reservations one Redis takes per
// second (redisStore.reserve from 64 concurrent callers, node-redis and ioredis). Redis is a
// private redis-server on a free loopback port, without persistence, stopped at the end.
//
//   node bench/spend.mjs      # needs a built pkg/ (make build), redis-server and node_modules
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { Redis } from "ioredis";
import { createClient } from "redis";
import { startRedis } from "../tests/js/redis-server.mjs";
import { root } from "../tests/js/scratch-app.mjs";

const autocannon = createRequire(join(root, "package.json"))("autocannon");
const seconds = Number(process.env.BENCH_PROXY_SECONDS ?? 5);
const connections = Number(process.env.BENCH_PROXY_CONNECTIONS ?? 10);
const entry = join(root, "pkg", "node.js");
const children = [];
process.on("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});

/** Spawns a process and resolves with the first line matching `pattern` (its match). */
function spawnUntil(command, args, pattern) {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "inherit"] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (c) => {
      out += c;
      const m = pattern.exec(out);
      if (m) resolve({ match: m, stop: () => child.kill("SIGTERM") });
    });
    child.once("exit", (code) => reject(new Error(`${command} exited (${code}): ${out}`)));
  });
}

// An upstream that creates every task at once, in its own process.
const UPSTREAM = `
const http = require("node:http"); let n = 0;
const s = http.createServer((req, res) => { req.resume(); req.on("end", () => {
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify({ code: 200, message: "success", data: { task_id: "t" + ++n, status: "IN_PROGRESS", consumed_credits: 57 } }));
}); }).listen(0, "127.0.0.1", () => console.log("upstream " + s.address().port));`;

const redis = await startRedis();
const redisUrl = redis.url;
const upstream = await spawnUntil(process.execPath, ["-e", UPSTREAM], /upstream (\d+)/);
const upstreamUrl = `http://127.0.0.1:${upstream.match[1]}/v2`;

const rows = [];
let failed = false;
for (const config of ["none", "memory", "redis"]) {
  const proxy = await spawnUntil(
    process.execPath,
    [join(root, "bench", "spend-proxy-server.mjs"), config, entry, upstreamUrl, redisUrl],
    /listening on (\S+)/,
  );
  const r = await autocannon({
    url: `${proxy.match[1]}/v2/generate`,
    connections,
    duration: seconds,
    method: "POST",
    headers: { "content-type": "application/json", "x-user": "bench" },
    body: JSON.stringify({
      prompt: "a fox",
      model: "seedance-2-mini",
      duration: 4,
      resolution: "480p",
    }),
  });
  proxy.stop();
  const all200 = r.non2xx === 0 && r.errors === 0 && r.timeouts === 0;
  failed ||= !all200;
  rows.push({ config, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, all200 });
}

// Reservations per second on the one Redis, straight through redisStore.
const { redisStore } = await import(entry);
const reservations = [];
for (const [name, client] of [
  ["node-redis", await createClient({ url: redisUrl }).connect()],
  ["ioredis", new Redis(redisUrl)],
]) {
  const store = redisStore(client, { prefix: `bench-${name}:` });
  const counters = (i) => [
    { key: `spend:86400:0:caller:c${i % 100}`, limit: 1e12, expiresAt: Date.now() + 3_600_000 },
    { key: "spend:86400:0:total", limit: 1e12, expiresAt: Date.now() + 3_600_000 },
  ];
  let done = 0;
  const until = Date.now() + Math.min(seconds, 3) * 1000;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: 64 }, async (_, i) => {
      while (Date.now() < until) {
        await store.reserve(counters(i + done), 57);
        done++;
      }
    }),
  );
  reservations.push([name, (done * 1000) / (Date.now() - started)]);
  await client.quit();
}
await redis.kill();
upstream.stop();

const none = rows[0];
console.log(
  `spending: a valid generate through the Node proxy (toNodeListener), ${connections} connections, ${seconds} s per row, upstream on loopback answering at once`,
);
console.log("  quota              req/s    p50 ms  p99 ms  added p50  added p99  statuses");
for (const r of rows) {
  const added = (a, b) => (r === none ? "" : `${a - b >= 0 ? "+" : ""}${(a - b).toFixed(1)}`);
  console.log(
    `  ${r.config.padEnd(17)} ${r.rps.toFixed(0).padStart(6)}  ${r.p50.toFixed(1).padStart(6)}  ${r.p99.toFixed(1).padStart(6)}  ${added(r.p50, none.p50).padStart(9)}  ${added(r.p99, none.p99).padStart(9)}  ${r.all200 ? "all 200" : "UNEXPECTED"}`,
  );
}
for (const [name, perSecond] of reservations)
  console.log(
    `spending: reservations per second on one Redis (redisStore.reserve, 64 concurrent, ${name}): ${perSecond.toFixed(0)}`,
  );
if (failed) process.exit(1);
process.exit(0);
