// What a browser downloads from the built package, raw and gzipped (zlib level 9).
//
//   node scripts/size.mjs [BUDGET_BYTES] [--dir pkg]
//
// Prints one line per file and a total line
//   size: browser total N bytes raw, M bytes gzipped (budget B)
// and exits 1 when the gzipped total M is over BUDGET_BYTES. scripts/assemble-pkg.mjs calls
// `measure` and `report` after it assembles pkg/.
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

/**
 * The files a browser loads, relative to the package folder: the wasm, wasm-bindgen's JS, the
 * entry and the glue snippet wasm-bindgen placed under a hashed folder.
 */
export function browserFiles(dir = "pkg") {
  const snippets = join(dir, "snippets");
  const found = readdirSync(snippets, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".js"))
    .map((e) => join(e.parentPath ?? e.path, e.name).slice(dir.length + 1).replaceAll("\\", "/"))
    .sort();
  if (found.length === 0) throw new Error(`no JS snippet under ${snippets}`);
  return ["seedance_wasm_bg.wasm", "seedance_wasm.js", "index.js", ...found];
}

/**
 * Sizes of the browser files of the package in `dir`:
 * `{ files: [{ file, raw, gzip }], raw, gzip }` (bytes; gzip at zlib level 9).
 */
export function measure(dir = "pkg") {
  const files = browserFiles(dir).map((file) => {
    const bytes = readFileSync(join(dir, file));
    return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  return {
    files,
    raw: files.reduce((sum, f) => sum + f.raw, 0),
    gzip: files.reduce((sum, f) => sum + f.gzip, 0),
  };
}

/**
 * Prints the sizes (see the top of this file). Returns true when the gzipped total is within
 * `budget` (always true without a budget).
 */
export function report(sizes, budget, log = console.log) {
  const width = Math.max(...sizes.files.map((f) => f.file.length));
  for (const f of sizes.files) {
    log(`size: ${f.file.padEnd(width)} ${String(f.raw).padStart(7)} bytes raw, ${String(f.gzip).padStart(6)} bytes gzipped`);
  }
  const limit = budget === undefined ? "no budget" : `budget ${budget}`;
  log(`size: browser total ${sizes.raw} bytes raw, ${sizes.gzip} bytes gzipped (${limit})`);
  return budget === undefined || sizes.gzip <= budget;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  let dir = "pkg";
  let budget;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--dir") dir = args[++i];
    else if (/^\d+$/.test(args[i])) budget = Number(args[i]);
    else {
      console.error(`usage: node scripts/size.mjs [BUDGET_BYTES] [--dir pkg]  (bad argument ${JSON.stringify(args[i])})`);
      process.exit(2);
    }
  }
  let sizes;
  try {
    sizes = measure(dir);
  } catch (error) {
    console.error(`size: cannot measure ${dir}/ (${error.message}); build it first with \`make build\``);
    process.exit(2);
  }
  if (!report(sizes, budget)) {
    console.error(
      `size: OVER BUDGET: the browser files are ${sizes.gzip} bytes gzipped, ` +
        `${sizes.gzip - budget} bytes more than the budget of ${budget} bytes`,
    );
    process.exit(1);
  }
}
