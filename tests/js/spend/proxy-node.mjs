// One proxy process of the cross-process race (spend-stores.test.mjs): createProxyHandler under
// node:http with a redisStore, on a node-redis or ioredis client (SPEND_CLIENT). Callers are
// named by the x-user header. Prints `listening PORT` when ready.
import http from "node:http";
import { Redis } from "ioredis";
import { createClient } from "redis";

const { createProxyHandler, redisStore, toNodeListener } = await import(process.env.SPEND_PKG);
const env = process.env;

let client;
if (env.SPEND_CLIENT === "ioredis") {
  client = new Redis(env.SPEND_REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: true });
  client.on("error", () => {});
} else {
  client = createClient({ url: env.SPEND_REDIS_URL });
  client.on("error", () => {});
  await client.connect();
}

const limit = (credits) =>
  credits ? { credits: Number(credits), windowSeconds: 86400 } : undefined;
const handler = createProxyHandler({
  apiKey: "sk-spend-race",
  upstream: env.SPEND_UPSTREAM,
  authorize: (request) => request.headers.get("x-user"),
  quota: {
    store: redisStore(client, { prefix: env.SPEND_PREFIX }),
    perCaller: limit(env.SPEND_PER_CALLER),
    total: limit(env.SPEND_TOTAL),
    timeoutMs: 3000,
  },
});
const server = http.createServer(toNodeListener(handler));
server.listen(0, "127.0.0.1", () => console.log(`listening ${server.address().port}`));
process.on("SIGTERM", () => process.exit(0));
