// createProxyHandler from the `browser` entry of seedance-wasm, in headless Chromium, against the
// mock API on loopback. That entry's wasm leaves the proxy's request handling out (scripts/build.sh,
// pkg/browser/) and loads the full build when a handler is first called (pkg-template/browser.js):
// the options are still checked at once with the same coded errors as in Node, the handler answers
// as Node's does, the full build is fetched only on a handler's first call and only once, and a
// build that cannot be fetched is a 503 in the API's envelope, retried on the next request.
// Needs a built pkg/ (`make build`).

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { copyBuiltPackage } from "./pkg-copy.mjs";
import { launchChromium, loadPackage, newKey, serve, startMock } from "./support.mjs";

const execFileAsync = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));
const FULL_BUILD = ["/pkg/seedance_wasm_bg.wasm", "/pkg/seedance_wasm.js"];

let dir;
let server;
let mock;
let browser;
let node;
/** Paths the static server answers 404 for (the full build's wasm in the failure test). */
const hidden = new Set();

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "browser-proxy-"));
  await copyBuiltPackage(join(dir, "pkg"));
  writeFileSync(join(dir, "index.html"), "<!doctype html><title>proxy in a page</title>");
  server = await serve(dir, { hide: { test: (path) => hidden.has(path) } });
  mock = await startMock();
  browser = await launchChromium();
  node = await loadPackage();
});
after(async () => {
  await browser?.close();
  await mock?.stop();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A fresh page with the browser entry imported and initialised as `window.entry`. */
async function openPage() {
  const page = await browser.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(`${server.url}/`);
  await page.evaluate(async () => {
    window.unhandled = [];
    window.addEventListener("unhandledrejection", (e) => window.unhandled.push(String(e.reason)));
    window.entry = await import("/pkg/browser/index.js");
    await window.entry.init();
  });
  return { page, problems };
}

/** What createProxyHandler(options) throws, as plain data (null when it returns). */
function thrownBy(create, options) {
  try {
    create(options);
    return null;
  } catch (e) {
    return { name: e.name, code: e.code, message: e.message };
  }
}

const BAD_OPTIONS = [
  undefined,
  {},
  { apiKey: "  " },
  { apiKey: "k", models: "seedance-2.0" },
  { apiKey: "k", maxCredits: -1 },
  { apiKey: "k", maxBodyBytes: "big" },
  { apiKey: "k", timeoutMs: -1 },
  { apiKey: "k", fetch: "not a function" },
  { apiKey: "k", forwardUnknownFields: "yes" },
];

/** The requests sent through both handlers: a refusal, a budget refusal, a status and a generate. */
const CALLS = [
  { method: "POST", path: "/api/generate", body: { prompt: "", duration: 7 } },
  { method: "POST", path: "/api/generate", body: { prompt: "a cat", duration: 10 } },
  { method: "GET", path: "/api/status?task_id=no-such-task" },
  { method: "DELETE", path: "/api/generate" },
  { method: "POST", path: "/api/generate", body: { prompt: "a cat", duration: 5 } },
];

/** In the page: sends CALLS through `window.handler`; the answers as { status, body }. */
function sendInPage(calls) {
  return Promise.all(
    calls.map(async ({ method, path, body }) => {
      const request = new Request(new URL(path, location.href), {
        method,
        headers: { "content-type": "application/json", authorization: "Bearer browser-key" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const response = await window.handler(request);
      return { status: response.status, body: await response.json() };
    }),
  );
}

/** A forwarded generate's task id differs between runs; everything else must be equal. */
const comparable = (answers) =>
  answers.map((a) =>
    a.body?.data?.task_id ? { ...a, body: { ...a.body, data: { task_id: "…" } } } : a,
  );

describe("createProxyHandler from the browser entry, in Chromium", () => {
  test("refuses bad options synchronously with the same coded errors as in Node", async () => {
    const { page, problems } = await openPage();
    try {
      const inPage = await page.evaluate(
        ([thrownBySource, list]) => {
          const thrown = new Function(`return ${thrownBySource}`)();
          return list.map((o) => thrown(window.entry.createProxyHandler, o ?? undefined));
        },
        [thrownBy.toString(), BAD_OPTIONS.map((o) => o ?? null)],
      );
      const inNode = BAD_OPTIONS.map((o) => thrownBy(node.createProxyHandler, o ?? undefined));
      for (const t of inNode) assert.ok(t?.code, `Node accepted bad options: ${JSON.stringify(t)}`);
      assert.deepEqual(inPage, inNode);
      assert.deepEqual(
        server.requests.filter((p) => FULL_BUILD.includes(p)),
        [],
        "checking options fetched the full build",
      );
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });

  test("fetches the full build only on a handler's first call, once, and answers as in Node", async () => {
    const key = newKey("browser-proxy");
    const options = { apiKey: key, upstream: `${mock.url}/v2`, maxCredits: 300 };
    const { page, problems } = await openPage();
    try {
      const before = server.requests.length;
      const length = await page.evaluate((o) => {
        window.handler = window.entry.createProxyHandler(o);
        window.other = window.entry.createProxyHandler(o);
        // Made from the options as they were: a change before the first call is not seen.
        o.maxCredits = 1_000_000;
        o.upstream = "http://127.0.0.1:9/v2";
        return window.handler.length;
      }, options);
      assert.equal(length, 1);
      assert.deepEqual(
        server.requests.slice(before).filter((p) => FULL_BUILD.includes(p)),
        [],
        "creating a handler fetched the full build",
      );
      const inPage = await page.evaluate(sendInPage, CALLS);
      await page.evaluate(async () => {
        window.handler = window.other; // a second handler: the build is not fetched again
        await window.handler(new Request(new URL("/api/nowhere", location.href)));
      });
      const fetched = server.requests.slice(before).filter((p) => FULL_BUILD.includes(p));
      assert.deepEqual(fetched.sort(), [...FULL_BUILD].sort(), "the full build, fetched once");

      const handler = node.createProxyHandler(options);
      const inNode = [];
      for (const { method, path, body } of CALLS) {
        const response = await handler(
          new Request(new URL(path, server.url), {
            method,
            headers: { "content-type": "application/json", authorization: "Bearer browser-key" },
            body: body === undefined ? undefined : JSON.stringify(body),
          }),
        );
        inNode.push({ status: response.status, body: await response.json() });
      }
      assert.equal(inPage[0].status, 400);
      assert.equal(inPage[3].status, 405);
      assert.deepEqual(comparable(inPage), comparable(inNode));
      assert.ok(inPage[4].body.data.task_id, `no task id in ${JSON.stringify(inPage[4])}`);
      const sent = await mock.log(key);
      assert.ok(
        sent.every((r) => !JSON.stringify(r).includes("browser-key")),
        "the browser's Authorization went upstream",
      );
      assert.deepEqual(problems, []);
      assert.deepEqual(await page.evaluate(() => window.unhandled), []);
    } finally {
      await page.close();
    }
  });

  test("a full build that cannot be fetched is a 503 envelope, and the next request retries", async () => {
    const key = newKey("browser-proxy-fail");
    const { page, problems } = await openPage();
    hidden.add(FULL_BUILD[0]);
    try {
      await page.evaluate(
        (o) => {
          window.handler = window.entry.createProxyHandler(o);
        },
        { apiKey: key, upstream: `${mock.url}/v2` },
      );
      const [failed] = await page.evaluate(sendInPage, [CALLS[0]]);
      assert.equal(failed.status, 503);
      assert.equal(failed.body.code, 503);
      assert.equal(failed.body.error.code, "NETWORK_ERROR");
      assert.equal(failed.body.data, null);
      hidden.clear();
      const [retried] = await page.evaluate(sendInPage, [CALLS[0]]);
      assert.equal(retried.status, 400);
      assert.equal(retried.body.error.code, "INVALID_PROMPT");
      assert.deepEqual(problems, []);
      assert.deepEqual(await page.evaluate(() => window.unhandled), []);
    } finally {
      hidden.clear();
      await page.close();
    }
  });

  test("bundled by esbuild, with the full build's wasm copied next to the bundle (as the package README says), a handler answers; without it, 503", async () => {
    const app = join(dir, "esbuild-app");
    mkdirSync(app);
    writeFileSync(
      join(app, "main.js"),
      `import * as entry from "../pkg/browser/index.js";
      window.entry = entry;`,
    );
    await execFileAsync(
      join(root, "node_modules", ".bin", "esbuild"),
      ["main.js", "--bundle", "--format=esm", "--outfile=dist/main.js", "--log-level=warning"],
      { cwd: app },
    );
    writeFileSync(
      join(app, "dist", "index.html"),
      '<!doctype html><script type="module" src="main.js"></script>',
    );
    const answers = {};
    for (const copied of [false, true]) {
      if (copied)
        copyFileSync(
          join(dir, "pkg", "seedance_wasm_bg.wasm"),
          join(app, "dist", "seedance_wasm_bg.wasm"),
        );
      const site = await serve(join(app, "dist"));
      const page = await browser.newPage();
      try {
        await page.goto(`${site.url}/`);
        await page.waitForFunction(() => window.entry !== undefined);
        await page.evaluate(
          async (o) => {
            await window.entry.init();
            window.handler = window.entry.createProxyHandler(o);
          },
          { apiKey: newKey("esbuild-proxy"), upstream: `${mock.url}/v2` },
        );
        const [answer] = await page.evaluate(sendInPage, [CALLS[0]]);
        answers[copied] = [answer.status, answer.body.error?.code];
      } finally {
        await page.close();
        await site.close();
      }
    }
    assert.deepEqual(answers[false], [503, "NETWORK_ERROR"], "without the full build's wasm");
    assert.deepEqual(answers[true], [400, "INVALID_PROMPT"], "with it copied next to the bundle");
  });
});
