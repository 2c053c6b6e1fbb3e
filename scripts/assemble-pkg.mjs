// Copies pkg-template/ into pkg/ next to wasm-bindgen's output of the four builds (pkg/,
// pkg/browser/, pkg/engine/, pkg/node/: see scripts/build.sh), makes each entry and module of the
// table in scripts/entries.mjs (its build's JS snippets, src/js/, which wasm-bindgen places under a
// hashed folder; its bundle; its embedded wasm), minifies every JS file of pkg/ with esbuild (the
// readable sources stay in the repository), then prints and checks the download sizes.
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, posix } from "node:path";
import { buildSync, transformSync } from "esbuild";
import { writeChineseTables } from "./chinese-table.mjs";
import { embedBase64, embedWasm } from "./embed-wasm.mjs";
import { BUILDS, ENTRIES, MODULES } from "./entries.mjs";
import { check } from "./size.mjs";

const pkg = "pkg";
// `--demo`: only the two builds the demo page loads (scripts/build.sh --demo): pkg/ then holds
// the engine and browser entries and nothing else.
const demo = process.argv.includes("--demo");
const builds = new Set(demo ? ["engine", "browser"] : Object.keys(BUILDS));
/** Whether a row of the table is made in this run: it takes no build, or one that was built. */
const made = (row) => row.build === undefined || builds.has(row.build);
const entries = ENTRIES.filter(made);
const rows = [...entries.filter((e) => e.from !== undefined), ...MODULES.filter(made)];

/** The src/js/ snippets of a build, as a path from the package root. */
function snippetsOf(build) {
  const snippets = posix.join(BUILDS[build].dir, "snippets");
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

cpSync("pkg-template", pkg, { recursive: true });
if (builds.has("node")) dropDefaultWasmUrl("node");
/**
 * The Node entry holds its wasm (pkg-template/node.js) and instantiates it on import, so
 * wasm-bindgen's default loader there never runs; its `new URL("seedance_wasm_bg.wasm",
 * import.meta.url)` would still make a server bundler (Next.js) copy that file into the app's
 * public assets. It goes, and with it node/'s .wasm file, which nothing reads then.
 */
function dropDefaultWasmUrl(build) {
  const bindgenJs = join(pkg, BUILDS[build].dir, "seedance_wasm.js");
  const defaultWasmUrl = "new URL('seedance_wasm_bg.wasm', import.meta.url)";
  const text = readFileSync(bindgenJs, "utf8");
  if (text.split(defaultWasmUrl).length !== 2)
    throw new Error(`expected one ${defaultWasmUrl} in ${bindgenJs}`);
  writeFileSync(bindgenJs, text.replace(defaultWasmUrl, "undefined"));
}

// Each row's template at its `from`, its `__JS__/` imports pointed at its build's snippets and
// `__ROOT__/` at the package root; a template written elsewhere goes from the root (browser.js).
const needed = new Map(); // build: the files of src/js/ its entries import
for (const row of rows) {
  let text = readFileSync(join("pkg-template", row.template), "utf8");
  if (row.build !== undefined) {
    needed.set(row.build, [...(needed.get(row.build) ?? []), ...jsImports(text, "__JS__/")]);
    const js = posix.relative(posix.dirname(row.from), snippetsOf(row.build));
    text = text.replaceAll("__JS__/", `./${js}/`);
  }
  const root = posix.relative(posix.dirname(row.from), ".") || ".";
  writeFileSync(join(pkg, row.from), text.replaceAll("__ROOT__/", `${root}/`));
}
for (const row of rows)
  if (!rows.some((other) => other.from === row.template))
    rmSync(join(pkg, row.template), { force: true });
for (const [build, files] of needed) completeSnippets(build, files);

writeFileSync(join(pkg, ".gitignore"), "");
writeChineseTables(pkg);

// The bundled entries: one file instead of three or four is about 400 to 500 bytes less to
// download; the Edge entry's bundle reads no file.
for (const entry of entries.filter((e) => e.bundle))
  buildSync({
    entryPoints: [join(pkg, entry.from)],
    bundle: true,
    format: "esm",
    outfile: join(pkg, entry.file),
    allowOverwrite: entry.from === entry.file,
    logLevel: "warning",
    ...entry.bundle,
  });
// What is inside the bundles now: their templates, the modules only they import, and the
// wasm-bindgen JS and snippets of the builds only bundles use.
for (const entry of entries.filter((e) => e.bundle && e.from !== e.file))
  rmSync(join(pkg, entry.from));
for (const module of MODULES.filter((m) => m.bundledOnly && made(m)))
  rmSync(join(pkg, module.from));
for (const build of builds)
  if (BUILDS[build].bundled)
    for (const f of ["seedance_wasm.js", "snippets"])
      rmSync(join(pkg, BUILDS[build].dir, f), { recursive: true });
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
    // The Chinese tables as UTF-8 (3 bytes a character), not \uXXXX escapes (6).
    charset: e.name.startsWith("zh-CN") ? "utf8" : "ascii",
  });
  writeFileSync(path, code);
}

// The entries that carry their wasm (pkg-template/wasm-loader.js, as base64 pkg-template/node.js):
// written after minifying, so that no tool re-escapes its characters. The .wasm files stay for
// `init(url)` and for wasm-bindgen's default loader, except where nothing reads them.
const EMBED = { text: embedWasm, base64: embedBase64 };
for (const entry of entries.filter((e) => e.embed)) {
  const path = join(pkg, entry.file);
  const wasm = readFileSync(join(pkg, BUILDS[entry.build].dir, "seedance_wasm_bg.wasm"));
  writeFileSync(path, EMBED[entry.embed](readFileSync(path, "utf8"), wasm));
}
for (const build of builds)
  if (BUILDS[build].embedded) rmSync(join(pkg, BUILDS[build].dir, "seedance_wasm_bg.wasm"));

// The download of each browser entry (wasm + JS, gzip and brotli) against its budget; the stable
// fallback build (scripts/build.sh) only reports it, as its ceilings are set for the nightly build.
if (!check(pkg) && !process.env.SEEDANCE_SIZE_REPORT_ONLY) process.exit(1);
