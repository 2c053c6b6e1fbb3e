// The client's and the proxy's I/O, in JS (see src/client/transport.rs): one HTTP exchange with
// its deadline and the caller's abort, an abortable sleep, and reading under a byte cap or a
// deadline. Doing these in JS keeps the wasm free of timer, abort-listener and race machinery.
// None of these functions throws or rejects: each outcome is a value.

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

/**
 * One request: `fetcher` (or the global fetch) with its own AbortController, read to its end
 * under `cap` bytes, racing `timeoutMs` (headers and whole body) and the caller's `signal`: even
 * a fetch that ignores its signal cannot make it hang. Resolves with [REPLY, status, retryAfter,
 * body], [TOO_LARGE, status], [NETWORK, 0, null, message], [TIMED_OUT] or [ABORTED]; the request
 * is aborted however it ends.
 */
export async function exchange(fetcher, method, url, headers, body, timeoutMs, cap, signal) {
  if (aborted(signal)) return [ABORTED];
  let controller;
  try {
    controller = new AbortController();
  } catch {
    return [NETWORK, 0, null, "AbortController is not available"];
  }
  const init = { method, headers, signal: controller.signal };
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
  try {
    const response = await (fetcher ? fetcher(url, init) : fetch(url, init));
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
    return [NETWORK, 0, null, messageOf(error)];
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

/**
 * The next chunk of a request body (`reader.read()`'s `{ done, value }`), null when `ms` pass
 * first, or undefined when the read fails (the proxy's body reading, src/wasm/proxy.rs).
 */
export async function readWithin(reader, ms) {
  const [late, clear] = timeout(ms, null);
  try {
    return await Promise.race([reader.read(), late]);
  } catch {
    return undefined;
  } finally {
    clear();
  }
}

/** A JSON reply of the proxy: `new Response(body, { status, headers })`. */
export function respond(status, body, retryAfter) {
  const headers = { "content-type": "application/json" };
  if (retryAfter != null) headers["retry-after"] = retryAfter;
  return new Response(body, { status, headers });
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
