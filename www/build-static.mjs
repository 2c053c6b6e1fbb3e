// `make demo-static`: writes www/dist/, the demo as files any static host can serve. The page,
// the built package (browser files only), the mock API (tests/mock-api/mock.mjs, the same file
// `make demo` serves) run in the page by sandbox.js as the client's `fetch`, and the sample video
// the finished tasks point to. No server and no key: a real key stays behind `make demo`'s proxy.
// A static host sends no headers of ours, so the page carries its CSP in a <meta> element.
import { cp, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const WWW = fileURLToPath(new URL(".", import.meta.url));
const ROOT = path.resolve(WWW, "..");
const PAGE_FILES = [
  "index.html",
  "app.js",
  "i18n.js",
  "engine.js",
  "sandbox.js",
  "style.css",
  "favicon.svg",
];
const PKG_EXTENSIONS = new Set([".js", ".wasm"]);

// The demo server's policy for the mock, less what a <meta> CSP cannot carry (frame-ancestors).
const CSP = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "connect-src 'self'",
  "media-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

// Entries a browser never loads: the targets of the package's server-side export conditions
// (node, workerd, ...) that no browser or default condition names too.
async function serverOnlyEntries(pkgDir) {
  const { exports = {} } = JSON.parse(await readFile(path.join(pkgDir, "package.json"), "utf8"));
  const browser = new Set();
  const server = new Set();
  for (const conditions of Object.values(exports)) {
    if (typeof conditions !== "object" || conditions === null) continue;
    for (const [condition, target] of Object.entries(conditions)) {
      if (typeof target !== "string") continue;
      (["browser", "default", "import", "types"].includes(condition) ? browser : server).add(
        path.normalize(target),
      );
    }
  }
  return new Set([...server].filter((t) => !browser.has(t)));
}

// The browser files of the package: its ES modules and wasm (no server entry, types or docs).
async function copyPackage(from, to) {
  const skip = await serverOnlyEntries(from);
  for (const entry of await readdir(from, { withFileTypes: true, recursive: true })) {
    const dir = entry.parentPath ?? entry.path;
    const file = path.join(dir, entry.name);
    if (!entry.isFile() || !PKG_EXTENSIONS.has(path.extname(entry.name))) continue;
    if (skip.has(path.relative(from, file))) continue;
    const target = path.join(to, path.relative(from, file));
    await mkdir(path.dirname(target), { recursive: true });
    await cp(file, target);
  }
}

/** Builds the static demo into `outDir` (default www/dist/) from `pkgDir` (default pkg/). */
export async function buildStatic({
  outDir = path.join(WWW, "dist"),
  pkgDir = path.join(ROOT, "pkg"),
} = {}) {
  try {
    await readFile(path.join(pkgDir, "index.js"));
  } catch {
    throw new Error(`no built package in ${pkgDir}: run \`make build\` first`);
  }
  await rm(outDir, { recursive: true, force: true });
  await mkdir(path.join(outDir, "mock-api"), { recursive: true });
  await mkdir(path.join(outDir, "assets"), { recursive: true });
  for (const name of PAGE_FILES) {
    if (name === "index.html") continue;
    await cp(path.join(WWW, name), path.join(outDir, name));
  }
  const html = await readFile(path.join(WWW, "index.html"), "utf8");
  const meta = `<meta http-equiv="Content-Security-Policy" content="${CSP}">\n  `;
  await writeFile(
    path.join(outDir, "index.html"),
    html.replace('<meta name="viewport"', `${meta}<meta name="viewport"`),
  );
  await writeFile(path.join(outDir, "demo.json"), `${JSON.stringify({ mode: "sandbox" })}\n`);
  await copyPackage(pkgDir, path.join(outDir, "pkg"));
  // .js rather than .mjs: every static host serves .js as JavaScript.
  await cp(path.join(ROOT, "tests/mock-api/mock.mjs"), path.join(outDir, "mock-api/mock.js"));
  await cp(path.join(ROOT, "tests/mock-api/sample.mp4"), path.join(outDir, "assets/sample.mp4"));
  return outDir;
}

// CLI
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    const out = await buildStatic();
    console.log(
      `demo-static: wrote ${path.relative(process.cwd(), out) || out}/ (serve it with any static file server)`,
    );
  } catch (e) {
    console.error(`demo-static: ${e.message}`);
    process.exit(1);
  }
}
