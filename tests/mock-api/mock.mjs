// Faithful local mock of the Seedance v2 API (see README.md beside this file).
// Node 20, node:http only. Every bit of state is kept per API key ("namespace") so
// tests running in parallel with different keys never see each other.
// The same file also runs in a browser (the static demo's in-page sandbox, www/sandbox.js, drives
// `handle` with request/response look-alikes), so Node modules are loaded only under Node.
const node = globalThis.process?.versions?.node
  ? { fs: await import("node:fs"), http: await import("node:http") }
  : null;
const randomHex = (bytes) =>
  [...crypto.getRandomValues(new Uint8Array(bytes))]
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("");

const MAX_BODY = 1024 * 1024;
const MODELS = {
  "seedance-2.0": { durations: [5, 10, 15], ratios: ["16:9", "9:16", "4:3", "3:4"] },
  "seedance-2.0-fast": { durations: [5, 10, 15], ratios: ["16:9", "9:16", "4:3", "3:4"] },
  "seedance-2-mini": {
    durations: [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
    ratios: ["16:9", "9:16", "4:3", "3:4", "1:1", "21:9", "adaptive"],
  },
};
const RESOLUTIONS = ["480p", "720p", "1080p"];
const FAULT_KINDS = [
  "http",
  "malformed",
  "html",
  "delay",
  "drop",
  "drop-after-create",
  "envelope-error",
  "unknown-status",
  "empty",
  "huge",
  "endless",
  "drip",
  "rewrite",
]; // the last four: a hostile server (see README.md)
const STATUS_STYLES = {
  upper: { IN_PROGRESS: "IN_PROGRESS", SUCCESS: "SUCCESS", FAILED: "FAILED" },
  lower: { IN_PROGRESS: "in_progress", SUCCESS: "success", FAILED: "failed" },
  int: { IN_PROGRESS: 0, SUCCESS: 1, FAILED: -1 },
};
const CONFIG_CHECKS = {
  balance: (v) => Number.isSafeInteger(v) && v >= 0,
  taskDurationMs: (v) => Number.isFinite(v) && v >= 0,
  failMessage: (v) => typeof v === "string",
  responseShape: (v) => ["array", "json-string", "bare-string"].includes(v),
  statusStyle: (v) => Object.hasOwn(STATUS_STYLES, v),
};
const FAULT_CODES = {
  500: "INTERNAL_ERROR",
  401: "INVALID_API_KEY",
  402: "INSUFFICIENT_CREDITS",
  404: "TASK_NOT_FOUND",
  429: "RATE_LIMITED",
};

// Credits, exactly the provider's table, in integer arithmetic (hundredths of a credit per second).
export function priceOf(model, duration, resolution, hasRefVideo) {
  if (model === "seedance-2.0") return 48 * duration;
  if (model === "seedance-2.0-fast") return 32 * duration;
  const perSecond = resolution === "480p" ? (hasRefVideo ? 900 : 1425) : hasRefVideo ? 1875 : 3075;
  return Math.ceil((perSecond * duration) / 100); // exact: the product is an integer
}

const envelopeError = (status, code, message) => ({
  code: status,
  message,
  error: { code, message },
  data: null,
});

class HttpError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

// First error wins, like the real server.
function validateGenerate(body) {
  const bad = (code, msg) => {
    throw new HttpError(400, code, msg);
  };
  if (!body || typeof body !== "object" || Array.isArray(body))
    bad("INVALID_PROMPT", "Request body must be a JSON object with a prompt");
  const {
    prompt,
    model = "seedance-2.0",
    duration = 5,
    resolution = "720p",
    images,
    reference_video_urls: refs,
  } = body;
  if (typeof prompt !== "string" || prompt.trim() === "")
    bad("INVALID_PROMPT", "Prompt is required and must not be empty");
  if ([...prompt].length > 2000) bad("INVALID_PROMPT", "Prompt must be at most 2000 characters");
  if (typeof model !== "string" || !Object.hasOwn(MODELS, model))
    bad("INVALID_MODEL", `Unsupported model: ${String(model)}`);
  const rules = MODELS[model];
  if (!rules.durations.includes(duration))
    bad("INVALID_DURATION", `Duration ${JSON.stringify(duration)} is not supported by ${model}`);
  if (!RESOLUTIONS.includes(resolution))
    bad("INVALID_RESOLUTION", `Unsupported resolution: ${JSON.stringify(resolution)}`);
  const aspect_ratio = body.aspect_ratio ?? "16:9";
  if (!rules.ratios.includes(aspect_ratio))
    bad(
      "INVALID_ASPECT_RATIO",
      `Aspect ratio ${JSON.stringify(aspect_ratio)} is not supported by ${model}`,
    );
  if (images != null && !Array.isArray(images))
    bad("INVALID_FIELD", "images must be an array of URLs");
  if (images?.length > 4) bad("TOO_MANY_IMAGES", "At most 4 images are allowed");
  if (refs != null && !Array.isArray(refs))
    bad("INVALID_FIELD", "reference_video_urls must be an array of URLs");
  const billed = model === "seedance-2-mini" && resolution === "1080p" ? "720p" : resolution;
  const price = priceOf(model, duration, billed, model === "seedance-2-mini" && refs?.length > 0);
  return { prompt, model, duration, resolution, billed, aspect_ratio, price };
}

function checkFault(f) {
  if (!f || typeof f !== "object" || !FAULT_KINDS.includes(f.kind))
    return `unknown fault kind: ${JSON.stringify(f?.kind)}`;
  if (f.on !== undefined && !["generate", "status", "any"].includes(f.on))
    return "on must be generate, status or any";
  if (f.times !== undefined && !(Number.isSafeInteger(f.times) && f.times > 0))
    return "times must be a positive integer";
  if (f.kind === "http" && !(Number.isInteger(f.status) && f.status >= 200 && f.status <= 599))
    return "http fault needs status 200..599";
  if (f.kind === "http" && f.body !== undefined && typeof f.body !== "string")
    return "http fault body must be a string";
  if (f.kind === "http" && f.retryAfter !== undefined && typeof f.retryAfter !== "string")
    return "retryAfter must be a string";
  if (f.kind === "delay" && !(Number.isFinite(f.ms) && f.ms >= 0 && f.ms <= 600000))
    return "delay fault needs ms 0..600000";
  if (f.kind === "unknown-status" && !["string", "number"].includes(typeof f.status))
    return "unknown-status needs status (string or number)";
  if (f.kind === "huge" && !(Number.isSafeInteger(f.bytes) && f.bytes > 0 && f.bytes <= 2 ** 31))
    return "huge fault needs bytes 1..2^31";
  if (f.kind === "drip" && !(Number.isFinite(f.ms) && f.ms > 0 && f.ms <= 60000))
    return "drip fault needs ms 1..60000";
  if (f.kind === "rewrite" && !(f.data && typeof f.data === "object" && !Array.isArray(f.data)))
    return "rewrite fault needs a data object";
  return null;
}

// Which requests a fault may take: its own `on`, and for two kinds only the operation they make sense for.
function faultMatches(f, op) {
  if ((f.kind === "unknown-status" || f.kind === "rewrite") && op !== "status") return false;
  if (f.kind === "drop-after-create" && op !== "generate") return false;
  return (f.on ?? "any") === "any" || f.on === op;
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    // Past the cap keep draining (so the client can read our 413) but stop buffering.
    req.on("data", (c) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on("end", () => {
      if (size > MAX_BODY) return resolve(null);
      const all = new Uint8Array(size);
      let at = 0;
      for (const c of chunks) {
        all.set(c, at);
        at += c.length;
      }
      resolve(new TextDecoder().decode(all));
    });
    req.on("error", reject);
    req.on("close", () => {
      if (!req.complete) reject(new Error("client went away"));
    });
  });
}

function sendRaw(res, status, body, headers = {}) {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { "Content-Length": utf8Bytes(body), ...headers });
  res.end(body);
}
const sendJson = (res, status, obj, headers = {}) =>
  sendRaw(res, status, JSON.stringify(obj), {
    "Content-Type": "application/json; charset=utf-8",
    ...headers,
  });

// A hostile server's reply: the normal reply padded to `bytes` (inside a `padding` string, so it
// stays valid JSON), or padded forever (`endless`, chunked), or written one byte every `ms` (`drip`).
// Written with back-pressure, and stopped as soon as the client goes away.
function sendHostile(res, status, obj, fault) {
  const [head, tail] = JSON.stringify({
    ...obj,
    data: { ...obj.data, padding: "__PADDING__" },
  }).split('"__PADDING__"');
  const body = JSON.stringify(obj);
  const block = "x".repeat(64 * 1024);
  const frame = utf8Bytes(head) + utf8Bytes(tail) + 2;
  let pad = fault.kind === "huge" ? Math.max(0, fault.bytes - frame) : Infinity;
  const parts = fault.kind === "drip" ? [...body] : [`${head}"`];
  const headers = { "Content-Type": "application/json; charset=utf-8" };
  if (fault.kind === "huge") headers["Content-Length"] = frame + pad;
  if (fault.kind === "drip") headers["Content-Length"] = utf8Bytes(body);
  res.writeHead(status, headers);
  const next = () => {
    if (parts.length) return parts.shift();
    if (fault.kind === "drip") return null;
    if (pad > 0) {
      const n = Math.min(pad, block.length);
      pad -= n;
      return n === block.length ? block : block.slice(0, n);
    }
    if (pad === 0) {
      pad = -1;
      return `"${tail}`;
    }
    return null;
  };
  const pump = () => {
    while (!res.destroyed) {
      const chunk = next();
      if (chunk === null) return res.end();
      if (fault.kind === "drip") {
        res.write(chunk);
        return setTimeout(pump, fault.ms);
      }
      if (!res.write(chunk)) return res.once("drain", pump);
    }
  };
  pump();
}
const utf8Bytes = (text) => new TextEncoder().encode(text).length;

function parseRange(header, size) {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === "" && m[2] === "")) return header.includes(",") ? null : "bad"; // multi-range: serve it all
  let start, end;
  if (m[1] === "") {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } // suffix range
  else {
    start = Number(m[1]);
    end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  return start > end || start >= size ? "bad" : { start, end };
}

export function createMock(options = {}) {
  // cors: answer any Origin (the browser tests load pages from another port); the demo turns it off.
  // logLimit, logBodyChars: the request log keeps the most recent entries per key, bodies cut short.
  // videoUrl: where a finished task's video is (default: /assets/sample.mp4 on the Host asked).
  const {
    defaultTaskDurationMs = 3000,
    defaultBalance = 100000,
    cors = true,
    logLimit = 1000,
    logBodyChars = 64 * 1024,
    videoUrl,
  } = options;
  const state = { namespaces: new Map(), taskIds: new Set() };
  let video = null;
  try {
    video = node?.fs.readFileSync(new URL("./sample.mp4", import.meta.url)) ?? null;
  } catch {
    /* answered 404 */
  }

  function ns(key, create = true) {
    let n = state.namespaces.get(key);
    if (!n && create) {
      n = {
        balance: defaultBalance,
        tasks: new Map(),
        log: [],
        faults: [],
        seq: 0,
        config: {
          taskDurationMs: defaultTaskDurationMs,
          failMessage: "Content policy violation",
          responseShape: "array",
          statusStyle: "upper",
        },
      };
      state.namespaces.set(key, n);
    }
    return n;
  }

  function newTaskId() {
    let id;
    do id = `n90${randomHex(8)}`;
    while (state.taskIds.has(id));
    state.taskIds.add(id);
    return id;
  }

  // Tasks become final lazily, whenever the namespace is looked at; failures refund once.
  function settle(n) {
    const now = Date.now();
    for (const t of n.tasks.values()) {
      if (t.final || (!t.forced && now - t.createdAt < t.durationMs)) continue;
      t.final = t.prompt.includes("FAIL") ? "FAILED" : "SUCCESS";
      if (t.final === "FAILED") {
        t.errorMessage = n.config.failMessage;
        n.balance += t.price;
      }
    }
  }

  function statusData(n, t, host) {
    const status = t.final ?? "IN_PROGRESS";
    const url = videoUrl ?? `http://${host || "127.0.0.1"}/assets/sample.mp4`;
    const shapes = { array: [url], "json-string": JSON.stringify([url]), "bare-string": url };
    return {
      task_id: t.id,
      status: STATUS_STYLES[n.config.statusStyle][status],
      response: status === "SUCCESS" ? shapes[n.config.responseShape] : [],
      error_message: status === "FAILED" ? t.errorMessage : null,
      consumed_credits: t.price,
      created_at: new Date(t.createdAt).toISOString(),
      request: { prompt: t.prompt, aspect_ratio: t.aspect_ratio, duration: t.duration },
    };
  }

  // Normal API behaviour: returns [httpStatus, bodyObject] or throws HttpError.
  function apiNormal(n, key, op, req, url, body) {
    if (!key || key.startsWith("invalid"))
      throw new HttpError(401, "INVALID_API_KEY", "Invalid or missing API key");
    if (!op) throw new HttpError(404, "NOT_FOUND", `No route for ${req.method} ${url.pathname}`);
    settle(n);
    if (op === "status") {
      const t = n.tasks.get(url.searchParams.get("task_id") ?? "");
      if (!t) throw new HttpError(404, "TASK_NOT_FOUND", "Task not found");
      return [200, { code: 200, message: "success", data: statusData(n, t, req.headers.host) }];
    }
    let parsed;
    try {
      parsed = JSON.parse(body ?? "");
    } catch {
      throw new HttpError(400, "INVALID_PROMPT", "Request body is not valid JSON");
    }
    const v = validateGenerate(parsed);
    if (n.balance < v.price)
      throw new HttpError(
        402,
        "INSUFFICIENT_CREDITS",
        `Insufficient credits: need ${v.price}, have ${n.balance}`,
      );
    n.balance -= v.price;
    const t = {
      ...v,
      id: newTaskId(),
      createdAt: Date.now(),
      durationMs: n.config.taskDurationMs,
      body: parsed,
      callback_url: parsed.callback_url ?? null,
      final: null,
      forced: false,
      errorMessage: null,
    };
    n.tasks.set(t.id, t);
    const data = {
      task_id: t.id,
      status: STATUS_STYLES[n.config.statusStyle].IN_PROGRESS,
      consumed_credits: t.price,
    };
    return [200, { code: 200, message: "success", data }];
  }

  async function handleApi(req, res, url) {
    const auth = req.headers.authorization ?? null;
    const key = /^Bearer\s+(.*)$/i.exec(auth ?? "")?.[1].trim() ?? "";
    const n = ns(key);
    const entry = {
      seq: ++n.seq,
      at: Date.now(),
      method: req.method,
      path: url.pathname,
      url: req.url,
      authorization: auth,
      body: null,
      fault: null,
      status: null,
    };
    n.log.push(entry);
    if (n.log.length > logLimit) n.log.splice(0, n.log.length - logLimit);
    const reply = (status, obj, headers) => {
      entry.status = status;
      (typeof obj === "string" ? sendRaw : sendJson)(res, status, obj, headers);
    };
    const drop = () => {
      entry.status = null;
      req.socket.destroy();
    };

    const body = await readBody(req);
    if (body === null)
      return reply(413, envelopeError(413, "PAYLOAD_TOO_LARGE", "Request body over 1 MB"), {
        Connection: "close",
      });
    entry.body = body === "" ? null : body.slice(0, logBodyChars);

    const op =
      req.method === "POST" && url.pathname === "/v2/generate"
        ? "generate"
        : req.method === "GET" && url.pathname === "/v2/status"
          ? "status"
          : null;
    const i = op ? n.faults.findIndex((f) => faultMatches(f, op)) : -1;
    const fault = i < 0 ? null : n.faults[i];
    if (fault) {
      entry.fault = fault.kind;
      if (--fault.left <= 0) n.faults.splice(i, 1);
    }

    switch (fault?.kind) {
      case "http": {
        const headers = fault.retryAfter ? { "Retry-After": fault.retryAfter } : {};
        if (fault.body !== undefined) {
          entry.status = fault.status;
          let json = true;
          try {
            JSON.parse(fault.body);
          } catch {
            json = false;
          }
          const type = json ? "application/json; charset=utf-8" : "text/plain; charset=utf-8";
          return sendRaw(res, fault.status, fault.body, { "Content-Type": type, ...headers });
        }
        const code = FAULT_CODES[fault.status] ?? `HTTP_${fault.status}`;
        return reply(
          fault.status,
          envelopeError(
            fault.status,
            code,
            node?.http.STATUS_CODES[fault.status] ?? "Injected error",
          ),
          headers,
        );
      }
      case "malformed":
        return reply(200, '{"code":200,"data":{"task_', { "Content-Type": "application/json" });
      case "html":
        return reply(
          502,
          "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr><center>nginx</center></body></html>",
          { "Content-Type": "text/html; charset=utf-8" },
        );
      case "drop":
        return drop();
      case "empty":
        return reply(200, "", { "Content-Type": "application/json" });
      case "envelope-error": {
        const message = fault.message ?? "Internal server error";
        return reply(200, {
          code: 500,
          message,
          error: { code: fault.code ?? "INTERNAL_ERROR", message },
          data: null,
        });
      }
      case "delay":
        await new Promise((r) => setTimeout(r, fault.ms));
        break; // then behave normally, even if the client left
    }

    let status, out;
    try {
      [status, out] = apiNormal(n, key, op, req, url, body);
    } catch (e) {
      if (!(e instanceof HttpError)) throw e;
      [status, out] = [e.status, envelopeError(e.status, e.code, e.message)];
    }
    if (fault?.kind === "drop-after-create") return drop();
    if (fault?.kind === "unknown-status" && out.data) out.data.status = fault.status;
    if (fault?.kind === "rewrite" && out.data) Object.assign(out.data, fault.data);
    if (["huge", "endless", "drip"].includes(fault?.kind)) {
      entry.status = status;
      return sendHostile(res, status, out, fault);
    }
    reply(status, out);
  }

  async function handleControl(req, res, url) {
    const fail = (status, error) => sendJson(res, status, { ok: false, error });
    const body = await readBody(req);
    if (body === null) return fail(413, "request body over 1 MB");
    if (req.method !== "POST") return fail(405, "control endpoints take POST with a JSON body");
    let input;
    try {
      input = JSON.parse(body);
    } catch {
      return fail(400, "body is not valid JSON");
    }
    if (!input || typeof input !== "object" || typeof input.key !== "string")
      return fail(400, 'body must be an object with a string "key"');
    const { key } = input;

    switch (url.pathname) {
      case "/__mock/config": {
        for (const [k, v] of Object.entries(input)) {
          if (k !== "key" && !(Object.hasOwn(CONFIG_CHECKS, k) && CONFIG_CHECKS[k](v)))
            return fail(400, `bad config field ${k}: ${JSON.stringify(v)}`);
        }
        const n = ns(key);
        settle(n); // a refund due before now belongs to the old balance
        const { key: _, balance, ...config } = input;
        if (balance !== undefined) n.balance = balance;
        Object.assign(n.config, config);
        return sendJson(res, 200, { ok: true, config: { balance: n.balance, ...n.config } });
      }
      case "/__mock/faults": {
        if (!Array.isArray(input.faults)) return fail(400, '"faults" must be an array');
        const problem = input.faults.map(checkFault).find(Boolean);
        if (problem) return fail(400, problem);
        const n = ns(key);
        n.faults.push(...input.faults.map((f) => ({ ...f, left: f.times ?? 1 })));
        return sendJson(res, 200, { ok: true, queued: n.faults.length });
      }
      case "/__mock/log":
        return sendJson(res, 200, { ok: true, requests: ns(key, false)?.log ?? [] });
      case "/__mock/reset": {
        for (const id of ns(key, false)?.tasks.keys() ?? []) state.taskIds.delete(id);
        state.namespaces.delete(key);
        return sendJson(res, 200, { ok: true });
      }
      case "/__mock/finish": {
        const n = ns(key, false);
        const t = n?.tasks.get(input.task_id);
        if (!t) return fail(404, "no such task in this namespace");
        t.forced = true;
        settle(n);
        return sendJson(res, 200, { ok: true, task: statusData(n, t, req.headers.host) });
      }
      case "/__mock/tasks": {
        // inspection helper: what the mock recorded (callback_url, full body, ...)
        const n = ns(key, false);
        if (n) settle(n);
        const tasks = [...(n?.tasks.values() ?? [])].map((t) => ({
          ...statusData(n, t, req.headers.host),
          model: t.model,
          resolution: t.resolution,
          billed_resolution: t.billed,
          callback_url: t.callback_url,
          body: t.body,
        }));
        return sendJson(res, 200, { ok: true, balance: n?.balance ?? defaultBalance, tasks });
      }
      default:
        return fail(404, `unknown control endpoint ${url.pathname}`);
    }
  }

  function handleAsset(req, res, url) {
    req.resume();
    if (url.pathname !== "/assets/sample.mp4" || !video)
      return sendJson(res, 404, envelopeError(404, "NOT_FOUND", "No such asset"));
    if (req.method !== "GET" && req.method !== "HEAD")
      return sendJson(res, 405, envelopeError(405, "METHOD_NOT_ALLOWED", "GET or HEAD only"));
    const size = video.length;
    const range = req.headers.range ? parseRange(req.headers.range, size) : null;
    const base = {
      "Content-Type": "video/mp4",
      "Accept-Ranges": "bytes",
      "Cache-Control": "no-cache",
    };
    if (range === "bad")
      return sendRaw(res, 416, "", { ...base, "Content-Range": `bytes */${size}` });
    const [status, chunk, extra] = range
      ? [
          206,
          video.subarray(range.start, range.end + 1),
          { "Content-Range": `bytes ${range.start}-${range.end}/${size}` },
        ]
      : [200, video, {}];
    res.writeHead(status, { ...base, ...extra, "Content-Length": chunk.length });
    res.end(req.method === "HEAD" ? undefined : chunk);
  }

  function handle(req, res) {
    let url;
    try {
      url = new URL(req.url, "http://mock.invalid");
    } catch {
      return false;
    }
    const route = ["/v2/", "/__mock/", "/assets/"].find((p) => url.pathname.startsWith(p));
    if (!route) return false;
    if (cors) {
      res.setHeader("Access-Control-Allow-Origin", "*");
      res.setHeader("Access-Control-Expose-Headers", "Retry-After");
    }
    // One connection per request: a browser silently resends a request whose *reused* connection
    // drops before any reply (Chromium does, even for POST), which would hide the `drop` faults.
    res.setHeader("Connection", "close");
    if (cors && req.method === "OPTIONS") {
      // CORS preflight: answered for every route, never logged
      req.resume();
      res.writeHead(204, {
        "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
        "Access-Control-Allow-Headers":
          req.headers["access-control-request-headers"] || "authorization, content-type",
        "Access-Control-Max-Age": "600",
      });
      res.end();
      return true;
    }
    const run = route === "/v2/" ? handleApi : route === "/__mock/" ? handleControl : handleAsset;
    Promise.resolve()
      .then(() => run(req, res, url))
      .catch(() => {
        // never crash the server: a client that left, or a bug
        if (!res.headersSent && !res.destroyed)
          sendJson(res, 500, envelopeError(500, "INTERNAL_ERROR", "Mock internal error"));
        else res.destroy();
      });
    return true;
  }

  return { handle, state };
}
