// The proxy's side of a request and its reply (src/wasm/proxy/handler.rs, src/wasm/proxy.rs): a
// request body read chunk by chunk under a deadline, its headers, and the JSON `Response` the
// proxy answers with. In JS, so that the wasm holds no stream or Response machinery, and nothing
// enters the wasm memory before the whole body is there. None of these functions throws.

import { timeout } from "./abort.js";

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

// What `readChunk` resolves with: src/proxy/body_limits.rs `chunk_read` names the same numbers for
// src/wasm/proxy/handler.rs, and tests/js/wire-protocols.test.mjs ties the two. A chunk of n bytes
// is CHUNK + n (never END, even when empty).
const CHUNK = 1;
const END = 0;
const TOO_SLOW = -1;
const FAILED = -2;
export const CHUNK_READ = /* @__PURE__ */ Object.freeze({ CHUNK, END, TOO_SLOW, FAILED });

/**
 * Reads the next chunk of a request body into `chunks` (JS bytes: nothing enters the wasm memory
 * before the whole body is there): CHUNK + its byte length, END at the end, TOO_SLOW when `ms`
 * pass first, FAILED when the read fails or gives no bytes (the proxy's body reading,
 * src/wasm/proxy/handler.rs).
 */
export async function readChunk(reader, chunks, ms) {
  const [late, clear] = timeout(ms, LATE);
  try {
    const next = await Promise.race([reader.read(), late]);
    if (next === LATE) return TOO_SLOW;
    if (next === null || (typeof next !== "object" && typeof next !== "function")) return END;
    try {
      if (next.done) return END;
    } catch {
      return END;
    }
    const value = next.value;
    if (!(value instanceof Uint8Array)) return FAILED;
    chunks.push(value);
    return CHUNK + value.length;
  } catch {
    return FAILED;
  } finally {
    clear();
  }
}

/** The chunks `readChunk` kept, as one byte array. */
export function joinChunks(chunks) {
  const all = new Uint8Array(chunks.reduce((size, chunk) => size + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.length;
  }
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
