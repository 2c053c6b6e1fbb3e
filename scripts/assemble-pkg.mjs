// Copies pkg-template/ into pkg/ next to wasm-bindgen's output, points the entries at the JS
// snippet wasm-bindgen placed under a hashed folder, and prints what a browser downloads.
import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { measure, report } from "./size.mjs";

const pkg = "pkg";
const snippetDirs = readdirSync(join(pkg, "snippets"));
if (snippetDirs.length !== 1) throw new Error(`expected one snippet folder, found ${snippetDirs}`);
const glue = `./snippets/${snippetDirs[0]}/src/js/glue.js`;

cpSync("pkg-template", pkg, { recursive: true });
for (const entry of ["index.js", "node.js", "workerd.js", "index.d.ts"]) {
  const path = join(pkg, entry);
  writeFileSync(path, readFileSync(path, "utf8").replaceAll("__GLUE__", glue));
}
writeFileSync(join(pkg, ".gitignore"), "");

// The files a browser loads (the wasm, wasm-bindgen's JS, the entry and the snippet), raw and
// gzipped; `node scripts/size.mjs BUDGET` prints the same and checks the budget.
report(measure(pkg));
