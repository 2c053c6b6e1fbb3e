// The packed package as the registry would get it, checked by the two tools that find packaging
// mistakes the other tests would not: publint (package.json fields, exports, files that are
// missing from the tarball) and Are the Types Wrong (how TypeScript resolves each entry under
// node10, node16 and bundler resolution). Both are pinned devDependencies; nothing is fetched.
//
// Needs a built pkg/ (`make build`); SEEDANCE_PKG_DIR=dir checks another build.

import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { copyBuiltPackage } from "./pkg-copy.mjs";
import { root, run } from "./scratch-app.mjs";

let tmp;
let tarball;
let wasmExports; // the exports that are wasm files, not modules

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), "seedance-package-lint-"));
  const pkg = await copyBuiltPackage(join(tmp, "pkg"));
  const { exports } = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8"));
  wasmExports = Object.keys(exports).filter((key) => key.endsWith(".wasm"));
  const pack = await run(
    "npm",
    ["pack", pkg, "--pack-destination", tmp, "--json", "--ignore-scripts", "--loglevel=error"],
    { cwd: tmp },
  );
  assert.equal(pack.code, 0, `npm pack failed:\n${pack.stdout}\n${pack.stderr}`);
  tarball = join(tmp, JSON.parse(pack.stdout)[0].filename);
});

after(() => {
  if (tmp && !process.env.KEEP_TMP) rmSync(tmp, { recursive: true, force: true });
});

test("publint finds nothing in the tarball, suggestions included", async () => {
  const bytes = readFileSync(tarball);
  const tar = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const { messages, pkg } = await publint({ pack: { tarball: tar }, strict: true });
  assert.equal(pkg.name, "seedance-wasm");
  const shown = messages.map((m) => `${m.type}: ${formatMessage(m, pkg, { color: false })}`);
  assert.deepEqual(shown, []);
});

// The package is an ES module only (pkg-template/README.md): TypeScript's CommonJS resolution
// (node16 from a CJS file) sees an ES module, which is what it is, so the esm-only profile. The
// wasm files are exported as assets for bundlers and `init(url)`, not as modules with types.
test("Are the Types Wrong finds no problem in any entry point", async () => {
  const attw = join(root, "node_modules", ".bin", "attw");
  const args = [
    tarball,
    "--profile",
    "esm-only",
    "--format",
    "ascii",
    "--no-color",
    "--no-emoji",
    ...(wasmExports.length ? ["--exclude-entrypoints", ...wasmExports] : []),
  ];
  const result = await run(attw, args, { cwd: tmp });
  assert.equal(result.code, 0, `attw ${args.join(" ")}:\n${result.stdout}\n${result.stderr}`);
  assert.match(result.stdout, /"seedance-wasm"/);
});
