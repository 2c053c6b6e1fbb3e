// Writes the Chinese tables of the package: src/text/zh-CN.js's Chinese templates, each keyed by
// the two-character hash of its English template (pkg-template/zh-CN.js's `keyOf`), with the first
// hash seed under which no two templates share a key. zh-CN.js gets the sentences a page can meet,
// zh-CN-proxy.js the proxy's. The English templates stay in the wasm only.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { keyOf } from "../pkg-template/zh-CN.js";
import { CLIENT, ENGINE, PROXY } from "../src/text/zh-CN.js";

const ALL = [...ENGINE, ...CLIENT, ...PROXY];

/** The first seed under which every English template has its own key. */
export function seedOfTables() {
  for (let seed = 0; seed < 100_000; seed++) {
    const keys = new Set(ALL.map(([english]) => keyOf(english, seed)));
    if (keys.size === ALL.length) return seed;
  }
  throw new Error("no hash seed separates the Chinese table's templates");
}

/** One table: lines of key and Chinese template. */
function table(entries, seed) {
  return entries.map(([english, chinese]) => keyOf(english, seed) + chinese).join("\n");
}

/** Puts the seed and the tables into pkg/zh-CN.js and pkg/zh-CN-proxy.js (before minifying). */
export function writeChineseTables(pkg) {
  const seed = seedOfTables();
  const fill = (file, text) => {
    const path = join(pkg, file);
    const source = readFileSync(path, "utf8");
    if (!source.includes('/* table */ ""')) throw new Error(`${file}: no table placeholder`);
    writeFileSync(
      path,
      source.replace("/* seed */ 0", String(seed)).replace('/* table */ ""', JSON.stringify(text)),
    );
  };
  fill("zh-CN.js", table([...ENGINE, ...CLIENT], seed));
  fill("zh-CN-proxy.js", table(PROXY, seed));
}
