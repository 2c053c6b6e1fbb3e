// Run by tests/js/package.test.mjs inside a project that installed the packed tarball.
// Prints one JSON line of what the package did in Node, as an ES module. The argument names the
// entry: `seedance-wasm` (the default) or `seedance-wasm/engine`; both must answer the same.
const entry = process.argv[2] ?? "seedance-wasm";
const all = await import(entry);
const {
  init,
  validateRequest,
  estimateCost,
  compareModels,
  listModels,
  SeedanceError,
  isSeedanceError,
} = all;

const before = validateRequest({ prompt: "before init", model: "seedance-2-mini", duration: 8 });
const initResult = await init();
await init(); // idempotent
const report = validateRequest({
  prompt: "A red fox runs through snow",
  model: "seedance-2-mini",
  duration: 8,
});
const estimate = estimateCost({ model: "seedance-2-mini", duration: 8, resolution: "720p" });
let thrown = null;
try {
  estimateCost({ model: "seedance-9", duration: 5 });
} catch (error) {
  thrown = {
    instance: error instanceof SeedanceError,
    isError: error instanceof Error,
    guard: isSeedanceError(error),
    name: error.name,
    code: error.code,
    retryable: error.retryable,
  };
}
const odd = [null, 42, "text", [], { prompt: 3 }].map((value) => {
  try {
    const r = validateRequest(value);
    return { ok: r.ok, codes: r.errors.map((e) => e.code) };
  } catch (error) {
    return { threw: String(error) };
  }
});
console.log(
  JSON.stringify({
    exports: Object.keys(all).sort(),
    resolved: import.meta.resolve(entry),
    initResult: initResult === undefined ? "undefined" : typeof initResult,
    beforeInit: before.estimate?.credits ?? null,
    report,
    estimate,
    thrown,
    odd,
    compare: compareModels({ prompt: "x", duration: 10 }).map((c) => [
      c.model,
      c.ok,
      c.estimate?.credits ?? null,
    ]),
    models: listModels().map((m) => m.id),
    guardOnPlainError: isSeedanceError(new Error("x")),
  }),
);
