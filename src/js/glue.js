// JavaScript pieces the wasm module imports: the error class users catch, and the one-step
// conversion of any JS value into JSON text (the engine reads requests as JSON).

/** The error every rejected promise and thrown call of seedance-wasm carries. */
export class SeedanceError extends Error {
  constructor(code, message, details = {}) {
    super(message);
    this.name = "SeedanceError";
    this.code = code;
    this.retryable = details.retryable === true;
    if (details.status != null) this.status = details.status;
    if (details.taskId != null) this.taskId = details.taskId;
    if (details.issues != null) this.issues = details.issues;
    if (details.retryAfterSeconds != null) this.retryAfterSeconds = details.retryAfterSeconds;
  }
}

/** True for a SeedanceError, also one made by another copy of this package. */
export function isSeedanceError(value) {
  return value instanceof SeedanceError ||
    (value instanceof Error && value.name === "SeedanceError" && typeof value.code === "string");
}

/**
 * JSON.parse of text the engine wrote; null (never a throw) if it were not JSON. When `prompt` is a
 * string, the text is a report whose request's prompt crossed apart (see promptApart): put back.
 */
export function fromJson(text, prompt) {
  try {
    const value = JSON.parse(text);
    if (typeof prompt === "string" && value.request) value.request.prompt = prompt;
    return value;
  } catch {
    return null;
  }
}

const isEnumerable = Object.prototype.propertyIsEnumerable;

/**
 * The prompt of a request that can cross into the wasm apart from the rest of it (then it needs no
 * JSON escaping or parsing, and the report need not carry it back): a well-formed string, own
 * enumerable member of a plain object without `toJSON`. Otherwise undefined, and the whole request crosses as JSON.
 */
export function promptApart(req) {
  try {
    if (req === null || typeof req !== "object" || Array.isArray(req)) return undefined;
    // Own and enumerable, as JSON.stringify reads members.
    if (typeof req.toJSON === "function" || !isEnumerable.call(req, "prompt")) return undefined;
    const { prompt } = req;
    // TextEncoder would write a lone surrogate as U+FFFD: such a prompt crosses in the request's
    // JSON, where the engine sees it (`"\ud800"`) and refuses it. So does any prompt where
    // isWellFormed (Node 20, browsers since 2023) is missing.
    return typeof prompt === "string" && prompt.isWellFormed?.() ? prompt : undefined;
  } catch {
    return undefined;
  }
}

/**
 * toJson of a request, or, when its `prompt` crosses apart (a string: see promptApart), of the
 * request with only the prompt's head, its first 32 UTF-16 units (33 rather than half a pair),
 * last: the engine reads no more of it unless it asks (src/validate.rs `PromptMeasure`).
 */
export function requestJson(req, prompt) {
  if (typeof prompt !== "string") return toJson(req);
  try {
    const { prompt: _, ...rest } = req;
    rest.prompt = prompt.slice(0, prompt.codePointAt(31) > 0xffff ? 33 : 32);
    return toJson(rest);
  } catch {
    return undefined;
  }
}

const encoder = new TextEncoder();

/**
 * Writes the string `text` (`null` for anything else) as UTF-8 into the wasm's `memory` at `at`,
 * where `room` bytes are free; returns the bytes written, or minus the room it may need (3 per
 * UTF-16 unit) when `room` is less.
 */
export function utf8Into(text, memory, at, room) {
  if (typeof text !== "string") text = "null";
  if (text.length * 3 > room) return -text.length * 3;
  return encoder.encodeInto(text, new Uint8Array(memory.buffer, at, room)).written;
}

/** `options[name]`, or undefined when reading it throws (a getter, a revoked Proxy). */
export function optionOf(options, name) {
  try {
    return options[name];
  } catch {
    return undefined;
  }
}

/** Builds a SeedanceError from the JSON the engine writes. */
export function makeError(json) {
  const details = JSON.parse(json);
  return new SeedanceError(details.code, details.message, details);
}

// Values JSON lacks, named rather than lost: NaN and Infinity as text; BigInt, Symbol and function
// (as a member or array element of the request) as {[NO_JSON_KEY]: type}, which the engine
// (src/validate.rs) refuses as INVALID_FIELD.
const NO_JSON_KEY = "\u0000no-json";
const noJson = (v) => typeof v === "bigint" || typeof v === "symbol" || typeof v === "function";

function replacerFor(root) {
  const lists = new Set(root !== null && typeof root === "object" ? Object.values(root).filter(Array.isArray) : []);
  return function (_key, value) {
    if (typeof value === "number" && !Number.isFinite(value)) return String(value);
    if (noJson(value) && (this === root || lists.has(this) || value === root)) return { [NO_JSON_KEY]: typeof value };
    return typeof value === "bigint" ? `${value}n` : value;
  };
}

/** Whether JSON.stringify would drop a member (for...in: cheap; an inherited one is harmless). */
function dropsMember(value) {
  if (value === null || typeof value !== "object") return false;
  for (const key in value) {
    const type = typeof value[key];
    if (type === "symbol" || type === "function") return true;
  }
  return false;
}

/**
 * JSON text of any value, or undefined (undefined, a cycle). The slow replacer runs only when the
 * plain text has a `null`, the plain call threw or gave nothing, or would drop a member.
 */
export function toJson(value) {
  try {
    const text = JSON.stringify(value);
    if (text !== undefined && !text.includes("null") && !dropsMember(value)) return text;
  } catch {
    // Retried with the replacer.
  }
  try {
    return JSON.stringify(value, replacerFor(value));
  } catch {
    return undefined;
  }
}

// Set when the wasm is instantiated.
export let ready = false;
export const markReady = () => void (ready = true);

/** The wasm a `source` names, as bytes or a compiled module: a URL or Request is fetched. */
async function wasmFrom(source) {
  let found = await source;
  if (
    typeof found === "string" ||
    found instanceof URL ||
    (typeof Request === "function" && found instanceof Request)
  )
    found = await fetch(found);
  if (typeof Response === "function" && found instanceof Response) {
    if (!found.ok) throw new Error(`failed to fetch the wasm: ${found.status} ${found.url}`);
    return found.arrayBuffer();
  }
  return found;
}

/**
 * Compiles, checks and instantiates the wasm `source` names through wasm-bindgen's `initSync`. A
 * synchronous compile (about a millisecond for the engine) waits on no other thread, where the
 * asynchronous one waits for a worker thread (several milliseconds on a busy machine); where a
 * runtime refuses it (a browser's main-thread limit), the asynchronous compile runs instead. A wasm
 * without `requiredExport` is another build's whose imports this one happens to satisfy (the
 * engine's, given to the client's build): refused before wasm-bindgen keeps it, so that init() can
 * be retried with the right one.
 */
export async function instantiate(initSync, source, requiredExport) {
  let code = await wasmFrom(source);
  if (!(code instanceof WebAssembly.Module)) {
    try {
      code = new WebAssembly.Module(code);
    } catch {
      code = await WebAssembly.compile(code);
    }
  }
  if (requiredExport && !WebAssembly.Module.exports(code).some((e) => e.name === requiredExport))
    throw new WebAssembly.LinkError(`not this entry's wasm: it has no ${requiredExport} export`);
  initSync({ module: code });
}

/**
 * An entry's `init(source?)`: loads the wasm once (later calls return the same promise, or a
 * resolved one once it is ready), then marks it ready; a failed load rejects with INIT_FAILED (`initFailed`) and may be retried.
 * Without `source`, `own()` loads the entry's own wasm; `source` (URL, Request, Response, bytes,
 * Module or a promise of one) loads another, which must export `requiredExport` where one is named.
 */
export function initOnce(own, initSync, requiredExport) {
  let loading;
  return function init(source) {
    const given = source !== undefined;
    if (ready) return Promise.resolve(); // loaded on import (Node, Workers, Edge), or before
    loading ??= (given ? instantiate(initSync, source, requiredExport) : own()).then(
      markReady,
      (error) => {
        loading = undefined;
        throw initFailed(error, given);
      },
    );
    return loading;
  };
}

/**
 * The INIT_FAILED error of a failed `init()`: the runtime's words (and its error as `cause`), and
 * what to do by their kind: a compile the page's Content-Security-Policy refused (Chromium and
 * Safari name 'unsafe-eval', Firefox "CSP"), bytes that are
 * not WebAssembly (CompileError), another build's wasm (LinkError), or a source that could not be
 * fetched (a bad URL, a refused connection, an HTTP error status). `given`: whether init() was
 * given a source (else the entry's own wasm failed).
 */
export function initFailed(error, given) {
  const detail = messageOf(error) || String(error);
  const name = error?.name;
  const failed = new SeedanceError(
    "INIT_FAILED",
    `init() failed (${detail}). ${
      /unsafe-eval|CSP/.test(detail)
        ? "Allow 'wasm-unsafe-eval' in the page's Content-Security-Policy"
        : `${name === "CompileError" ? "Not WebAssembly" : name === "LinkError" ? "Another build's wasm" : "Check the URL"}: give init() this entry's own seedance_wasm_bg.wasm${given ? " or no argument" : ""}`
    }, then call it again.`,
  );
  failed.cause = error;
  return failed;
}

// The client's and the proxy's I/O (see src/client/transport.rs): one HTTP exchange with its
// deadline and the caller's abort, an abortable sleep, reading under a byte cap or a deadline, and
// the plumbing of option and result objects. Doing these in JS keeps the wasm free of timer,
// abort-listener, race and iterator machinery. None of these functions throws or rejects: each
// outcome is a value. (One file with the glue above: one download; the engine entry's bundle
// drops what it does not import.)

// setTimeout's longest delay; a longer one would fire at once.
const MAX_DELAY = 2147483647;
const timeout = (ms, value) => {
  let timer;
  const promise = new Promise((resolve) => {
    timer = setTimeout(resolve, Math.min(Math.max(ms, 1), MAX_DELAY), value);
  });
  return [promise, () => clearTimeout(timer)];
};

/** Whether the caller's signal (an AbortSignal or a look-alike, or undefined) has aborted. */
export function aborted(signal) {
  try {
    return !!signal?.aborted;
  } catch {
    return false;
  }
}

/** An ABORTED SeedanceError with the signal's `reason` (what `abort(reason)` was given) as `cause`. */
export function withAbortReason(error, signal) {
  try {
    const reason = signal?.reason;
    if (reason !== undefined) error.cause = reason;
  } catch {
    // A look-alike signal without a readable reason: no cause.
  }
  return error;
}

/** Calls `f` once when `signal` aborts; returns the function that stops listening. */
function onAbort(signal, f) {
  try {
    signal?.addEventListener("abort", f);
  } catch {
    // A look-alike that cannot listen is only read through `aborted`.
  }
  return () => {
    try {
      signal?.removeEventListener("abort", f);
    } catch {
      // As above.
    }
  };
}

/** Resolves true after `ms`, or false as soon as `signal` aborts (at once if it has). */
export function sleep(ms, signal) {
  if (aborted(signal)) return Promise.resolve(false);
  const [slept, clear] = timeout(ms, true);
  let stop;
  const stopped = new Promise((resolve) => {
    stop = onAbort(signal, () => resolve(false));
  });
  return Promise.race([slept, stopped]).finally(() => (clear(), stop()));
}

/** A thrown value's message, for NETWORK_ERROR messages. */
function messageOf(error) {
  try {
    const message = error?.message;
    if (typeof message === "string") return message;
  } catch {
    // Below.
  }
  return typeof error === "string" ? error : "";
}

// What `exchange` resolves with, first element (src/client/transport.rs reads the same numbers).
const REPLY = 0;
const TOO_LARGE = 1;
const NETWORK = 2;
const TIMED_OUT = 3;
const ABORTED = 4;

// Why a NETWORK outcome has no reply, its second element (src/client/request.rs `Unsent` reads
// the same numbers): whether the request can have reached the server decides whether a generate
// may have created a paid task.
const MAYBE_SENT = 0; // it may have: a dropped connection, a browser's TypeError (which hides why)
const UNREACHABLE = 1; // no connection was made: refused, no such host, a port fetch blocks
const BAD_URL = 2; // fetch cannot use the URL: it does not parse, or it is not http(s)

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
      if (size > cap) return stop(), null;
      chunks.push(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    }
  } finally {
    signal.removeEventListener("abort", stop);
  }
  const all = new Uint8Array(size);
  size = 0;
  for (const chunk of chunks) all.set(chunk, size), (size += chunk.length);
  return new TextDecoder().decode(all);
}

/** A request body's reader: null when there is no body, undefined when it cannot be read. */
export function bodyReader(request) {
  let body;
  try {
    body = request.body;
  } catch {
    return null;
  }
  if (body == null) return null;
  try {
    return body.getReader() ?? undefined;
  } catch {
    return undefined;
  }
}

const LATE = {};

/**
 * Reads the next chunk of a request body into `chunks` (JS bytes: nothing enters the wasm memory
 * before the whole body is there): its byte length + 1, 0 at the end, -1 when `ms` pass first,
 * -2 when the read fails or gives no bytes (the proxy's body reading, src/wasm/proxy.rs).
 */
export async function readChunk(reader, chunks, ms) {
  const [late, clear] = timeout(ms, LATE);
  try {
    const next = await Promise.race([reader.read(), late]);
    if (next === LATE) return -1;
    if (next === null || (typeof next !== "object" && typeof next !== "function")) return 0;
    try {
      if (next.done) return 0;
    } catch {
      return 0;
    }
    const value = next.value;
    if (!(value instanceof Uint8Array)) return -2;
    chunks.push(value);
    return value.length + 1;
  } catch {
    return -2;
  } finally {
    clear();
  }
}

/** The chunks `readChunk` kept, as one byte array. */
export function joinChunks(chunks) {
  const all = new Uint8Array(chunks.reduce((size, chunk) => size + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) all.set(chunk, at), (at += chunk.length);
  return all;
}

/**
 * A JSON reply of the proxy: `new Response(body, { status, headers })` with `extra` headers
 * ([name, value, ...]), or a promise rejected with what the constructor threw (the handler's
 * promise adopts it). A 204 (a preflight's answer) has no body.
 */
export function respond(status, body, extra) {
  const headers = status === 204 ? {} : { "content-type": "application/json" };
  for (let i = 0; i + 1 < extra.length; i += 2) headers[extra[i]] = extra[i + 1];
  try {
    return new Response(status === 204 ? null : body, { status, headers });
  } catch (error) {
    return Promise.reject(error);
  }
}

/** `request.headers.get(name)` as a string, or null (no headers, a throwing getter). */
export async function headerOf(request, name) {
  try {
    const value = await request.headers.get(name);
    return typeof value === "string" ? value : null;
  } catch {
    return null;
  }
}

/** Stops a body being read; the rejection of `cancel` is handled, its promise not awaited. */
export function cancelReader(reader) {
  try {
    Promise.resolve(reader.cancel()).catch(() => {});
  } catch {
    // Nothing more to stop.
  }
}

/**
 * The client's `headers` option as a flat list [name, value, ...]: a Record<string, string>, or
 * anything iterable of [name, value] pairs such as a Headers or a Map (whose entries
 * Object.entries would not see); null when it is neither or holds something not a string.
 */
export function headerPairs(value) {
  try {
    if (value === null || (typeof value !== "object" && typeof value !== "function")) return null;
    const out = [];
    const pairs = typeof value[Symbol.iterator] === "function" ? value : Object.entries(value);
    for (const pair of pairs) {
      if (pair === null || typeof pair !== "object") return null;
      const [name, text] = [pair[0], pair[1]];
      if (typeof name !== "string" || typeof text !== "string") return null;
      out.push(name, text);
    }
    return out;
  } catch {
    return null;
  }
}

/** The JSON text of each request of a runMany list ("null" for one that has none), or null when
 * the list is not an array. */
export function requestJsons(list) {
  return Array.isArray(list) ? Array.from(list, (r) => toJson(r) ?? "null") : null;
}

/** One runMany outcome: `{ index, ok, task_id, status }` or `{ index, ok, task_id, error }`. */
export function outcome(index, ok, taskId, value) {
  return ok
    ? { index, ok, task_id: taskId, status: value }
    : { index, ok, task_id: taskId, error: value };
}

/** Calls a user callback; what it throws or returns is ignored, so it cannot break a wait. */
export function notify(callback, ...args) {
  try {
    callback?.(...args);
  } catch {
    // Ignored, as documented.
  }
}

/** `onProgress(status, { attempt, elapsedMs })` of a wait, through `notify`. */
export function notifyProgress(callback, status, attempt, elapsedMs) {
  notify(callback, status, { attempt, elapsedMs });
}

/** The strings of a list option (`models`): [] when absent, null when not an array. */
export function stringsOf(value) {
  if (value == null) return [];
  return Array.isArray(value) ? value.filter((item) => typeof item === "string") : null;
}
