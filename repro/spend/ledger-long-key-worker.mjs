// The Worker of ledger-long-key.mjs: a caller id longer than Durable Object storage takes
// (2048 bytes a key), reserving 40 of a total of 100 three times, then a short caller.
import { durableObjectStore, SpendLedger } from "seedance-wasm";
export { SpendLedger };
export default {
  async fetch(request, env) {
    const store = durableObjectStore(env.LEDGER);
    const total = { key: "spend:60:0:total", limit: 100, expiresAt: Date.now() + 60_000 };
    const long = { key: `spend:60:0:caller:${"x".repeat(3000)}`, limit: 100, expiresAt: Date.now() + 60_000 };
    const short = { key: "spend:60:0:caller:bob", limit: 100, expiresAt: Date.now() + 60_000 };
    const steps = [];
    for (let i = 0; i < 3; i++)
      steps.push(await store.reserve([long, total], 40).then((a) => a, (e) => `threw: ${e.message}`));
    steps.push(await store.reserve([short, total], 40).then((a) => a, (e) => `threw: ${e.message}`));
    return Response.json(steps);
  },
};
