// The browser half of the validation benchmark: the same requests, harness and reference as the
// Node run, timed in the page. bench/run.mjs reads `window.__bench` when it is set.
import { init, validateRequest } from "/pkg/index.js";
import { referenceValidate } from "/bench/reference.mjs";
import { REQUESTS } from "/bench/requests.mjs";
import { disagreements, measure } from "/bench/timing.mjs";

const params = new URLSearchParams(location.search);
const options = JSON.parse(params.get("options") ?? "{}");

try {
  await init();
  const problems = disagreements(REQUESTS, validateRequest, referenceValidate);
  if (problems.length) {
    window.__bench = { error: "engine and reference disagree:\n" + problems.join("\n") };
  } else {
    const inputs = REQUESTS.map(([, r]) => r);
    const result = measure({ wasm: (r) => validateRequest(r), reference: referenceValidate }, inputs, options);
    window.__bench = { result, userAgent: navigator.userAgent };
  }
} catch (e) {
  window.__bench = { error: String(e?.stack ?? e) };
}
