// Every code block of README.md and of the package READMEs, English and Chinese (as packed), whose
// info string names a runtime (```js node, ```js deno, ```js bun, ```js workers, ```js browser)
// runs as written, in that runtime, against the mock API: SEEDANCE_API_KEY, SEEDANCE_BASE_URL, PORT
// and APP_USER_TOKEN (the variables the READMEs document) are the only changes. A block that starts a
// server (a Worker always does) must then act as the proxy: 400 in the API's envelope for
// `{"prompt":""}` with nothing sent upstream, and a client run through it reaching the API with
// the server's key only. A proxy with `authorize` refuses a request without the user's token
// (401), and one with `quota` answers with the RateLimit headers. A Worker that uses
// durableObjectStore gets a SPEND_LEDGER namespace of its SpendLedger class.
// A drifting snippet fails the build. Deno runs with the permissions the block's first line gives.
// The Chinese package README's blocks are the English ones with their comments translated.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { after, before, describe, test } from "node:test";
import { pathToFileURL } from "node:url";
import { bins, root, run, scratchApp } from "./scratch-app.mjs";
import { closedPort, launchChromium, newKey, sleep, startMock } from "./support.mjs";
import { startWorker } from "./workerd.mjs";

const RUNTIMES = ["node", "deno", "bun", "workers", "browser"];

/** The JavaScript blocks of a Markdown file: `{ name, runtime, code }`, `runtime` null if unmarked. */
function markedBlocks(file, label) {
  const text = readFileSync(file, "utf8");
  const blocks = [];
  let html = "";
  for (const m of text.matchAll(/^```([a-z]*)(?: ([a-z]+))?\n([\s\S]*?)^```$/gm)) {
    if (m[1] === "html") {
      html = m[3]; // the page of the browser block that follows
      continue;
    }
    if (!m[2]) {
      html = "";
      // An unmarked JavaScript block is not run, but it is type-checked (below).
      if (m[1] === "js") {
        const line = text.slice(0, m.index).split("\n").length;
        blocks.push({ name: `${label}:${line}`, runtime: null, code: m[3], html: "" });
      }
      continue;
    }
    assert.ok(RUNTIMES.includes(m[2]), `${label}: unknown runtime ${m[2]}`);
    const line = text.slice(0, m.index).split("\n").length;
    blocks.push({ name: `${label}:${line} (${m[2]})`, runtime: m[2], code: m[3], html });
    html = "";
  }
  return blocks;
}

const startsServer = (b) =>
  b.runtime === "workers" || /\.listen\(|Deno\.serve\(|Bun\.serve\(/.test(b.code);

/** The `deno run` flags a Deno block names on its first line (`// deno run --allow-… file.js`). */
function denoFlags(code) {
  const m = /^\/\/ deno run ((?:--(?:allow|unstable)-[a-z]+(?:=\S+)? )*)\S+\n/.exec(code);
  assert.ok(m, "a Deno block must start with the `// deno run …` line that runs it");
  return m[1].trim().split(" ").filter(Boolean);
}

let scratch;
let mock;
let pkg; // the installed package, for the client that talks to a snippet's proxy
const blocks = [
  ...markedBlocks(join(root, "README.md"), "README.md"),
  ...markedBlocks(join(root, "pkg-template", "README.md"), "pkg-template/README.md"),
  ...markedBlocks(join(root, "pkg-template", "README.zh-CN.md"), "pkg-template/README.zh-CN.md"),
];

before(async () => {
  [scratch, mock] = await Promise.all([scratchApp("snippets"), startMock()]);
  pkg = await import(pathToFileURL(join(scratch.installed, "node.js")).href);
  // The packed READMEs are the ones checked in.
  for (const readme of ["README.md", "README.zh-CN.md"])
    assert.equal(
      readFileSync(join(scratch.installed, readme), "utf8"),
      readFileSync(join(root, "pkg-template", readme), "utf8"),
      readme,
    );
});

after(async () => {
  await mock?.stop();
  scratch?.remove();
});

/** Starts a process, keeping its output; `stop()` ends it (by its own pid). */
function startProcess(file, args, env) {
  const child = spawn(file, args, {
    cwd: scratch.app,
    env: { ...process.env, NO_COLOR: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (c) => {
    output += c;
  });
  child.stderr.on("data", (c) => {
    output += c;
  });
  return {
    output: () => output,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** The token the READMEs' `authorize` accepts (APP_USER_TOKEN), as the browser sends it. */
const USER_TOKEN = "from-the-browser";

/**
 * Checks that the server at `url` is the proxy, in front of the mock with `key`; `code` is the
 * block's, for what its options promise.
 */
async function checkProxy(url, key, output, code) {
  let invalid;
  for (let i = 0; !invalid; i++) {
    try {
      invalid = await fetch(`${url}/generate`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${USER_TOKEN}` },
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
  if (code.includes("quota:"))
    assert.match(invalid.headers.get("ratelimit") ?? "", /^"caller";r=2000;t=\d+$/);
  if (code.includes("authorize:")) {
    const stranger = await fetch(`${url}/generate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ prompt: "A red fox", duration: 5 }),
    });
    assert.equal(stranger.status, 401);
  }
  assert.deepEqual(await mock.log(key), [], "an invalid request reached the API");
  const client = new pkg.SeedanceClient({
    baseUrl: url,
    headers: { authorization: `Bearer ${USER_TOKEN}` },
  });
  const status = await client.run(
    { prompt: "A red fox runs through snow", model: "seedance-2-mini", duration: 8 },
    {
      pollIntervalMs: 50,
      maxPollIntervalMs: 100,
      timeoutMs: 20_000,
    },
  );
  assert.deepEqual([status.status, status.consumed_credits], ["SUCCESS", 246]);
  const log = await mock.log(key);
  assert.equal(log.filter((l) => l.path === "/v2/generate").length, 1);
  assert.ok(
    log.every((l) => l.authorization === `Bearer ${key}`),
    "only the server's key may reach the API",
  );
}

/** The command that runs a script file in a block's runtime. */
function command(block, file) {
  if (block.runtime === "node") return [process.execPath, [file]];
  if (block.runtime === "deno") return [bins.deno, ["run", ...denoFlags(block.code), file]];
  if (block.runtime === "bun") return [bins.bun, ["run", file]];
  throw new Error(`no command for ${block.runtime}`);
}

/** Every fenced block of a Markdown file: `{ info, code }`. */
const fencedBlocks = (text) =>
  [...text.matchAll(/^```([^\n]*)\n([\s\S]*?)^```$/gm)].map((m) => ({ info: m[1], code: m[2] }));

/**
 * A JavaScript block without what a translation may change: the text of its comments. A JSDoc
 * comment keeps its tags and types (tsc reads them), a line comment goes with the space before it.
 */
const withoutComments = (code) =>
  code
    .replace(/\/\*\*[\s\S]*?\*\//g, (c) => (c.match(/@\w+ \{[^}]*\}(?: \w+)?/g) ?? []).join(" "))
    .replace(/(^|\s+)\/\/ .*$/gm, "");

test("the Chinese package README links to the English one and back, and holds its code blocks", () => {
  const english = readFileSync(join(root, "pkg-template", "README.md"), "utf8");
  const chinese = readFileSync(join(root, "pkg-template", "README.zh-CN.md"), "utf8");
  assert.match(english.slice(0, 300), /\]\(README\.zh-CN\.md\)/);
  assert.match(chinese.slice(0, 300), /\]\(README\.md\)/);
  const [en, zh] = [fencedBlocks(english), fencedBlocks(chinese)];
  assert.deepEqual(
    zh.map((b) => b.info),
    en.map((b) => b.info),
  );
  for (const [i, block] of en.entries()) {
    const code = block.info.startsWith("js") ? withoutComments : (c) => c;
    assert.equal(code(zh[i].code), code(block.code), `block ${i + 1} (${block.info}) differs`);
  }
});

describe("README snippets marked for a runtime run as written", () => {
  test("the READMEs mark blocks for Node, Deno, Bun, Workers and browsers", () => {
    const marked = new Set(blocks.map((b) => b.runtime).filter(Boolean));
    for (const runtime of RUNTIMES) assert.ok(marked.has(runtime), `no block is marked ${runtime}`);
  });

  for (const [index, block] of blocks.entries()) {
    if (!block.runtime || block.runtime === "browser") continue; // browsers: in Chromium below
    test(block.name, async () => {
      const key = newKey("snippet");
      await mock.control("config", { key, taskDurationMs: 100 });
      const env = {
        SEEDANCE_API_KEY: key,
        SEEDANCE_BASE_URL: `${mock.url}/v2`,
        APP_USER_TOKEN: USER_TOKEN,
        // Deno's own folder for this run: `Deno.openKv()` keeps its database there, so no spend
        // is left over from an earlier run.
        DENO_DIR: join(scratch.tmp, `deno-${index}`),
      };
      const file = `snippet-${index}.mjs`;
      writeFileSync(join(scratch.app, file), block.code);
      if (block.runtime === "workers") {
        const ledger = block.code.includes("durableObjectStore")
          ? { SPEND_LEDGER: "SpendLedger" }
          : {};
        const worker = await startWorker(
          join(scratch.app, file),
          join(scratch.tmp, `worker-${index}`),
          env,
          ledger,
        );
        try {
          await checkProxy(worker.url, key, worker.output, block.code);
        } finally {
          await worker.stop();
        }
      } else if (startsServer(block)) {
        const port = await closedPort();
        const server = startProcess(...command(block, file), { ...env, PORT: String(port) });
        try {
          await checkProxy(`http://127.0.0.1:${port}`, key, server.output, block.code);
          assert.ok(!server.exited(), server.output());
          // A server prints nothing while it serves but where it listens (Deno's default line): no
          // runtime warning (Deno warns on any read of request.signal), no error.
          const printed = server.output().replace(/^Listening on http:\/\/\S+\n/m, "");
          assert.equal(printed.trim(), "", `${block.name} printed:\n${server.output()}`);
        } finally {
          await server.stop();
        }
      } else {
        const [bin, args] = command(block, file);
        const r = await run(bin, args, { cwd: scratch.app, env: { ...env, NO_COLOR: "1" } });
        assert.equal(r.code, 0, `${block.name} failed:\n${r.stdout}\n${r.stderr}`);
        assert.ok((await mock.log(key)).every((l) => l.authorization === `Bearer ${key}`));
      }
    });
  }
});

describe("README snippets marked for browsers run in Chromium", () => {
  let browser;
  let server;
  before(async () => {
    browser = await launchChromium();
    // The app folder over HTTP, as a static site with an import map would serve it.
    const types = {
      ".html": "text/html",
      ".mjs": "text/javascript",
      ".js": "text/javascript",
      ".wasm": "application/wasm",
    };
    server = http.createServer((req, res) => {
      const file = normalize(
        join(scratch.app, decodeURIComponent(new URL(req.url, "http://x").pathname)),
      );
      if (!file.startsWith(scratch.app + sep) || !existsSync(file)) return res.writeHead(404).end();
      res
        .writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" })
        .end(readFileSync(file));
    });
    await new Promise((r) => server.listen(0, "127.0.0.1", r));
  });
  after(async () => {
    await browser?.close();
    await new Promise((r) => (server ? server.close(r) : r()));
  });

  for (const [index, block] of blocks.entries()) {
    if (block.runtime !== "browser") continue;
    test(block.name, async () => {
      writeFileSync(join(scratch.app, `snippet-${index}.mjs`), block.code);
      writeFileSync(
        join(scratch.app, `snippet-${index}.html`),
        `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">
<script type="importmap">{ "imports": { "seedance-wasm": "/node_modules/seedance-wasm/browser/index.js" } }</script>
<body>${block.html}
<script type="module">
import("/snippet-${index}.mjs").then(() => { document.body.dataset.state = "done"; },
  (e) => { document.body.dataset.error = String(e); document.body.dataset.state = "failed"; });
</script></body>`,
      );
      const page = await browser.newPage();
      const problems = [];
      page.on("pageerror", (e) => problems.push(e.message));
      page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
      try {
        await page.goto(`http://127.0.0.1:${server.address().port}/snippet-${index}.html`);
        await page.waitForSelector("body[data-state]", { state: "attached", timeout: 15_000 });
        const state = await page.evaluate(() => [
          document.body.dataset.state,
          document.body.dataset.error,
        ]);
        assert.deepEqual(state, ["done", undefined], problems.join("\n"));
        if (block.html.includes("<form")) {
          // The form reacts as the README says: options from listModels(), the price as you type.
          await page.selectOption("select[name=model]", "seedance-2-mini");
          await page.fill("input[name=duration]", "8");
          await page.fill("textarea[name=prompt]", "A red fox runs through snow");
          assert.equal(await page.textContent("output"), "246 credits ($2.46)");
          assert.equal(await page.isDisabled("button[name=submit]"), false);
          await page.fill("textarea[name=prompt]", "");
          assert.match(await page.textContent("[data-issue=prompt]"), /prompt/i);
        }
        assert.deepEqual(problems, []);
      } finally {
        await page.close();
      }
    });
  }
});

// What the blocks take from around them: a page's elements and helpers, the Deno and Bun globals
// and node-redis (their own type packages are not installed in the app). A server handler must fit
// `Deno.serve` and `Bun.serve` as they are typed.
const SURROUNDINGS = `
type Handler = (request: Request) => Response | Promise<Response>;
declare const Deno: {
  env: { get(name: string): string | undefined };
  openKv(): Promise<import("seedance-wasm").DenoKvLike>;
  serve(handler: Handler): unknown;
  serve(options: { hostname?: string; port?: number }, handler: Handler): unknown;
};
declare const Bun: { serve(options: { hostname?: string; port?: number; fetch: Handler }): unknown };
declare const form: HTMLFormElement;
declare const cancelButton: HTMLButtonElement;
declare const video: HTMLVideoElement;
declare function show(value: unknown): void;
declare function showIssues(issues: import("seedance-wasm").Issue[] | undefined): void;
declare function readForm(): import("seedance-wasm").GenerateRequest;
declare function yourSessionCheck(request: Request): string | null;
declare module "redis" {
  export function createClient(options: { url?: string }): {
    connect(): Promise<import("seedance-wasm").RedisClientLike>;
  };
}
`;

test("every JavaScript block of the READMEs type-checks with tsc --strict against the package's types", async () => {
  const dir = join(scratch.app, "typecheck");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "surroundings.d.ts"), SURROUNDINGS);
  const files = ["surroundings.d.ts"];
  for (const [index, block] of blocks.entries()) {
    const file = `snippet-${index}.mjs`;
    writeFileSync(join(dir, file), `// ${block.name}\n${block.code}`);
    files.push(file);
  }
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        allowJs: true,
        checkJs: true,
        noEmit: true,
        skipLibCheck: false,
        target: "es2022",
        module: "nodenext",
        moduleResolution: "nodenext",
        lib: ["es2023", "dom", "dom.iterable"],
        types: ["node"],
        typeRoots: [join(root, "node_modules", "@types")],
      },
      files,
    }),
  );
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  const r = await run(process.execPath, [tsc, "-p", dir, "--pretty", "false"], { cwd: dir });
  // Each error names its file: the first line of that file names the README block.
  const named = r.stdout.replace(/snippet-(\d+)\.mjs/g, (_, i) => blocks[Number(i)].name);
  assert.equal(r.code, 0, named + r.stderr);
});
