// What a Deno or Bun user writes: check and price, serve the proxy handler as it is
// (`Deno.serve(handler)`, `Bun.serve({ fetch: handler })`), and run clients through the proxy
// and straight against the API (the mock, via SEEDANCE_BASE_URL). Prints one JSON line of
// results for tests/js/runtimes.test.mjs to check.
import {
  createProxyHandler,
  estimateCost,
  init,
  SeedanceClient,
  validateRequest,
} from "seedance-wasm";

const env = (name) => (globalThis.Deno ? Deno.env.get(name) : process.env[name]);
const apiKey = env("SEEDANCE_API_KEY");
const baseUrl = env("SEEDANCE_BASE_URL");
const fast = { pollIntervalMs: 50, maxPollIntervalMs: 100, timeoutMs: 20_000 };
const request = { prompt: "A red fox runs through snow", model: "seedance-2-mini", duration: 8 };

await init();
const report = validateRequest(request);
const handler = createProxyHandler({ apiKey, upstream: baseUrl, maxCredits: 500 });

let url;
let stop;
if (globalThis.Deno) {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, handler);
  url = `http://127.0.0.1:${server.addr.port}`;
  stop = () => server.shutdown();
} else {
  const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: handler });
  url = `http://127.0.0.1:${server.port}`;
  stop = () => server.stop(true);
}

const invalid = await fetch(`${url}/generate`, {
  method: "POST",
  headers: { "content-type": "application/json", authorization: "Bearer from-the-browser" },
  body: JSON.stringify({ prompt: "" }),
});
const viaProxy = await new SeedanceClient({ baseUrl: url }).run(request, fast);
const direct = await new SeedanceClient({ apiKey, baseUrl }).run(
  { ...request, duration: 5, resolution: "480p" },
  fast,
);
await stop();

console.log(
  JSON.stringify({
    runtime: globalThis.Deno ? `deno ${Deno.version.deno}` : `bun ${Bun.version}`,
    handlerLength: handler.length,
    ok: report.ok,
    credits: report.estimate.credits,
    usd: report.estimate.usd,
    estimate: estimateCost({ model: "seedance-2.0", duration: 10 }).credits,
    invalid: { status: invalid.status, body: await invalid.json() },
    viaProxy: {
      status: viaProxy.status,
      credits: viaProxy.consumed_credits,
      videos: viaProxy.videos.length,
    },
    direct: { status: direct.status, credits: direct.consumed_credits },
  }),
);
