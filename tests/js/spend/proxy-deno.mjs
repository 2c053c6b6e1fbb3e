// One proxy process of the Deno KV race (spend-stores.test.mjs): Deno.serve with a denoKvStore on
// the KV file SPEND_KV_PATH, which several processes share. Prints `listening PORT` when ready.
const { createProxyHandler, denoKvStore } = await import(Deno.env.get("SPEND_PKG"));
const env = (name) => Deno.env.get(name);

const kv = await Deno.openKv(env("SPEND_KV_PATH"));
const limit = (credits) =>
  credits ? { credits: Number(credits), windowSeconds: 86400 } : undefined;
const handler = createProxyHandler({
  apiKey: "sk-spend-race",
  upstream: env("SPEND_UPSTREAM"),
  authorize: (request) => request.headers.get("x-user"),
  quota: {
    store: denoKvStore(kv),
    perCaller: limit(env("SPEND_PER_CALLER")),
    total: limit(env("SPEND_TOTAL")),
    timeoutMs: 10_000,
  },
});
Deno.serve(
  { hostname: "127.0.0.1", port: 0, onListen: ({ port }) => console.log(`listening ${port}`) },
  handler,
);
