// The `seedance-wasm/engine` entry for Cloudflare Workers: the engine functions of the Workers
// entry, which imports its wasm as a module and is ready on import (a Worker downloads nothing, so
// the engine's own smaller wasm would gain nothing there).
export {
  init,
  validateRequest,
  estimateCost,
  compareModels,
  listModels,
  SeedanceError,
  isSeedanceError,
} from "./workerd.js";
