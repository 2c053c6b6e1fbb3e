// The demo's server: `node www/server.mjs` (or `make demo`). One HTTP server on 127.0.0.1 that
// serves the page (www/), the built package (/pkg/ from pkg/) and the API at /v2:
//   - by default the local mock API (tests/mock-api/mock.mjs) under the key "demo";
//   - with SEEDANCE_API_KEY set, the real API through the package's createProxyHandler, so the
//     key stays on this machine and never reaches the browser (SEEDANCE_UPSTREAM overrides the
//     upstream URL, default https://seedanceapi.org/v2). Each browser session (a cookie this
//     server sets) may spend DEMO_DAILY_CREDITS a day (default 1000), all sessions together
//     DEMO_TOTAL_DAILY_CREDITS (default 10000); with REDIS_URL the spend is kept in Redis
//     (shared by every demo server on it; DEMO_SESSION_SECRET lets them accept each other's
//     session cookies), else in this process.
// PORT picks the port (default 8080; 0 = any free port). Prints "demo listening on URL" once ready.
// Tests use `startDemoServer({ port: 0 })`, which reads no environment variable.

import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { readFile } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createMock } from "../tests/mock-api/mock.mjs";

/** The socket timeouts a Node server in front of the proxy should set (README, "Deploying"). */
const SOCKET_TIMEOUTS = {
  headersTimeout: 10_000,
  requestTimeout: 15_000,
  keepAliveTimeout: 5_000,
  connectionsCheckingInterval: 1_000,
};

const WWW_DIR = fileURLToPath(new URL(".", import.meta.url));
const PKG_DIR = fileURLToPath(new URL("../pkg/", import.meta.url));
const DEFAULT_UPSTREAM = "https://seedanceapi.org/v2";
const DEMO_KEY = "demo"; // the mock's namespace for everything the page does
// The mock's request log in the demo: the most recent entries, each body cut to this length.
const MOCK_LOG_ENTRIES = 100;
const MOCK_LOG_BODY_CHARS = 2048;

// Only these kinds of file are served; anything else (server.mjs, dotfiles, ...) is a 404.
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".json": "application/json; charset=utf-8",
  ".ts": "text/plain; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
};
const WWW_TYPES = new Set([".html", ".js", ".css", ".svg"]);

// The page needs its own scripts (and to compile wasm), its stylesheet, fetch to this server and
// the generated video. With the real API the videos live on the provider's HTTPS storage.
function contentSecurityPolicy(mode) {
  return [
    "default-src 'none'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "connect-src 'self'",
    mode === "proxy" ? "media-src 'self' https:" : "media-src 'self'",
    "img-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

function send(res, status, body, headers = {}) {
  if (res.headersSent || res.destroyed) return;
  const buf = typeof body === "string" ? Buffer.from(body) : body;
  res.writeHead(status, { "Content-Length": buf.length, ...headers });
  res.end(res.req.method === "HEAD" ? undefined : buf);
}

const sendJson = (res, status, obj) =>
  send(res, status, JSON.stringify(obj), { "Content-Type": "application/json; charset=utf-8" });

// The API's own error envelope, for errors this server answers itself.
const apiError = (res, status, code, message) =>
  sendJson(res, status, { code: status, message, error: { code, message }, data: null });

// The path of a request target: `//host/x` is a path here, not another host; an absolute-form
// target gives its path; anything else (`*`, `http://[/x`) is null.
function pathOf(target) {
  try {
    if (target.startsWith("/")) return new URL(`http://demo.invalid${target}`).pathname;
    const url = new URL(target);
    return url.protocol === "http:" || url.protocol === "https:" ? url.pathname : null;
  } catch {
    return null;
  }
}

// Maps a URL path under `root` to a file, refusing anything that leaves it.
function resolveInside(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes("\0")) return null;
  const file = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  return file.startsWith(path.resolve(root) + path.sep) ? file : null;
}

// `pageHeaders` (CSP, anti-framing) go on every HTML file, decided by the file found, whatever
// spelling of its path was asked for (`/index.html/`, `/index.htm%6c`).
async function serveFile(res, root, urlPath, allowed, pageHeaders) {
  const file = resolveInside(root, urlPath);
  const ext = file ? path.extname(file) : "";
  if (!file || !allowed.has(ext) || path.basename(file).startsWith(".")) {
    return send(res, 404, "Not found\n", { "Content-Type": "text/plain; charset=utf-8" });
  }
  let body;
  try {
    body = await readFile(file);
  } catch {
    return send(res, 404, "Not found\n", { "Content-Type": "text/plain; charset=utf-8" });
  }
  const headers = ext === ".html" ? pageHeaders : {};
  send(res, 200, body, { "Content-Type": TYPES[ext], "Cache-Control": "no-cache", ...headers });
}

// The browser session's cookie: the proxy's caller id, so each session has its own daily quota.
// Its value is an id and this server's signature of it (HMAC with a key made at start, or
// DEMO_SESSION_SECRET to share sessions between servers): a cookie the server did not give, such
// as a fresh one minted for another quota, names no caller.
const SESSION_COOKIE = "seedance_demo_session";

function sessions(secret) {
  const sign = (id) => createHmac("sha256", secret).update(id).digest("hex").slice(0, 32);
  return {
    mint: () => {
      const id = randomBytes(16).toString("hex");
      return `${id}.${sign(id)}`;
    },
    /** The session id of a Cookie header, or null when it has none this server signed. */
    of: (cookieHeader) => {
      const m = new RegExp(
        `(?:^|;\\s*)${SESSION_COOKIE}=([0-9a-f]{32})\\.([0-9a-f]{32})(?:;|$)`,
      ).exec(cookieHeader ?? "");
      if (!m) return null;
      const given = Buffer.from(m[2]);
      const expected = Buffer.from(sign(m[1]));
      return timingSafeEqual(given, expected) ? m[1] : null;
    },
  };
}

/**
 * The demo's SpendStore: Redis when `redisUrl` is given (node-redis), else this process. Resolves
 * with `{ store, close }`.
 */
async function spendStoreFor(pkg, redisUrl) {
  if (!redisUrl) return { store: pkg.memoryStore(), close: async () => {} };
  const { createClient } = await import("redis");
  const client = createClient({ url: redisUrl });
  client.on("error", (e) => console.error("demo: redis:", e?.message ?? e));
  await client.connect();
  return {
    store: pkg.redisStore(client, { prefix: "seedance-demo:" }),
    close: () => client.destroy(),
  };
}

async function loadProxyHandler(pkgDir, apiKey, upstream, quota, session) {
  const entry = pathToFileURL(path.join(pkgDir, "node.js")).href;
  let pkg;
  try {
    pkg = await import(entry);
  } catch (e) {
    throw new Error(
      `cannot load the built package at ${entry} (run \`make build\` first): ${e.message}`,
    );
  }
  if (typeof pkg.createProxyHandler !== "function" || typeof pkg.toNodeListener !== "function") {
    throw new Error(
      `the built package at ${entry} has no createProxyHandler or toNodeListener yet, so the ` +
        "demo cannot use the real API; rebuild with `make build`, or unset SEEDANCE_API_KEY to use the mock API",
    );
  }
  const day = (credits) => (credits ? { credits, windowSeconds: 86400 } : undefined);
  const spend = await spendStoreFor(pkg, quota.redisUrl);
  const handler = pkg.createProxyHandler({
    apiKey,
    upstream,
    // The proxy's own sentences in the page's language: the page sends it as Accept-Language.
    locale: "auto",
    // The caller is the browser session; a request without the cookie spends nothing.
    authorize: (request) => session.of(request.headers.get("cookie")),
    quota: {
      store: spend.store,
      perCaller: day(quota.perSession),
      total: day(quota.total),
    },
  });
  return { listener: pkg.toNodeListener(handler), close: spend.close };
}

/**
 * Starts the demo server. Options (no environment variable is read here):
 *   port     default 8080; 0 picks a free port
 *   host     default 127.0.0.1
 *   apiKey   with a key, /v2 goes to the real API through createProxyHandler; without, to the mock
 *   upstream the real API's base URL (default https://seedanceapi.org/v2)
 *   pkgDir   where the built package is (default ../pkg)
 *   quota    with a key: { perSession (credits a day, default 1000), total (default 10000),
 *            redisUrl (default: spend kept in this process), sessionSecret (default: random) }
 *   mockOptions  passed to createMock (defaultTaskDurationMs, defaultBalance)
 * Resolves to { url, mode, server, close() }.
 */
export async function startDemoServer({
  port = 8080,
  host = "127.0.0.1",
  apiKey,
  upstream,
  pkgDir = PKG_DIR,
  quota = {},
  mockOptions,
} = {}) {
  const mode = apiKey ? "proxy" : "mock";
  const limits = { perSession: 1000, total: 10_000, ...quota };
  const session = sessions(limits.sessionSecret ?? randomBytes(32));
  const proxy =
    mode === "proxy"
      ? await loadProxyHandler(pkgDir, apiKey, upstream || DEFAULT_UPSTREAM, limits, session)
      : null;
  // What the page shows of the quota: its daily credits per session.
  const demoInfo = mode === "proxy" ? { mode, dailyCredits: limits.perSession } : { mode };
  // Same origin only (no CORS headers), and a short log: the page never reads it back whole.
  const mock =
    mode === "mock"
      ? createMock({
          ...mockOptions,
          cors: false,
          logLimit: MOCK_LOG_ENTRIES,
          logBodyChars: MOCK_LOG_BODY_CHARS,
        })
      : null;
  const pageHeaders = {
    "Content-Security-Policy": contentSecurityPolicy(mode),
    "X-Frame-Options": "DENY",
  };
  let origin = ""; // set once listening
  let allowedHosts = new Set();

  // The API (the proxy spends real credits; the mock holds the user's prompts) answers this page
  // only: other sites (CSRF, reading replies) and other host names pointing at this port (DNS
  // rebinding) are refused. True when it answered.
  function refuseForeign(req, res) {
    let why = null;
    if (!allowedHosts.has(req.headers.host ?? "")) why = "Unknown Host header";
    else if (
      (req.headers.origin && req.headers.origin !== `http://${req.headers.host}`) ||
      req.headers["sec-fetch-site"] === "cross-site"
    )
      why = "Cross-site requests are not allowed";
    if (!why) return false;
    req.resume();
    apiError(res, 403, "HTTP_ERROR", why);
    return true;
  }

  async function route(req, res) {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "no-referrer");
    const p = pathOf(req.url);
    if (p === null) {
      req.resume();
      return apiError(res, 400, "HTTP_ERROR", "The request target is not a path");
    }

    if (
      mode === "mock" &&
      ["/v2/", "/__mock/", "/assets/"].some((prefix) => p.startsWith(prefix))
    ) {
      if (refuseForeign(req, res)) return;
      // The page sends no key: every API call lands in the mock's "demo" namespace.
      if (p.startsWith("/v2/")) req.headers.authorization = `Bearer ${DEMO_KEY}`;
      if (mock.handle(req, res)) return;
    }
    if (mode === "proxy" && p.startsWith("/v2/")) {
      if (refuseForeign(req, res)) return;
      return proxy.listener(req, res);
    }
    req.resume();
    if (req.method !== "GET" && req.method !== "HEAD") {
      return send(res, 405, "Method not allowed\n", {
        "Content-Type": "text/plain; charset=utf-8",
        Allow: "GET, HEAD",
      });
    }
    // A session for the proxy's quota, given with the page (HttpOnly: scripts never see it).
    if (mode === "proxy" && !session.of(req.headers.cookie))
      res.setHeader(
        "Set-Cookie",
        `${SESSION_COOKIE}=${session.mint()}; Path=/; HttpOnly; SameSite=Strict`,
      );
    if (p === "/demo.json") return sendJson(res, 200, demoInfo);
    if (p.startsWith("/pkg/")) {
      return serveFile(
        res,
        pkgDir,
        p.slice("/pkg".length),
        new Set(Object.keys(TYPES)),
        pageHeaders,
      );
    }
    return serveFile(res, WWW_DIR, p === "/" ? "/index.html" : p, WWW_TYPES, pageHeaders);
  }

  // Socket timeouts (Node's defaults hold a connection that sends its headers slowly for a
  // minute, checked every 30 s): headers within 10 s, the whole request (the proxy's own
  // bodyTimeoutMs is 10 s for the body) within 15 s, idle keep-alive connections closed after
  // 5 s, and those limits checked every second.
  const server = http.createServer(SOCKET_TIMEOUTS, (req, res) => {
    route(req, res).catch((e) => {
      console.error("demo: request failed:", e?.message ?? e);
      if (!res.headersSent && !res.destroyed)
        apiError(res, 500, "INTERNAL_ERROR", "The demo server could not answer");
      else res.destroy();
    });
  });
  server.on("clientError", (_err, socket) => socket.destroy());

  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const actualPort = server.address().port;
  origin = `http://${host}:${actualPort}`;
  allowedHosts = new Set([
    `${host}:${actualPort}`,
    `localhost:${actualPort}`,
    `127.0.0.1:${actualPort}`,
    `[::1]:${actualPort}`,
  ]);

  return {
    url: `${origin}/`,
    mode,
    server,
    async close() {
      await new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await proxy?.close();
    },
  };
}

/** A whole number of credits from the environment, undefined when unset; exits on a bad one. */
function creditsFromEnv(name) {
  const text = process.env[name];
  if (text === undefined || text === "") return undefined;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0) {
    console.error(`demo: ${name} must be a whole number of credits, not ${JSON.stringify(text)}`);
    process.exit(2);
  }
  return n;
}

// CLI
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const port = Number(process.env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`demo: bad PORT ${process.env.PORT}`);
    process.exit(2);
  }
  let demo;
  try {
    demo = await startDemoServer({
      port,
      apiKey: process.env.SEEDANCE_API_KEY || undefined,
      upstream: process.env.SEEDANCE_UPSTREAM || undefined,
      quota: {
        perSession: creditsFromEnv("DEMO_DAILY_CREDITS") ?? 1000,
        total: creditsFromEnv("DEMO_TOTAL_DAILY_CREDITS") ?? 10_000,
        sessionSecret: process.env.DEMO_SESSION_SECRET || undefined,
        redisUrl: process.env.REDIS_URL || undefined,
      },
    });
  } catch (e) {
    console.error(`demo: ${e.message}`);
    process.exit(1);
  }
  console.log(`demo listening on ${demo.url}`);
  console.log(
    demo.mode === "proxy"
      ? `demo: /v2 goes to ${process.env.SEEDANCE_UPSTREAM || DEFAULT_UPSTREAM} with your API key (real credits are spent, at most DEMO_DAILY_CREDITS a day per browser session; spend kept ${process.env.REDIS_URL ? "in Redis" : "in this process"})`
      : "demo: /v2 is the local mock API (set SEEDANCE_API_KEY to use the real one)",
  );
  const shutdown = () => {
    demo.close().then(() => process.exit(0));
    setTimeout(() => process.exit(0), 1000).unref();
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}
