// The browser entries, `seedance-wasm/engine` (pkg/engine/index.js) and `seedance-wasm`
// (pkg/browser/index.js), where they are used: a page and a module Web Worker in headless Chromium,
// and a page in headless Firefox (through geckodriver's WebDriver, as Playwright drives only its own
// Firefox). Each entry carries its wasm and instantiates it itself (pkg-template/wasm-loader.js), so
// each must: throw NOT_INITIALIZED before init(), load with no request but the entry's one file, and
// answer every bench request (and a few bad inputs) exactly as the Node entry does; in Chromium also
// under a page's Content-Security-Policy (a refused compile rejects init(), never half loads) and a
// page's replaced btoa. Needs a built pkg/ (`make build`) and the browsers of
// `scripts/setup.sh --browsers`.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { REQUESTS } from "../../bench/requests.mjs";
import { copyBuiltPackage } from "./pkg-copy.mjs";
import { closedPort, launchChromium, loadPackage, serve, sleep } from "./support.mjs";

const CASES = [
  ...REQUESTS.map(([, r]) => r),
  null,
  "text",
  { prompt: 3 },
  { prompt: "x".repeat(3000) },
];

/** The entries, by the file a browser imports. */
const ENTRIES = ["/pkg/engine/index.js", "/pkg/browser/index.js"];

/** What index.html and worker.js run: an entry's answers, and what it threw before init(). */
const RUN = `
  const CASES = ${JSON.stringify(CASES)};
  async function runEngine(entry) {
    const engine = await import(entry);
    let early = "no error";
    try {
      engine.validateRequest({ prompt: "x" });
    } catch (error) {
      early = error.code;
    }
    await engine.init();
    return { early, answers: CASES.map((r) => engine.validateRequest(r)) };
  }`;

/**
 * What csp.js runs: init() twice (a refusal must reject with INIT_FAILED naming the CSP source to
 * allow, and again on retry, never hang) and a call after each, whose error code must stay
 * NOT_INITIALIZED while nothing is loaded.
 */
const CSP_RUN = `
  const out = [];
  const engine = await import(new URLSearchParams(location.search).get("entry"));
  for (let i = 0; i < 2; i++) {
    const loaded = await engine.init().then(
      () => "loaded",
      (error) =>
        engine.isSeedanceError(error) && error.message.endsWith(". Allow 'wasm-unsafe-eval' in the page's Content-Security-Policy, then call it again.")
          ? error.code + " " + error.cause?.name
          : String(error),
    );
    let call;
    try {
      call = engine.validateRequest({ prompt: "x" }).ok;
    } catch (error) {
      call = error.code ?? error.name;
    }
    out.push([loaded, call]);
  }
  window.result = JSON.stringify(out);`;

let dir;
let server;
let expected;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "browser-entries-"));
  await copyBuiltPackage(join(dir, "pkg"));
  writeFileSync(
    join(dir, "index.html"),
    `<!doctype html><title>entry</title><script type="module">${RUN}
    runEngine(new URLSearchParams(location.search).get("entry")).then(
      (r) => { window.result = JSON.stringify(r); },
      (e) => { window.result = JSON.stringify({ error: String(e) }); },
    );
    </script>`,
  );
  writeFileSync(
    join(dir, "worker.js"),
    `${RUN}
    runEngine(new URLSearchParams(location.search).get("entry")).then((r) => postMessage(JSON.stringify(r)), (e) => postMessage(JSON.stringify({ error: String(e) })));`,
  );
  // A page under a Content-Security-Policy (a meta tag; inline scripts are refused, hence csp.js).
  for (const [name, policy] of [
    ["csp-wasm", "script-src 'self' 'wasm-unsafe-eval'"],
    ["csp", "script-src 'self'"],
  ])
    writeFileSync(
      join(dir, `${name}.html`),
      `<!doctype html><meta http-equiv="Content-Security-Policy" content="${policy}">
      <script type="module" src="/csp.js"></script>`,
    );
  writeFileSync(join(dir, "csp.js"), CSP_RUN);
  server = await serve(dir);
  const node = await loadPackage();
  expected = JSON.parse(JSON.stringify(CASES.map((r) => node.validateRequest(r))));
});
after(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Checks one run of `entry`; `requests` are the server's paths asked for during it. */
function assertEntryRan(entry, result, requests, where) {
  assert.equal(result.error, undefined, `${where}: ${result.error}`);
  assert.equal(result.early, "NOT_INITIALIZED", where);
  assert.deepEqual(result.answers, expected, `${where}: answers differ from the Node entry's`);
  assert.deepEqual(
    requests.filter((p) => p.startsWith("/pkg/")),
    [entry],
    `${where}: requests ${requests}`,
  );
}

describe("headless Chromium", () => {
  let browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => browser?.close());

  for (const entry of ENTRIES) {
    test(`${entry} in a page: NOT_INITIALIZED, then one request and the Node entry's answers`, async () => {
      const page = await browser.newPage();
      const from = server.requests.length;
      await page.goto(`${server.url}/?entry=${entry}`);
      await page.waitForFunction(() => window.result !== undefined, null, { timeout: 30_000 });
      const result = JSON.parse(await page.evaluate(() => window.result));
      assertEntryRan(entry, result, server.requests.slice(from), "Chromium page");
      await page.close();
    });

    test(`${entry} under a CSP: loads with 'wasm-unsafe-eval'; without, init() rejects with INIT_FAILED saying to allow it, and calls throw NOT_INITIALIZED`, async () => {
      const page = await browser.newPage();
      for (const [name, expected] of [
        [
          "csp-wasm",
          [
            ["loaded", true],
            ["loaded", true],
          ],
        ],
        [
          "csp",
          [
            ["INIT_FAILED CompileError", "NOT_INITIALIZED"],
            ["INIT_FAILED CompileError", "NOT_INITIALIZED"],
          ],
        ],
      ]) {
        await page.goto(`${server.url}/${name}.html?entry=${entry}`);
        await page.waitForFunction(() => window.result !== undefined, null, { timeout: 30_000 });
        assert.deepEqual(JSON.parse(await page.evaluate(() => window.result)), expected, name);
      }
      await page.close();
    });

    test(`${entry} in a page: init(url) of a 404, a closed port, bytes that are no wasm or the other entry's wasm rejects with INIT_FAILED saying what to do; then its own wasm loads`, async () => {
      const page = await browser.newPage();
      await page.goto(`${server.url}/pkg/`);
      const port = await closedPort();
      const other = entry.includes("engine") ? "browser" : "engine";
      const out = await page.evaluate(
        async ([entry, other, port]) => {
          const engine = await import(entry);
          const own = entry.replace("index.js", "seedance_wasm_bg.wasm");
          const results = [];
          for (const source of [
            "/pkg/missing.wasm",
            `http://127.0.0.1:${port}/x.wasm`,
            "/pkg/engine/index.js",
            `/pkg/${other}/seedance_wasm_bg.wasm`,
            own,
          ]) {
            const loaded = await engine.init(source).then(
              () => "loaded",
              (e) => [engine.isSeedanceError(e), e.code, e.message, e.cause?.name],
            );
            let call;
            try {
              call = engine.validateRequest({ prompt: "x" }).ok;
            } catch (error) {
              call = error.code;
            }
            results.push([loaded, call]);
          }
          return results;
        },
        [entry, other, port],
      );
      const fetchAdvice = /\. Check the URL: give init\(\) this entry's own seedance_wasm_bg\.wasm/;
      for (const [[loaded, call], advice] of [
        [out[0], fetchAdvice],
        [out[1], fetchAdvice],
        [out[2], /\. Not WebAssembly: give init\(\)/],
        [out[3], /\. Another build's wasm: give init\(\)/],
      ]) {
        assert.deepEqual(loaded.slice(0, 2), [true, "INIT_FAILED"], JSON.stringify(loaded));
        assert.match(loaded[2], advice);
        assert.match(
          loaded[2],
          /this entry's own seedance_wasm_bg\.wasm or no argument, then call it again\.$/,
        );
        assert.equal(call, "NOT_INITIALIZED");
      }
      assert.match(out[0][0][2], /404/);
      assert.deepEqual(out[4], ["loaded", true]);
      await page.close();
    });

    test(`${entry} in a page whose btoa another script replaced (UTF-8 first): the same answers`, async () => {
      const page = await browser.newPage();
      await page.addInitScript(() => {
        const native = window.btoa;
        window.btoa = (text) => native(unescape(encodeURIComponent(text)));
      });
      await page.goto(`${server.url}/?entry=${entry}`);
      await page.waitForFunction(() => window.result !== undefined, null, { timeout: 30_000 });
      const result = JSON.parse(await page.evaluate(() => window.result));
      assert.equal(result.error, undefined, result.error);
      assert.deepEqual(result.answers, expected);
      await page.close();
    });

    test(`${entry} in a module Web Worker: the same`, async () => {
      const page = await browser.newPage();
      await page.goto(`${server.url}/pkg/`); // any same-origin page (a 404 is enough)
      const from = server.requests.length;
      const result = JSON.parse(
        await page.evaluate(
          (entry) =>
            new Promise((resolve) => {
              const worker = new Worker(`/worker.js?entry=${entry}`, { type: "module" });
              worker.onmessage = (m) => resolve(m.data);
              worker.onerror = (e) => resolve(JSON.stringify({ error: e.message }));
            }),
          entry,
        ),
      );
      assertEntryRan(
        entry,
        result,
        server.requests.slice(from).filter((p) => p !== "/worker.js"),
        "Chromium worker",
      );
      await page.close();
    });
  }
});

describe("headless Firefox (geckodriver)", () => {
  let driver;
  let session;
  /** One WebDriver command; resolves with its `value`. */
  async function command(method, path, body) {
    const response = await fetch(`${driver.url}${path}`, {
      method,
      headers: { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const { value } = await response.json();
    if (!response.ok) throw new Error(`WebDriver ${method} ${path}: ${JSON.stringify(value)}`);
    return value;
  }
  before(async () => {
    const port = await closedPort();
    const child = spawn(process.env.GECKODRIVER || "geckodriver", ["--port", String(port)], {
      stdio: "ignore",
    });
    driver = { url: `http://127.0.0.1:${port}`, child };
    for (let i = 0; ; i++) {
      try {
        await fetch(`${driver.url}/status`);
        break;
      } catch (error) {
        if (i > 100) throw error;
        await sleep(100);
      }
    }
    session = (
      await command("POST", "/session", {
        capabilities: { alwaysMatch: { "moz:firefoxOptions": { args: ["-headless"] } } },
      })
    ).sessionId;
  });
  after(async () => {
    if (session) await command("DELETE", `/session/${session}`).catch(() => {});
    driver?.child.kill();
  });

  for (const entry of ENTRIES) {
    test(`${entry} in a page: NOT_INITIALIZED, then one request and the Node entry's answers`, async () => {
      const from = server.requests.length;
      await command("POST", `/session/${session}/url`, { url: `${server.url}/?entry=${entry}` });
      let text = null;
      for (let i = 0; text === null && i < 300; i++) {
        text = await command("POST", `/session/${session}/execute/sync`, {
          script: "return window.result ?? null;",
          args: [],
        });
        if (text === null) await sleep(100);
      }
      assert.ok(text, "Firefox: the page gave no result in 30 s");
      assertEntryRan(entry, JSON.parse(text), server.requests.slice(from), "Firefox page");
    });
  }
});
