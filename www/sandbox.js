// The static build's API sandbox (`make demo-static`): the same mock API as `make demo`
// (tests/mock-api/mock.mjs, copied beside this file as mock-api/mock.js) running inside the page,
// handed to SeedanceClient as its `fetch`. No server and no key: nothing leaves the browser but
// the page's own files and the sample video. Its state lives in sessionStorage, so a task keeps
// running (and can be resumed) across a reload of the tab.
import { createMock } from "./mock-api/mock.js";

// The mock keeps its state per "API key"; the sandbox uses one namespace, as `make demo` does.
// It is a name, not a credential: the sandbox accepts any.
const NAMESPACE = "demo";
const STORE = "seedance-demo.sandbox";

// A node:http request look-alike for the mock: method, url, headers and the body as events.
function requestLike(request, body, path, onDrop) {
  // As a same-origin browser request would arrive: the page's own Host, no Origin.
  const headers = { host: new URL(request.url).host };
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const listeners = {};
  const req = {
    method: request.method,
    url: path,
    headers,
    complete: false,
    socket: { destroy: onDrop },
    resume() {},
    on(event, listener) {
      listeners[event] ??= [];
      listeners[event].push(listener);
      // The body flows once the reader is listening for its end (the mock reads it later).
      if (event === "end" && !req.complete) {
        req.complete = true;
        queueMicrotask(() => {
          if (body.length > 0) for (const l of listeners.data ?? []) l(body);
          for (const l of listeners.end ?? []) l();
        });
      }
      return req;
    },
  };
  return req;
}

// A node:http response look-alike that settles into a Fetch Response.
function responseLike(resolve, reject) {
  const headers = new Headers();
  const res = {
    headersSent: false,
    destroyed: false,
    statusCode: 200,
    setHeader(name, value) {
      headers.set(name, String(value));
    },
    writeHead(status, more = {}) {
      res.statusCode = status;
      for (const [name, value] of Object.entries(more)) headers.set(name, String(value));
      res.headersSent = true;
    },
    end(body) {
      if (!res.headersSent) res.writeHead(res.statusCode);
      for (const name of ["content-length", "connection"]) headers.delete(name);
      const empty = [101, 204, 205, 304].includes(res.statusCode);
      resolve(new Response(empty ? null : (body ?? null), { status: res.statusCode, headers }));
    },
    destroy() {
      res.destroyed = true;
      reject(new TypeError("Failed to fetch (the sandbox dropped the connection)"));
    },
  };
  return res;
}

function save(mock, storage) {
  const n = mock.state.namespaces.get(NAMESPACE);
  if (!n) return;
  const saved = { balance: n.balance, seq: n.seq, config: n.config, tasks: [...n.tasks.values()] };
  try {
    storage.setItem(STORE, JSON.stringify(saved));
  } catch {
    /* full or refused: state stays in memory */
  }
}

async function restore(control, mock, storage) {
  let saved = null;
  try {
    saved = JSON.parse(storage.getItem(STORE) ?? "null");
  } catch {
    /* start afresh */
  }
  if (!saved || typeof saved !== "object" || !Array.isArray(saved.tasks)) return;
  // The namespace is made the mock's own way, then given back its tasks.
  await control("config", { ...saved.config, balance: saved.balance });
  const n = mock.state.namespaces.get(NAMESPACE);
  if (!n) return;
  n.seq = saved.seq ?? 0;
  for (const task of saved.tasks) {
    if (typeof task?.id !== "string") continue;
    n.tasks.set(task.id, task);
    mock.state.taskIds.add(task.id);
  }
}

/**
 * Starts the sandbox. `base` is the URL the API paths hang under (the page's folder: the client's
 * baseUrl is `${base}v2`); `videoUrl` is the sample video the finished tasks point to.
 * Resolves to { fetch, control(endpoint, body) }; `fetch` also answers the mock's /__mock/ routes.
 */
export async function createSandbox({ base, videoUrl, storage = sessionStorage } = {}) {
  const mock = createMock({ videoUrl, cors: false, logLimit: 200, logBodyChars: 4096 });
  const root = new URL("./", base).href;

  async function sandboxFetch(input, init) {
    const request = new Request(input, init);
    if (!request.url.startsWith(root))
      throw new TypeError(`The sandbox only answers under ${root}`);
    const path = `/${request.url.slice(root.length)}`;
    if (request.signal.aborted)
      throw request.signal.reason ?? new DOMException("Aborted", "AbortError");
    const body = new Uint8Array(await request.arrayBuffer());
    const reply = new Promise((resolve, reject) => {
      const res = responseLike(resolve, reject);
      const req = requestLike(request, body, path, () => res.destroy());
      // The page sends no key: every API call lands in the sandbox's namespace.
      if (path.startsWith("/v2/")) req.headers.authorization = `Bearer ${NAMESPACE}`;
      if (!mock.handle(req, res)) resolve(new Response("Not found", { status: 404 }));
      request.signal.addEventListener(
        "abort",
        () => {
          reject(request.signal.reason ?? new DOMException("Aborted", "AbortError"));
        },
        { once: true },
      );
    });
    try {
      return await reply;
    } finally {
      save(mock, storage);
    }
  }

  async function control(endpoint, body = {}) {
    const res = await sandboxFetch(new URL(`__mock/${endpoint}`, root), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ key: NAMESPACE, ...body }),
    });
    return res.json();
  }

  await restore(control, mock, storage);
  return { fetch: sandboxFetch, control };
}
