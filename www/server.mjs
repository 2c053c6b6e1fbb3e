// The demo's server: `node www/server.mjs` (or `make demo`). One HTTP server on 127.0.0.1 that
// serves the page (www/), the built package (/pkg/ from pkg/) and the API at /v2:
//   - by default the local mock API (tests/mock-api/mock.mjs) under the key "demo";
//   - with SEEDANCE_API_KEY set, the real API through the package's createProxyHandler, so the
//     key stays on this machine and never reaches the browser (SEEDANCE_UPSTREAM overrides the
//     upstream URL, default https://seedanceapi.org/v2).
// PORT picks the port (default 8080; 0 = any free port). Prints "demo listening on URL" once ready.
// Tests use `startDemoServer({ port: 0 })`, which reads no environment variable.
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMock } from '../tests/mock-api/mock.mjs';

const WWW_DIR = fileURLToPath(new URL('.', import.meta.url));
const PKG_DIR = fileURLToPath(new URL('../pkg/', import.meta.url));
const DEFAULT_UPSTREAM = 'https://seedanceapi.org/v2';
const DEMO_KEY = 'demo'; // the mock's namespace for everything the page does
const MAX_BODY = 1024 * 1024;

// Only these kinds of file are served; anything else (server.mjs, dotfiles, ...) is a 404.
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
};
const WWW_TYPES = new Set(['.html', '.js', '.css', '.svg']);

// The page needs its own scripts (and to compile wasm), its stylesheet, fetch to this server and
// the generated video. With the real API the videos live on the provider's HTTPS storage.
function contentSecurityPolicy(mode) {
  return [
    "default-src 'none'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "connect-src 'self'",
    mode === 'proxy' ? "media-src 'self' https:" : "media-src 'self'",
    "img-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function send(res, status, body, headers = {}) {
  if (res.headersSent || res.destroyed) return;
  const buf = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { 'Content-Length': buf.length, ...headers });
  res.end(res.req.method === 'HEAD' ? undefined : buf);
}

const sendJson = (res, status, obj) =>
  send(res, status, JSON.stringify(obj), { 'Content-Type': 'application/json; charset=utf-8' });

// The API's own error envelope, for errors this server answers itself.
const apiError = (res, status, code, message) =>
  sendJson(res, status, { code: status, message, error: { code, message }, data: null });

// Maps a URL path under `root` to a file, refusing anything that leaves it.
function resolveInside(root, urlPath) {
  let decoded;
  try { decoded = decodeURIComponent(urlPath); } catch { return null; }
  if (decoded.includes('\0')) return null;
  const file = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
  return file.startsWith(path.resolve(root) + path.sep) ? file : null;
}

async function serveFile(res, root, urlPath, allowed, extraHeaders) {
  const file = resolveInside(root, urlPath);
  const ext = file ? path.extname(file) : '';
  if (!file || !allowed.has(ext) || path.basename(file).startsWith('.')) {
    return send(res, 404, 'Not found\n', { 'Content-Type': 'text/plain; charset=utf-8' });
  }
  let body;
  try { body = await readFile(file); } catch {
    return send(res, 404, 'Not found\n', { 'Content-Type': 'text/plain; charset=utf-8' });
  }
  send(res, 200, body, { 'Content-Type': TYPES[ext], 'Cache-Control': 'no-cache', ...extraHeaders });
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => { size += c.length; if (size <= MAX_BODY) chunks.push(c); });
    req.on('end', () => resolve(size > MAX_BODY ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade',
  'te', 'trailer', 'host', 'content-length', 'expect']);

// node:http request -> Fetch Request -> the package's handler -> node:http response.
async function proxyToHandler(handler, req, res, origin) {
  const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await readBody(req);
  if (body === null) return apiError(res, 413, 'PAYLOAD_TOO_LARGE', 'Request body over 1 MB');
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (HOP_BY_HOP.has(name) || value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  const abort = new AbortController(); // the browser went away: stop the upstream call too
  res.on('close', () => { if (!res.writableFinished) abort.abort(); });
  const request = new Request(origin + req.url, { method: req.method, headers, body, signal: abort.signal });
  const response = await handler(request);
  const out = Buffer.from(await response.arrayBuffer());
  const outHeaders = {};
  // fetch() has already decoded the body: its length and encoding headers no longer apply.
  response.headers.forEach((value, name) => {
    if (!HOP_BY_HOP.has(name) && name !== 'content-encoding') outHeaders[name] = value;
  });
  send(res, response.status, out, outHeaders);
}

async function loadProxyHandler(pkgDir, apiKey, upstream) {
  const entry = pathToFileURL(path.join(pkgDir, 'node.js')).href;
  let pkg;
  try { pkg = await import(entry); } catch (e) {
    throw new Error(`cannot load the built package at ${entry} (run \`make build\` first): ${e.message}`);
  }
  if (typeof pkg.createProxyHandler !== 'function') {
    throw new Error(`the built package at ${entry} has no createProxyHandler yet, so the demo cannot ` +
      'use the real API; rebuild with `make build`, or unset SEEDANCE_API_KEY to use the mock API');
  }
  return pkg.createProxyHandler({ apiKey, upstream });
}

/**
 * Starts the demo server. Options (no environment variable is read here):
 *   port     default 8080; 0 picks a free port
 *   host     default 127.0.0.1
 *   apiKey   with a key, /v2 goes to the real API through createProxyHandler; without, to the mock
 *   upstream the real API's base URL (default https://seedanceapi.org/v2)
 *   pkgDir   where the built package is (default ../pkg)
 *   mockOptions  passed to createMock (defaultTaskDurationMs, defaultBalance)
 * Resolves to { url, mode, server, close() }.
 */
export async function startDemoServer({
  port = 8080, host = '127.0.0.1', apiKey, upstream, pkgDir = PKG_DIR, mockOptions,
} = {}) {
  const mode = apiKey ? 'proxy' : 'mock';
  const handler = mode === 'proxy' ? await loadProxyHandler(pkgDir, apiKey, upstream || DEFAULT_UPSTREAM) : null;
  const mock = mode === 'mock' ? createMock(mockOptions) : null;
  const csp = contentSecurityPolicy(mode);
  let origin = ''; // set once listening
  let allowedHosts = new Set();

  async function route(req, res) {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    const url = new URL(req.url, 'http://demo.invalid');
    const p = url.pathname;

    if (mode === 'mock' && ['/v2/', '/__mock/', '/assets/'].some((prefix) => p.startsWith(prefix))) {
      // The page sends no key: every API call lands in the mock's "demo" namespace.
      if (p.startsWith('/v2/')) req.headers.authorization = `Bearer ${DEMO_KEY}`;
      if (mock.handle(req, res)) return;
    }
    if (mode === 'proxy' && p.startsWith('/v2/')) {
      // This server spends real credits: only this page may use it. Refuse other sites (CSRF)
      // and other host names pointing at this port (DNS rebinding).
      if (!allowedHosts.has(req.headers.host ?? '')) {
        req.resume();
        return apiError(res, 403, 'FORBIDDEN', 'Unknown Host header');
      }
      const from = req.headers.origin;
      if ((from && from !== `http://${req.headers.host}`) || req.headers['sec-fetch-site'] === 'cross-site') {
        req.resume();
        return apiError(res, 403, 'FORBIDDEN', 'Cross-site requests are not allowed');
      }
      return proxyToHandler(handler, req, res, `http://${req.headers.host}`);
    }
    req.resume();
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(res, 405, 'Method not allowed\n', { 'Content-Type': 'text/plain; charset=utf-8', Allow: 'GET, HEAD' });
    }
    if (p === '/demo.json') return sendJson(res, 200, { mode });
    if (p.startsWith('/pkg/')) {
      return serveFile(res, pkgDir, p.slice('/pkg'.length), new Set(Object.keys(TYPES)));
    }
    const page = p === '/' ? '/index.html' : p;
    const headers = page.endsWith('.html')
      ? { 'Content-Security-Policy': csp, 'X-Frame-Options': 'DENY' }
      : {};
    return serveFile(res, WWW_DIR, page, WWW_TYPES, headers);
  }

  const server = http.createServer((req, res) => {
    route(req, res).catch((e) => {
      console.error('demo: request failed:', e?.message ?? e);
      if (!res.headersSent && !res.destroyed) apiError(res, 502, 'BAD_GATEWAY', 'The demo server could not answer');
      else res.destroy();
    });
  });
  server.on('clientError', (_err, socket) => socket.destroy());

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => { server.off('error', reject); resolve(); });
  });
  const actualPort = server.address().port;
  origin = `http://${host}:${actualPort}`;
  allowedHosts = new Set([`${host}:${actualPort}`, `localhost:${actualPort}`, `127.0.0.1:${actualPort}`, `[::1]:${actualPort}`]);

  return {
    url: `${origin}/`,
    mode,
    server,
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
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
    });
  } catch (e) {
    console.error(`demo: ${e.message}`);
    process.exit(1);
  }
  console.log(`demo listening on ${demo.url}`);
  console.log(demo.mode === 'proxy'
    ? `demo: /v2 goes to ${process.env.SEEDANCE_UPSTREAM || DEFAULT_UPSTREAM} with your API key (real credits are spent)`
    : 'demo: /v2 is the local mock API (set SEEDANCE_API_KEY to use the real one)');
  const shutdown = () => {
    demo.close().then(() => process.exit(0));
    setTimeout(() => process.exit(0), 1000).unref();
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}
