// The page of tests/js/package.test.mjs, bundled by Vite and esbuild and loaded as a plain ES
// module (plain.html): loads the package, checks and prices a request, writes the result.
import { init, listModels, validateRequest } from "seedance-wasm";

const show = (state) => document.body.setAttribute("data-state", state);
try {
  await init();
  const report = validateRequest({
    prompt: "A red fox runs through snow",
    model: "seedance-2-mini",
    duration: 8,
  });
  document.querySelector("#credits").textContent = String(report.estimate.credits);
  document.querySelector("#usd").textContent = String(report.estimate.usd);
  document.querySelector("#models").textContent = listModels()
    .map((m) => m.id)
    .join(",");
  show("done");
} catch (error) {
  document.querySelector("#error").textContent = String(error);
  show("error");
}
