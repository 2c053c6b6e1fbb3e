// The fetch race of the client and the proxy (see src/client/transport.rs): one HTTP exchange read
// to its end under a byte cap, racing its deadline and the caller's abort, settled as a value the
// wasm reads (never a throw or a rejection), with a network failure classed by whether the request
// can have left the machine. In JS, the wasm carries no race, stream-reading or iterator machinery.

import { aborted, onAbort, timeout } from "./abort.js";
import { messageOf } from "./error.js";

// What `exchange` settled with, the first element of its array: src/client/request.rs `settled`
// names the same numbers for src/client/transport.rs, and tests/js/wire-protocols.test.mjs ties the
// two. The code uses the plain constants, which the minifier inlines; `SETTLED` names them for
// the test and is dropped from bundles (nothing there imports it).
const REPLY = 0;
const TOO_LARGE = 1;
const NETWORK = 2;
const TIMED_OUT = 3;
const ABORTED = 4;
export const SETTLED = /* @__PURE__ */ Object.freeze({
  REPLY,
  TOO_LARGE,
  NETWORK,
  TIMED_OUT,
  ABORTED,
});

// Why a NETWORK outcome has no reply, its second element (src/client/request.rs `unsent_class`
// names the same numbers, tied by the same test): whether the request can have reached the server
// decides whether a generate may have created a paid task.
const MAYBE_SENT = 0; // it may have: a dropped connection, a browser's TypeError (which hides why)
const UNREACHABLE = 1; // no connection was made: refused, no such host, a port fetch blocks
const BAD_URL = 2; // fetch cannot use the URL: it does not parse, or it is not http(s)
export const UNSENT_CLASS = /* @__PURE__ */ Object.freeze({ MAYBE_SENT, UNREACHABLE, BAD_URL });

// A connection never made: Node's fetch (undici) names it in `cause.code` or says "bad port" (a
// port fetch refuses), Bun in `code`, Deno in its message ("client error (Connect)", "Requests to
// port 1 are blocked"). A browser's TypeError says nothing (a CORS refusal, a refused connection
// and one dropped after sending all read "Failed to fetch"): MAYBE_SENT there.
const NO_CONNECTION =
  /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|EADDRNOTAVAIL|UND_ERR_CONNECT_TIMEOUT|ConnectionRefused|FailedToOpenSocket)$|^bad port$|\(Connect\)|port \d+ are blocked/;

/** What a fetch that threw can have sent: MAYBE_SENT, UNREACHABLE or BAD_URL. */
function unsent(error, url) {
  try {
    const { protocol } = new URL(url, globalThis.location?.href);
    if (protocol !== "http:" && protocol !== "https:") return BAD_URL;
  } catch {
    return BAD_URL;
  }
  try {
    const cause = error?.cause;
    for (const text of [cause?.code, error?.code, messageOf(cause), messageOf(error)])
      if (typeof text === "string" && NO_CONNECTION.test(text)) return UNREACHABLE;
  } catch {
    // A thrown value with throwing getters tells nothing.
  }
  return MAYBE_SENT;
}

/**
 * One request: `fetcher` (or the global fetch) with its own AbortController, read to its end
 * under `cap` bytes, racing `timeoutMs` (headers and whole body) and the caller's `signal`: even
 * a fetch that ignores its signal cannot make it hang. Resolves with [REPLY, status, retryAfter,
 * body], [TOO_LARGE, status], [NETWORK, unsent class, null, message], [TIMED_OUT] or [ABORTED];
 * the request is aborted however it ends.
 */
export async function exchange(fetcher, method, url, headers, body, timeoutMs, cap, signal) {
  if (aborted(signal)) return [ABORTED];
  let controller;
  try {
    controller = new AbortController();
  } catch {
    return [NETWORK, MAYBE_SENT, null, "AbortController is not available"];
  }
  // The headers come as [name, value, ...]; fetch gets a plain object (any fetch accepts it).
  const init = { method, headers: {}, signal: controller.signal };
  for (let i = 0; i + 1 < headers.length; i += 2) init.headers[headers[i]] = headers[i + 1];
  if (body != null) init.body = body;
  const [late, clear] = timeout(timeoutMs, [TIMED_OUT]);
  let stop;
  const stopped = new Promise((resolve) => {
    stop = onAbort(signal, () => resolve([ABORTED]));
  });
  try {
    return await Promise.race([send(fetcher, url, init, cap), late, stopped]);
  } finally {
    clear();
    stop();
    controller.abort();
  }
}

async function send(fetcher, url, init, cap) {
  let response;
  try {
    response = await (fetcher ? fetcher(url, init) : fetch(url, init));
  } catch (error) {
    // Node's "fetch failed" says why only in its cause.
    let why = messageOf(error);
    try {
      const more = messageOf(error?.cause);
      if (more) why = why ? `${why}: ${more}` : more;
    } catch {
      // A cause that cannot be read adds nothing.
    }
    return [NETWORK, unsent(error, url), null, why];
  }
  try {
    const status = response.status;
    if (typeof status !== "number" || !(status >= 100 && status < 1000))
      throw new TypeError("the response has no HTTP status");
    const headers = response.headers;
    let retryAfter = null;
    try {
      const value = await headers.get("retry-after");
      if (typeof value === "string") retryAfter = value;
    } catch {
      // No Retry-After then.
    }
    const text = await readCapped(response, cap, init.signal);
    return text === null
      ? [TOO_LARGE, Math.trunc(status)]
      : [REPLY, Math.trunc(status), retryAfter, text];
  } catch (error) {
    return [NETWORK, MAYBE_SENT, null, messageOf(error)]; // a reply had begun
  }
}

/**
 * The body as text (UTF-8 decoded like `Response.text()`), or null past `cap` bytes. Read from
 * `response.body`'s reader: bytes are counted as chunks arrive and at most `cap` are kept, so
 * nothing enters the wasm memory before the cap is checked. Past the cap, or when `signal` aborts
 * (timeout, the caller's abort, the exchange over), the reader is cancelled and the rest is never
 * read, even from a `fetch` stand-in that ignores its signal. Without a body stream,
 * `arrayBuffer()` is checked before decoding.
 */
async function readCapped(response, cap, signal) {
  const body = response.body;
  if (!body?.getReader) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    return bytes.length > cap ? null : new TextDecoder().decode(bytes);
  }
  const reader = body.getReader();
  const stop = () => reader.cancel().catch(() => {});
  signal.addEventListener("abort", stop);
  const chunks = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!ArrayBuffer.isView(value)) throw new TypeError("the response body stream gave no bytes");
      size += value.byteLength;
      if (size > cap) {
        stop();
        return null;
      }
      chunks.push(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    }
  } finally {
    signal.removeEventListener("abort", stop);
  }
  const all = new Uint8Array(size);
  size = 0;
  for (const chunk of chunks) {
    all.set(chunk, size);
    size += chunk.length;
  }
  return new TextDecoder().decode(all);
}
