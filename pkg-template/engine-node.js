// The `seedance-wasm/engine` entry for Node: the engine functions of the Node entry, whose wasm is
// built for speed and instantiated on import (Node reads it from disk, so its size costs nothing).
export {
  compareModels,
  estimateCost,
  init,
  isSeedanceError,
  listModels,
  SeedanceError,
  validateRequest,
} from "./node.js";
