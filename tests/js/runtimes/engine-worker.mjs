// A Cloudflare Worker that imports only `seedance-wasm/engine` (a form's price check at the edge):
// ready on import, with no init(); init() resolves anyway.
import { estimateCost, init, listModels, validateRequest } from "seedance-wasm/engine";

export default {
  async fetch() {
    const job = { prompt: "A red fox runs through snow", model: "seedance-2-mini", duration: 8 };
    const credits = validateRequest(job).estimate.credits;
    await init();
    return Response.json({
      credits,
      estimate: estimateCost({ model: "seedance-2.0", duration: 10 }).credits,
      models: listModels().length,
    });
  },
};
