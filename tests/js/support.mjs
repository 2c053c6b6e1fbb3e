// Shared by the Node tests of tests/js/: the built package (waiting while another build rewrites
// pkg/), the mock API as a child process (killed by its own pid), its control endpoints, and
// small helpers. Loopback only.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import http from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * Debian's headless Chromium as every page test here starts it (no background traffic: the
 * machine has no network but loopback); `extraArgs` adds flags such as an autoplay policy.
 */
export async function launchChromium(extraArgs = []) {
  const { chromium } = await import("playwright-core");
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      ...extraArgs,
    ],
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * The demo server (`make demo`, with its mock API) and a Chromium that plays videos without a
 * gesture, for a page test: `{ url, browser, control(endpoint, body), close() }`, where `control`
 * posts to the mock's /__mock/ endpoints under the demo's key.
 */
export async function startDemoInChromium() {
  const { startDemoServer } = await import("../../www/server.mjs");
  const demo = await startDemoServer({ port: 0 });
  const browser = await launchChromium(["--autoplay-policy=no-user-gesture-required"]);
  return {
    url: demo.url,
    browser,
    async control(endpoint, body = {}) {
      const res = await fetch(new URL(`/__mock/${endpoint}`, demo.url), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ key: "demo", ...body }),
      });
      const json = await res.json();
      assert.equal(json.ok, true, `/__mock/${endpoint}: ${json.error}`);
      return json;
    },
    async close() {
      await browser.close();
      await demo.close();
    },
  };
}

/** A fresh key: each test gets its own namespace in the mock. */
export const newKey = (tag) => `${tag}-${randomUUID()}`;

const PKG = fileURLToPath(new URL("../../pkg/", import.meta.url));
const PKG_FILES = [
  "package.json",
  "index.js",
  "node.js",
  "seedance_wasm.js",
  "seedance_wasm_bg.wasm",
];

/** Imports pkg/node.js; while pkg/ is being rebuilt (briefly missing or half written), retries. */
export async function loadPackage({ timeoutMs = 120_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      if (PKG_FILES.every((f) => existsSync(PKG + f))) {
        // A query string per attempt: a failed import is cached by URL.
        const mod = await import(`${pathToFileURL(`${PKG}node.js`).href}?attempt=${attempt}`);
        if (
          typeof mod.createProxyHandler === "function" &&
          typeof mod.SeedanceClient === "function"
        )
          return mod;
      }
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline)
      throw new Error("pkg/ is missing or incomplete: build it with `bash scripts/build.sh`");
    await sleep(1000);
  }
}

const MOCK_SERVER = fileURLToPath(new URL("../mock-api/server.mjs", import.meta.url));

/**
 * Starts `node tests/mock-api/server.mjs --port 0`; resolves with `{ url, pid, control, log,
 * tasks, stop }` once it printed its ready line.
 */
export async function startMock() {
  const child = spawn(process.execPath, [MOCK_SERVER, "--port", "0"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the mock did not start: ${JSON.stringify(out)}`)),
      15_000,
    );
    child.once("error", reject);
    child.once("exit", (code) =>
      reject(new Error(`the mock exited with ${code}: ${JSON.stringify(out)}`)),
    );
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const m = /mock-api listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });
  child.removeAllListeners("exit");
  child.stdout.resume();
  // Should this process die before the `after` hook runs, the mock must not outlive it.
  const killOnExit = () => {
    try {
      process.kill(child.pid, "SIGTERM");
    } catch {
      /* already gone */
    }
  };
  process.once("exit", killOnExit);

  async function control(endpoint, body) {
    const res = await fetch(`${url}/__mock/${endpoint}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const json = await res.json();
    assert.equal(json.ok, true, `/__mock/${endpoint}: ${json.error}`);
    return json;
  }

  return {
    url,
    pid: child.pid,
    control,
    /** The requests the mock received for `key` (`[]` when none). */
    log: async (key) => (await control("log", { key })).requests,
    /** The tasks the mock holds for `key`. */
    tasks: async (key) => (await control("tasks", { key })).tasks,
    stop: async () => {
      process.off("exit", killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      process.kill(child.pid, "SIGTERM");
      await exited;
    },
  };
}

/**
 * Checks that the server at `url` (whose log so far is `output()`) is the proxy in front of `mock`
 * with the server-side `key`: `{"prompt":""}` answered 400 in the API's envelope with nothing sent
 * upstream, and a client run through it (`pkg`: the package's Node entry) reaching the API once,
 * with the server's key only.
 */
export async function checkProxy(url, { mock, key, pkg, output }) {
  let invalid;
  for (let i = 0; !invalid; i++) {
    try {
      invalid = await fetch(`${url}/generate`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "Bearer from-the-browser" },
        body: JSON.stringify({ prompt: "" }),
      });
    } catch (error) {
      if (i > 150) throw new Error(`nothing answers at ${url}: ${error.message}\n${output()}`);
      await sleep(100);
    }
  }
  const body = await invalid.json();
  assert.equal(invalid.status, 400, JSON.stringify(body));
  assert.deepEqual([body.code, body.error?.code, body.data], [400, "INVALID_PROMPT", null]);
  assert.deepEqual(await mock.log(key), [], "an invalid request reached the API");
  const client = new pkg.SeedanceClient({
    baseUrl: url,
    headers: { authorization: "Bearer from-the-browser" },
  });
  const status = await client.run(
    { prompt: "A red fox runs through snow", model: "seedance-2-mini", duration: 8 },
    { pollIntervalMs: 50, maxPollIntervalMs: 100, timeoutMs: 20_000 },
  );
  assert.deepEqual([status.status, status.consumed_credits], ["SUCCESS", 246]);
  const log = await mock.log(key);
  assert.equal(log.filter((l) => l.path === "/v2/generate").length, 1);
  assert.ok(
    log.every((l) => l.authorization === `Bearer ${key}`),
    "only the server's key may reach the API",
  );
}

/**
 * A plain-text table (the fault and hostile-server matrices print one): `cols` is a list of
 * `[key, heading]`, `isNumeric(i)` says which columns are right-aligned.
 */
export function textTable(cols, rows, isNumeric = () => false) {
  const width = cols.map(([k, h]) => Math.max(h.length, ...rows.map((r) => String(r[k]).length)));
  const line = (cells) =>
    cells
      .map((c, i) => (isNumeric(i) ? String(c).padStart(width[i]) : String(c).padEnd(width[i])))
      .join("  ")
      .trimEnd();
  return [
    line(cols.map(([, h]) => h)),
    line(width.map((w) => "-".repeat(w))),
    ...rows.map((r) => line(cols.map(([k]) => r[k]))),
  ].join("\n");
}

/** A closed loopback port: listen on port 0, note the port, close. */
export async function closedPort() {
  const net = await import("node:net");
  const server = net.createServer();
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".css": "text/css",
  ".map": "application/json",
};

/**
 * A static file server on 127.0.0.1 for `dir`; `hide` (anything with a `test(path)` method, such as
 * a RegExp) answers 404 for paths it matches. `requests` lists the paths asked for.
 */
export async function serve(dir, { hide } = {}) {
  const requests = [];
  const server = http.createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    requests.push(path);
    const file = normalize(join(dir, path.endsWith("/") ? `${path}index.html` : path));
    if (!file.startsWith(dir + sep) || hide?.test(path) || !existsSync(file)) {
      res.writeHead(404, { "Content-Type": "text/plain" }).end("not found");
      return;
    }
    const body = readFileSync(file);
    res.writeHead(200, {
      "Content-Type": MIME[extname(file)] ?? "application/octet-stream",
      "Content-Length": body.length,
    });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}
