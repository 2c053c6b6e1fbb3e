// Redis pauses (SIGSTOP: a hung server) while callers keep asking. Every request is answered 503
// and nothing is forwarded, as the contract says. When Redis resumes, the queued reservation
// scripts run anyway: the day's total is spent on requests that were never forwarded.
import { createClient } from "redis";
import { startRedis } from "../../tests/js/redis-server.mjs";
import { pkg, startMock, newKey, read, generateReq, DAY } from "./common.mjs";
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const redis = await startRedis();
const mock = await startMock();
const client = createClient({ url: redis.url });
client.on("error", () => {});
await client.connect();
try {
  const key = newKey("hung");
  const store = pkg.redisStore(client, { prefix: `${key}:` });
  const handler = pkg.createProxyHandler({ apiKey: key, upstream: `${mock.url}/v2`,
    authorize: (r) => r.headers.get("x-user"),
    quota: { store, timeoutMs: 300, perCaller: { credits: 2400, ...DAY }, total: { credits: 24000, ...DAY } } });
  const pid = Number((await client.info("server")).match(/process_id:(\d+)/)[1]);
  process.kill(pid, "SIGSTOP");
  const answers = await Promise.all(Array.from({ length: 100 }, (_, i) =>
    handler(generateReq(undefined, { "x-user": `u${i % 10}` })).then(read)));
  const byStatus = {};
  for (const a of answers) byStatus[a.status] = (byStatus[a.status] ?? 0) + 1;
  console.log("while Redis hung:", byStatus);
  process.kill(pid, "SIGCONT");
  await sleep(500);
  const seen = (await mock.log(key)).length;
  const r = await read(await handler(generateReq(undefined, { "x-user": "fresh" })));
  console.log("forwarded while hung:", seen, "| after resume, a fresh caller:", r.status, r.code, r.json?.message ?? "");
  const keys = await client.keys(`${key}:*`);
  for (const k of keys.sort()) console.log(" ", k.slice(key.length + 1), await client.get(k));
} finally { await client.quit().catch(() => {}); await redis.kill(); await mock.stop(); }
