// The browser half of the validation benchmark: the same requests, harness and reference as the
// Node run, timed in the page, for both entries (the full package and the engine entry). bench/run.mjs reads `window.__bench` when it is set.

import { referenceValidate } from "/bench/reference.mjs";
import { LONG_PROMPTS, REQUESTS } from "/bench/requests.mjs";
import { disagreements, measure, measureEach } from "/bench/timing.mjs";
import * as main from "/pkg/browser/index.js"; // the browser entry
import * as engine from "/pkg/engine/index.js";

const params = new URLSearchParams(location.search);
const options = JSON.parse(params.get("options") ?? "{}");

try {
  await main.init();
  await engine.init();
  const all = [...REQUESTS, ...LONG_PROMPTS];
  const problems = [
    ...disagreements(all, main.validateRequest, referenceValidate),
    ...disagreements(all, engine.validateRequest, referenceValidate),
  ];
  if (problems.length) {
    window.__bench = { error: `engine and reference disagree:\n${problems.join("\n")}` };
  } else {
    const inputs = REQUESTS.map(([, r]) => r);
    const subjects = {
      "seedance-wasm": (r) => main.validateRequest(r),
      "seedance-wasm/engine": (r) => engine.validateRequest(r),
      reference: referenceValidate,
    };
    const result = measure(subjects, inputs, options);
    const long = measureEach(subjects, LONG_PROMPTS, options);
    window.__bench = { result, long, userAgent: navigator.userAgent };
  }
} catch (e) {
  window.__bench = { error: String(e?.stack ?? e) };
}
