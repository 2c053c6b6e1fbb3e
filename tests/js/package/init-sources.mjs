// `init(source)` of an entry that loads its wasm in init() (argv[3]: "engine" or "browser", the
// browser entries, or "full", the full build's files at the package root) with sources other than
// its own wasm: a malformed URL, a URL of a closed loopback port, a failed Response, bytes that are
// no wasm, and another build's wasm each reject with a SeedanceError INIT_FAILED whose message says
// what to do, and leave init() retryable (calls in between throw NOT_INITIALIZED, never a TypeError
// from a half-loaded module); then a Response of the entry's own bytes loads it.
// argv[2]: the installed package folder; argv[4]: a closed loopback port.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [dir, build, port] = process.argv.slice(2);
const folder = build === "full" ? "" : build;
const other = build === "engine" ? "browser" : "engine";
const entry = await import(pathToFileURL(join(dir, folder, "index.js")).href);
const wasmOf = (name) => readFileSync(join(dir, name, "seedance_wasm_bg.wasm"));

/** What `init(source)` rejects with, and what a call makes of the entry afterwards. */
async function attempt(source) {
  let rejected = "resolved";
  try {
    await entry.init(source);
  } catch (error) {
    rejected = {
      seedance: entry.isSeedanceError(error) && error instanceof entry.SeedanceError,
      code: error.code,
      message: error.message,
      cause: error.cause?.name,
    };
  }
  let after = "works";
  try {
    entry.validateRequest({ prompt: "x" });
  } catch (error) {
    after = error.code ?? `${error.constructor.name}: ${error.message}`;
  }
  return { rejected, after };
}

const out = {
  badUrl: await attempt("http://[bad/seedance_wasm_bg.wasm"),
  refused: await attempt(`http://127.0.0.1:${port}/seedance_wasm_bg.wasm`),
  failed: await attempt(new Response("missing", { status: 404 })),
  garbage: await attempt(Promise.resolve(new Response(new Uint8Array(8)))),
  otherEntry: await attempt(wasmOf(other)),
};
await entry.init(Promise.resolve(new Response(wasmOf(folder))));
out.credits = entry.validateRequest({
  prompt: "x",
  model: "seedance-2-mini",
  duration: 8,
}).estimate.credits;
console.log(JSON.stringify(out));
