// One fresh Node process of the validation benchmark (bench/run.mjs starts several and pools their
// rounds): both Node entries of the package in PKG_DIR and the zod reference, on the cycled
// requests and on each long prompt. Prints the results as one line of JSON.
//
//   node bench/node-speed.mjs PKG_DIR '{"warmupMs":300,"roundMs":25,"rounds":40}'

import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { referenceValidate } from "./reference.mjs";
import { LONG_PROMPTS, REQUESTS } from "./requests.mjs";
import { measure, measureEach } from "./timing.mjs";

const [pkgDir, optionsText] = process.argv.slice(2);
const options = JSON.parse(optionsText);
const engine = await import(pathToFileURL(join(pkgDir, "node.js")).href);
const engineEntry = await import(pathToFileURL(join(pkgDir, "engine-node.js")).href);
const subjects = {
  "seedance-wasm": (r) => engine.validateRequest(r),
  "seedance-wasm/engine": (r) => engineEntry.validateRequest(r),
  reference: referenceValidate,
};
const result = measure(
  subjects,
  REQUESTS.map(([, r]) => r),
  options,
);
const long = measureEach(subjects, LONG_PROMPTS, options);
console.log(JSON.stringify({ result, long }));
