// The download part of `make bench`: what a browser fetches for each entry of the built package
// (wasm + minified JS, gzip -9 and brotli) against its budget, next to the JS clients of other
// video-generation APIs bundled the way an app would ship them (esbuild, minified, for browsers).
//
//   node bench/sizes.mjs        (needs a built pkg/ and the root node_modules)

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";
import { BUDGETED, compressed, measure } from "../scripts/size.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const pkg = process.env.SEEDANCE_PKG_DIR ?? join(root, "pkg");

/** What a page that asks for Chinese may download besides its entry (gzip -9). */
const CHINESE_BUDGET = 2000;

/** Other clients (exact-pinned devDependencies), each bundled whole: `export * from NAME`. */
const OTHERS = ["@fal-ai/client", "replicate", "@runwayml/sdk"];

function bundled(name) {
  const { outputFiles } = buildSync({
    stdin: { contents: `export * from ${JSON.stringify(name)};`, resolveDir: root, loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    write: false,
    logLevel: "error",
  });
  const version = JSON.parse(
    readFileSync(join(root, "node_modules", name, "package.json"), "utf8"),
  ).version;
  return {
    name: `${name} ${version} (JS only)`,
    ...compressed(Buffer.from(outputFiles[0].contents)),
  };
}

const rows = [
  ...BUDGETED.map((e) => {
    const s = measure(pkg, e);
    const gap = s.gzip - e.budget;
    return {
      name: `${e.name} (wasm + JS)`,
      raw: s.raw,
      gzip: s.gzip,
      brotli: s.brotli,
      budget: e.budget === undefined ? "" : `${e.budget} ${gap > 0 ? `(${gap} over)` : "(within)"}`,
    };
  }),
  // A page in Chinese imports seedance-wasm/zh-CN beside its entry: what that adds, against the
  // 2,000 B a Chinese page may pay (an English page downloads none of it).
  (() => {
    const zh = compressed(readFileSync(join(pkg, "zh-CN.js")));
    const gap = zh.gzip - CHINESE_BUDGET;
    return {
      name: "+ seedance-wasm/zh-CN (a page in Chinese)",
      ...zh,
      budget: `${CHINESE_BUDGET} ${gap > 0 ? `(${gap} over)` : "(within)"}`,
    };
  })(),
  ...OTHERS.map((n) => ({ ...bundled(n), budget: "" })),
];
const cols = [
  ["download", "name"],
  ["raw", "raw"],
  ["gzip -9", "gzip"],
  ["brotli", "brotli"],
  ["budget (gzip)", "budget"],
];
const width = cols.map(([h, k]) => Math.max(h.length, ...rows.map((r) => String(r[k]).length)));
const line = (cells) =>
  cells
    .map((c, i) => (i === 0 || i === 4 ? String(c).padEnd(width[i]) : String(c).padStart(width[i])))
    .join("  ")
    .trimEnd();
console.log(line(cols.map(([h]) => h)));
console.log(line(width.map((w) => "-".repeat(w))));
for (const r of rows) console.log(line(cols.map(([, k]) => r[k])));
