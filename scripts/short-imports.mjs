// Drops the hash wasm-bindgen puts at the end of each import's name (`__wbg_toJson_f3bcaf22fddf5a23`
// becomes `__wbg_toJson`) in a build's wasm and in its JS, which names each import once, as the key
// of the imports object. Sixteen random hex digits per import, written in both files, are bytes that
// gzip cannot shrink (measured on the engine entry: about 240 bytes of its download). A name whose
// short form another import of the module already has keeps its hash.
//
// With --letters (the builds of the browser entries, which ship in one bundled file), every
// import is renamed instead, to `a`, `b`, … `Z`, `aa`, … in order: no name is written twice
// (measured: engine entry -119 B gzip, browser entry -351). Another build's wasm given to such an
// entry's init() still fails to link (INIT_FAILED, "Another build's wasm"): the full and Node
// builds' names are no letters, and the browser build needs more imports than the engine's glue
// has letters (the engine's wasm given to the browser entry is refused first, for lacking the
// client's export: src/js/init.js `withExport`).
//
// Every build's import module, `./seedance_wasm_bg.js` in each import, becomes `s` (engine entry
// -19 B gzip, browser entry -55): one name for every build still, so that a wrong build's wasm is a LinkError and not
// a TypeError.
//
//   node scripts/short-imports.mjs DIR [--letters]   (DIR holds seedance_wasm_bg.wasm and seedance_wasm.js)
//
// Run after wasm-bindgen and before wasm-opt (scripts/build.sh). It fails rather than writing a
// wasm whose imports the JS does not provide: each renamed name must occur exactly once in the JS.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const HASHED = /^(.*)_[0-9a-f]{16}$/;
/** The module wasm-bindgen names in every import (its JS has it once, as a key), and its short name. */
const MODULE = "./seedance_wasm_bg.js";
const SHORT_MODULE = "s";

/** Reads an unsigned LEB128 number at `at`: `[value, next offset]`. */
function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[at++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return [value, at];
  }
}

/** An unsigned LEB128 number as bytes. */
function toLeb(value) {
  const out = [];
  do {
    let b = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) b |= 0x80;
    out.push(b);
  } while (value > 0);
  return out;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });
const encode = (s) => [...toLeb(Buffer.byteLength(s)), ...Buffer.from(s)];

/** Skips one import description (after its kind byte) from `at`; returns the offset after it. */
function skipDescription(bytes, kind, at) {
  const limits = (p) => {
    const flags = bytes[p++];
    [, p] = leb(bytes, p);
    if (flags & 1) [, p] = leb(bytes, p);
    return p;
  };
  switch (kind) {
    case 0: // function: type index
      return leb(bytes, at)[1];
    case 1: // table: element type, limits
      return limits(at + 1);
    case 2: // memory: limits
      return limits(at);
    case 3: // global: value type, mutability
      return at + 2;
    case 4: // tag: attribute, type index
      return leb(bytes, at + 1)[1];
    default:
      throw new Error(`short-imports: unknown import kind ${kind}`);
  }
}

/** The wasm with its import names renamed by `rename(module, name)`, and the renames made. */
function renameImports(wasm, rename) {
  const out = [wasm.subarray(0, 8)];
  const renamed = [];
  let at = 8;
  while (at < wasm.length) {
    const id = wasm[at];
    const [size, start] = leb(wasm, at + 1);
    const end = start + size;
    if (id !== 2) {
      out.push(wasm.subarray(at, end));
      at = end;
      continue;
    }
    let [count, p] = leb(wasm, start);
    const body = [...toLeb(count)];
    while (count-- > 0) {
      let length;
      [length, p] = leb(wasm, p);
      const module = utf8.decode(wasm.subarray(p, p + length));
      p += length;
      [length, p] = leb(wasm, p);
      const name = utf8.decode(wasm.subarray(p, p + length));
      p += length;
      const kind = wasm[p];
      const next = skipDescription(wasm, kind, p + 1);
      const short = rename(module, name);
      if (short !== name) renamed.push([name, short]);
      body.push(...encode(module === MODULE ? SHORT_MODULE : module), ...encode(short));
      body.push(...wasm.subarray(p, next));
      p = next;
    }
    if (p !== end) throw new Error("short-imports: the import section did not parse to its end");
    out.push(Uint8Array.from([id, ...toLeb(body.length), ...body]));
    at = end;
  }
  return { wasm: Buffer.concat(out), renamed };
}

/** The `i`th of the names `a`…`z`, `A`…`Z`, `aa`, `ab`…: the shortest first. */
function nameAt(i) {
  const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  let name = "";
  for (i += 1; i > 0; i = Math.floor((i - 1) / letters.length))
    name = letters[(i - 1) % letters.length] + name;
  return name;
}

/**
 * `text` with each key of `replace` replaced at once; each must occur exactly once, not preceded by
 * a character of a name (so `x:` is not found inside `a_x:`).
 */
function replaceEachOnce(text, replace, what) {
  const pattern = (keys) =>
    new RegExp(
      `(?<![\\w$])(?:${keys.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})`,
      "g",
    );
  for (const key of replace.keys()) {
    const found = text.match(pattern([key]))?.length ?? 0;
    if (found !== 1)
      throw new Error(`short-imports: ${key} occurs ${found} times in ${what}, expected once`);
  }
  return text.replace(pattern([...replace.keys()]), (m) => replace.get(m));
}

const [dir, mode] = process.argv.slice(2);
if (!dir || (mode !== undefined && mode !== "--letters")) {
  console.error("usage: node scripts/short-imports.mjs DIR [--letters]");
  process.exit(2);
}
const wasmPath = join(dir, "seedance_wasm_bg.wasm");
const jsPath = join(dir, "seedance_wasm.js");
const wasm = readFileSync(wasmPath);
if (wasm.readUInt32LE(0) !== 0x6d736100) throw new Error(`short-imports: ${wasmPath} is not wasm`);

let rename;
if (mode === "--letters") {
  let next = 0;
  rename = () => nameAt(next++);
} else {
  // Every module's names first, so that a short name never repeats another import's name.
  const taken = new Set();
  renameImports(wasm, (module, name) => {
    taken.add(`${module}\0${name}`);
    return name;
  });
  rename = (module, name) => {
    const short = HASHED.exec(name)?.[1];
    if (short === undefined || taken.has(`${module}\0${short}`)) return name;
    taken.add(`${module}\0${short}`);
    return short;
  };
}
const result = renameImports(wasm, rename);

// In the JS, each import is the key of its function in the imports object (`name: function(`),
// and the module the key of those (`"./seedance_wasm_bg.js": {`).
const js = replaceEachOnce(
  readFileSync(jsPath, "utf8"),
  new Map([
    ...result.renamed.map(([name, short]) => [`${name}:`, `${short}:`]),
    [`"${MODULE}":`, `${SHORT_MODULE}:`],
  ]),
  jsPath,
);
writeFileSync(wasmPath, result.wasm);
writeFileSync(jsPath, js);
console.log(`short-imports: ${dir}: ${result.renamed.length} import names shortened`);
