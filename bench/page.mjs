// The browser half of the validation benchmark: the same requests, harness and reference as the
// Node run, timed in the page, for both entries (the full package and the engine entry). bench/run.mjs reads `window.__bench` when it is set.

import { referenceValidate } from "/bench/reference.mjs";
import { REQUESTS } from "/bench/requests.mjs";
import { disagreements, measure } from "/bench/timing.mjs";
import * as main from "/pkg/browser/index.js"; // the browser entry
import * as engine from "/pkg/engine/index.js";

const params = new URLSearchParams(location.search);
const options = JSON.parse(params.get("options") ?? "{}");

try {
  await main.init();
  await engine.init();
  const problems = [
    ...disagreements(REQUESTS, main.validateRequest, referenceValidate),
    ...disagreements(REQUESTS, engine.validateRequest, referenceValidate),
  ];
  if (problems.length) {
    window.__bench = { error: `engine and reference disagree:\n${problems.join("\n")}` };
  } else {
    const inputs = REQUESTS.map(([, r]) => r);
    const result = measure(
      {
        "seedance-wasm": (r) => main.validateRequest(r),
        "seedance-wasm/engine": (r) => engine.validateRequest(r),
        reference: referenceValidate,
      },
      inputs,
      options,
    );
    window.__bench = { result, userAgent: navigator.userAgent };
  }
} catch (e) {
  window.__bench = { error: String(e?.stack ?? e) };
}
