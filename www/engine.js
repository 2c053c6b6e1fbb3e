// Everything the page checks and prices with, imported in this one place: pointing this file at
// the smaller validation-only entry (seedance-wasm/engine) changes the pricing download alone.
export { compareModels, init, isSeedanceError, listModels, validateRequest } from "./pkg/index.js";
