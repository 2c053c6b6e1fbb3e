// Deno and Bun (installed from npm by scripts/setup.sh), each with the npm-packed tarball
// installed into a scratch app as their users would: check and price (Mini 8 s 720p = 246
// credits), the proxy handler passed directly to `Deno.serve` / `Bun.serve({ fetch })`, clients
// through the proxy and straight against the mock API. Deno runs with the permissions the README
// documents and no more. Cloudflare Workers (workerd, bundled as wrangler would): a client Worker
// here; the README's own proxy Worker runs in readme-snippets.test.mjs.

import assert from "node:assert/strict";
import { cpSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { gzipSync } from "node:zlib";
import { bins, root, run, scratchApp } from "./scratch-app.mjs";
import { newKey, startMock } from "./support.mjs";
import { startWorker } from "./workerd.mjs";

const fixtures = join(root, "tests", "js", "runtimes");
let scratch;
let mock;

before(async () => {
  [scratch, mock] = await Promise.all([scratchApp("runtimes"), startMock()]);
  for (const file of ["user-app.mjs", "before-init.mjs", "engine-no-permissions.mjs"])
    cpSync(join(fixtures, file), join(scratch.app, file));
});

after(async () => {
  await mock?.stop();
  scratch?.remove();
});

/** The `deno run` permissions the package README documents for a server, read from it. */
function documentedDenoPermissions() {
  const readme = readFileSync(join(scratch.installed, "README.md"), "utf8");
  const line = /^\/\/ deno run ((?:--allow-[a-z]+(?:=\S+)? )+)\S+$/m.exec(readme);
  assert.ok(line, "the package README documents no `deno run --allow-…` line");
  return line[1].trim().split(" ");
}

/** Runs the user app under a runtime and checks what it printed, and what reached the mock. */
async function checkUserApp(command) {
  const key = newKey("runtime");
  await mock.control("config", { key, taskDurationMs: 100 });
  const r = await run(command[0], [...command.slice(1), "user-app.mjs"], {
    cwd: scratch.app,
    env: { SEEDANCE_API_KEY: key, SEEDANCE_BASE_URL: `${mock.url}/v2`, NO_COLOR: "1" },
  });
  assert.equal(r.code, 0, `${command.join(" ")} failed:\n${r.stdout}\n${r.stderr}`);
  const out = JSON.parse(r.stdout.trim().split("\n").at(-1));
  assert.equal(out.handlerLength, 1, "the proxy handler must take exactly one parameter");
  assert.deepEqual([out.ok, out.credits, out.usd, out.estimate], [true, 246, 2.46, 480]);
  assert.equal(out.invalid.status, 400);
  assert.equal(out.invalid.body.code, 400);
  assert.equal(out.invalid.body.error.code, "INVALID_PROMPT");
  assert.equal(out.invalid.body.data, null);
  assert.deepEqual(out.viaProxy, { status: "SUCCESS", credits: 246, videos: 1 });
  assert.deepEqual(out.direct, { status: "SUCCESS", credits: 72 });
  const log = await mock.log(key);
  const generates = log.filter((l) => l.path === "/v2/generate");
  assert.equal(generates.length, 2, "the invalid request must not reach the API");
  assert.ok(
    log.every((l) => l.authorization === `Bearer ${key}`),
    "only the server's key may reach the API",
  );
  return out;
}

describe("Deno", () => {
  test("validates, prices, serves Deno.serve(handler) and runs clients, with the README's permissions", async () => {
    const out = await checkUserApp([bins.deno, "run", ...documentedDenoPermissions()]);
    assert.match(out.runtime, /^deno 2\./);
  });

  test("the browser entry: NOT_INITIALIZED before init(), then init() with no argument and no permission (the wasm is in the entry)", async () => {
    const r = await run(bins.deno, ["run", "--no-prompt", "before-init.mjs"], {
      cwd: scratch.app,
      env: { NO_COLOR: "1" },
    });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const out = JSON.parse(r.stdout.trim());
    assert.equal(out.early.thrown, true);
    assert.equal(out.early.seedance, true);
    assert.equal(out.early.code, "NOT_INITIALIZED");
    assert.match(out.early.message, /await init\(\)/);
    assert.equal(out.credits, 246);
  });

  test("seedance-wasm/engine by path: init() needs no permission (its wasm is in the entry)", async () => {
    const r = await run(bins.deno, ["run", "--no-prompt", "engine-no-permissions.mjs"], {
      cwd: scratch.app,
      env: { NO_COLOR: "1" },
    });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(JSON.parse(r.stdout.trim()).credits, 246);
  });
});

describe("Bun", () => {
  test("validates, prices, serves Bun.serve({ fetch: handler }) and runs clients", async () => {
    const out = await checkUserApp([bins.bun, "run"]);
    assert.match(out.runtime, /^bun 1\./);
  });

  test("the browser entry: NOT_INITIALIZED before init(), then init() with no argument", async () => {
    const r = await run(bins.bun, ["run", "before-init.mjs"], { cwd: scratch.app });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const out = JSON.parse(r.stdout.trim());
    assert.deepEqual([out.early.code, out.credits], ["NOT_INITIALIZED", 246]);
  });
});

describe("Cloudflare Workers (workerd)", () => {
  test("a Worker that imports only seedance-wasm/engine uploads the engine's wasm, not the full build's, and answers", async () => {
    cpSync(join(fixtures, "engine-worker.mjs"), join(scratch.app, "engine-worker.mjs"));
    const dir = join(scratch.tmp, "engine-worker");
    const worker = await startWorker(join(scratch.app, "engine-worker.mjs"), dir);
    try {
      const res = await fetch(worker.url);
      const text = await res.text();
      assert.equal(res.status, 200, `${text}\n${worker.output()}`);
      assert.deepEqual(JSON.parse(text), { credits: 246, estimate: 480, models: 3 });
    } finally {
      await worker.stop();
    }
    // What wrangler uploads: the bundle and each wasm module (its "gzip" figure is of them all).
    const modules = readdirSync(dir).filter((f) => f === "worker.mjs" || f.endsWith(".wasm"));
    assert.deepEqual(modules.sort(), ["seedance_wasm_bg.wasm", "worker.mjs"]);
    const engineWasm = readFileSync(join(scratch.installed, "engine", "seedance_wasm_bg.wasm"));
    assert.ok(
      readFileSync(join(dir, "seedance_wasm_bg.wasm")).equals(engineWasm),
      "the Worker uploads another wasm than the engine's",
    );
    const upload = gzipSync(Buffer.concat(modules.map((f) => readFileSync(join(dir, f)))), {
      level: 9,
    }).length;
    const full = gzipSync(readFileSync(join(scratch.installed, "seedance_wasm_bg.wasm")), {
      level: 9,
    }).length;
    assert.ok(upload < 20_000, `the engine Worker uploads ${upload} B gzip`);
    assert.ok(upload < full / 2, `${upload} B gzip, the full build's wasm alone ${full} B`);
  });

  test("a Worker prices and runs a client against the mock API; init() without an argument works there", async () => {
    const key = newKey("workerd");
    await mock.control("config", { key, taskDurationMs: 100 });
    cpSync(join(fixtures, "client-worker.mjs"), join(scratch.app, "client-worker.mjs"));
    const worker = await startWorker(
      join(scratch.app, "client-worker.mjs"),
      join(scratch.tmp, "client-worker"),
      {
        SEEDANCE_API_KEY: key,
        SEEDANCE_BASE_URL: `${mock.url}/v2`,
      },
    );
    try {
      const res = await fetch(worker.url);
      const text = await res.text();
      assert.equal(res.status, 200, `${text}\n${worker.output()}`);
      assert.deepEqual(JSON.parse(text), {
        credits: 246,
        estimate: 480,
        status: "SUCCESS",
        consumed: 246,
        videos: 1,
      });
      const log = await mock.log(key);
      assert.ok(log.length >= 2 && log.every((l) => l.authorization === `Bearer ${key}`));
    } finally {
      await worker.stop();
    }
  });
});
