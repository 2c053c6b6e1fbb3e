// createProxyHandler under toNodeListener in a real node:http server on loopback, mounted under /api/seedance/v2,
// in front of the mock API: refusals in the API's own envelope with nothing sent upstream, the
// normalised request forwarded with the server's key (never the browser's), a 64 MB body refused
// with 413 without being buffered, an unreachable upstream as a 502, and a SeedanceClient without
// any key running a task end to end through the proxy.
// Needs a built pkg/ (`bash scripts/build.sh`).

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import http from "node:http";
import { after, before, describe, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { closedPort, loadPackage, newKey, startMock } from "./support.mjs";

const { createProxyHandler, toNodeListener, SeedanceClient, validateRequest, isSeedanceError } =
  await loadPackage();

const PREFIX = "/api/seedance/v2";
let mock;

before(async () => {
  mock = await startMock();
});
after(async () => {
  await mock?.stop();
});

/**
 * A node:http server on 127.0.0.1 with the handler mounted under PREFIX. `seen` records what
 * reached the proxy (method, url, authorization).
 */
async function startProxy(options) {
  const listener = toNodeListener(createProxyHandler(options));
  const seen = [];
  const server = http.createServer((req, res) => {
    seen.push({
      method: req.method,
      url: req.url,
      authorization: req.headers.authorization ?? null,
    });
    if (!req.url.startsWith(`${PREFIX}/`)) {
      req.resume();
      res.writeHead(404, { "content-type": "text/plain" }).end("not the proxy");
      return;
    }
    listener(req, res);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    base: origin + PREFIX,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      }),
  };
}

/** fetch, with the body read as text and parsed when it is JSON. */
async function call(url, init = {}) {
  const res = await fetch(url, init);
  const text = await res.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, headers: res.headers, text, json };
}

const post = (url, body, headers = {}) =>
  call(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

/** The API's error envelope: `{code, message, error: {code, ...}, data: null}` under that status. */
function assertEnvelope(r, status, code) {
  assert.equal(r.status, status, r.text);
  assert.match(r.headers.get("content-type") ?? "", /application\/json/);
  assert.ok(r.json, `a JSON body: ${r.text}`);
  assert.equal(r.json.code, status);
  assert.equal(typeof r.json.message, "string");
  assert.ok(r.json.message.length > 0);
  assert.equal(typeof r.json.error, "object");
  assert.equal(r.json.error.code, code, r.text);
  assert.equal(r.json.data, null);
}

function assertIssues(r, codes) {
  const issues = r.json.error.issues;
  assert.ok(Array.isArray(issues), `error.issues: ${r.text}`);
  for (const issue of issues) {
    assert.equal(typeof issue.code, "string");
    assert.equal(typeof issue.field, "string");
    assert.equal(typeof issue.message, "string");
  }
  assert.deepEqual(issues.map((i) => i.code).sort(), [...codes].sort());
  assert.equal(r.json.error.code, issues[0].code, "error.code is the first issue");
}

// ---------------------------------------------------------------------------------------------

describe("refusals", () => {
  const key = newKey("proxy-refusals");
  let proxy;
  before(async () => {
    proxy = await startProxy({
      apiKey: key,
      upstream: `${mock.url}/v2`,
      maxCredits: 300,
      models: ["seedance-2.0", "seedance-2-mini"],
    });
  });
  after(() => proxy.close());

  test("invalid requests: 400 with the API envelope and every issue", async () => {
    let r = await post(`${proxy.base}/generate`, { prompt: "", duration: 7 });
    assertEnvelope(r, 400, "INVALID_PROMPT");
    assertIssues(r, ["INVALID_PROMPT", "INVALID_DURATION"]);
    assert.deepEqual(r.json.error.issues.map((i) => i.field).sort(), ["duration", "prompt"]);

    r = await post(`${proxy.base}/generate`, { prompt: "a cat", duration: 7 });
    assertEnvelope(r, 400, "INVALID_DURATION");
    assertIssues(r, ["INVALID_DURATION"]);

    r = await post(`${proxy.base}/generate`, { prompt: "a cat", aspect_ratio: "2:1" });
    assertEnvelope(r, 400, "INVALID_ASPECT_RATIO");

    r = await post(`${proxy.base}/generate`, {
      prompt: "a cat",
      model: "seedance-2-mini",
      images: [
        "https://example.com/1.png",
        "https://example.com/2.png",
        "https://example.com/3.png",
        "https://example.com/4.png",
        "https://example.com/5.png",
      ],
    });
    assertEnvelope(r, 400, "TOO_MANY_IMAGES");

    r = await post(`${proxy.base}/generate`, {
      prompt: "a cat",
      callback_url: "http://127.0.0.1/hook",
    });
    assertEnvelope(r, 400, "INVALID_CALLBACK_URL");

    r = await post(`${proxy.base}/generate`, { prompt: "a cat", public: "yes" });
    assertEnvelope(r, 400, "INVALID_FIELD");

    // Not JSON, and JSON that is not an object: still the envelope, still 400.
    for (const body of ['{"prompt": "unterminated', "null", "[1,2]", ""]) {
      r = await post(`${proxy.base}/generate`, body);
      assert.equal(r.status, 400, `${JSON.stringify(body)}: ${r.text}`);
      assert.equal(r.json?.code, 400, r.text);
      assert.equal(typeof r.json.error?.code, "string");
      assert.equal(r.json.data, null);
    }
  });

  test("over the budget: 402 BUDGET_EXCEEDED", async () => {
    const r = await post(`${proxy.base}/generate`, { prompt: "a cat", duration: 10 }); // 480 credits
    assertEnvelope(r, 402, "BUDGET_EXCEEDED");
    assertIssues(r, ["BUDGET_EXCEEDED"]);
  });

  test("a model not in `models`: 403", async () => {
    const r = await post(`${proxy.base}/generate`, { prompt: "a cat", model: "seedance-2.0-fast" });
    assertEnvelope(r, 403, "INVALID_MODEL");
    assert.match(r.json.message, /seedance-2\.0-fast/);
  });

  test("wrong method: 405; unknown path: 404; status without task_id: 404", async () => {
    for (const [method, path] of [
      ["GET", "/generate"],
      ["PUT", "/generate"],
      ["DELETE", "/status"],
      ["POST", "/status"],
    ]) {
      const r = await call(`${proxy.base}${path}`, {
        method,
        ...(method !== "GET" && { body: "{}" }),
      });
      assert.equal(r.status, 405, `${method} ${path}: ${r.text}`);
      assert.equal(r.json.code, 405);
      assert.equal(typeof r.json.error.code, "string");
      assert.equal(r.json.data, null);
    }
    for (const path of ["/other", "/generated", "/", "/status/extra"]) {
      const r = await call(`${proxy.base}${path}`);
      assert.equal(r.status, 404, `GET ${path}: ${r.text}`);
      assert.equal(r.json.code, 404);
      assert.equal(typeof r.json.error.code, "string");
      assert.equal(r.json.data, null);
    }
    for (const query of ["", "?task_id=", "?id=n90abc", "?task_id=%20"]) {
      const r = await call(`${proxy.base}/status${query}`);
      assertEnvelope(r, 404, "TASK_NOT_FOUND");
    }
  });

  test("none of the refused requests above reached the upstream", async () => {
    assert.deepEqual(await mock.log(key), [], "a refused request reached the mock");
  });
});

test("a valid generate and then a status are forwarded: the normalised body, the server key only", async () => {
  const key = newKey("proxy-forward");
  const browserKey = newKey("browser");
  await mock.control("config", { key, taskDurationMs: 60_000 });
  const proxy = await startProxy({ apiKey: key, upstream: `${mock.url}/v2`, maxCredits: 300 });
  try {
    const request = { prompt: "a red fox in the snow", duration: 5, extra_field: 1 };
    const browserAuth = { authorization: `Bearer ${browserKey}` };
    const g = await post(`${proxy.base}/generate`, request, browserAuth);
    assert.equal(g.status, 200, g.text);
    assert.equal(g.json.code, 200);
    assert.equal(g.json.message, "success");
    const { task_id: taskId } = g.json.data;
    assert.match(taskId, /^n90[0-9a-f]{16}$/);
    assert.deepEqual(g.json.data, {
      task_id: taskId,
      status: "IN_PROGRESS",
      consumed_credits: 240,
    });

    const s = await call(`${proxy.base}/status?task_id=${encodeURIComponent(taskId)}`, {
      headers: browserAuth,
    });
    assert.equal(s.status, 200, s.text);
    assert.equal(s.json.code, 200);
    assert.equal(s.json.data.task_id, taskId);
    assert.equal(s.json.data.status, "IN_PROGRESS");
    assert.equal(s.json.data.request.prompt, request.prompt);
    // The reply is the mock's own envelope, passed through.
    const direct = await call(`${mock.url}/v2/status?task_id=${taskId}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    assert.deepEqual(s.json, direct.json);

    // The unknown status of a task of another key is the upstream's 404, passed through.
    const other = await call(`${proxy.base}/status?task_id=n90ffffffffffffffff`);
    assertEnvelope(other, 404, "TASK_NOT_FOUND");

    const log = await mock.log(key);
    assert.deepEqual(
      log.map((e) => `${e.method} ${e.path}`),
      ["POST /v2/generate", "GET /v2/status", "GET /v2/status", "GET /v2/status"],
    );
    for (const entry of log) assert.equal(entry.authorization, `Bearer ${key}`);
    // What reached the upstream is the engine's normalised request (defaults applied), without
    // the field nobody checked or priced (forwardUnknownFields is off by default).
    const sent = JSON.parse(log[0].body);
    const { extra_field: _, ...normalised } = validateRequest(request).request;
    assert.deepEqual(sent, normalised);
    assert.ok(!("extra_field" in sent));
    assert.equal(sent.model, "seedance-2.0");
    assert.equal(sent.resolution, "720p");
    assert.equal(sent.aspect_ratio, "16:9");
    assert.equal(new URL(log[1].url, mock.url).searchParams.get("task_id"), taskId);
    // The browser's key reached the proxy but never the upstream.
    assert.ok(proxy.seen.some((r) => r.authorization === browserAuth.authorization));
    assert.deepEqual(await mock.log(browserKey), [], "the browser's key reached the mock");
    assert.deepEqual(await mock.log(""), [], "a request reached the mock without a key");
  } finally {
    await proxy.close();
  }
});

test("keys a loose reader would take for known fields, and lone surrogates: 400, nothing upstream", async () => {
  const key = newKey("proxy-hostile-keys");
  const proxy = await startProxy({ apiKey: key, upstream: `${mock.url}/v2`, maxCredits: 300 });
  try {
    const images = JSON.stringify(Array(5).fill("https://example.com/a.png"));
    // Raw bodies, as an attacker writes them: each one is priced as 5 s of text-to-video if the
    // variant key is ignored, and is something else to a service that reads keys loosely.
    const variants = [
      ["DURATION", '{"prompt":"x","duration":5,"DURATION":15}'],
      [" duration", '{"prompt":"x"," duration":15}'],
      ["RESOLUTION", '{"prompt":"x","RESOLUTION":"1080p"}'],
      ["Callback_URL", '{"prompt":"x","Callback_URL":"http://169.254.169.254/"}'],
      ["IMAGES", `{"prompt":"x","IMAGES":${images}}`],
      ["Model", '{"prompt":"x","Model":"seedance-2.0"}'],
      ["re\u017fOLUTION", '{"prompt":"x","re\\u017fOLUTION":"1080p"}'],
    ];
    for (const [field, body] of variants) {
      const r = await post(`${proxy.base}/generate`, body);
      assertEnvelope(r, 400, "INVALID_FIELD");
      assert.deepEqual(
        r.json.error.issues.map((i) => [i.code, i.field]),
        [["INVALID_FIELD", field]],
        body,
      );
    }
    let r = await post(`${proxy.base}/generate`, '{"prompt":"a \\ud800 cat"}');
    assertEnvelope(r, 400, "INVALID_PROMPT");
    r = await post(`${proxy.base}/generate`, '{"prompt":"x","note":"\\udc00"}');
    assertEnvelope(r, 400, "INVALID_FIELD");
    assert.deepEqual(await mock.log(key), [], "a refused request reached the mock");

    // The same proxy does forward a valid request, so the empty log above means something.
    r = await post(`${proxy.base}/generate`, '{"prompt":"x","duration":5}');
    assert.equal(r.status, 200, r.text);
    assert.equal((await mock.log(key)).length, 1);
  } finally {
    await proxy.close();
  }
});

test("forwardUnknownFields: true sends unknown fields on as they are", async () => {
  const key = newKey("proxy-unknown");
  const proxy = await startProxy({
    apiKey: key,
    upstream: `${mock.url}/v2`,
    forwardUnknownFields: true,
  });
  try {
    const g = await post(`${proxy.base}/generate`, { prompt: "a red fox", extra_field: { a: 1 } });
    assert.equal(g.status, 200, g.text);
    const [entry] = await mock.log(key);
    assert.deepEqual(JSON.parse(entry.body).extra_field, { a: 1 });
  } finally {
    await proxy.close();
  }
});

describe("a 64 MB body is refused with 413 without being buffered", () => {
  const key = newKey("proxy-413");
  const CHUNK = 64 * 1024;
  const TOTAL_CHUNKS = 1024; // 64 MiB
  let proxy;
  before(async () => {
    proxy = await startProxy({ apiKey: key, upstream: `${mock.url}/v2` });
  });
  after(() => proxy.close());

  /** A JSON-looking 64 MiB body from a generator, counting the chunks fetch pulled. */
  function hugeBody() {
    const counter = { pulled: 0 };
    async function* chunks() {
      const head = new TextEncoder().encode('{"prompt":"');
      for (let i = 0; i < TOTAL_CHUNKS; i++) {
        const chunk = new Uint8Array(CHUNK).fill(0x61);
        if (i === 0) chunk.set(head);
        counter.pulled++;
        yield chunk;
      }
    }
    const it = chunks();
    const stream = new ReadableStream(
      {
        async pull(controller) {
          const { value, done } = await it.next();
          if (done) controller.close();
          else controller.enqueue(value);
        },
        cancel() {
          it.return();
        },
      },
      { highWaterMark: 0 },
    );
    return { stream, counter };
  }

  for (const withLength of [true, false]) {
    test(withLength ? "with a Content-Length" : "chunked, without a Content-Length", async () => {
      globalThis.gc?.();
      const rssBefore = process.memoryUsage().rss;
      const { stream, counter } = hugeBody();
      const headers = { "content-type": "application/json" };
      if (withLength) headers["content-length"] = String(CHUNK * TOTAL_CHUNKS);
      const started = Date.now();
      const res = await fetch(`${proxy.base}/generate`, {
        method: "POST",
        headers,
        body: stream,
        duplex: "half",
        signal: AbortSignal.timeout(15_000),
      });
      const pulledAtReply = counter.pulled;
      const text = await res.text();
      const elapsed = Date.now() - started;
      const rssGrowth = process.memoryUsage().rss - rssBefore;
      const r = { status: res.status, headers: res.headers, text, json: JSON.parse(text) };
      assertEnvelope(r, 413, r.json.error.code);
      assert.equal(typeof r.json.error.code, "string");
      // The reply came long before the body was all produced: nothing waited for 64 MB.
      assert.ok(
        pulledAtReply < TOTAL_CHUNKS / 4,
        `${pulledAtReply} of ${TOTAL_CHUNKS} chunks pulled before the 413`,
      );
      assert.ok(
        counter.pulled < TOTAL_CHUNKS / 2,
        `${counter.pulled} of ${TOTAL_CHUNKS} chunks pulled in all`,
      );
      assert.ok(
        rssGrowth < 24 * 1024 * 1024,
        `RSS grew by ${(rssGrowth / 1048576).toFixed(1)} MiB`,
      );
      assert.ok(elapsed < 5000, `413 after ${elapsed} ms`);
      // The proxy still works afterwards.
      const ok = await post(`${proxy.base}/generate`, { prompt: "after the big one" });
      assert.equal(ok.status, 200, ok.text);
    });
  }

  test("a body just over 1 MiB is refused too, and nothing reached the upstream", async () => {
    const body = JSON.stringify({ prompt: "a".repeat((1 << 20) + 10) });
    const r = await post(`${proxy.base}/generate`, body);
    assertEnvelope(r, 413, r.json.error.code);
    assert.equal(typeof r.json.error.code, "string");
    // Only the small "after the big one" requests of the tests above were forwarded.
    for (const entry of await mock.log(key)) {
      assert.ok(
        (entry.body ?? "").length < 1000,
        `forwarded a body of ${entry.body?.length} bytes`,
      );
      assert.equal(JSON.parse(entry.body).prompt, "after the big one");
    }
  });
});

test("the upstream's errors pass through (with Retry-After); a non-JSON reply becomes a 502 envelope", async () => {
  const key = newKey("proxy-upstream-errors");
  const proxy = await startProxy({ apiKey: key, upstream: `${mock.url}/v2` });
  try {
    await mock.control("faults", {
      key,
      faults: [
        { on: "generate", kind: "http", status: 429, retryAfter: "7" },
        { on: "generate", kind: "http", status: 402 },
        { on: "generate", kind: "html" },
      ],
    });
    const limited = await post(`${proxy.base}/generate`, { prompt: "a cat" });
    assertEnvelope(limited, 429, "RATE_LIMITED");
    assert.equal(limited.headers.get("retry-after"), "7");
    assertEnvelope(
      await post(`${proxy.base}/generate`, { prompt: "a cat" }),
      402,
      "INSUFFICIENT_CREDITS",
    );
    const html = await post(`${proxy.base}/generate`, { prompt: "a cat" });
    assertEnvelope(html, 502, "HTTP_ERROR");
    assert.doesNotMatch(html.text, /<html/i);
    // Each forwarded once: the proxy itself never repeats a generate.
    assert.equal((await mock.log(key)).length, 3);

    // A task id is decoded from the query and sent encoded again: it cannot add parameters.
    const s = await call(`${proxy.base}/status?task_id=abc%26task_id%3Dother&x=1`);
    assertEnvelope(s, 404, "TASK_NOT_FOUND");
    const [entry] = (await mock.log(key)).slice(-1);
    const forwarded = new URL(entry.url, mock.url);
    assert.deepEqual([...forwarded.searchParams], [["task_id", "abc&task_id=other"]]);
  } finally {
    await proxy.close();
  }
});

test("an upstream error that echoes the server key reaches the browser with the key removed", async () => {
  const key = newKey("proxy-echo");
  const proxy = await startProxy({ apiKey: key, upstream: `${mock.url}/v2` });
  try {
    const echo = JSON.stringify({
      code: 401,
      message: `Invalid API key ${key}`,
      error: { code: "INVALID_API_KEY" },
      data: null,
    });
    await mock.control("faults", {
      key,
      faults: [{ on: "generate", kind: "http", status: 401, body: echo }],
    });
    const reply = await post(`${proxy.base}/generate`, { prompt: "a cat" });
    assertEnvelope(reply, 401, "INVALID_API_KEY");
    assert.ok(!reply.text.includes(key), "the server key reached the browser");
    assert.match(reply.text, /\[redacted\]/);
  } finally {
    await proxy.close();
  }
});

test("an upstream that cannot be reached: 502 in the envelope, quickly", async () => {
  const port = await closedPort();
  const proxy = await startProxy({
    apiKey: newKey("proxy-down"),
    upstream: `http://127.0.0.1:${port}/v2`,
  });
  try {
    let started = Date.now();
    const g = await post(`${proxy.base}/generate`, { prompt: "a cat" });
    assert.ok(Date.now() - started < 3000, `generate answered after ${Date.now() - started} ms`);
    assertEnvelope(g, 502, "NETWORK_ERROR");
    started = Date.now();
    const s = await call(`${proxy.base}/status?task_id=n90abc`);
    assert.ok(Date.now() - started < 3000, `status answered after ${Date.now() - started} ms`);
    assertEnvelope(s, 502, "NETWORK_ERROR");
  } finally {
    await proxy.close();
  }
});

test("a SeedanceClient without a key runs a task end to end through the proxy", async () => {
  const key = newKey("proxy-client");
  await mock.control("config", { key, taskDurationMs: 300 });
  const proxy = await startProxy({ apiKey: key, upstream: `${mock.url}/v2`, maxCredits: 300 });
  try {
    const client = new SeedanceClient({ baseUrl: proxy.base });
    const created = [];
    const status = await client.run(
      { prompt: "a heron taking off", duration: 5 },
      {
        pollIntervalMs: 100,
        maxPollIntervalMs: 200,
        timeoutMs: 10_000,
        onTaskCreated: (task) => created.push(task),
      },
    );
    assert.equal(status.status, "SUCCESS");
    assert.equal(created.length, 1);
    assert.equal(status.task_id, created[0].task_id);
    assert.equal(status.videos.length, 1);
    assert.match(status.videos[0], /\/assets\/sample\.mp4$/);

    // The client never had the key: nothing it sent carried an Authorization header.
    assert.ok(proxy.seen.length >= 2);
    for (const r of proxy.seen) assert.equal(r.authorization, null, `${r.method} ${r.url}`);
    const log = await mock.log(key);
    assert.equal(log.filter((e) => e.path === "/v2/generate").length, 1);
    assert.ok(log.filter((e) => e.path === "/v2/status").length >= 1);
    for (const entry of log) assert.equal(entry.authorization, `Bearer ${key}`);

    // The proxy's refusals reach a client as SeedanceErrors with the API's codes.
    await assert.rejects(
      client.generate({ prompt: "too long a video", duration: 15 }, { validate: false }),
      (e) => isSeedanceError(e) && e.code === "BUDGET_EXCEEDED" && e.status === 402,
    );
    assert.equal((await mock.log(key)).length, log.length, "the refused request reached the mock");
  } finally {
    await proxy.close();
  }
});

// With the adapter everyone writes first (`body: Readable.toWeb(req)`), a body over 1 MiB WITH a
// Content-Length makes the handler call `body.cancel()` on a stream it never read; on Node 20
// (checked on 20.20.2) a 'data' event already scheduled then hits the closed controller and throws
// an uncaught ERR_INVALID_STATE: the server process dies, so any client could
// take a Node server down with one request. The chunked path (cancel after reading) does not crash.
// Run in a child process so it cannot take this file down. The handler no longer cancels a body
// it never read, which is what keeps this adapter alive.
test("the plain Readable.toWeb(req) adapter survives an oversized body", async () => {
  const pkg = pathToFileURL(fileURLToPath(new URL("../../pkg/node.js", import.meta.url))).href;
  const script = `
    import http from 'node:http';
    import { Readable } from 'node:stream';
    const { createProxyHandler } = await import(${JSON.stringify(pkg)});
    const handler = createProxyHandler({ apiKey: 'k', upstream: 'http://127.0.0.1:9/v2' });
    const server = http.createServer(async (req, res) => {
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
      const request = new Request(new URL(req.url, 'http://127.0.0.1'), { method: req.method, headers: req.headers,
        ...(hasBody && { body: Readable.toWeb(req), duplex: 'half' }) });
      const response = await handler(request);
      res.writeHead(response.status, [...response.headers].flat());
      res.end(Buffer.from(await response.arrayBuffer()));
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    const body = JSON.stringify({ prompt: 'a'.repeat(2 << 20) });
    const res = await fetch('http://127.0.0.1:' + server.address().port + '/api/generate', {
      method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(body.length) }, body });
    await res.text();
    await new Promise((r) => setTimeout(r, 200));
    console.log('status ' + res.status);
    server.close(); server.closeAllConnections();
  `;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (c) => {
    out += c;
  });
  child.stderr.on("data", (c) => {
    out += c;
  });
  const timer = setTimeout(() => process.kill(child.pid, "SIGKILL"), 10_000);
  const code = await new Promise((r) => child.once("exit", (c, s) => r(c ?? s)));
  clearTimeout(timer);
  assert.equal(code, 0, out);
  assert.match(out, /status 413/);
});
