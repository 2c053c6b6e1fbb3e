// The engine's browser entry (engine/index.js) imported by path, as from a CDN or an import map: it
// carries its wasm, so `init()` reads no file and fetches nothing (Deno runs this with no permission).
import { init, validateRequest } from "./node_modules/seedance-wasm/engine/index.js";

await init();
console.log(
  JSON.stringify({
    credits: validateRequest({ prompt: "x", model: "seedance-2-mini", duration: 8 }).estimate
      .credits,
  }),
);
