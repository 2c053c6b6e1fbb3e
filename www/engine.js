// Everything the page checks and prices with, imported in this one place: the validation-only
// entry (seedance-wasm/engine, about a third of the full download), so pricing as the user types
// never waits for the client. The full package is loaded only when Generate is pressed (app.js).
export {
  compareModels,
  init,
  isSeedanceError,
  listModels,
  validateRequest,
} from "./pkg/engine/index.js";
