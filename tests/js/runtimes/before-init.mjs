// The browser/worker entry (browser/index.js) in Deno or Bun, imported by path as from a CDN or an
// import map: a call before `init()` is NOT_INITIALIZED, and `init()` without an argument
// instantiates the wasm browser/index.js carries (Deno runs this with no permission).
import {
  init,
  isSeedanceError,
  validateRequest,
} from "./node_modules/seedance-wasm/browser/index.js";

let early;
try {
  validateRequest({ prompt: "x" });
  early = { thrown: false };
} catch (error) {
  early = {
    thrown: true,
    seedance: isSeedanceError(error),
    code: error.code,
    message: error.message,
  };
}
await init();
const credits = validateRequest({ prompt: "x", model: "seedance-2-mini", duration: 8 }).estimate
  .credits;
console.log(JSON.stringify({ early, credits }));
