// The package's entries in one table: scripts/assemble-pkg.mjs builds pkg/ from it, scripts/size.mjs
// measures the browser downloads it names against their budgets, and tests/js/entries.test.mjs
// holds it to pkg-template/package.json's `exports`. To add an entry: a template in pkg-template/,
// a row here, its path and condition in package.json (and its types in a .d.ts).

/**
 * The wasm builds of scripts/build.sh: the folder of pkg/ that wasm-bindgen writes each one's JS,
 * snippets (src/js/) and .wasm into. `bundled`: its JS lives on only inside the bundled entries, so
 * its wasm-bindgen JS and snippets go once they are bundled. `embedded`: its entry carries its wasm,
 * so the .wasm file goes.
 */
export const BUILDS = {
  // Validation and pricing only (`--no-default-features`), built for size.
  engine: { dir: "engine", bundled: true },
  // The client without the proxy (`--features client`), built for size.
  browser: { dir: "browser", bundled: true },
  // Everything, built for size: Workers and Edge.
  full: { dir: "." },
  // Everything, built for speed: Node, Deno, Bun (read from disk: its size costs no download).
  node: { dir: "node", embedded: true },
};

/**
 * The npm entries: `export` and `conditions` as in package.json, `file` the module of pkg/ they
 * resolve to, made from `template` (pkg-template/). A row with a `build` has its `__JS__/x.js`
 * imports pointed at that build's snippets; its template is written at `from` (where its relative
 * imports resolve) and, when `bundle` is set, bundled with everything it imports into `file` (then
 * `from` goes). `embed`: the entry carries its build's wasm, as "text" (one character per byte) or
 * "base64" (scripts/embed-wasm.mjs). `budget`: a browser download (this one file, gzip -9) and its
 * aim in bytes; `ceiling` is what the build fails over: the budget where it is met, otherwise
 * today's size with a little room, so that nothing grows while the remaining cuts are made (lower
 * it with them).
 */
export const ENTRIES = [
  {
    export: "./engine",
    conditions: ["browser", "default"],
    file: "engine/index.js",
    template: "engine.js",
    from: "engine.js",
    build: "engine",
    bundle: {},
    embed: "text",
    budget: 20_000,
    ceiling: 20_000,
  },
  {
    export: "./engine",
    conditions: ["workerd"],
    file: "engine-workerd.js",
    template: "engine-workerd.js",
    from: "engine-workerd.js",
    build: "engine",
    // Bundled in place with the engine's JS; its .wasm stays a module that wrangler uploads as it is.
    bundle: { external: ["*.wasm"] },
  },
  // The engine functions of the Edge and Node entries (a server downloads nothing, so the engine's
  // smaller wasm gains nothing there).
  {
    export: "./engine",
    conditions: ["edge-light"],
    file: "engine-edge.js",
    template: "engine-edge.js",
  },
  { export: "./engine", conditions: ["node"], file: "engine-node.js", template: "engine-node.js" },
  {
    export: ".",
    conditions: ["browser", "default"],
    file: "browser/index.js",
    template: "browser.js",
    from: "browser/entry.js",
    build: "browser",
    // main.js's createProxyHandler names the proxy, which this build has not; the entry's own
    // replaces it, so that one goes unused.
    bundle: { logOverride: { "import-is-undefined": "silent" } },
    embed: "text",
    budget: 50_000,
    ceiling: 50_000,
  },
  {
    export: ".",
    conditions: ["workerd"],
    file: "workerd.js",
    template: "workerd.js",
    from: "workerd.js",
    build: "full",
  },
  {
    export: ".",
    conditions: ["edge-light"],
    file: "edge/index.js",
    template: "edge.js",
    from: "edge.js",
    build: "full",
    // An Edge bundle reads no file, so its wasm is inside.
    bundle: {},
    embed: "text",
  },
  {
    export: ".",
    conditions: ["node"],
    file: "node.js",
    template: "node.js",
    from: "node.js",
    build: "node",
    embed: "base64",
  },
  { export: "./zh-CN", conditions: ["default"], file: "zh-CN.js", template: "zh-CN.js" },
];

/**
 * The modules of pkg/ that entries import and that take a build's snippets too (no npm entry of
 * their own): each build's copy of the main entry's functions (index.js), and the Durable Object
 * store. `bundledOnly`: it goes once the bundles that import it are made.
 */
export const MODULES = [
  { from: "index.js", template: "index.js", build: "full" },
  { from: "node/index.js", template: "index.js", build: "node" },
  { from: "browser/main.js", template: "index.js", build: "browser", bundledOnly: true },
  { from: "spend-durable-object.js", template: "spend-durable-object.js", build: "full" },
  // The init() of the bundled entries, which carry their wasm as text.
  { from: "wasm-loader.js", template: "wasm-loader.js", bundledOnly: true },
];

/** The package name an export path is imported by: "." is `seedance-wasm`. */
export function entryName(exportPath) {
  return exportPath === "." ? "seedance-wasm" : `seedance-wasm/${exportPath.slice(2)}`;
}
