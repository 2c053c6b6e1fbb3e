// A private copy of the built package (pkg/, or SEEDANCE_PKG_DIR), for tests and the bench that
// pack, serve or import it. It is taken only once pkg/ is complete and has stopped changing, so a
// copy never mixes two builds when `make build` runs at the same time.
import { cpSync, existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const NEEDED = [
  "package.json",
  "index.js",
  "node.js",
  "index.d.ts",
  "seedance_wasm.js",
  "seedance_wasm_bg.wasm",
  "snippets",
  "engine/index.js",
  "engine/seedance_wasm_bg.wasm",
  "browser/index.js",
  "browser/seedance_wasm_bg.wasm",
  "node/index.js",
  "edge/index.js",
];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Every file under `dir` with its size and modification time, as one comparable string. */
function fingerprint(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => {
      const file = join(e.parentPath ?? e.path, e.name);
      const { size, mtimeMs } = statSync(file);
      return `${relative(dir, file)}:${size}:${mtimeMs}`;
    })
    .sort()
    .join("\n");
}

/** Copies the built package into `dest` (replacing it); waits up to two minutes for a build. */
export async function copyBuiltPackage(dest) {
  const pkg = process.env.SEEDANCE_PKG_DIR ?? fileURLToPath(new URL("../../pkg/", import.meta.url));
  for (let attempt = 0; attempt < 60; attempt++) {
    try {
      if (NEEDED.every((f) => existsSync(join(pkg, f)))) {
        const before = fingerprint(pkg);
        rmSync(dest, { recursive: true, force: true });
        cpSync(pkg, dest, { recursive: true, preserveTimestamps: true });
        await sleep(300);
        if (fingerprint(pkg) === before) return dest;
      }
    } catch {
      // a rebuild removed files under us: try again
    }
    await sleep(2000);
  }
  throw new Error(`${pkg} is missing, incomplete or kept changing: run \`make build\` first`);
}
