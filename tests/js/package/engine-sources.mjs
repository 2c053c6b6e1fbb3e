// `init(source)` of the engine's browser entry with the sources other than its own wasm: a failed
// Response rejects and leaves init() retryable; then a Response of the engine's bytes loads it.
// argv[2]: the installed package folder.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const dir = process.argv[2];
const engine = await import(pathToFileURL(join(dir, "engine", "index.js")).href);
const wasm = readFileSync(join(dir, "engine", "seedance_wasm_bg.wasm"));
const out = {};
try {
  await engine.init(new Response("missing", { status: 404 }));
  out.failed = "resolved";
} catch (error) {
  out.failed = error.message;
}
try {
  await engine.init(Promise.resolve(new Response(new Uint8Array(8))));
  out.garbage = "resolved";
} catch (error) {
  out.garbage = error.constructor.name;
}
await engine.init(Promise.resolve(new Response(wasm)));
out.credits = engine.validateRequest({
  prompt: "x",
  model: "seedance-2-mini",
  duration: 8,
}).estimate.credits;
console.log(JSON.stringify(out));
