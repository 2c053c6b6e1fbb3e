// Copies pkg-template/ into pkg/ next to wasm-bindgen's output of the four builds (pkg/,
// pkg/browser/, pkg/engine/, pkg/node/: see scripts/build.sh), points each entry at the JS snippets
// of its build (src/js/, which wasm-bindgen places under a hashed folder), minifies every JS file of pkg/ with esbuild (the
// readable sources stay in the repository), then prints and checks the download sizes.
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, posix } from "node:path";
import { buildSync, transformSync } from "esbuild";
import { embedBase64, embedWasm } from "./embed-wasm.mjs";
import { check } from "./size.mjs";

const pkg = "pkg";
// `--demo`: only the two builds the demo page loads (scripts/build.sh --demo): pkg/ then holds
// the engine and browser entries and nothing else.
const demo = process.argv.includes("--demo");
const builds = new Set(demo ? ["engine", "browser"] : [".", "engine", "browser", "node"]);

/** The src/js/ snippets of the build in `pkg/<build>`, as a path from the package root. */
function snippetsOf(build) {
  const snippets = posix.join(build, "snippets");
  const dirs = readdirSync(join(pkg, snippets));
  if (dirs.length !== 1)
    throw new Error(`expected one snippet folder in ${snippets}, found ${dirs}`);
  return posix.join(snippets, dirs[0], "src/js");
}

/** The files of src/js/ a text imports from `"<prefix>x.js"`: `__JS__/` in an entry, `./` in a snippet. */
const jsImports = (text, prefix) =>
  Array.from(
    text.matchAll(/(?:from|import)\s*["']([^"']+)["']/g),
    (m) => m[1].startsWith(prefix) && m[1].slice(prefix.length),
  ).filter((f) => f && /^[\w-]+\.js$/.test(f));

/**
 * wasm-bindgen copies into a build's snippets only the files of src/js/ its Rust imports from; a
 * snippet's own imports (`./abort.js`) resolve next to it, and the entries import init.js, which no
 * Rust does. So each build's folder gets every file of src/js/ that its entries (`needed`) and its
 * snippets import, as they are in the repository, which is what wasm-bindgen copies too.
 */
function completeSnippets(build, needed) {
  const dir = join(pkg, snippetsOf(build));
  const queue = [...needed, ...readdirSync(dir)];
  for (let i = 0; i < queue.length; i++) {
    const path = join(dir, queue[i]);
    if (!existsSync(path)) cpSync(join("src/js", queue[i]), path);
    queue.push(...jsImports(readFileSync(path, "utf8"), "./").filter((f) => !queue.includes(f)));
  }
}

/**
 * The build an entry file belongs to: node.js the speed build, engine*.js the engine, browser/ the
 * browser build, the rest the full one.
 */
function buildOf(file) {
  if (file === "node.js" || file.startsWith("node/")) return "node";
  if (file.startsWith("browser/")) return "browser";
  if (file.startsWith("engine")) return "engine";
  return ".";
}

cpSync("pkg-template", pkg, { recursive: true });
if (builds.has("node")) nodeBuild();
/**
 * The Node entry holds its wasm (pkg-template/node.js) and instantiates it on import, so
// wasm-bindgen's default loader there never runs; its `new URL("seedance_wasm_bg.wasm",
// import.meta.url)` would still make a server bundler (Next.js) copy that file into the app's
// public assets. It goes, and with it node/'s .wasm file, which nothing reads then. The Node build
// gets its own copy of the main entry, bound to its own wasm-bindgen JS.
 */
function nodeBuild() {
  const nodeGlue = join(pkg, "node", "seedance_wasm.js");
  const defaultWasmUrl = "new URL('seedance_wasm_bg.wasm', import.meta.url)";
  const nodeJs = readFileSync(nodeGlue, "utf8");
  if (nodeJs.split(defaultWasmUrl).length !== 2)
    throw new Error(`expected one ${defaultWasmUrl} in ${nodeGlue}`);
  writeFileSync(nodeGlue, nodeJs.replace(defaultWasmUrl, "undefined"));
  cpSync(join("pkg-template", "index.js"), join(pkg, "node", "index.js"));
}
// So does the browser build, under the browser entry's own file (pkg-template/browser.js, bundled
// below), which replaces its createProxyHandler and init.
cpSync(join("pkg-template", "index.js"), join(pkg, "browser", "main.js"));
cpSync(join("pkg-template", "browser.js"), join(pkg, "browser", "entry.js"));
rmSync(join(pkg, "browser.js"));
const entries = [
  ...readdirSync("pkg-template").filter(
    (f) => (f.endsWith(".js") || f.endsWith(".d.ts")) && f !== "browser.js",
  ),
  "node/index.js",
  "browser/main.js",
  "browser/entry.js",
].filter((entry) => builds.has(buildOf(entry)));
const needed = new Map(); // build: the files of src/js/ its entries import
for (const entry of entries) {
  const path = join(pkg, entry);
  const text = readFileSync(path, "utf8");
  if (!/__(JS|ROOT)__/.test(text)) continue;
  const build = buildOf(entry);
  needed.set(build, [...(needed.get(build) ?? []), ...jsImports(text, "__JS__/")]);
  const js = posix.relative(posix.dirname(entry), snippetsOf(build));
  const root = posix.relative(posix.dirname(entry), ".") || ".";
  writeFileSync(path, text.replaceAll("__JS__/", `./${js}/`).replaceAll("__ROOT__/", `${root}/`));
}
for (const [build, files] of needed) completeSnippets(build, files);

writeFileSync(join(pkg, ".gitignore"), "");

// The engine entry is one bundle in engine/: one file instead of three is about 500 bytes less to
// download. Nothing else imports the engine's wasm-bindgen JS, so it goes.
buildSync({
  entryPoints: [join(pkg, "engine.js")],
  bundle: true,
  format: "esm",
  outfile: join(pkg, "engine", "index.js"),
  logLevel: "warning",
});
// The engine's Workers entry, bundled in place with the same JS; its .wasm stays a module that
// wrangler uploads as it is (pkg-template/engine-workerd.js).
buildSync({
  entryPoints: [join(pkg, "engine-workerd.js")],
  bundle: true,
  format: "esm",
  external: ["*.wasm"],
  outfile: join(pkg, "engine-workerd.js"),
  allowOverwrite: true,
  logLevel: "warning",
});
for (const f of ["engine.js", "engine/seedance_wasm.js", "engine/snippets"])
  rmSync(join(pkg, f), { recursive: true });
// The same for the browser entry in browser/ (about 400 bytes less than four files).
buildSync({
  entryPoints: [join(pkg, "browser", "entry.js")],
  bundle: true,
  format: "esm",
  outfile: join(pkg, "browser", "index.js"),
  logLevel: "warning",
  // main.js's createProxyHandler names the proxy, which this build has not; the entry's own
  // replaces it, so that one goes unused.
  logOverride: { "import-is-undefined": "silent" },
});
for (const f of ["entry.js", "main.js", "seedance_wasm.js", "snippets"])
  rmSync(join(pkg, "browser", f), { recursive: true });
// The Edge entry (`edge-light`) is one bundle in edge/ too, with the full build's JS: an Edge
// bundle reads no file, so its wasm is inside (pkg-template/edge.js).
if (builds.has("."))
  buildSync({
    entryPoints: [join(pkg, "edge.js")],
    bundle: true,
    format: "esm",
    outfile: join(pkg, "edge", "index.js"),
    logLevel: "warning",
  });
rmSync(join(pkg, "edge.js"));
rmSync(join(pkg, "wasm-loader.js")); // in the three bundles now
// The demo's pkg/ is what www/ loads: its two entries (with their .wasm files) and the Chinese
// messages; the other entries' files go.
const DEMO_FILES = ["engine", "browser", "zh-CN.js"];
if (demo)
  for (const f of readdirSync(pkg))
    if (!DEMO_FILES.includes(f)) rmSync(join(pkg, f), { recursive: true });

// Minify wasm-bindgen's JS, the snippets and the entries (ES modules, names of exports kept).
for (const e of readdirSync(pkg, { recursive: true, withFileTypes: true })) {
  if (!e.isFile() || !e.name.endsWith(".js")) continue;
  const path = join(e.parentPath ?? e.path, e.name);
  const { code } = transformSync(readFileSync(path, "utf8"), {
    minify: true,
    format: "esm",
    sourcefile: path,
  });
  writeFileSync(path, code);
}

// The bundled entries carry their wasm (pkg-template/wasm-loader.js) and so does the Node entry (as
// base64: pkg-template/node.js): written after minifying, so that no tool re-escapes its
// characters. The .wasm files stay for `init(url)` and for wasm-bindgen's default loader.
const EMBEDDED = [
  ["engine/index.js", "engine/seedance_wasm_bg.wasm", embedWasm],
  ["browser/index.js", "browser/seedance_wasm_bg.wasm", embedWasm],
  ["edge/index.js", "seedance_wasm_bg.wasm", embedWasm],
  ["node.js", "node/seedance_wasm_bg.wasm", embedBase64],
];
for (const [entry, wasm, embed] of EMBEDDED) {
  const path = join(pkg, entry);
  if (!builds.has(buildOf(entry))) continue;
  writeFileSync(path, embed(readFileSync(path, "utf8"), readFileSync(join(pkg, wasm))));
}
if (builds.has("node")) rmSync(join(pkg, "node", "seedance_wasm_bg.wasm"));

// The download of each browser entry (wasm + JS, gzip and brotli) against its budget; the stable
// fallback build (scripts/build.sh) only reports it, as its ceilings are set for the nightly build.
if (!check(pkg) && !process.env.SEEDANCE_SIZE_REPORT_ONLY) process.exit(1);
