// toNodeListener: runs a Fetch-API handler `(Request) => Response | Promise<Response>` under
// node:http, Express or Connect. The request body is streamed to the handler as the client sends
// it (pulled on demand, so backpressure reaches the socket) and the reply is streamed back with
// backpressure. Nothing a client sends throws or rejects out of the listener: a target, method or
// Host that `new URL`/`new Request` refuses is answered 400, a failing handler 500, both in the
// API's error envelope, and the server keeps serving.
import { SeedanceError } from "./node/index.js";

// Hop-by-hop headers describe one connection, not the request or reply.
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "upgrade",
  "te",
  "trailer",
  "http2-settings",
]);
// Codes of the package's error list (src/codes.rs): a request this listener cannot hand on, and a
// handler that failed.
const REFUSED = "HTTP_ERROR";
const FAILED = "INTERNAL_ERROR";

// How long the rest of an upload that was not read to its end is drained (and dropped) after the
// reply, before the connection is closed.
const LINGER_MS = 2000;

const ignore = () => {};

/** The API's error envelope, as the proxy writes it. */
function envelope(status, code, message) {
  return JSON.stringify({ code: status, message, error: { code, message }, data: null });
}

/** Answers with an envelope unless the reply already started or the client left. */
function answer(res, status, code, message) {
  if (res.headersSent || res.destroyed || res.writableEnded) return;
  const body = envelope(status, code, message);
  try {
    res.writeHead(status, {
      "content-type": "application/json; charset=utf-8",
      "content-length": Buffer.byteLength(body),
    });
    res.end(res.req?.method === "HEAD" ? undefined : body);
  } catch {
    res.destroy();
  }
}

/** The origin from the Host header, or null when it is not a plain `host[:port]`. */
function originOf(req) {
  const host = req.headers.host ?? "localhost"; // HTTP/1.0 may send none
  if (typeof host !== "string" || host === "" || /[/?#@\\\s]/.test(host)) return null;
  const scheme = req.socket?.encrypted ? "https:" : "http:";
  try {
    return new URL(`${scheme}//${host}`).origin;
  } catch {
    return null;
  }
}

/**
 * The path and query of the request target: origin-form (`/x?y`, also `//x`) as it is,
 * absolute-form (`http://h/x`) reduced to its path; null for anything else (`*`, `h:443`, junk).
 */
function pathOf(target) {
  if (typeof target !== "string") return null;
  if (target.startsWith("/")) return target;
  try {
    const url = new URL(target);
    return url.protocol === "http:" || url.protocol === "https:" ? url.pathname + url.search : null;
  } catch {
    return null;
  }
}

/**
 * The body as a web stream, pulled on demand. `discard()` stops handing it on and drains the
 * rest without keeping it (a handler that stopped reading, or a reply sent before the end).
 */
function bodyOf(req) {
  let open = true;
  let controller;
  const stop = (error) => {
    if (!open) return;
    open = false;
    try {
      if (error) controller.error(error);
      else controller.close();
    } catch {
      /* already closed */
    }
  };
  const broken = () => stop(new Error("The request body was not completely received."));
  const stream = new ReadableStream({
    start(c) {
      controller = c;
      req.on("data", (chunk) => {
        if (!open) return;
        controller.enqueue(
          typeof chunk === "string"
            ? Buffer.from(chunk)
            : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength),
        );
        if (controller.desiredSize <= 0) req.pause();
      });
      req.once("end", () => stop());
      req.once("aborted", broken);
      req.once("error", broken);
      req.once("close", () => {
        if (!req.complete) broken();
      });
      req.pause();
    },
    pull() {
      req.resume();
    },
    cancel() {
      open = false; // the rest is dropped by `discard` once the reply is out
    },
  });
  const discard = () => {
    if (open) {
      open = false;
      try {
        controller.close();
      } catch {
        /* already closed */
      }
    }
    if (req.complete || req.destroyed) return;
    // The rest of an unfinished upload is read and dropped for a moment, as nginx's lingering
    // close does: closing at once, with bytes unread, would reset the connection and could destroy
    // the reply before the client read it. Then the connection closes, whatever the client sends.
    req.resume();
    const timer = setTimeout(() => req.socket?.destroy(), LINGER_MS);
    timer.unref();
    req.once("end", () => clearTimeout(timer));
  };
  return { stream, discard };
}

/** The Fetch `Request`, or a string saying why there is none. */
function toRequest(req, method, body, signal) {
  // `new Request` refuses these (and Node hands CONNECT to the 'connect' event anyway).
  if (method === "CONNECT" || method === "TRACE" || method === "TRACK")
    return `The method ${method} is not supported.`;
  const origin = originOf(req);
  if (!origin) return "The Host header is not a valid host.";
  const path = pathOf(typeof req.originalUrl === "string" ? req.originalUrl : req.url);
  if (path === null) return "The request target is not a path.";
  try {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (HOP_BY_HOP.has(name) || value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
    }
    return new Request(new URL(origin + path), {
      method,
      headers,
      signal,
      ...(body && { body: body.stream, duplex: "half" }),
    });
  } catch {
    return "The request could not be read.";
  }
}

/** Resolves on 'drain' or when the reply is gone, whichever comes first. */
function drained(res) {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

/** Writes the handler's Response: status, headers, then the body chunk by chunk with backpressure. */
async function send(response, req, res) {
  const stream = response.body;
  const skip = () => stream?.cancel().catch(ignore);
  if (res.destroyed || res.headersSent) return skip();
  const headers = {};
  for (const [name, value] of response.headers) {
    if (!HOP_BY_HOP.has(name) && name !== "content-length" && name !== "set-cookie")
      headers[name] = value;
  }
  const cookies = response.headers.getSetCookie?.() ?? [];
  if (cookies.length) headers["set-cookie"] = cookies;
  try {
    res.writeHead(response.status, headers);
  } catch {
    skip();
    return answer(res, 500, FAILED, "The handler's response headers are invalid.");
  }
  if (!stream || req.method === "HEAD" || response.status === 204 || response.status === 304) {
    skip();
    return res.end();
  }
  let reader;
  try {
    reader = stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) return void reader.cancel().catch(ignore);
      if (!res.write(value)) await drained(res);
    }
    res.end();
  } catch {
    reader?.cancel().catch(ignore);
    res.destroy(); // the status is out: cutting the reply short is the only way to say it failed
  }
}

async function serve(handler, req, res) {
  req.on("error", ignore); // an aborted upload: the body stream reports it
  res.on("error", ignore); // a client that left: nothing to write to
  const gone = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) gone.abort();
  });
  const method = typeof req.method === "string" ? req.method.toUpperCase() : "";
  // A GET or HEAD carries no body to hand on; Node drops any it sent.
  const body = method === "GET" || method === "HEAD" ? null : bodyOf(req);
  if (body) res.once("finish", body.discard);
  const request = toRequest(req, method, body, gone.signal);
  if (typeof request === "string") return answer(res, 400, REFUSED, request);
  let response;
  try {
    response = await handler(request);
  } catch {
    return answer(res, 500, FAILED, "The request handler failed.");
  }
  const isResponse =
    response instanceof Response ||
    (typeof response?.status === "number" &&
      typeof response?.headers?.[Symbol.iterator] === "function");
  if (!isResponse) {
    return answer(res, 500, FAILED, "The request handler did not return a Response.");
  }
  await send(response, req, res);
}

/**
 * A `node:http` request listener (also Express and Connect middleware) running `handler`, a
 * Fetch-API handler such as the one `createProxyHandler` returns.
 */
export function toNodeListener(handler) {
  if (typeof handler !== "function") {
    throw new SeedanceError(
      "INVALID_FIELD",
      "toNodeListener needs a function (request) => Response.",
    );
  }
  return function listener(req, res) {
    serve(handler, req, res).catch(() => {
      // Only a bug of this file gets here; still, never an unhandled rejection.
      answer(res, 500, FAILED, "The request could not be answered.");
    });
  };
}
