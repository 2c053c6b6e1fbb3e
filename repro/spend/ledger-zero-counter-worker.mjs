// The Worker of ledger-zero-counter.mjs: reserve 40, give back 40, then report the ledger.
import { durableObjectStore, SpendLedger } from "seedance-wasm";
export { SpendLedger };
export default {
  async fetch(request, env) {
    const store = durableObjectStore(env.LEDGER);
    const c = [{ key: "spend:60:0:caller:x", limit: 100, expiresAt: Date.now() + 60_000 }];
    const steps = [await store.reserve(c, 40)];
    await store.adjust(c, -40);
    steps.push(await store.get(c[0].key));
    steps.push(await store.reserve(c, 100));
    await store.adjust(c, -100);
    steps.push(await store.reserve(c, 0));
    return Response.json(steps);
  },
};
