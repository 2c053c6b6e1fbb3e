// A tiny static file server for the benchmark pages, on 127.0.0.1 only. `mounts` maps a URL prefix
// (`/pkg/`) to a folder; nothing outside a mounted folder is served. `Cache-Control: no-store`, so
// every fresh page load really fetches and compiles the wasm. Each file is read from disk once and
// then answered from memory, as a CDN's edge does: streaming it from disk on every request (as
// before) made the bench's own server a large and load-dependent part of the init() figure (about
// half of the wasm fetch's wait for its response on the loaded 2-core machine).
import { readFileSync, statSync } from "node:fs";
import http from "node:http";
import { extname, join, normalize, sep } from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
};

/** Starts the server; resolves with `{ url, close() }`. */
export function serveStatic(mounts) {
  const bodies = new Map();
  const server = http.createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const prefix = Object.keys(mounts).find((p) => path.startsWith(p));
    let file = null;
    if (prefix) {
      const base = normalize(mounts[prefix]);
      const candidate = normalize(join(base, path.slice(prefix.length)));
      if (candidate === base || candidate.startsWith(base + sep)) file = candidate;
    }
    let ok = false;
    try {
      ok = file !== null && statSync(file).isFile();
    } catch {
      ok = false;
    }
    if (!ok) {
      res.writeHead(404, { "Content-Type": "text/plain" }).end("not found");
      return;
    }
    let body = bodies.get(file);
    if (body === undefined) {
      body = readFileSync(file);
      bodies.set(file, body);
    }
    res.writeHead(200, {
      "Content-Type": TYPES[extname(file)] ?? "application/octet-stream",
      "Content-Length": body.length,
      "Cache-Control": "no-store",
    });
    res.end(body);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        close: () =>
          new Promise((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    });
  });
}
