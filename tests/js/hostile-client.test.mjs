// The proxy under toNodeListener on loopback, attacked as a client would over raw sockets
// (node:net): malformed request lines, targets and headers, held, slow, oversized and aborted
// bodies, the in-flight budget, case variants of known keys; and a hostile upstream (a 50 MB
// reply, an endless one, a slow drip). After every case the server must still answer a status
// request. Prints one table row per case with the outcome and the process RSS before and after;
//   HOSTILE_TABLE=1 node tests/js/hostile-client.test.mjs   # the table also on stderr (make bench)
// Needs a built pkg/ (`bash scripts/build.sh`).

import assert from "node:assert/strict";
import http from "node:http";
import net from "node:net";
import { after, before, test } from "node:test";
import { loadPackage, sleep } from "./support.mjs";

const { createProxyHandler, toNodeListener } = await loadPackage();

const MiB = 1 << 20;
const BODY_TIMEOUT_MS = 600;
const UPSTREAM_TIMEOUT_MS = 1500;
const KNOWN_FIELDS = new Set([
  "prompt",
  "model",
  "duration",
  "resolution",
  "aspect_ratio",
  "images",
  "reference_video_urls",
  "reference_audio_urls",
  "callback_url",
  "public",
]);

// ---------------------------------------------------------------------------------------------
// A hostile upstream: /ok/v2 behaves; /huge/v2 answers 50 MB; /endless/v2 never stops sending;
// /drip/v2 sends a byte every 50 ms forever. Records the generate bodies it received.
// ---------------------------------------------------------------------------------------------
const received = [];
const upstreamSockets = new Set();
const upstream = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const [, kind] = req.url.split("/");
    if (req.url.includes("/generate")) received.push(Buffer.concat(chunks).toString());
    if (kind === "huge") {
      // a valid envelope, 50 MB long
      const [head, tail] = [
        '{"code":200,"message":"success","data":{"task_id":"n90ok","status":"IN_PROGRESS","pad":"',
        '"}}',
      ];
      const piece = Buffer.alloc(MiB, 0x61);
      res.writeHead(200, {
        "content-type": "application/json",
        "content-length": head.length + 50 * MiB + tail.length,
      });
      res.write(head);
      let sent = 0;
      const more = () => {
        while (sent < 50 && !res.destroyed) {
          sent++;
          if (!res.write(piece)) return res.once("drain", more);
        }
        res.end(tail);
      };
      return more();
    }
    if (kind === "endless") {
      const piece = Buffer.alloc(64 * 1024, 0x20);
      res.writeHead(200, { "content-type": "application/json" });
      const more = () => {
        while (!res.destroyed && res.write(piece));
        if (!res.destroyed) res.once("drain", more);
      };
      return more();
    }
    if (kind === "drip") {
      res.writeHead(200, { "content-type": "application/json" });
      res.write("{");
      const timer = setInterval(() => res.write(" "), 50);
      return res.once("close", () => clearInterval(timer));
    }
    const task = { task_id: "n90ok", status: "IN_PROGRESS", consumed_credits: 0 };
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ code: 200, message: "success", data: task }));
  });
});
upstream.on("connection", (s) => {
  upstreamSockets.add(s);
  s.on("close", () => upstreamSockets.delete(s));
});

/** A node:http server running the proxy through toNodeListener; its port. */
async function serve(options) {
  const server = http.createServer(
    toNodeListener(createProxyHandler({ apiKey: "sk-hostile-key", ...options })),
  );
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { server, port: server.address().port };
}

let up;
let main;
let tight;
let hostileUp;
const unhandled = [];
const onUnhandled = (e) => unhandled.push(String(e?.stack ?? e));

before(async () => {
  process.on("unhandledRejection", onUnhandled);
  process.on("uncaughtException", onUnhandled);
  await new Promise((r) => upstream.listen(0, "127.0.0.1", r));
  up = `http://127.0.0.1:${upstream.address().port}`;
  main = await serve({ upstream: `${up}/ok/v2`, bodyTimeoutMs: BODY_TIMEOUT_MS });
  // Room for one body of 200 KiB at a time: a second one is refused with 503.
  tight = await serve({
    upstream: `${up}/ok/v2`,
    maxBodyBytes: 300 * 1024,
    maxInFlightBytes: 300 * 1024,
    bodyTimeoutMs: 5000,
  });
});

after(async () => {
  process.off("unhandledRejection", onUnhandled);
  process.off("uncaughtException", onUnhandled);
  for (const { server } of [main, tight, hostileUp].filter(Boolean)) {
    server.closeAllConnections();
    server.close();
  }
  for (const s of upstreamSockets) s.destroy();
  upstream.close();
});

// ---------------------------------------------------------------------------------------------
// Raw HTTP over node:net
// ---------------------------------------------------------------------------------------------

/**
 * Opens a connection, writes `parts` (strings or buffers; a number waits that many ms), and reads
 * until the server closes or `waitMs` passes. Resolves with the status line's code (or null), the
 * JSON body when there is one, and how the connection ended.
 */
function raw(port, parts, { waitMs = 5000, closeAfterSend = false } = {}) {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    const data = [];
    let settled = false;
    const finish = (how) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(data).toString("latin1");
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1];
      const bodyText = text.slice(text.indexOf("\r\n\r\n") + 4);
      const json = /\{.*\}/s.exec(bodyText)?.[0];
      let body = null;
      try {
        body = json ? JSON.parse(json) : null;
      } catch {
        /* chunked or cut */
      }
      resolve({
        status: status ? Number(status) : null,
        body,
        how,
        headers: text.slice(0, text.indexOf("\r\n\r\n")),
      });
    };
    const timer = setTimeout(() => finish("timeout"), waitMs);
    socket.on("data", (c) => {
      data.push(c);
      // Answered in full (an envelope is small): no need to wait for the close.
      const text = Buffer.concat(data).toString("latin1");
      const head = text.indexOf("\r\n\r\n");
      const length = /\r\ncontent-length: (\d+)/i.exec(text.slice(0, head))?.[1];
      if (head >= 0 && length !== undefined && text.length - head - 4 >= Number(length))
        finish("answered");
      if (head >= 0 && /\r\n0\r\n\r\n$/.test(text)) finish("answered");
    });
    socket.on("end", () => finish("closed"));
    socket.on("error", () => finish("reset"));
    socket.on("connect", async () => {
      for (const part of parts) {
        if (settled) return;
        if (typeof part === "number") await sleep(part);
        else socket.write(part);
      }
      if (closeAfterSend) finish("client closed");
    });
  });
}

const request = (lines, body = "") => `${lines.join("\r\n")}\r\n\r\n${body}`;

/** A status request through the proxy: the server is still serving. */
async function stillServing(port) {
  const res = await fetch(`http://127.0.0.1:${port}/v2/status?task_id=n90ok`, {
    signal: AbortSignal.timeout(5000),
  });
  const json = await res.json();
  return res.status === 200 && json.data?.task_id === "n90ok";
}

const rows = [];
const rssMiB = () => (process.memoryUsage().rss / MiB).toFixed(0);

/** Runs one case: `run()` resolves with the outcome; `check(outcome)` returns a problem or null. */
async function cell(name, port, run, check) {
  const before = rssMiB();
  const started = Date.now();
  let outcome;
  try {
    outcome = await run();
  } catch (e) {
    outcome = { status: null, how: `threw ${e.message}` };
  }
  const ms = Date.now() - started;
  await sleep(20);
  const serving = await stillServing(port).catch(() => false);
  const problem =
    check(outcome) ?? (serving ? null : "the server stopped answering status requests");
  const code = outcome.body?.error?.code ?? "";
  rows.push({
    name,
    outcome:
      `${outcome.status ?? "-"} ${code}`.trim() + (outcome.status ? "" : ` (${outcome.how})`),
    ms,
    serving: serving ? "yes" : "NO",
    rss: `${before} -> ${rssMiB()}`,
    problem: problem ?? "",
  });
  return problem;
}

const isEnvelope = (o, status) =>
  o.status === status &&
  o.body?.code === status &&
  typeof o.body?.error?.code === "string" &&
  o.body.data === null
    ? null
    : `expected ${status} in the envelope, got ${o.status} ${JSON.stringify(o.body)} (${o.how})`;
const refusedOrClosed = (o) =>
  o.status === null || (o.status >= 400 && o.status < 500) ? null : `got ${o.status}`;
const answered = (o) =>
  o.status !== null && o.status < 600 && (o.status < 500 || o.body?.error)
    ? null
    : `no answer (${o.how})`;

// ---------------------------------------------------------------------------------------------

test("hostile clients and a hostile upstream leave the proxy serving, with bounded memory", {
  timeout: 120_000,
}, async () => {
  const { port } = main;
  const problems = [];
  const check = async (...args) => {
    const p = await cell(...args);
    if (p) problems.push(`${args[0]}: ${p}`);
  };
  const get = (target, extra = []) =>
    request([`GET ${target} HTTP/1.1`, "Host: 127.0.0.1", ...extra, "Connection: close"]);

  // 1. Malformed requests: none may crash or wedge the server.
  const malformed = [
    [
      "TRACE",
      request(["TRACE /v2/status HTTP/1.1", "Host: x", "Connection: close"]),
      (o) => isEnvelope(o, 400),
    ],
    [
      "TRACK",
      request(["TRACK /v2/status HTTP/1.1", "Host: x", "Connection: close"]),
      refusedOrClosed,
    ],
    ["CONNECT", request(["CONNECT x:443 HTTP/1.1", "Host: x:443"]), refusedOrClosed],
    ["target //[::1/v2/status", get("//[::1/v2/status"), answered],
    ["target http://[/x", get("http://[/x"), (o) => isEnvelope(o, 400)],
    ["target //x:99999/v2/status", get("//x:99999/v2/status"), answered],
    [
      "target http://a:b@x/v2/status",
      get("http://a:b@x/v2/status?task_id=n90ok"),
      (o) => (o.status === 200 ? null : `got ${o.status}`),
    ],
    [
      "absolute-form http://x/v2/status",
      get("http://x/v2/status?task_id=n90ok"),
      (o) => (o.status === 200 ? null : `got ${o.status}`),
    ],
    [
      "target * (OPTIONS)",
      request(["OPTIONS * HTTP/1.1", "Host: x", "Connection: close"]),
      (o) => isEnvelope(o, 400),
    ],
    ["target x:80 (authority-form on GET)", get("x:80"), refusedOrClosed],
    [
      "Host: [",
      request(["GET /v2/status HTTP/1.1", "Host: [", "Connection: close"]),
      (o) => isEnvelope(o, 400),
    ],
    [
      "Host: x:99999",
      request(["GET /v2/status HTTP/1.1", "Host: x:99999", "Connection: close"]),
      (o) => isEnvelope(o, 400),
    ],
    [
      "Host: a@b",
      request(["GET /v2/status HTTP/1.1", "Host: a@b", "Connection: close"]),
      (o) => isEnvelope(o, 400),
    ],
    [
      "no Host (HTTP/1.1)",
      request(["GET /v2/status HTTP/1.1", "Connection: close"]),
      refusedOrClosed,
    ],
    [
      "header overflow (64 KB)",
      get("/v2/status", [`X-Big: ${"a".repeat(64 * 1024)}`]),
      refusedOrClosed,
    ],
    [
      "invalid chunked encoding",
      request(
        [
          "POST /v2/generate HTTP/1.1",
          "Host: x",
          "Transfer-Encoding: chunked",
          "Content-Type: application/json",
        ],
        'zz\r\n{"prompt"\r\n0\r\n\r\n',
      ),
      refusedOrClosed,
    ],
    [
      "Content-Length and chunked",
      request(
        [
          "POST /v2/generate HTTP/1.1",
          "Host: x",
          "Content-Length: 5",
          "Transfer-Encoding: chunked",
        ],
        "0\r\n\r\n",
      ),
      refusedOrClosed,
    ],
    [
      "Content-Length: abc",
      request(["POST /v2/generate HTTP/1.1", "Host: x", "Content-Length: abc"], "{}"),
      refusedOrClosed,
    ],
    ["bad task_id escape", get("/v2/status?task_id=%zz"), answered],
    ["HTTP/9.9", request(["GET /v2/status HTTP/9.9", "Host: x"]), refusedOrClosed],
  ];
  for (const [name, text, verdict] of malformed)
    await check(name, port, () => raw(port, [text]), verdict);

  // 2. Bodies: held, slow, oversized, aborted.
  const post = (length, extra = []) =>
    [
      `POST /v2/generate HTTP/1.1`,
      "Host: 127.0.0.1",
      "Content-Type: application/json",
      ...(length === null ? ["Transfer-Encoding: chunked"] : [`Content-Length: ${length}`]),
      ...extra,
      "Connection: close",
      "", // the blank line that ends the headers
      "",
    ].join("\r\n");
  await check(
    "held body (headers only)",
    port,
    () => raw(port, [post(100)]),
    (o) => isEnvelope(o, 408),
  );
  await check(
    "held body (half sent)",
    port,
    () => raw(port, [post(100), '{"prompt":"a cat", ']),
    (o) => isEnvelope(o, 408),
  );
  const drip = [
    post(40),
    ...Array.from({ length: 30 }, (_, i) => [100, '{"prompt":"a cat"}      '[i] ?? " "]).flat(),
  ];
  await check(
    "slow body (a byte per 100 ms)",
    port,
    () => raw(port, drip),
    (o) => isEnvelope(o, 408),
  );
  await check(
    "oversized, declared (2 MiB)",
    port,
    () => raw(port, [post(2 * MiB)]),
    (o) => isEnvelope(o, 413),
  );
  const big = Buffer.alloc(256 * 1024, 0x61);
  const chunk = Buffer.concat([
    Buffer.from(`${big.length.toString(16)}\r\n`),
    big,
    Buffer.from("\r\n"),
  ]);
  await check(
    "oversized, chunked (5 x 256 KiB)",
    port,
    () => raw(port, [post(null), "1\r\n{\r\n", chunk, chunk, chunk, chunk, chunk]),
    (o) => isEnvelope(o, 413),
  );
  await check(
    "aborted upload",
    port,
    () => raw(port, [post(1000), '{"prompt":', 50], { closeAfterSend: true }),
    () => null,
  );

  // 3. The in-flight budget: a second body while the first is held is refused with 503.
  await check(
    "in-flight budget (two 200 KiB bodies)",
    tight.port,
    async () => {
      const first = raw(tight.port, [post(200 * 1024), Buffer.alloc(150 * 1024, 0x20), 3000], {
        waitMs: 1500,
      });
      await sleep(300);
      const second = await raw(tight.port, [post(200 * 1024), Buffer.alloc(200 * 1024, 0x20)], {
        waitMs: 3000,
      });
      await first;
      return second;
    },
    (o) =>
      isEnvelope(o, 503) ?? (/\r\nretry-after: \d+/i.test(o.headers) ? null : "no Retry-After"),
  );

  // 4. Case and space variants of known keys reach nothing upstream.
  const variants = {
    prompt: "x",
    duration: 5,
    DURATION: 15,
    RESOLUTION: "1080p",
    Callback_URL: "http://169.254.169.254/",
    IMAGES: [
      "https://a.example/1.png",
      "https://a.example/2.png",
      "https://a.example/3.png",
      "https://a.example/4.png",
      "https://a.example/5.png",
    ],
    " duration": 15,
  };
  const body = JSON.stringify(variants);
  const before = received.length;
  await check(
    "case-variant keys",
    port,
    () => raw(port, [post(Buffer.byteLength(body)), body]),
    (o) => {
      const sent = received.slice(before);
      if (o.status !== 200 && o.status !== 400) return `got ${o.status}`;
      const keys = sent.flatMap((b) => Object.keys(JSON.parse(b)));
      const odd = keys.filter((k) => !KNOWN_FIELDS.has(k));
      return odd.length ? `forwarded ${odd.join(", ")}` : null;
    },
  );

  // 5. A hostile upstream: replies are read with a cap and a deadline.
  hostileUp = await serve({ upstream: `${up}/huge/v2`, timeoutMs: UPSTREAM_TIMEOUT_MS });
  const status = (p) => raw(p, [get("/v2/status?task_id=n90ok")], { waitMs: 10_000 });
  for (const kind of ["huge", "endless", "drip"]) {
    const proxy =
      kind === "huge"
        ? hostileUp
        : await serve({ upstream: `${up}/${kind}/v2`, timeoutMs: UPSTREAM_TIMEOUT_MS });
    globalThis.gc?.();
    await check(
      `upstream: ${kind === "huge" ? "50 MB reply" : kind === "endless" ? "endless reply" : "slow drip"}`,
      port,
      () => status(proxy.port),
      (o) => isEnvelope(o, 502),
    );
    if (proxy !== hostileUp) {
      proxy.server.closeAllConnections();
      proxy.server.close();
    }
  }

  const cols = [
    ["name", "case"],
    ["outcome", "outcome"],
    ["ms", "ms"],
    ["serving", "serving after"],
    ["rss", "RSS MiB before -> after"],
    ["problem", "problem"],
  ];
  const width = cols.map(([k, h]) => Math.max(h.length, ...rows.map((r) => String(r[k]).length)));
  const line = (cells) =>
    cells
      .map((c, i) => String(c).padEnd(width[i]))
      .join("  ")
      .trimEnd();
  const text =
    `hostile clients and upstreams: the proxy under toNodeListener (bodyTimeoutMs ${BODY_TIMEOUT_MS}, upstream timeoutMs ${UPSTREAM_TIMEOUT_MS})\n` +
    [
      line(cols.map(([, h]) => h)),
      line(width.map((w) => "-".repeat(w))),
      ...rows.map((r) => line(cols.map(([k]) => r[k]))),
    ].join("\n");
  console.log(text);
  if (process.env.HOSTILE_TABLE) process.stderr.write(`${text}\n`);
  assert.deepEqual(unhandled, [], "an unhandled rejection or exception");
  assert.deepEqual(problems, [], problems.join("\n"));
});

test("toNodeListener: a handler that throws, rejects or returns junk gets a 500 envelope", async () => {
  const handlers = [
    () => {
      throw new Error("sync");
    },
    async () => {
      throw new Error("async");
    },
    () => "not a response",
    () =>
      new Response(
        new ReadableStream({
          pull(c) {
            c.error(new Error("mid-stream"));
          },
        }),
      ),
    () => {
      const r = new Response("used");
      r.body.getReader();
      return r;
    }, // a locked body
  ];
  for (const [i, handler] of handlers.entries()) {
    const server = http.createServer(toNodeListener(handler));
    await new Promise((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address();
    const o = await raw(port, [request(["GET /x HTTP/1.1", "Host: x", "Connection: close"])]);
    if (i < 3) assert.equal(isEnvelope(o, 500), null, `handler ${i}`);
    else assert.notEqual(o.how, "timeout", "a body that fails mid-stream ends the reply");
    server.closeAllConnections();
    server.close();
  }
  assert.throws(
    () => toNodeListener("nope"),
    (e) => e.name === "SeedanceError" && e.code === "INVALID_FIELD",
  );
});

test("toNodeListener streams a large reply with backpressure and passes cookies", async () => {
  const big = new Uint8Array(8 * MiB).fill(0x61);
  const server = http.createServer(
    toNodeListener(() => {
      const headers = new Headers({ "content-type": "text/plain" });
      headers.append("set-cookie", "a=1");
      headers.append("set-cookie", "b=2");
      return new Response(big, { headers });
    }),
  );
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  try {
    const res = await fetch(`http://127.0.0.1:${server.address().port}/`);
    assert.deepEqual(res.headers.getSetCookie(), ["a=1", "b=2"]);
    assert.equal((await res.arrayBuffer()).byteLength, big.length);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});
