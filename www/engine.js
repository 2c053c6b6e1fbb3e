// Everything the page checks and prices with, imported in this one place: pointing this file at
// the smaller validation-only entry (seedance-wasm/engine) changes the pricing download alone.
export { init, listModels, validateRequest, compareModels, isSeedanceError } from "./pkg/index.js";
