// `init(source)` of a browser entry (argv[3]: "engine" or "browser") with sources other than the
// wasm it carries: a failed Response, bytes that are no wasm, and the other entry's wasm each
// reject and leave init() retryable (calls in between throw NOT_INITIALIZED, never a TypeError from
// a half-loaded module); then a Response of the entry's own bytes loads it.
// argv[2]: the installed package folder.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [dir, build] = process.argv.slice(2);
const other = build === "engine" ? "browser" : "engine";
const entry = await import(pathToFileURL(join(dir, build, "index.js")).href);
const wasmOf = (name) => readFileSync(join(dir, name, "seedance_wasm_bg.wasm"));

/** What `init(source)` rejects with, and what a call makes of the entry afterwards. */
async function attempt(source) {
  let rejected = "resolved";
  try {
    await entry.init(source);
  } catch (error) {
    rejected = `${error.constructor.name}: ${error.message}`;
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
  failed: await attempt(new Response("missing", { status: 404 })),
  garbage: await attempt(Promise.resolve(new Response(new Uint8Array(8)))),
  otherEntry: await attempt(wasmOf(other)),
};
await entry.init(Promise.resolve(new Response(wasmOf(build))));
out.credits = entry.validateRequest({
  prompt: "x",
  model: "seedance-2-mini",
  duration: 8,
}).estimate.credits;
console.log(JSON.stringify(out));
