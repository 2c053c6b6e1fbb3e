// The `seedance-wasm/engine` entry for Cloudflare Workers: the engine functions of the Workers
// entry, which imports its wasm as a module and is ready on import (a Worker downloads nothing, so
// the engine's own smaller wasm would gain nothing there).
export {
  compareModels,
  estimateCost,
  init,
  isSeedanceError,
  listModels,
  SeedanceError,
  validateRequest,
} from "./workerd.js";
