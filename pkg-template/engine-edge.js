// The `seedance-wasm/engine` entry for Edge runtimes (`edge-light`): the engine functions of the
// Edge entry, ready on import (a server downloads nothing, so the engine's smaller wasm gains
// nothing there).
export {
  compareModels,
  estimateCost,
  init,
  isSeedanceError,
  listModels,
  SeedanceError,
  validateRequest,
} from "./edge/index.js";
