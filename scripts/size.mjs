// What a browser downloads for each entry of the built package, raw, gzip -9 and brotli (max),
// against the budgets below.
//
//   node scripts/size.mjs [--dir pkg] [--limit BYTES]    (--limit: one budget and ceiling for all)
//
// Prints one line per file and one total line per entry
//   size: ENTRY total N bytes raw, G bytes gzip, B bytes brotli (budget X gzip[: D to cut]; ceiling C)
// and exits 1 when an entry's gzip total is over its ceiling (see BUDGETED). scripts/assemble-pkg.mjs runs the same
// check after it assembles pkg/ (so `make build` fails over budget); `make bench` prints it too.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { ENTRIES as ENTRY_TABLE, entryName } from "./entries.mjs";

/**
 * The browser downloads: the entries of scripts/entries.mjs with a budget, each one file (which
 * carries its wasm, scripts/assemble-pkg.mjs) measured gzip -9 against its budget (the aim,
 * printed with the gap while over it) and its ceiling (what the build fails over).
 */
export const BUDGETED = ENTRY_TABLE.filter((e) => e.budget !== undefined).map((e) => ({
  name: entryName(e.export),
  entry: e.file,
  budget: e.budget,
  ceiling: e.ceiling,
}));

/** Gzip (level 9) and brotli (quality 11) sizes of some bytes. */
export function compressed(bytes) {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/** Sizes of one entry's browser files: `{ files: [{ file, raw, gzip, brotli }], raw, gzip, brotli }`. */
export function measure(dir, entry) {
  const files = [entry.entry].map((file) => ({
    file,
    ...compressed(readFileSync(join(dir, file))),
  }));
  const sum = (key) => files.reduce((total, f) => total + f[key], 0);
  return { files, raw: sum("raw"), gzip: sum("gzip"), brotli: sum("brotli") };
}

/**
 * Prints every entry's files and totals; returns true when each is within its ceiling (`limit`,
 * when given, replaces every entry's budget and ceiling).
 */
export function check(dir = "pkg", { limit, log = console.log } = {}) {
  let ok = true;
  for (const { budget, ceiling, ...rest } of BUDGETED) {
    const entry = { ...rest, budget: limit ?? budget, ceiling: limit ?? ceiling };
    const sizes = measure(dir, entry);
    const width = Math.max(...sizes.files.map((f) => f.file.length));
    for (const f of sizes.files) {
      log(
        `size: ${f.file.padEnd(width)} ${String(f.raw).padStart(7)} raw ${String(f.gzip).padStart(6)} gzip ${String(f.brotli).padStart(6)} brotli`,
      );
    }
    const gap = sizes.gzip - entry.budget;
    const over = sizes.gzip > entry.ceiling;
    const against = `budget ${entry.budget} gzip${gap > 0 ? `: ${gap} to cut` : ""}; ceiling ${entry.ceiling}${over ? `: OVER by ${sizes.gzip - entry.ceiling}` : ""}`;
    log(
      `size: ${entry.name} total ${sizes.raw} bytes raw, ${sizes.gzip} bytes gzip, ${sizes.brotli} bytes brotli (${against})`,
    );
    ok &&= !over;
  }
  return ok;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  let dir = "pkg";
  let limit;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--dir" && i + 1 < args.length) dir = args[++i];
    else if (args[i] === "--limit" && /^\d+$/.test(args[i + 1] ?? "")) limit = Number(args[++i]);
    else {
      console.error(
        `usage: node scripts/size.mjs [--dir pkg] [--limit BYTES]  (bad argument ${JSON.stringify(args[i])})`,
      );
      process.exit(2);
    }
  }
  let ok;
  try {
    ok = check(dir, { limit });
  } catch (error) {
    console.error(
      `size: cannot measure ${dir}/ (${error.message}); build it first with \`make build\``,
    );
    process.exit(2);
  }
  if (!ok) {
    console.error("size: OVER THE CEILING (see above)");
    process.exit(1);
  }
}
