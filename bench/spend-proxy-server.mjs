// One proxy for bench/spend.mjs, in its own process: createProxyHandler under node:http with no
// quota, a quota in memory, or a quota in Redis (node-redis). Callers are named by the
// x-user header; the limits are too high to refuse anything, so every generate is forwarded.
//   node bench/spend-proxy-server.mjs none|memory|redis PACKAGE_ENTRY UPSTREAM [REDIS_URL]
import http from "node:http";
import { pathToFileURL } from "node:url";
import { createClient } from "redis";

const [config, entry, upstream, redisUrl] = process.argv.slice(2);
const pkg = await import(pathToFileURL(entry).href);
const huge = { credits: 1e12, windowSeconds: 86400 };
let quota;
if (config === "memory") quota = { perCaller: huge, total: huge };
if (config === "redis") {
  const client = createClient({ url: redisUrl });
  client.on("error", () => {});
  await client.connect();
  quota = { store: pkg.redisStore(client), perCaller: huge, total: huge };
}
const handler = pkg.createProxyHandler({
  apiKey: "sk-bench-spend",
  upstream,
  authorize: (request) => request.headers.get("x-user"),
  quota,
});
const server = http.createServer(pkg.toNodeListener(handler)).listen(0, "127.0.0.1", () => {
  console.log(`proxy listening on http://127.0.0.1:${server.address().port}`);
});
process.on("SIGTERM", () => process.exit(0));
