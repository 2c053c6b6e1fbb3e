// The Worker of the Durable Object race (spend-stores.test.mjs): every request asks the one
// SpendLedger object through durableObjectStore. Callers are named by the x-user header.
import { createProxyHandler, durableObjectStore, SpendLedger } from "seedance-wasm";

export { SpendLedger };

let handler;
export default {
  fetch(request, env) {
    handler ??= createProxyHandler({
      apiKey: "sk-spend-race",
      upstream: env.SPEND_UPSTREAM,
      authorize: (req) => req.headers.get("x-user"),
      quota: {
        store: durableObjectStore(env.LEDGER),
        perCaller: { credits: Number(env.SPEND_PER_CALLER), windowSeconds: 86400 },
        total: { credits: Number(env.SPEND_TOTAL), windowSeconds: 86400 },
      },
    });
    return handler(request);
  },
};
