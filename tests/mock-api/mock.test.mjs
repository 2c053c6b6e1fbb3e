// Self-test of the mock, over real HTTP on loopback: node --test tests/mock-api/mock.test.mjs

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import net from "node:net";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";

const SERVER = fileURLToPath(new URL("./server.mjs", import.meta.url));
let proc, base;

async function startServer() {
  const p = spawn(process.execPath, [SERVER, "--port", "0"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  for await (const chunk of p.stdout) {
    out += chunk;
    if (out.includes("\n")) break;
  }
  const m = /^mock-api listening on (http:\/\/127\.0\.0\.1:\d+)\n$/.exec(out);
  assert.ok(m, `unexpected first line: ${JSON.stringify(out)}`);
  return { p, url: m[1] };
}

before(async () => ({ p: proc, url: base } = await startServer()));
after(() => proc.kill("SIGTERM"));

const newKey = (tag) => `${tag}-${randomUUID()}`;

async function call(method, path, { key, body, headers = {} } = {}) {
  const h = { ...headers };
  if (key !== undefined) h.authorization = `Bearer ${key}`;
  if (body !== undefined) h["content-type"] = "application/json";
  const res = await fetch(base + path, {
    method,
    headers: h,
    body: typeof body === "string" || body === undefined ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, headers: res.headers, text, json };
}
const generate = (key, body) => call("POST", "/v2/generate", { key, body });
const status = (key, id) => call("GET", `/v2/status?task_id=${encodeURIComponent(id)}`, { key });
const control = async (name, body) => {
  const r = await call("POST", `/__mock/${name}`, { body });
  return { ...r.json, httpStatus: r.status };
};
const balanceOf = async (key) => (await control("config", { key })).config.balance;

function assertError(r, httpStatus, code) {
  assert.equal(r.status, httpStatus, r.text);
  assert.equal(r.json.code, httpStatus);
  assert.equal(typeof r.json.message, "string");
  assert.equal(r.json.error.code, code);
  assert.equal(r.json.data, null);
}

test("server prints one ready line and the happy path works end to end", async () => {
  const key = newKey("happy");
  await control("config", { key, taskDurationMs: 150 });
  const g = await generate(key, { prompt: "a cat surfing", duration: 5 });
  assert.equal(g.status, 200);
  assert.equal(g.json.code, 200);
  assert.equal(g.json.message, "success");
  assert.match(g.json.data.task_id, /^n90[0-9a-f]{16}$/);
  assert.equal(g.json.data.status, "IN_PROGRESS");
  assert.equal(g.json.data.consumed_credits, 240);
  assert.equal(await balanceOf(key), 100000 - 240);

  const id = g.json.data.task_id;
  const s1 = await status(key, id);
  assert.equal(s1.status, 200);
  assert.deepEqual(s1.json.data.response, []);
  assert.equal(s1.json.data.status, "IN_PROGRESS");
  assert.equal(s1.json.data.error_message, null);
  assert.equal(s1.json.data.consumed_credits, 240);
  assert.match(s1.json.data.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  assert.deepEqual(s1.json.data.request, {
    prompt: "a cat surfing",
    aspect_ratio: "16:9",
    duration: 5,
  });

  await new Promise((r) => setTimeout(r, 200));
  const s2 = await status(key, id);
  assert.equal(s2.json.data.status, "SUCCESS");
  assert.deepEqual(s2.json.data.response, [`${base}/assets/sample.mp4`]);
  assert.equal(s2.json.data.task_id, id);

  const video = await fetch(s2.json.data.response[0]);
  assert.equal(video.status, 200);
  assert.equal(video.headers.get("content-type"), "video/mp4");
  const bytes = Buffer.from(await video.arrayBuffer());
  assert.equal(bytes.subarray(4, 8).toString(), "ftyp");
  assert.ok(bytes.length < 20000);
});

test("assets: Range requests, HEAD, 416 and unknown assets", async () => {
  const full = Buffer.from(await (await fetch(`${base}/assets/sample.mp4`)).arrayBuffer());
  const part = await fetch(`${base}/assets/sample.mp4`, { headers: { range: "bytes=10-19" } });
  assert.equal(part.status, 206);
  assert.equal(part.headers.get("content-range"), `bytes 10-19/${full.length}`);
  assert.deepEqual(Buffer.from(await part.arrayBuffer()), full.subarray(10, 20));
  const open = await fetch(`${base}/assets/sample.mp4`, { headers: { range: "bytes=0-" } });
  assert.equal(open.status, 206);
  assert.equal((await open.arrayBuffer()).byteLength, full.length);
  const suffix = await fetch(`${base}/assets/sample.mp4`, { headers: { range: "bytes=-5" } });
  assert.deepEqual(Buffer.from(await suffix.arrayBuffer()), full.subarray(full.length - 5));
  const bad = await fetch(`${base}/assets/sample.mp4`, {
    headers: { range: `bytes=${full.length}-` },
  });
  assert.equal(bad.status, 416);
  assert.equal(bad.headers.get("content-range"), `bytes */${full.length}`);
  await bad.arrayBuffer();
  const head = await fetch(`${base}/assets/sample.mp4`, { method: "HEAD" });
  assert.equal(head.headers.get("content-length"), String(full.length));
  assert.equal((await fetch(`${base}/assets/nope.mp4`)).status, 404);
});

test("auth: missing, empty and invalid keys are 401 and logged under their namespace", async () => {
  assertError(
    await call("POST", "/v2/generate", { body: { prompt: "x" } }),
    401,
    "INVALID_API_KEY",
  );
  assertError(
    await call("POST", "/v2/generate", {
      body: { prompt: "x" },
      headers: { authorization: "Bearer " },
    }),
    401,
    "INVALID_API_KEY",
  );
  const bad = newKey("invalid");
  assertError(await generate(bad, { prompt: "x" }), 401, "INVALID_API_KEY");
  assertError(await status(bad, "n900000000000000000"), 401, "INVALID_API_KEY");
  const log = await control("log", { key: bad });
  assert.deepEqual(
    log.requests.map((r) => [r.method, r.status, r.authorization]),
    [
      ["POST", 401, `Bearer ${bad}`],
      ["GET", 401, `Bearer ${bad}`],
    ],
  );
  const anon = await control("log", { key: "" });
  assert.ok(anon.requests.some((r) => r.authorization === null && r.status === 401));
  assert.ok(anon.requests.some((r) => r.authorization?.trim() === "Bearer" && r.status === 401));
});

test("validation errors: first error wins, no charge, no task", async () => {
  const key = newKey("valid");
  const cases = [
    [{}, "INVALID_PROMPT"],
    [{ prompt: 42 }, "INVALID_PROMPT"],
    [{ prompt: "" }, "INVALID_PROMPT"],
    [{ prompt: " \n\t " }, "INVALID_PROMPT"],
    [{ prompt: "😀".repeat(2001) }, "INVALID_PROMPT"],
    ["{not json", "INVALID_PROMPT"],
    [[1, 2], "INVALID_PROMPT"],
    [{ prompt: "x", model: "seedance-3" }, "INVALID_MODEL"],
    [{ prompt: "x", duration: 4 }, "INVALID_DURATION"],
    [{ prompt: "x", model: "seedance-2.0-fast", duration: 7 }, "INVALID_DURATION"],
    [{ prompt: "x", model: "seedance-2-mini", duration: 3 }, "INVALID_DURATION"],
    [{ prompt: "x", model: "seedance-2-mini", duration: 16 }, "INVALID_DURATION"],
    [{ prompt: "x", model: "seedance-2-mini", duration: 4.5 }, "INVALID_DURATION"],
    [{ prompt: "x", duration: "5" }, "INVALID_DURATION"],
    [{ prompt: "x", resolution: "4k" }, "INVALID_RESOLUTION"],
    [{ prompt: "x", aspect_ratio: "1:1" }, "INVALID_ASPECT_RATIO"],
    [
      { prompt: "x", model: "seedance-2-mini", duration: 5, aspect_ratio: "2:1" },
      "INVALID_ASPECT_RATIO",
    ],
    [
      {
        prompt: "x",
        images: ["https://a/1", "https://a/2", "https://a/3", "https://a/4", "https://a/5"],
      },
      "TOO_MANY_IMAGES",
    ],
    [{ prompt: "", model: "nope" }, "INVALID_PROMPT"], // first error wins
  ];
  for (const [body, code] of cases) {
    assertError(await generate(key, body), 400, code);
  }
  // Edge cases that are valid.
  const ok = [
    { prompt: "😀".repeat(2000) }, // 2000 code points = 4000 UTF-16 units
    { prompt: "x", model: "seedance-2-mini", duration: 4, aspect_ratio: "adaptive" },
    { prompt: "x", images: ["https://a/1", "https://a/2", "https://a/3", "https://a/4"] },
  ];
  let spent = 0;
  for (const body of ok) {
    const r = await generate(key, body);
    assert.equal(r.status, 200, r.text);
    spent += r.json.data.consumed_credits;
  }
  assert.equal(await balanceOf(key), 100000 - spent);
  assert.equal((await control("tasks", { key })).tasks.length, ok.length);
});

test("prices match the provider table exactly", async () => {
  const key = newKey("price");
  await control("config", { key, balance: 10_000_000 });
  const cases = [
    [{ model: "seedance-2.0", duration: 5 }, 240],
    [{ model: "seedance-2.0", duration: 10 }, 480],
    [{ model: "seedance-2.0", duration: 15 }, 720],
    [{ duration: 10, resolution: "1080p" }, 480],
    [{ duration: 5, resolution: "480p" }, 240],
    [{ model: "seedance-2.0-fast", duration: 5 }, 160],
    [{ model: "seedance-2.0-fast", duration: 10 }, 320],
    [{ model: "seedance-2.0-fast", duration: 15 }, 480],
    [{ model: "seedance-2-mini", duration: 4, resolution: "480p" }, 57],
    [{ model: "seedance-2-mini", duration: 5, resolution: "480p" }, 72],
    [{ model: "seedance-2-mini", duration: 15, resolution: "480p" }, 214],
    [
      {
        model: "seedance-2-mini",
        duration: 7,
        resolution: "480p",
        reference_video_urls: ["https://v/1"],
      },
      63,
    ],
    [{ model: "seedance-2-mini", duration: 7, resolution: "480p", reference_video_urls: [] }, 100], // ceil(99.75)
    [{ model: "seedance-2-mini", duration: 5 }, 154],
    [{ model: "seedance-2-mini", duration: 4, resolution: "720p" }, 123],
    [{ model: "seedance-2-mini", duration: 5, resolution: "1080p" }, 154], // billed as 720p
    [{ model: "seedance-2-mini", duration: 5, reference_video_urls: ["https://v/1"] }, 94],
    [
      {
        model: "seedance-2-mini",
        duration: 8,
        resolution: "1080p",
        reference_video_urls: ["https://v/1"],
      },
      150,
    ],
    [{ model: "seedance-2-mini", duration: 5, images: ["https://i/1"], resolution: "480p" }, 72],
  ];
  for (const [extra, price] of cases) {
    const r = await generate(key, { prompt: "p", ...extra });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.data.consumed_credits, price, JSON.stringify(extra));
  }
});

test("402 when the balance is short; nothing is charged", async () => {
  const key = newKey("poor");
  await control("config", { key, balance: 300 });
  assert.equal((await generate(key, { prompt: "x" })).status, 200);
  assertError(await generate(key, { prompt: "x" }), 402, "INSUFFICIENT_CREDITS");
  assert.equal(await balanceOf(key), 60);
  assert.equal(
    (
      await generate(key, {
        prompt: "x",
        model: "seedance-2-mini",
        duration: 4,
        resolution: "480p",
      })
    ).status,
    200,
  );
  assert.equal(await balanceOf(key), 3);
});

test("FAIL prompts fail with the namespace failMessage and are refunded; finish helper", async () => {
  const key = newKey("fail");
  await control("config", { key, taskDurationMs: 60_000, failMessage: "Nope: policy" });
  const g = await generate(key, { prompt: "please FAIL now", duration: 10 });
  assert.equal(await balanceOf(key), 100000 - 480);
  assert.equal((await status(key, g.json.data.task_id)).json.data.status, "IN_PROGRESS");
  const fin = await control("finish", { key, task_id: g.json.data.task_id });
  assert.equal(fin.ok, true);
  const s = await status(key, g.json.data.task_id);
  assert.equal(s.json.data.status, "FAILED");
  assert.equal(s.json.data.error_message, "Nope: policy");
  assert.deepEqual(s.json.data.response, []);
  assert.equal(await balanceOf(key), 100000); // refunded exactly once
  await status(key, g.json.data.task_id);
  assert.equal(await balanceOf(key), 100000);
  assert.equal((await control("finish", { key, task_id: "n90nope" })).httpStatus, 404);
});

test("callback_url is recorded, never called; other keys cannot see the task", async () => {
  const key = newKey("cb");
  const g = await generate(key, { prompt: "x", callback_url: "https://example.com/hook" });
  await control("finish", { key, task_id: g.json.data.task_id });
  const { tasks } = await control("tasks", { key });
  assert.equal(tasks[0].callback_url, "https://example.com/hook");
  assert.equal(tasks[0].status, "SUCCESS");
  assertError(await status(newKey("other"), g.json.data.task_id), 404, "TASK_NOT_FOUND");
  assertError(await status(key, "n900000000000000000"), 404, "TASK_NOT_FOUND");
  assertError(await call("GET", "/v2/status", { key }), 404, "TASK_NOT_FOUND");
});

test("fault http: status, Retry-After, default envelopes, custom body; a faulted generate creates nothing", async () => {
  const key = newKey("fhttp");
  const date = new Date(Date.now() + 3000).toUTCString();
  await control("faults", {
    key,
    faults: [
      { kind: "http", status: 503, retryAfter: "2", on: "generate" },
      { kind: "http", status: 429, retryAfter: date },
      { kind: "http", status: 500 },
      { kind: "http", status: 401 },
      { kind: "http", status: 402 },
      { kind: "http", status: 404 },
      { kind: "http", status: 418 },
      { kind: "http", status: 502, body: "upstream sad" },
    ],
  });
  const r1 = await generate(key, { prompt: "x" });
  assertError(r1, 503, "HTTP_503");
  assert.equal(r1.headers.get("retry-after"), "2");
  assert.equal(r1.headers.get("access-control-expose-headers"), "Retry-After");
  const r2 = await generate(key, { prompt: "x" });
  assertError(r2, 429, "RATE_LIMITED");
  assert.equal(r2.headers.get("retry-after"), date);
  for (const [st, code] of [
    [500, "INTERNAL_ERROR"],
    [401, "INVALID_API_KEY"],
    [402, "INSUFFICIENT_CREDITS"],
    [404, "TASK_NOT_FOUND"],
    [418, "HTTP_418"],
  ]) {
    assertError(await generate(key, { prompt: "x" }), st, code);
  }
  const r3 = await generate(key, { prompt: "x" });
  assert.equal(r3.status, 502);
  assert.equal(r3.text, "upstream sad");
  assert.equal(await balanceOf(key), 100000);
  assert.equal((await control("tasks", { key })).tasks.length, 0);
  assert.equal((await generate(key, { prompt: "x" })).status, 200); // queue drained
});

test("fault matching by `on`, `times` and queue order", async () => {
  const key = newKey("fon");
  const g = await generate(key, { prompt: "x" });
  const id = g.json.data.task_id;
  await control("faults", {
    key,
    faults: [
      { kind: "http", status: 500, on: "status", times: 2 },
      { kind: "http", status: 503 },
    ],
  });
  assertError(await generate(key, { prompt: "x" }), 503, "HTTP_503"); // skips the status-only fault
  assertError(await status(key, id), 500, "INTERNAL_ERROR");
  assertError(await status(key, id), 500, "INTERNAL_ERROR");
  assert.equal((await status(key, id)).status, 200);
  const log = await control("log", { key });
  assert.deepEqual(
    log.requests.map((r) => r.fault),
    [null, "http", "http", "http", null],
  );
});

test("faults malformed, html, empty and envelope-error", async () => {
  const key = newKey("fbody");
  await control("faults", {
    key,
    faults: [
      { kind: "malformed" },
      { kind: "html" },
      { kind: "empty" },
      { kind: "envelope-error" },
      { kind: "envelope-error", code: "UPSTREAM", message: "busy" },
    ],
  });
  const m = await generate(key, { prompt: "x" });
  assert.equal(m.status, 200);
  assert.equal(m.text, '{"code":200,"data":{"task_');
  const h = await generate(key, { prompt: "x" });
  assert.equal(h.status, 502);
  assert.match(h.headers.get("content-type"), /^text\/html/);
  assert.match(h.text, /<html/i);
  const e = await generate(key, { prompt: "x" });
  assert.equal(e.status, 200);
  assert.equal(e.text, "");
  const env1 = await generate(key, { prompt: "x" });
  assert.equal(env1.status, 200);
  assert.equal(env1.json.code, 500);
  assert.equal(env1.json.error.code, "INTERNAL_ERROR");
  assert.equal(env1.json.data, null);
  const env2 = await generate(key, { prompt: "x" });
  assert.deepEqual(env2.json, {
    code: 500,
    message: "busy",
    error: { code: "UPSTREAM", message: "busy" },
    data: null,
  });
  assert.equal((await control("tasks", { key })).tasks.length, 0);
  assert.equal(await balanceOf(key), 100000);
});

test("fault delay: waits then behaves normally; a client hanging up does not crash the mock", async () => {
  const key = newKey("fdelay");
  await control("faults", {
    key,
    faults: [
      { kind: "delay", ms: 300 },
      { kind: "delay", ms: 500 },
    ],
  });
  const t0 = Date.now();
  const r = await generate(key, { prompt: "x" });
  assert.ok(Date.now() - t0 >= 290);
  assert.equal(r.status, 200);
  await assert.rejects(
    fetch(`${base}/v2/generate`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}` },
      body: '{"prompt":"y"}',
      signal: AbortSignal.timeout(100),
    }),
  );
  await new Promise((res) => setTimeout(res, 550));
  assert.equal((await call("GET", "/v2/status?task_id=x", { key })).status, 404); // still alive
  const log = await control("log", { key });
  assert.deepEqual(
    log.requests.map((q) => q.fault),
    ["delay", "delay", null],
  );
});

test("fault drop creates nothing; drop-after-create creates and charges", async () => {
  const key = newKey("fdrop");
  await control("faults", {
    key,
    faults: [{ kind: "drop", on: "generate" }, { kind: "drop-after-create" }],
  });
  await assert.rejects(generate(key, { prompt: "x" }));
  assert.equal((await control("tasks", { key })).tasks.length, 0);
  await assert.rejects(generate(key, { prompt: "x", duration: 15 }));
  const { tasks, balance } = await control("tasks", { key });
  assert.equal(tasks.length, 1);
  assert.equal(balance, 100000 - 720);
  const log = await control("log", { key });
  assert.deepEqual(
    log.requests.map((q) => [q.fault, q.status]),
    [
      ["drop", null],
      ["drop-after-create", null],
    ],
  );
  // drop on status too
  await control("faults", { key, faults: [{ kind: "drop" }] });
  await assert.rejects(status(key, tasks[0].task_id));
  assert.equal((await status(key, tasks[0].task_id)).status, 200);
});

test("fault unknown-status rewrites only status replies", async () => {
  const key = newKey("funk");
  await control("faults", {
    key,
    faults: [
      { kind: "unknown-status", status: "QUEUED", times: 2 },
      { kind: "unknown-status", status: 7 },
    ],
  });
  const g = await generate(key, { prompt: "x" }); // not taken by generate
  assert.equal(g.json.data.status, "IN_PROGRESS");
  const id = g.json.data.task_id;
  assert.equal((await status(key, id)).json.data.status, "QUEUED");
  assert.equal((await status(key, id)).json.data.status, "QUEUED");
  const s = await status(key, id);
  assert.equal(s.json.data.status, 7);
  assert.equal(s.json.data.task_id, id);
  assert.equal((await status(key, id)).json.data.status, "IN_PROGRESS");
});

test("hostile faults: huge, endless, drip and rewrite, stopped when the client leaves", async () => {
  const key = newKey("hostile");
  await control("config", { key, taskDurationMs: 0 });
  const id = (await generate(key, { prompt: "x" })).json.data.task_id;
  await control("faults", {
    key,
    faults: [
      { kind: "huge", bytes: 300000 },
      { kind: "drip", ms: 1 },
      { kind: "rewrite", data: { task_id: "other", response: ["javascript:alert(1)"] } },
      { kind: "endless" },
    ],
  });
  const huge = await status(key, id);
  assert.equal(huge.headers.get("content-length"), "300000");
  assert.equal(Buffer.byteLength(huge.text), 300000);
  assert.equal(huge.json.data.task_id, id, "still a valid status reply");
  assert.equal(huge.json.data.padding.length > 299000, true);
  const drip = await status(key, id);
  assert.equal(drip.json.data.status, "SUCCESS");
  const rewritten = (await status(key, id)).json.data;
  assert.deepEqual(
    [rewritten.task_id, rewritten.response, rewritten.status],
    ["other", ["javascript:alert(1)"], "SUCCESS"],
  );
  const res = await fetch(`${base}/v2/status?task_id=${id}`, {
    headers: { authorization: `Bearer ${key}` },
  });
  const reader = res.body.getReader();
  let read = 0;
  while (read < 5e6) read += (await reader.read()).value.length;
  await reader.cancel();
  assert.equal(res.headers.get("content-length"), null, "endless is chunked");
  const log = await control("log", { key });
  assert.deepEqual(
    log.requests.slice(1).map((q) => q.fault),
    ["huge", "drip", "rewrite", "endless"],
  );
  assert.equal(
    (await status(key, id)).status,
    200,
    "the server still serves after the client left",
  );
  for (const bad of [
    { kind: "huge" },
    { kind: "huge", bytes: 0 },
    { kind: "drip" },
    { kind: "rewrite", data: [] },
  ]) {
    assert.equal(
      (await control("faults", { key, faults: [bad] })).httpStatus,
      400,
      JSON.stringify(bad),
    );
  }
});

test("config: responseShape and statusStyle", async () => {
  const key = newKey("cfg");
  const c = await control("config", { key, responseShape: "json-string", statusStyle: "lower" });
  assert.deepEqual(c, {
    ok: true,
    httpStatus: 200,
    config: {
      balance: 100000,
      taskDurationMs: 3000,
      failMessage: "Content policy violation",
      responseShape: "json-string",
      statusStyle: "lower",
    },
  });
  const url = `${base}/assets/sample.mp4`;
  const g = await generate(key, { prompt: "x" });
  assert.equal(g.json.data.status, "in_progress");
  assert.equal((await status(key, g.json.data.task_id)).json.data.status, "in_progress");
  await control("finish", { key, task_id: g.json.data.task_id });
  let s = await status(key, g.json.data.task_id);
  assert.equal(s.json.data.status, "success");
  assert.equal(s.json.data.response, JSON.stringify([url]));

  await control("config", { key, responseShape: "bare-string", statusStyle: "int" });
  s = await status(key, g.json.data.task_id);
  assert.equal(s.json.data.status, 1);
  assert.equal(s.json.data.response, url);
  const g2 = await generate(key, { prompt: "x" });
  assert.equal(g2.json.data.status, 0);
  assert.equal((await status(key, g2.json.data.task_id)).json.data.status, 0);
  const g3 = await generate(key, { prompt: "FAIL" });
  await control("finish", { key, task_id: g3.json.data.task_id });
  assert.equal((await status(key, g3.json.data.task_id)).json.data.status, -1);

  for (const bad of [
    { balance: -1 },
    { balance: 1.5 },
    { statusStyle: "mixed" },
    { responseShape: "object" },
    { taskDurationMs: "x" },
    { failMessage: 3 },
    { colour: "red" },
  ]) {
    const r = await call("POST", "/__mock/config", { body: JSON.stringify({ key, ...bad }) });
    assert.equal(r.status, 400, JSON.stringify(bad));
    assert.equal(r.json.ok, false);
  }
  const proto = await call("POST", "/__mock/config", {
    body: `{"key":"${key}","__proto__":{"x":1}}`,
  });
  assert.equal(proto.status, 400);
});

test("log records every API request with its details; preflights are not logged", async () => {
  const key = newKey("log");
  const g = await generate(key, { prompt: "logged" });
  await call("OPTIONS", "/v2/generate", {
    headers: { origin: "http://x", "access-control-request-method": "POST" },
  });
  await status(key, g.json.data.task_id);
  await call("GET", "/v2/nope", { key });
  const { requests } = await control("log", { key });
  assert.equal(requests.length, 3);
  const [a, b, c] = requests;
  assert.deepEqual([a.seq, b.seq, c.seq], [1, 2, 3]);
  assert.equal(a.method, "POST");
  assert.equal(a.path, "/v2/generate");
  assert.equal(a.url, "/v2/generate");
  assert.equal(a.authorization, `Bearer ${key}`);
  assert.equal(a.body, '{"prompt":"logged"}');
  assert.equal(a.fault, null);
  assert.equal(a.status, 200);
  assert.ok(Math.abs(a.at - Date.now()) < 10_000);
  assert.equal(b.path, "/v2/status");
  assert.equal(b.url, `/v2/status?task_id=${g.json.data.task_id}`);
  assert.equal(b.body, null);
  assert.equal(c.status, 404);
  assert.deepEqual((await control("log", { key: newKey("never") })).requests, []);
});

test("reset forgets the namespace", async () => {
  const key = newKey("reset");
  await control("config", { key, balance: 5, statusStyle: "int" });
  await control("faults", { key, faults: [{ kind: "http", status: 500, times: 5 }] });
  assert.equal((await control("reset", { key })).ok, true);
  const g = await generate(key, { prompt: "x" });
  assert.equal(g.status, 200);
  assert.equal(g.json.data.status, "IN_PROGRESS");
  assert.equal(await balanceOf(key), 100000 - 240);
  assert.equal((await control("log", { key })).requests.length, 1);
});

test("CORS: preflight 204 on every route, headers on every reply", async () => {
  const p = await call("OPTIONS", "/v2/generate", {
    headers: { origin: "http://localhost:5173", "access-control-request-method": "POST" },
  });
  assert.equal(p.status, 204);
  assert.equal(p.headers.get("access-control-allow-origin"), "*");
  assert.equal(p.headers.get("access-control-allow-methods"), "GET, POST, OPTIONS");
  assert.equal(p.headers.get("access-control-allow-headers"), "authorization, content-type");
  const echo = await call("OPTIONS", "/v2/status", {
    headers: { "access-control-request-headers": "authorization, x-trace" },
  });
  assert.equal(echo.headers.get("access-control-allow-headers"), "authorization, x-trace");
  for (const path of ["/__mock/log", "/assets/sample.mp4"])
    assert.equal((await call("OPTIONS", path)).status, 204);
  for (const r of [
    await generate(newKey("cors"), { prompt: "x" }),
    await call("GET", "/v2/generate"),
    await call("POST", "/__mock/log", { body: "{}" }),
  ]) {
    assert.equal(r.headers.get("access-control-allow-origin"), "*");
    assert.equal(r.headers.get("access-control-expose-headers"), "Retry-After");
  }
});

test("bad control input and huge bodies never crash the server", async () => {
  for (const body of ["{oops", "[]", "null", '{"key":5}', "{}"]) {
    const r = await call("POST", "/__mock/config", { body });
    assert.equal(r.status, 400);
    assert.equal(r.json.ok, false);
  }
  assert.equal(
    (await call("POST", "/__mock/faults", { body: '{"key":"k","faults":[{"kind":"meteor"}]}' }))
      .status,
    400,
  );
  assert.equal(
    (
      await call("POST", "/__mock/faults", {
        body: '{"key":"k","faults":[{"kind":"http","status":"x"}]}',
      })
    ).status,
    400,
  );
  assert.equal(
    (await call("POST", "/__mock/faults", { body: '{"key":"k","faults":[{"kind":"delay"}]}' }))
      .status,
    400,
  );
  assert.equal(
    (await call("POST", "/__mock/faults", { body: '{"key":"k","faults":"no"}' })).status,
    400,
  );
  assert.equal((await call("POST", "/__mock/nope", { body: '{"key":"k"}' })).status, 404);
  assert.equal((await call("GET", "/__mock/log")).status, 405);
  const huge = "x".repeat(1024 * 1024 + 10);
  assert.equal((await call("POST", "/__mock/config", { body: huge })).status, 413);
  const big = await generate(newKey("huge"), huge);
  assert.equal(big.status, 413);
  assert.equal(big.json.code, 413);
  const raw = await new Promise((resolve) => {
    const { hostname, port } = new URL(base);
    const sock = net.connect(Number(port), hostname, () => sock.write("GARBAGE\r\n\r\n"));
    let got = "";
    sock
      .on("data", (d) => {
        got += d;
      })
      .on("close", () => resolve(got))
      .on("error", () => {});
  });
  assert.match(raw, /^HTTP\/1\.1 400 /);
  const other = await call("GET", "/elsewhere");
  assert.equal(other.status, 404);
  assert.equal(other.json.code, 404);
  assert.equal((await generate(newKey("alive"), { prompt: "still up" })).status, 200);
});

test("namespaces are isolated under concurrency", async () => {
  const keys = Array.from({ length: 16 }, (_, i) => newKey(`par${i}`));
  await Promise.all(
    keys.map(async (key, i) => {
      await control("config", {
        key,
        balance: 240 * (i + 1),
        statusStyle: i % 2 ? "lower" : "upper",
      });
      await control("faults", { key, faults: [{ kind: "http", status: 500 + (i % 3) }] });
    }),
  );
  const results = await Promise.all(
    keys.map(async (key, i) => {
      const first = await generate(key, { prompt: `task of ${i}` });
      const made = await Promise.all(
        Array.from({ length: i + 2 }, () => generate(key, { prompt: `task of ${i}` })),
      );
      return { first, made };
    }),
  );
  const ids = new Set();
  await Promise.all(
    keys.map(async (key, i) => {
      const { first, made } = results[i];
      assert.equal(first.status, [500, 501, 502][i % 3]);
      const ok = made.filter((r) => r.status === 200);
      assert.equal(ok.length, i + 1); // exactly the balance's worth
      assert.equal(made.filter((r) => r.status === 402).length, 1);
      for (const r of ok) {
        assert.equal(r.json.data.status, i % 2 ? "in_progress" : "IN_PROGRESS");
        ids.add(r.json.data.task_id);
      }
      const { requests } = await control("log", { key });
      assert.equal(requests.length, i + 3);
      assert.ok(requests.every((q) => q.authorization === `Bearer ${key}`));
      assert.equal(await balanceOf(key), 0);
    }),
  );
  assert.equal(
    ids.size,
    keys.reduce((n, _, i) => n + i + 1, 0),
  ); // globally unique ids
});

for (const sig of ["SIGTERM", "SIGINT"])
  test(`${sig} exits cleanly, even with a request pending`, async () => {
    const { p, url } = await startServer();
    await fetch(`${url}/__mock/faults`, {
      method: "POST",
      body: JSON.stringify({ key: "k", faults: [{ kind: "delay", ms: 60_000 }] }),
    });
    const pending = fetch(`${url}/v2/generate`, {
      method: "POST",
      headers: { authorization: "Bearer k" },
      body: '{"prompt":"x"}',
    }).catch(() => "gone");
    await new Promise((r) => setTimeout(r, 100));
    p.kill(sig);
    const [code, signal] = await once(p, "exit");
    assert.equal(code, 0);
    assert.equal(signal, null);
    assert.equal(await pending, "gone");
  });
