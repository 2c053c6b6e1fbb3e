// A browser entry (argv[4]: "engine" for engine/index.js, "browser" for browser/index.js) in Node,
// as a runtime without Node's own entry would load it: `init()` with no argument must instantiate
// the wasm the entry carries, byte for byte its build's .wasm, without fetching anything.
// argv[2]: the installed package folder; argv[3]: "native" gives Uint8Array a fromBase64 (as
// Chromium, Firefox and Deno have) so that decoder runs, "loop" removes it so the fallback loop runs;
// "utf8-btoa" and "throwing-btoa" give fromBase64 but replace `btoa` as some pages do (a "Unicode-
// safe" one that encodes as UTF-8 first; one that throws), which must not change the bytes.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [dir, decoder, build] = process.argv.slice(2);
if (decoder === "loop") delete Uint8Array.fromBase64;
else Uint8Array.fromBase64 = (text) => new Uint8Array(Buffer.from(text, "base64"));
if (decoder === "utf8-btoa") globalThis.btoa = (text) => Buffer.from(text).toString("base64");
if (decoder === "throwing-btoa")
  globalThis.btoa = () => {
    throw new Error("btoa replaced");
  };

const compiled = [];
const NativeModule = WebAssembly.Module;
WebAssembly.Module = class extends NativeModule {
  constructor(bytes, ...rest) {
    compiled.push(new Uint8Array(bytes));
    super(bytes, ...rest);
  }
};
const fetched = [];
globalThis.fetch = async (what) => {
  fetched.push(String(what));
  throw new Error("no fetch expected");
};

const engine = await import(pathToFileURL(join(dir, build, "index.js")).href);
const before = (() => {
  try {
    engine.validateRequest({ prompt: "x" });
    return "no error";
  } catch (error) {
    return error.code;
  }
})();
await engine.init();
await engine.init(); // idempotent: compiles nothing more
const wasm = readFileSync(join(dir, build, "seedance_wasm_bg.wasm"));
console.log(
  JSON.stringify({
    before,
    credits: engine.validateRequest({ prompt: "x", model: "seedance-2-mini", duration: 8 }).estimate
      .credits,
    compiles: compiled.length,
    identical: compiled.length === 1 && Buffer.from(compiled[0]).equals(wasm),
    length: compiled[0]?.length,
    wasmLength: wasm.length,
    fetched,
  }),
);
