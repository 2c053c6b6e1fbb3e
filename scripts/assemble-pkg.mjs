// Copies pkg-template/ into pkg/ next to wasm-bindgen's output, points the entries at the JS
// snippet wasm-bindgen placed under a hashed folder, and prints what a browser downloads.
import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";

const pkg = "pkg";
const snippetDirs = readdirSync(join(pkg, "snippets"));
if (snippetDirs.length !== 1) throw new Error(`expected one snippet folder, found ${snippetDirs}`);
const glue = `./snippets/${snippetDirs[0]}/src/js/glue.js`;

cpSync("pkg-template", pkg, { recursive: true });
for (const entry of ["index.js", "node.js", "index.d.ts"]) {
  const path = join(pkg, entry);
  writeFileSync(path, readFileSync(path, "utf8").replaceAll("__GLUE__", glue));
}
writeFileSync(join(pkg, ".gitignore"), "");

/** The files a browser loads: the wasm, wasm-bindgen's glue, the entry and the snippet. */
export const browserFiles = ["seedance_wasm_bg.wasm", "seedance_wasm.js", "index.js", glue.slice(2)];
let raw = 0;
let gz = 0;
for (const file of browserFiles) {
  const bytes = readFileSync(join(pkg, file));
  raw += bytes.length;
  gz += gzipSync(bytes, { level: 9 }).length;
  if (file.endsWith(".wasm")) {
    console.log(`size: wasm ${bytes.length} bytes raw, ${gzipSync(bytes, { level: 9 }).length} bytes gzipped`);
  }
}
console.log(`size: browser total ${raw} bytes raw, ${gz} bytes gzipped (${browserFiles.join(", ")})`);
