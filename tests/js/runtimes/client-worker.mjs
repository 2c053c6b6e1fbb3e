// A Cloudflare Worker that uses the package as a client: `await init()` without an argument is a
// no-op there (the workerd entry loads the wasm on import; no URL is built), then it prices a
// request and runs it against the API named by its env. (The README's Worker never calls init.)
import { estimateCost, init, SeedanceClient, validateRequest } from "seedance-wasm";

export default {
  async fetch(_request, env) {
    await init();
    const job = { prompt: "A red fox runs through snow", model: "seedance-2-mini", duration: 8 };
    const client = new SeedanceClient({
      apiKey: env.SEEDANCE_API_KEY,
      baseUrl: env.SEEDANCE_BASE_URL,
    });
    const status = await client.run(job, {
      pollIntervalMs: 50,
      maxPollIntervalMs: 100,
      timeoutMs: 20_000,
    });
    return Response.json({
      credits: validateRequest(job).estimate.credits,
      estimate: estimateCost({ model: "seedance-2.0", duration: 10 }).credits,
      status: status.status,
      consumed: status.consumed_credits,
      videos: status.videos.length,
    });
  },
};
