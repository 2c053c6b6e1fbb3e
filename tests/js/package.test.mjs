// The npm package as users get it: `npm pack` of pkg/, installed into throwaway projects, then
// used from Node (import and require), type-checked by TypeScript, bundled by Vite and esbuild,
// and loaded as plain ES modules, the pages in headless Chromium. Also the size script.
//
// Needs a built pkg/ (`make build`); TypeScript, Vite, esbuild and playwright-core come from the
// root node_modules, Chromium from /usr/bin/chromium. KEEP_TMP=1 keeps the temp folder;
// SEEDANCE_PKG_DIR=dir tests another build of the package than pkg/.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { copyBuiltPackage } from "./pkg-copy.mjs";
import { run } from "./scratch-app.mjs";
import { closedPort, launchChromium, serve } from "./support.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const fixtures = join(root, "tests", "js", "package");
const requireRoot = createRequire(join(root, "package.json"));
const ts = requireRoot("typescript");
const nodeBin = process.execPath;
const CONTRACT_EXPORTS = [
  "init",
  "validateRequest",
  "estimateCost",
  "compareModels",
  "listModels",
  "SeedanceClient",
  "SeedanceError",
  "isSeedanceError",
  "parseCallback",
  "createProxyHandler",
];
const MODELS = ["seedance-2.0", "seedance-2.0-fast", "seedance-2-mini"];

async function mustRun(file, args, options) {
  const result = await run(file, args, options);
  assert.equal(
    result.code,
    0,
    `${file} ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`,
  );
  return result;
}

/** The last line of a program's output, parsed as JSON. */
function lastJson(stdout) {
  const lines = stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]);
}

/**
 * Copies pkg/ once it is complete and not being rewritten (the lead and other helpers rebuild it:
 * a copy taken during a build could mix two builds).
 */
async function snapshotPkg(dest) {
  await copyBuiltPackage(dest);
}

/** Starts the mock API on a free port; resolves with its URL and a stop function. */
function startMock() {
  return new Promise((resolve, reject) => {
    const child = spawn(nodeBin, [join(root, "tests", "mock-api", "server.mjs"), "--port", "0"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`mock-api did not start: ${out}`));
    }, 10_000);
    child.on("error", reject);
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const match = /mock-api listening on (http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({
          url: match[1],
          stop: () =>
            new Promise((done) => {
              child.once("exit", done);
              child.kill("SIGTERM");
            }),
        });
      }
    });
  });
}

// ---------------------------------------------------------------------------------------------

let tmp;
let snapshot; // a copy of pkg/
let app; // a project with the tarball installed
let packed; // npm pack's JSON report
let installed; // app/node_modules/seedance-wasm

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), "seedance-pkg-test-"));
  snapshot = join(tmp, "pkg");
  await snapshotPkg(snapshot);
  const pack = await mustRun(
    "npm",
    ["pack", snapshot, "--pack-destination", tmp, "--json", "--ignore-scripts", "--loglevel=error"],
    { cwd: tmp },
  );
  packed = JSON.parse(pack.stdout.slice(pack.stdout.indexOf("[")))[0];
  app = join(tmp, "app");
  mkdirSync(app);
  writeFileSync(
    join(app, "package.json"),
    JSON.stringify({
      name: "consumer",
      private: true,
      type: "module",
      dependencies: { "seedance-wasm": `file:${join(tmp, packed.filename)}` },
    }),
  );
  await mustRun(
    "npm",
    ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"],
    { cwd: app },
  );
  installed = join(app, "node_modules", "seedance-wasm");
  for (const file of readdirSync(fixtures)) {
    if (/\.(mjs|cjs|ts)$/.test(file)) cpSync(join(fixtures, file), join(app, file));
  }
});

after(() => {
  if (tmp && !process.env.KEEP_TMP) rmSync(tmp, { recursive: true, force: true });
  else if (tmp) console.log(`kept ${tmp}`);
});

// ---------------------------------------------------------------------------------------------

describe("the packed tarball", () => {
  test("no JS file holds a NUL byte or a raw CR (git, grep and editors would call it binary; the wasm inside swaps NUL for z)", () => {
    const js = packed.files.map((f) => f.path).filter((p) => p.endsWith(".js"));
    assert.ok(js.includes("browser/index.js") && js.includes("engine/index.js"), `${js}`);
    for (const file of js) {
      const bytes = readFileSync(join(installed, file));
      assert.equal(bytes.indexOf(0), -1, `${file} holds a NUL byte`);
      assert.equal(bytes.indexOf(0x0d), -1, `${file} holds a CR`);
    }
  });

  test("holds the entries, the wasm, the JS snippets, the types and the README, and nothing else", () => {
    const files = packed.files.map((f) => f.path).sort();
    for (const f of [
      "package.json",
      "README.md",
      "README.zh-CN.md",
      "index.js",
      "node.js",
      "workerd.js",
      "index.d.ts",
      "seedance_wasm.js",
      "seedance_wasm_bg.wasm",
    ]) {
      assert.ok(files.includes(f), `${f} is not in the tarball: ${files}`);
    }
    const snippets = files.filter((f) => f.startsWith("snippets/"));
    assert.ok(
      snippets.some((f) => f.endsWith("/src/js/error.js")),
      `no error class snippet in ${files}`,
    );
    for (const f of [
      "node/seedance_wasm.js",
      "node/index.js",
      "engine/seedance_wasm_bg.wasm",
      "engine/index.js",
      "engine-node.js",
      "engine.d.ts",
      "browser/seedance_wasm_bg.wasm",
      "browser/index.js",
    ]) {
      assert.ok(files.includes(f), `${f} is not in the tarball`);
    }
    assert.ok(
      files.some((f) => f.startsWith("node/snippets/") && f.endsWith("/src/js/error.js")),
      "no error class snippet for node/",
    );
    const unexpected = files.filter(
      (f) =>
        !/^(package\.json|README(\.zh-CN)?\.md|LICENSE|index\.js|node\.js|node-listener\.js|workerd\.js|spend-(redis|deno-kv|durable-object)\.js|locale\.js|zh-CN(\.d\.ts|(-proxy)?\.js)|engine-(workerd|edge)\.js|index\.d\.ts|engine-node\.js|engine\.d\.ts|(seedance_wasm\.js|seedance_wasm_bg\.wasm|snippets\/.+\.js|index\.js)|node\/(seedance_wasm\.js|snippets\/.+\.js|index\.js)|(engine|browser)\/(index\.js|seedance_wasm_bg\.wasm)|edge\/index\.js)$/.test(
          f,
        ),
    );
    assert.deepEqual(unexpected, [], "unexpected files in the tarball");
    const readme = readFileSync(join(installed, "README.md"), "utf8");
    assert.ok(readme.length > 2000 && !/placeholder/i.test(readme), "the README is a placeholder");
  });

  test("every relative import of its JS files and every exports target is in the tarball", () => {
    const files = new Set(packed.files.map((f) => f.path));
    for (const file of files) {
      if (!file.endsWith(".js")) continue;
      const text = readFileSync(join(installed, file), "utf8");
      assert.ok(!/__(JS|ROOT)__/.test(text), `${file} still has a __JS__ or __ROOT__ placeholder`);
      for (const [, spec] of text.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)) {
        const target = relative(installed, join(installed, file, "..", spec))
          .split(sep)
          .join("/");
        assert.ok(files.has(target), `${file} imports ${spec}, which is not in the tarball`);
      }
    }
    const manifest = JSON.parse(readFileSync(join(installed, "package.json"), "utf8"));
    const targets = [];
    const walk = (value) =>
      typeof value === "string" ? targets.push(value) : Object.values(value).forEach(walk);
    walk(manifest.exports);
    for (const t of [...targets, manifest.main, manifest.module, manifest.types]) {
      assert.ok(
        files.has(t.replace(/^\.\//, "")),
        `package.json points at ${t}, which is not in the tarball`,
      );
    }
    assert.equal(manifest.name, "seedance-wasm");
    assert.equal(manifest.type, "module");
    assert.equal(
      Object.keys(manifest.exports["."])[0],
      "types",
      'the "types" condition must come first',
    );
  });

  test("index.d.ts declares the whole contract, without `any` and without imports", () => {
    const text = readFileSync(join(installed, "index.d.ts"), "utf8");
    const source = ts.createSourceFile("index.d.ts", text, ts.ScriptTarget.Latest, true);
    const anys = [];
    const visit = (node) => {
      if (node.kind === ts.SyntaxKind.AnyKeyword)
        anys.push(source.getLineAndCharacterOfPosition(node.getStart()).line + 1);
      ts.forEachChild(node, visit);
    };
    visit(source);
    assert.deepEqual(anys, [], `\`any\` on lines ${anys} of index.d.ts`);
    assert.ok(
      !source.statements.some((s) => ts.isImportDeclaration(s) || ts.isExportDeclaration(s)),
      "index.d.ts imports or re-exports",
    );
    const declared = declaredValues(source);
    for (const name of CONTRACT_EXPORTS) assert.ok(declared.has(name), `${name} is not declared`);
    const types = new Set(
      source.statements
        .filter((s) => ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s))
        .map((s) => s.name.text),
    );
    for (const name of [
      "GenerateRequest",
      "NormalizedRequest",
      "ValidationReport",
      "Issue",
      "CostEstimate",
      "ModelInfo",
      "ModelComparison",
      "TaskCreated",
      "TaskStatus",
      "BatchOutcome",
      "ErrorCode",
      "WarningCode",
      "IssueCode",
      "ModelId",
    ]) {
      assert.ok(types.has(name), `type ${name} is not declared`);
    }
  });
});

/** Names of the values (functions, classes, consts) index.d.ts exports, with class members. */
function declaredValues(source) {
  const out = new Map();
  for (const s of source.statements) {
    const exported = s.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (!exported) continue;
    if (ts.isFunctionDeclaration(s)) out.set(s.name.text, null);
    if (ts.isClassDeclaration(s)) {
      out.set(
        s.name.text,
        new Set(
          s.members
            .filter((m) => ts.isMethodDeclaration(m) && m.name && ts.isIdentifier(m.name))
            .map((m) => m.name.text),
        ),
      );
    }
    if (ts.isVariableStatement(s))
      for (const d of s.declarationList.declarations) out.set(d.name.text, null);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

describe("Node", () => {
  test("import: validates and prices (Mini 8 s 720p = 246 credits, $2.46) through the node entry", async () => {
    const { stdout } = await mustRun(nodeBin, ["node-esm.mjs"], { cwd: app });
    const r = lastJson(stdout);
    assert.ok(
      r.resolved.endsWith("/node_modules/seedance-wasm/node.js"),
      `Node resolved ${r.resolved}`,
    );
    assert.equal(r.beforeInit, 246, "in Node the sync functions work before init()");
    assert.equal(r.initResult, "undefined");
    assert.equal(r.report.ok, true);
    assert.deepEqual(r.report.errors, []);
    assert.deepEqual(r.report.estimate, {
      model: "seedance-2-mini",
      duration: 8,
      resolution: "720p",
      billed_resolution: "720p",
      input_kind: "text",
      credits: 246,
      usd: 2.46,
    });
    assert.deepEqual(r.report.request, {
      model: "seedance-2-mini",
      prompt: "A red fox runs through snow",
      duration: 8,
      resolution: "720p",
      aspect_ratio: "16:9",
    });
    assert.deepEqual(r.estimate, r.report.estimate);
    assert.deepEqual(r.thrown, {
      instance: true,
      isError: true,
      guard: true,
      name: "SeedanceError",
      code: "INVALID_MODEL",
      retryable: false,
    });
    for (const [i, o] of r.odd.entries()) {
      assert.equal(o.threw, undefined, `validateRequest threw on odd input #${i}: ${o.threw}`);
      assert.equal(o.ok, false);
    }
    assert.ok(r.odd[0].codes.includes("INVALID_FIELD"), `null: ${r.odd[0].codes}`);
    assert.ok(
      r.odd[4].codes.includes("INVALID_PROMPT") || r.odd[4].codes.includes("INVALID_FIELD"),
      `{prompt: 3}: ${r.odd[4].codes}`,
    );
    assert.deepEqual(r.compare, [
      ["seedance-2.0", true, 480],
      ["seedance-2.0-fast", true, 320],
      ["seedance-2-mini", true, 308],
    ]);
    assert.deepEqual(r.models, MODELS);
    assert.equal(r.guardOnPlainError, false);
    for (const name of [
      "init",
      "validateRequest",
      "estimateCost",
      "compareModels",
      "listModels",
      "SeedanceError",
      "isSeedanceError",
    ]) {
      assert.ok(r.exports.includes(name), `${name} is not exported`);
    }
  });

  test("seedance-wasm/engine: the engine functions only, answering exactly as the main entry", async () => {
    const main = lastJson((await mustRun(nodeBin, ["node-esm.mjs"], { cwd: app })).stdout);
    const engine = lastJson(
      (await mustRun(nodeBin, ["node-esm.mjs", "seedance-wasm/engine"], { cwd: app })).stdout,
    );
    assert.ok(
      engine.resolved.endsWith("/node_modules/seedance-wasm/engine-node.js"),
      `Node resolved ${engine.resolved}`,
    );
    assert.deepEqual(engine.exports, [
      "SeedanceError",
      "compareModels",
      "estimateCost",
      "init",
      "isSeedanceError",
      "listModels",
      "validateRequest",
    ]);
    for (const r of [main, engine]) {
      delete r.exports;
      delete r.resolved;
    }
    assert.deepEqual(engine, main);
  });

  test("both browser entries carry their wasm: init() instantiates exactly their build's .wasm, by either decoder (also under a replaced btoa), with no fetch", async () => {
    for (const build of ["engine", "browser"])
      for (const decoder of ["native", "loop", "utf8-btoa", "throwing-btoa"]) {
        const args = [join(fixtures, "embedded-wasm.mjs"), installed, decoder, build];
        const r = lastJson((await mustRun(nodeBin, args)).stdout);
        const what = `${build}, ${decoder}`;
        assert.equal(r.before, "NOT_INITIALIZED", what);
        assert.equal(r.credits, 246, what);
        assert.equal(r.compiles, 1, `${what}: one compile, of the embedded bytes`);
        assert.equal(r.length, r.wasmLength, what);
        assert.ok(r.identical, `${what}: the embedded bytes differ from its .wasm`);
        assert.deepEqual(r.fetched, [], what);
      }
  });

  test("init(source) of the browser entries and the full build: a bad URL, a refused connection, a 404, bytes that are no wasm or another build's wasm reject with INIT_FAILED saying what to do, and init() stays retryable", async () => {
    const port = await closedPort();
    for (const build of ["engine", "browser", "full"]) {
      const args = [join(fixtures, "init-sources.mjs"), installed, build, String(port)];
      const r = lastJson((await mustRun(nodeBin, args)).stdout);
      const fetchAdvice =
        /\. Check the URL: give init\(\) this entry's own seedance_wasm_bg\.wasm or no argument, then call it again\.$/;
      for (const [step, advice] of [
        [r.badUrl, fetchAdvice],
        [r.refused, fetchAdvice],
        [r.failed, fetchAdvice],
        [
          r.garbage,
          /\. Not WebAssembly: give init\(\) this entry's own seedance_wasm_bg\.wasm or no argument, then/,
        ],
        // The engine's wasm lacks the client, the browser build's needs imports the engine lacks.
        [
          r.otherEntry,
          /\. Another build's wasm: give init\(\) this entry's own seedance_wasm_bg\.wasm or no argument, then/,
        ],
      ]) {
        const where = `${build}: ${JSON.stringify(step)}`;
        assert.equal(step.rejected.seedance, true, where);
        assert.equal(step.rejected.code, "INIT_FAILED", where);
        assert.match(step.rejected.message, /^init\(\) failed \(.+\)\. /, where);
        assert.match(step.rejected.message, advice, where);
        assert.ok(step.rejected.cause, `${where}: no cause`);
        assert.equal(step.after, "NOT_INITIALIZED", where);
      }
      assert.match(r.failed.rejected.message, /404/, build);
      assert.equal(r.garbage.rejected.cause, "CompileError", build);
      assert.equal(r.otherEntry.rejected.cause, "LinkError", build);
      assert.equal(r.credits, 246, build);
    }
  });

  test("every build (engine and full for size, full for speed) answers the same on the bench's requests", async () => {
    const node = await import(pathToFileURL(join(installed, "node.js")).href);
    const builds = { node };
    for (const [name, entry, wasm] of [
      ["engine", "engine/index.js", "engine/seedance_wasm_bg.wasm"],
      ["full", "index.js", "seedance_wasm_bg.wasm"],
      ["browser", "browser/index.js", "browser/seedance_wasm_bg.wasm"],
    ]) {
      builds[name] = await import(pathToFileURL(join(installed, entry)).href);
      await builds[name].init(readFileSync(join(installed, wasm)));
    }
    const { REQUESTS } = await import(pathToFileURL(join(root, "bench", "requests.mjs")).href);
    const inputs = [
      ...REQUESTS.map(([, r]) => r),
      null,
      42,
      "text",
      [],
      { prompt: 3 },
      { prompt: "p", duration: NaN },
      { prompt: "x".repeat(3000) },
      // What the Node entry's own report reader (pkg-template/node.js) must build as JSON.parse
      // does: an own `__proto__` member, keys and text beyond ASCII, nested and repeated members,
      // number texts, and a request large enough to grow the wasm memory between two reads.
      JSON.parse(
        '{"prompt":"夕暮れ 🐕 \\"q\\"\\n","__proto__":{"a":[1,-0,1e21,0.5,null,true,{}]},"𝒳":"é","k":1,"k":[[]]}',
      ),
      { prompt: "p", images: [" https://cdn.example.com/a.png\t"], notes: "🌅".repeat(400_000) },
      { prompt: "p", seed: 1234, camera: { move: "orbit", speed: 0.5 }, x: undefined },
    ];
    const answers = (m, input) => {
      let estimate;
      try {
        estimate = m.estimateCost(input);
      } catch (error) {
        estimate = { error: [m.isSeedanceError(error), error.code, error.message, error.issues] };
      }
      return [
        m.validateRequest(input),
        m.validateRequest(input, { maxCredits: 300 }),
        m.compareModels(input),
        estimate,
      ];
    };
    for (const input of inputs) {
      const expected = answers(node, input);
      assert.equal(
        JSON.stringify(expected[0]),
        JSON.stringify(builds.full.validateRequest(input)),
        `the members' order differs on ${JSON.stringify(input)?.slice(0, 200)}`,
      );
      assert.deepEqual(
        answers(builds.engine, input),
        expected,
        `the engine build differs on ${JSON.stringify(input)}`,
      );
      assert.deepEqual(
        answers(builds.full, input),
        expected,
        `the size-built full package differs on ${JSON.stringify(input)}`,
      );
    }
    assert.deepEqual(builds.engine.listModels(), node.listModels());
    assert.equal(
      typeof builds.engine.SeedanceClient,
      "undefined",
      "the engine entry exports the client",
    );
  });

  test("require(): the package loads from CommonJS where Node can require ES modules", async (t) => {
    if (!process.features?.require_module) {
      t.skip(`Node ${process.version} cannot require ES modules`);
      return;
    }
    const { stdout } = await mustRun(nodeBin, ["node-require.cjs"], { cwd: app });
    assert.deepEqual(lastJson(stdout), { credits: 246, usd: 2.46, models: 3 });
  });

  test("every runtime export is declared in index.d.ts, and every declared one exists", async (t) => {
    const runtime = await import(pathToFileURL(join(installed, "node.js")).href);
    const declared = declaredValues(
      ts.createSourceFile(
        "index.d.ts",
        readFileSync(join(installed, "index.d.ts"), "utf8"),
        ts.ScriptTarget.Latest,
        true,
      ),
    );
    const undeclared = Object.keys(runtime).filter((name) => !declared.has(name));
    assert.deepEqual(undeclared, [], "exported at run time but not declared");
    const client = runtime.SeedanceClient?.prototype;
    const methods = client
      ? Object.getOwnPropertyNames(client).filter((m) => m !== "constructor" && !m.startsWith("__"))
      : [];
    const undeclaredMethods = methods.filter((m) => !declared.get("SeedanceClient").has(m));
    assert.deepEqual(undeclaredMethods, [], "SeedanceClient methods not declared");
    for (const name of declared.keys()) {
      if (name in runtime)
        assert.equal(typeof runtime[name], "function", `${name} is not a function at run time`);
    }
    const missing = [...declared.keys()].filter((name) => !(name in runtime));
    const missingMethods = client
      ? [...declared.get("SeedanceClient")].filter((m) => typeof client[m] !== "function")
      : [];
    if (missing.length || missingMethods.length) {
      // Declared from the contract, not built yet: a reminder, not a failure.
      t.todo(
        `declared but not in this build: ${[...missing, ...missingMethods.map((m) => `SeedanceClient#${m}`)].join(", ")}`,
      );
    }
  });

  test("the client, runMany, parseCallback and the proxy work against the mock API", async (t) => {
    const mock = await startMock();
    try {
      const key = `pkg-test-${process.pid}-${Date.now()}`;
      const { stdout } = await mustRun(nodeBin, ["node-client.mjs", mock.url, key], {
        cwd: app,
        timeout: 60_000,
      });
      const r = lastJson(stdout);
      const skipped = Object.entries(r)
        .filter(([, v]) => v === "missing")
        .map(([k]) => k);
      if (r.client !== "missing") {
        const { status, created, progress } = r.run;
        assert.equal(status.status, "SUCCESS");
        assert.equal(status.raw_status, "SUCCESS");
        assert.equal(status.videos.length, 1);
        assert.match(status.videos[0], /^http:\/\/127\.0\.0\.1:\d+\/assets\/sample\.mp4$/);
        assert.equal(status.consumed_credits, 246);
        assert.equal(status.error_message, null);
        assert.equal(created.length, 1);
        assert.equal(created[0].task_id, status.task_id);
        assert.equal(created[0].consumed_credits, 246);
        assert.ok(progress.length >= 1, "onProgress was never called");
        assert.deepEqual(progress.at(-1).slice(0, 1), ["SUCCESS"]);
        assert.deepEqual(
          progress.map((p) => p[1]),
          progress.map((_, i) => i + 1),
          "attempts count from 1",
        );
        assert.ok(progress.every((p) => p[2] === "number"));
        const [empty, expensive] = r.refused;
        assert.equal(empty.code, "VALIDATION_FAILED");
        assert.ok(empty.guard);
        assert.ok(empty.issues.includes("INVALID_PROMPT"), `issues: ${empty.issues}`);
        assert.equal(expensive.code, "BUDGET_EXCEEDED");
        assert.equal(r.badKey.code, "INVALID_API_KEY");
        assert.equal(r.badKey.status, 401);
        assert.ok(!r.badKey.json.includes(key), "the API key leaked into the error");
        const generates = r.log.filter(
          ([method, path]) => method === "POST" && path === "/v2/generate",
        );
        const expected = 1 + (Array.isArray(r.runMany) ? 2 : 0) + (r.proxy !== "missing" ? 1 : 0);
        assert.equal(generates.length, expected, "refused requests must not reach the API");
        assert.ok(
          r.log.every(([, , auth]) => auth === `Bearer ${key}`),
          "every request carries the key",
        );
      }
      if (Array.isArray(r.runMany)) {
        assert.deepEqual(r.runMany, [
          { index: 0, ok: true, status: "SUCCESS", error: null },
          { index: 1, ok: true, status: "SUCCESS", error: null },
        ]);
      }
      if (r.parseCallback !== "missing") {
        assert.equal(r.parseCallback.task_id, "n90abc");
        assert.equal(r.parseCallback.status, "SUCCESS");
        assert.equal(r.parseCallback.raw_status, "success");
        assert.deepEqual(r.parseCallback.videos, ["https://cdn.example/v.mp4"]);
        assert.equal(r.parseCallback.consumed_credits, 246);
      }
      if (r.proxy !== "missing") {
        const [okStatus, okBody] = r.proxy.ok;
        assert.equal(okStatus, 200);
        assert.equal(okBody.code, 200);
        assert.equal(okBody.data.consumed_credits, 246);
        const [overStatus, overBody] = r.proxy.over;
        assert.ok(overStatus >= 400 && overStatus < 500, `over budget answered ${overStatus}`);
        assert.match(JSON.stringify(overBody), /BUDGET_EXCEEDED/);
      }
      if (skipped.length) t.todo(`not in this build: ${skipped.join(", ")}`);
    } finally {
      await mock.stop();
    }
  });
  // The README's node:http adapter runs as written in readme-snippets.test.mjs.
});

// ---------------------------------------------------------------------------------------------

describe("TypeScript", { concurrency: true }, () => {
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  const compile = async (name, compilerOptions, files) => {
    const dir = join(app, `ts-${name}`);
    mkdirSync(dir, { recursive: true });
    for (const f of files) cpSync(join(app, f), join(dir, f));
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: "es2022",
          skipLibCheck: false,
          types: [],
          ...compilerOptions,
        },
        files,
      }),
    );
    return run(nodeBin, [tsc, "-p", dir, "--pretty", "false"], { cwd: dir });
  };

  test("tsc --strict compiles a consumer using every export, and one of the engine entry (bundler resolution, DOM)", async () => {
    const r = await compile(
      "bundler",
      { module: "esnext", moduleResolution: "bundler", lib: ["es2022", "dom"] },
      ["consumer.ts", "engine-consumer.ts"],
    );
    assert.equal(r.code, 0, r.stdout + r.stderr);
  });

  test("tsc --strict compiles the same consumers with Node's resolution (nodenext)", async () => {
    const r = await compile(
      "nodenext",
      { module: "nodenext", moduleResolution: "nodenext", lib: ["es2022", "dom"] },
      ["consumer.ts", "engine-consumer.ts"],
    );
    assert.equal(r.code, 0, r.stdout + r.stderr);
  });

  test("the declarations compile in a Node project without the DOM library (@types/node only)", async () => {
    const r = await compile(
      "node-only",
      {
        module: "nodenext",
        moduleResolution: "nodenext",
        lib: ["es2022"],
        typeRoots: [join(root, "node_modules", "@types")],
        types: ["node"],
      },
      ["node-consumer.ts"],
    );
    assert.equal(r.code, 0, r.stdout + r.stderr);
  });

  test("each @ts-expect-error line of the consumer is an error, and nothing else is", async () => {
    const lines = readFileSync(join(app, "consumer.ts"), "utf8").split("\n");
    const directives = lines.flatMap((l, i) =>
      /^\s*\/\/ @ts-expect-error\b/.test(l) ? [i + 1] : [],
    );
    assert.ok(directives.length >= 30, `only ${directives.length} @ts-expect-error lines`);
    writeFileSync(
      join(app, "stripped.ts"),
      lines.map((l) => (/^\s*\/\/ @ts-expect-error\b/.test(l) ? "" : l)).join("\n"),
    );
    const r = await compile(
      "stripped",
      { module: "esnext", moduleResolution: "bundler", lib: ["es2022", "dom"] },
      ["stripped.ts"],
    );
    assert.notEqual(r.code, 0);
    const errorLines = new Set(
      [...r.stdout.matchAll(/^stripped\.ts\((\d+),\d+\): error TS\d+/gm)].map((m) => Number(m[1])),
    );
    assert.ok(
      ![...r.stdout.matchAll(/^(\S+)\(\d+,\d+\): error/gm)].some((m) => m[1] !== "stripped.ts"),
      r.stdout,
    );
    const expected = directives.map((l) => l + 1);
    assert.deepEqual(
      [...errorLines].sort((a, b) => a - b),
      expected,
      `tsc said:\n${r.stdout}`,
    );
  });
});

// ---------------------------------------------------------------------------------------------

describe("browsers", () => {
  let browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  /** Loads a page and returns what it wrote, plus the errors the browser reported. */
  async function load(url) {
    const page = await browser.newPage();
    const problems = [];
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
    try {
      await page.goto(url);
      await page.waitForSelector("body[data-state]", { timeout: 15_000 });
      return await page
        .evaluate(() => ({
          state: document.body.dataset.state,
          credits: document.querySelector("#credits").textContent,
          usd: document.querySelector("#usd").textContent,
          models: document.querySelector("#models").textContent,
          error: document.querySelector("#error").textContent,
          problems: [],
        }))
        .then((r) => ({ ...r, problems }));
    } finally {
      await page.close();
    }
  }

  function assertShows246(r) {
    assert.equal(r.state, "done", `the page failed: ${r.error} ${r.problems.join("; ")}`);
    assert.equal(r.credits, "246");
    assert.equal(r.usd, "2.46");
    assert.equal(r.models, MODELS.join(","));
    assert.deepEqual(r.problems, []);
  }

  test("Vite (build) bundles the package; it emits no .wasm and the page fetches none (the browser entry carries its own)", async () => {
    const dir = join(app, "vite");
    cpSync(join(fixtures, "page"), dir, { recursive: true });
    rmSync(join(dir, "plain.html"));
    await assertWorksWithoutWasm(await viteBuild(dir));
    assert.deepEqual(wasmFiles(join(dir, "dist")), [], "Vite emitted a .wasm the page never loads");
  });

  /** The .wasm files under `dir`, at any depth. */
  const wasmFiles = (dir) =>
    readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith(".wasm"));

  /** The page `server` serves shows its prices, fetching no .wasm; then the server is closed. */
  async function assertWorksWithoutWasm(server) {
    try {
      assertShows246(await load(`${server.url}/`));
      assert.deepEqual(
        server.requests.filter((p) => p.endsWith(".wasm")),
        [],
        "the page fetched a .wasm",
      );
    } finally {
      await server.close();
    }
  }

  test("webpack 5 (Next.js's copy, production, unminified) bundles the package; it emits no .wasm and the page fetches none", async () => {
    const dir = join(app, "webpack");
    cpSync(join(fixtures, "page"), dir, { recursive: true });
    // webpack itself is not a dependency here; Next.js ships a complete webpack 5.
    const compiled = requireRoot("next/dist/compiled/webpack/webpack");
    const stats = await new Promise((resolve, reject) =>
      compiled.webpack(
        {
          mode: "production",
          context: dir,
          entry: "./main.js",
          output: { path: join(dir, "dist"), filename: "main.js" },
          // Next.js's copy leaves out webpack's default minifier (terser); minifying emits nothing.
          optimization: { minimize: false },
        },
        (error, result) => (error ? reject(error) : resolve(result)),
      ),
    );
    assert.ok(!stats.hasErrors(), stats.toString("errors-only"));
    assert.deepEqual(
      wasmFiles(join(dir, "dist")),
      [],
      "webpack emitted a .wasm the page never loads",
    );
    cpSync(join(dir, "index.html"), join(dir, "dist", "index.html"));
    await assertWorksWithoutWasm(await serve(join(dir, "dist")));
  });

  /** `vite build` in `dir` with no configuration; serves dist/. */
  async function viteBuild(dir) {
    await mustRun(
      nodeBin,
      [join(root, "node_modules", "vite", "bin", "vite.js"), "build", "--logLevel", "warn"],
      { cwd: dir },
    );
    return serve(join(dir, "dist"));
  }

  test("Vite's dev server with no configuration (its dependency pre-bundling moves the JS, which carries the wasm)", async () => {
    const dir = join(app, "vite-dev");
    cpSync(join(fixtures, "page"), dir, { recursive: true });
    const { createServer } = await import(pathToFileURL(requireRoot.resolve("vite")).href);
    const server = await createServer({
      root: dir,
      configFile: false,
      logLevel: "silent",
      server: { host: "127.0.0.1", port: 0, strictPort: false, hmr: false },
    });
    try {
      await server.listen();
      const url = server.resolvedUrls.local[0];
      assertShows246(await load(url));
    } finally {
      await server.close();
    }
  });

  test("esbuild (bundle): the page works with nothing copied next to the bundle, and nothing else is written", async () => {
    const dir = join(app, "esbuild");
    cpSync(join(fixtures, "page"), dir, { recursive: true });
    const dist = join(dir, "dist");
    await mustRun(
      join(root, "node_modules", ".bin", "esbuild"),
      [
        "main.js",
        "--bundle",
        "--format=esm",
        "--platform=browser",
        "--target=es2022",
        `--outfile=${join(dist, "main.js")}`,
        "--log-level=warning",
      ],
      { cwd: dir },
    );
    const bundle = readFileSync(join(dist, "main.js"), "utf8");
    assert.ok(!bundle.includes("node:fs"), "esbuild picked the Node entry for the browser");
    assert.deepEqual(readdirSync(dist), ["main.js"], "esbuild wrote a file besides the bundle");
    cpSync(join(dir, "index.html"), join(dist, "index.html"));
    await assertWorksWithoutWasm(await serve(dist));
  });

  test("seedance-wasm/engine in a browser: Vite bundles the engine alone, its wasm inside the JS", async () => {
    const dir = join(app, "vite-engine");
    cpSync(join(fixtures, "page"), dir, { recursive: true });
    rmSync(join(dir, "plain.html"));
    const main = join(dir, "main.js");
    writeFileSync(
      main,
      readFileSync(main, "utf8").replace('from "seedance-wasm"', 'from "seedance-wasm/engine"'),
    );
    const server = await viteBuild(dir);
    const wasm = readdirSync(join(dir, "dist", "assets")).filter((f) => f.endsWith(".wasm"));
    assert.deepEqual(wasm, [], "the engine entry carries its wasm: no .wasm to emit");
    try {
      assertShows246(await load(`${server.url}/`));
    } finally {
      await server.close();
    }
  });

  /** Serves the plain-ES-modules page with its import map pointing at `entry`; returns what it requested. */
  async function loadPlain(name, entry) {
    const dir = join(app, name);
    mkdirSync(dir);
    const html = readFileSync(join(fixtures, "page", "plain.html"), "utf8");
    writeFileSync(join(dir, "index.html"), html.replace("./pkg/index.js", entry));
    cpSync(join(fixtures, "page", "main.js"), join(dir, "main.js"));
    cpSync(installed, join(dir, "pkg"), { recursive: true });
    const server = await serve(dir);
    try {
      assertShows246(await load(`${server.url}/`));
      return server.requests;
    } finally {
      await server.close();
    }
  }

  test("seedance-wasm/engine as plain ES modules: one request, the entry, which carries its wasm", async () => {
    const requests = await loadPlain("plain-engine", "./pkg/engine/index.js");
    assert.deepEqual(
      requests.filter((p) => p.startsWith("/pkg/")),
      ["/pkg/engine/index.js"],
      `requests: ${requests}`,
    );
  });

  test("plain ES modules from a static server, no bundler: the browser build, not the proxy's", async () => {
    const requests = await loadPlain("plain", "./pkg/browser/index.js");
    assert.deepEqual(
      requests.filter((p) => p.startsWith("/pkg/")),
      ["/pkg/browser/index.js"],
      `one request, the entry that carries its wasm (not the proxy's full build): ${requests}`,
    );
  });
});

// ---------------------------------------------------------------------------------------------

describe("scripts/size.mjs", () => {
  const size = join(root, "scripts", "size.mjs");
  const LINE = /^size: (\S+)\s+(\d+) raw\s+(\d+) gzip\s+(\d+) brotli$/gm;
  const TOTAL =
    /^size: (\S+) total (\d+) bytes raw, (\d+) bytes gzip, (\d+) bytes brotli \(budget (\d+) gzip(: \d+ to cut)?; ceiling (\d+)(: OVER by \d+)?\)$/gm;
  test("prints each entry's browser files and totals, raw, gzip and brotli, with the budgets", async () => {
    const r = await mustRun(nodeBin, [size, "--dir", snapshot, "--limit", "100000000"]);
    const files = [...r.stdout.matchAll(LINE)].map((m) => [m[1], +m[2], +m[3], +m[4]]);
    const totals = [...r.stdout.matchAll(TOTAL)].map((m) => [
      m[1],
      +m[2],
      +m[3],
      +m[4],
      +m[5],
      +m[7],
    ]);
    assert.deepEqual(
      totals.map((t) => t[0]),
      ["seedance-wasm/engine", "seedance-wasm"],
    );
    const engine = files.slice(0, 1);
    const full = files.slice(1);
    assert.deepEqual(
      engine.map((f) => f[0]),
      ["engine/index.js"],
      "the engine entry is one bundle that carries its wasm",
    );
    assert.deepEqual(
      full.map((f) => f[0]),
      ["browser/index.js"],
      "the main browser entry is one bundle that carries the browser build's wasm",
    );
    for (const [[, raw, gzip, brotli, budget, ceiling], part] of [
      [totals[0], engine],
      [totals[1], full],
    ]) {
      assert.equal(
        raw,
        part.reduce((s, f) => s + f[1], 0),
      );
      assert.equal(
        gzip,
        part.reduce((s, f) => s + f[2], 0),
      );
      assert.equal(
        brotli,
        part.reduce((s, f) => s + f[3], 0),
      );
      assert.equal(budget, 100000000);
      assert.equal(ceiling, 100000000);
    }
    assert.ok(full[0][1] > readFileSync(join(snapshot, "browser/seedance_wasm_bg.wasm")).length);
    for (const [name, raw, gz, br] of files)
      assert.ok(
        gz > 0 && gz < raw && br > 0 && br < raw,
        `${name}: ${gz} gzip, ${br} brotli of ${raw}`,
      );
  });

  test("exits 1 with a clear message over a ceiling", async () => {
    const r = await run(nodeBin, [size, "--dir", snapshot, "--limit", "1000"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /OVER THE CEILING/);
    assert.match(
      r.stdout,
      /^size: seedance-wasm\/engine total .*\(budget 1000 gzip: \d+ to cut; ceiling 1000: OVER by \d+\)$/m,
    );
  });

  test("the budgets: 20,000 bytes gzip for the engine entry, 50,000 for the full one; ceilings not below", async () => {
    const { BUDGETED: ENTRIES, measure } = await import(pathToFileURL(size).href);
    assert.deepEqual(
      ENTRIES.map((e) => [e.name, e.budget]),
      [
        ["seedance-wasm/engine", 20_000],
        ["seedance-wasm", 50_000],
      ],
    );
    for (const e of ENTRIES.filter((e) => e.budget !== undefined))
      assert.ok(e.ceiling >= e.budget, `${e.name}: ceiling ${e.ceiling} under the budget`);
    const sizes = measure(snapshot, ENTRIES[0]);
    assert.deepEqual(
      sizes.files.map((f) => f.file),
      ["engine/index.js"],
    );
    // The one file is measured with the wasm it carries in it.
    assert.ok(sizes.raw > readFileSync(join(snapshot, "engine/seedance_wasm_bg.wasm")).length);
    assert.equal(
      sizes.gzip,
      sizes.files.reduce((s, f) => s + f.gzip, 0),
    );
  });
});
