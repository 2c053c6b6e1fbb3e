// CommonJS consumer: require() of the ES-module package (Node 20.19+, 22.12+).
const { validateRequest, estimateCost, listModels } = require("seedance-wasm");

const report = validateRequest({
  prompt: "A red fox runs through snow",
  model: "seedance-2-mini",
  duration: 8,
});
console.log(
  JSON.stringify({
    credits: report.estimate?.credits,
    usd: estimateCost({ model: "seedance-2-mini", duration: 8 }).usd,
    models: listModels().length,
  }),
);
