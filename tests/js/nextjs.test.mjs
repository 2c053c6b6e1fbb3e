// A Next.js app (the `next` pinned in package.json) with the packed tarball installed, built with no
// configuration (no next.config, no serverExternalPackages) and the API key absent from the build:
// by Turbopack (a proxy route handler in the Node.js runtime and one in the Edge runtime, which
// resolves `edge-light`) and by webpack (`--webpack`, the Node.js runtime: Next.js's webpack build
// fails on any Edge route, one without this package too). Each build is served by `next start` with
// the key, and answers as the proxy (tests/js/support.mjs `checkProxy`) and a page priced on the
// server and in Chromium. The route handler is the package README's. Each build is made once.
//
// The app lives under tests/out/ so that `next` and React resolve from the repository's
// node_modules while the package comes from its tarball. KEEP_TMP=1 keeps it.

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
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { pathToFileURL } from "node:url";
import { copyBuiltPackage } from "./pkg-copy.mjs";
import { root, run } from "./scratch-app.mjs";
import { checkProxy, closedPort, launchChromium, newKey, sleep, startMock } from "./support.mjs";

const fixtures = join(root, "tests", "js", "nextjs");
const next = join(root, "node_modules", "next", "dist", "bin", "next");
const ROUTE = readFileSync(join(fixtures, "route.js"), "utf8");
const EDGE_ROUTE = `export const runtime = "edge";\n${ROUTE}`;

async function mustRun(file, args, options) {
  const r = await run(file, args, options);
  assert.equal(r.code, 0, `${file} ${args.join(" ")} failed:\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** The environment of a build: no key, nothing sent to Vercel. */
function buildEnv() {
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  delete env.SEEDANCE_API_KEY;
  delete env.SEEDANCE_BASE_URL;
  return env;
}

/** A Next.js project in `dir`: the page, and one proxy route per `routes` entry (path → source). */
function writeProject(dir, routes) {
  mkdirSync(join(dir, "app"), { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ private: true }));
  for (const file of ["layout.js", "page.js", "price.js"])
    cpSync(join(fixtures, file), join(dir, "app", file));
  for (const [path, source] of Object.entries(routes)) {
    mkdirSync(join(dir, "app", path, "[...path]"), { recursive: true });
    writeFileSync(join(dir, "app", path, "[...path]", "route.js"), source);
  }
}

/** `next start` on a free port; resolves once the page answers. `stop()` ends its process group. */
async function start(dir, env) {
  const port = await closedPort();
  const child = spawn(process.execPath, [next, "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: dir,
    env: { ...buildEnv(), ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout.on("data", (c) => {
    output += c;
  });
  child.stderr.on("data", (c) => {
    output += c;
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    process.kill(-child.pid, "SIGTERM");
    await exited;
  };
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      // not listening yet
    }
    if (i > 300 || child.exitCode !== null) {
      await stop();
      throw new Error(`next start did not serve ${url}:\n${output}`);
    }
    await sleep(100);
  }
  return { url, output: () => output, stop };
}

/** Every file a build emitted for browsers (.next/static), relative to it. */
function clientFiles(dir) {
  const staticDir = join(dir, ".next", "static");
  return readdirSync(staticDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? e.path, e.name).slice(staticDir.length + 1));
}

let tmp;
let mock;
let pkg; // the installed package's Node entry, for the client that calls the proxy
let browser;

before(async () => {
  mkdirSync(join(root, "tests", "out"), { recursive: true });
  tmp = mkdtempSync(join(root, "tests", "out", "nextjs-"));
  const snapshot = await copyBuiltPackage(join(tmp, "pkg"));
  const pack = await mustRun(
    "npm",
    ["pack", snapshot, "--pack-destination", tmp, "--json", "--ignore-scripts", "--loglevel=error"],
    { cwd: tmp },
  );
  const { filename } = JSON.parse(pack.stdout.slice(pack.stdout.indexOf("[")))[0];
  // The tarball in tmp/node_modules, above both projects; no lock file, so that Next.js takes the
  // repository (whose node_modules hold `next`) as the workspace root.
  writeFileSync(
    join(tmp, "package.json"),
    JSON.stringify({ private: true, dependencies: { "seedance-wasm": `file:./${filename}` } }),
  );
  await mustRun(
    "npm",
    [
      "install",
      "--offline",
      "--no-package-lock",
      "--no-audit",
      "--no-fund",
      "--ignore-scripts",
      "--loglevel=error",
    ],
    { cwd: tmp },
  );
  pkg = await import(pathToFileURL(join(tmp, "node_modules", "seedance-wasm", "node.js")).href);
  [mock, browser] = await Promise.all([startMock(), launchChromium()]);
});

after(async () => {
  await browser?.close();
  await mock?.stop();
  if (tmp && !process.env.KEEP_TMP) rmSync(tmp, { recursive: true, force: true });
});

test("the package README's Next.js route handler is the one built here", () => {
  const readme = readFileSync(join(root, "pkg-template", "README.md"), "utf8");
  assert.ok(readme.includes(ROUTE), "pkg-template/README.md lost the Next.js route handler");
});

const BUILDS = [
  {
    bundler: "Turbopack",
    args: [],
    routes: { "api/node": ROUTE, "api/edge": EDGE_ROUTE },
  },
  { bundler: "webpack", args: ["--webpack"], routes: { "api/node": ROUTE } },
];

for (const { bundler, args, routes } of BUILDS) {
  describe(`Next.js built by ${bundler}, with no configuration`, () => {
    let dir;
    before(async () => {
      dir = join(tmp, bundler);
      writeProject(dir, routes);
      await mustRun(process.execPath, [next, "build", ...args], {
        cwd: dir,
        env: buildEnv(),
        timeout: 600_000,
      });
    });

    test("next build emits no .wasm for browsers", () => {
      const wasm = clientFiles(dir).filter((f) => f.endsWith(".wasm"));
      assert.deepEqual(wasm, []);
    });

    test("next start serves the page, priced on the server and in the browser", async () => {
      const key = newKey("nextjs");
      await mock.control("config", { key, taskDurationMs: 100 });
      const server = await start(dir, {
        SEEDANCE_API_KEY: key,
        SEEDANCE_BASE_URL: `${mock.url}/v2`,
      });
      const page = await browser.newPage();
      const problems = [];
      page.on("pageerror", (e) => problems.push(e.message));
      try {
        const html = await (await fetch(server.url)).text();
        assert.match(html, /id="server-price">246<!-- --> credits</);
        await page.goto(server.url);
        await page.waitForFunction(
          () => document.getElementById("client-price")?.textContent !== "loading",
          null,
          { timeout: 20_000 },
        );
        assert.equal(await page.textContent("#client-price"), "246 credits");
        assert.deepEqual(problems, []);
      } finally {
        await page.close();
        await server.stop();
      }
    });

    for (const path of Object.keys(routes)) {
      test(`the route handler in ${path} is the proxy, its key read at the first request`, async () => {
        const key = newKey("nextjs");
        await mock.control("config", { key, taskDurationMs: 100 });
        // A server per key: the handler reads the key once, at its first request.
        const own = await start(dir, {
          SEEDANCE_API_KEY: key,
          SEEDANCE_BASE_URL: `${mock.url}/v2`,
        });
        try {
          await checkProxy(`${own.url}/${path}`, { mock, key, pkg, output: own.output });
        } finally {
          await own.stop();
        }
      });
    }
  });
}
