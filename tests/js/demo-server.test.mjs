// The demo server's own defences (www/server.mjs): the page's security headers on every spelling
// of its path, the embedded mock answering the page's own origin only (Host and Origin checked,
// no `Access-Control-Allow-Origin: *`), a bounded mock log, the proxy mode under toNodeListener,
// and only error codes of src/codes.rs in what it and the listener answer.
// The proxy-mode test needs a built pkg/.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { after, before, describe, test } from "node:test";
import { startDemoServer } from "../../www/server.mjs";
import { closedPort, loadPackage } from "./support.mjs";

/** A request with any Host and headers (fetch cannot set Host or Origin freely). */
function call(port, { method = "GET", path = "/", headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port, method, path, headers: { host: `127.0.0.1:${port}`, ...headers } },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString();
          let json = null;
          try {
            json = JSON.parse(text);
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode, headers: res.headers, text, json });
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe("mock mode", () => {
  let demo;
  let port;
  before(async () => {
    demo = await startDemoServer({ port: 0 });
    port = demo.server.address().port;
  });
  after(() => demo?.close());

  test("every spelling of the page path gets the CSP and anti-framing headers", async () => {
    for (const path of [
      "/",
      "/index.html",
      "/index.html/",
      "/index.htm%6c",
      "/index.html%2f",
      "/./index.html",
      "/x/../index.html",
    ]) {
      const r = await call(port, { path });
      if (r.status !== 200) continue; // a spelling may be a 404; a page must not come without the headers
      assert.match(r.headers["content-type"], /text\/html/, path);
      assert.match(r.headers["content-security-policy"] ?? "", /frame-ancestors 'none'/, path);
      assert.equal(r.headers["x-frame-options"], "DENY", path);
      assert.equal(r.headers["x-content-type-options"], "nosniff", path);
    }
    const r = await call(port, { path: "/index.html/" });
    assert.equal(r.status, 200, "the page behind /index.html/ is served (with its headers)");
  });

  test("the mock answers its own origin only, without Access-Control-Allow-Origin", async () => {
    const own = await call(port, {
      path: "/v2/status?task_id=n90none",
      headers: { origin: `http://127.0.0.1:${port}` },
    });
    assert.equal(own.status, 404, own.text); // the mock's TASK_NOT_FOUND: it was served
    assert.equal(own.headers["access-control-allow-origin"], undefined);

    const refused = [
      { path: "/v2/status?task_id=x", headers: { origin: "https://evil.example" } },
      { path: "/v2/status?task_id=x", headers: { host: `evil.example:${port}` } },
      { path: "/v2/status?task_id=x", headers: { "sec-fetch-site": "cross-site" } },
      {
        method: "POST",
        path: "/__mock/reset",
        headers: { origin: "https://evil.example", "content-type": "application/json" },
        body: '{"key":"demo"}',
      },
      {
        method: "POST",
        path: "/__mock/log",
        headers: { host: `rebound.example:${port}` },
        body: '{"key":"demo"}',
      },
      {
        method: "OPTIONS",
        path: "/v2/generate",
        headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
      },
    ];
    for (const r of refused) {
      const res = await call(port, r);
      assert.equal(
        res.status,
        403,
        `${r.method ?? "GET"} ${r.path} ${JSON.stringify(r.headers)}: ${res.status} ${res.text}`,
      );
      assert.equal(res.json?.error?.code, "HTTP_ERROR");
      assert.equal(res.headers["access-control-allow-origin"], undefined);
    }
  });

  test("the mock's log keeps recent entries only, with bodies cut short", async () => {
    const big = JSON.stringify({ prompt: "a cat", padding: "x".repeat(100 * 1024) });
    for (let i = 0; i < 130; i++) {
      await call(port, {
        method: "POST",
        path: "/v2/generate",
        headers: { "content-type": "application/json" },
        body: big,
      });
    }
    const r = await call(port, {
      method: "POST",
      path: "/__mock/log",
      headers: { "content-type": "application/json" },
      body: '{"key":"demo"}',
    });
    assert.equal(r.status, 200, r.text);
    const log = r.json.requests;
    assert.ok(log.length > 0 && log.length <= 100, `${log.length} entries kept`);
    assert.ok(
      log.every((e) => (e.body ?? "").length <= 2048),
      "a logged body longer than 2048 characters",
    );
    assert.equal(log.at(-1).seq, Math.max(...log.map((e) => e.seq)), "the newest entries are kept");
  });
});

describe("proxy mode", () => {
  let demo;
  let port;
  before(async () => {
    await loadPackage();
    demo = await startDemoServer({
      port: 0,
      apiKey: "sk-demo-test",
      upstream: `http://127.0.0.1:${await closedPort()}/v2`,
    });
    port = demo.server.address().port;
  });
  after(() => demo?.close());

  test("malformed requests and foreign origins get envelopes; the server keeps serving", async () => {
    const rawReply = (text) =>
      new Promise((resolve) => {
        const s = net.connect(port, "127.0.0.1", () => s.write(text));
        let out = "";
        s.on("data", (c) => {
          out += c;
        });
        s.on("close", () => resolve(out));
        s.on("error", () => resolve(out));
        setTimeout(() => s.destroy(), 3000);
      });
    const trace = await rawReply(
      `TRACE /v2/status HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`,
    );
    assert.match(trace, /^HTTP\/1\.1 400/);
    assert.match(trace, /"HTTP_ERROR"/);
    const target = await rawReply(
      `GET http://[/v2/status HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`,
    );
    assert.match(target, /^HTTP\/1\.1 4\d\d/);

    const foreign = await call(port, {
      path: "/v2/status?task_id=x",
      headers: { origin: "https://evil.example" },
    });
    assert.equal(foreign.status, 403);
    assert.equal(foreign.json.error.code, "HTTP_ERROR");
    // Without the session cookie the page's server gives, the proxy knows no caller.
    const stranger = await call(port, { path: "/v2/status?task_id=n90x" });
    assert.equal(stranger.status, 401, stranger.text);
    assert.equal(stranger.json.error.code, "INVALID_API_KEY");
    const cookie = (await call(port, { path: "/" })).headers["set-cookie"][0].split(";")[0];
    assert.match(cookie, /^seedance_demo_session=[0-9a-f]{32}\.[0-9a-f]{32}$/);
    // A session this server did not sign (a fresh one minted for a fresh quota) names no caller.
    const forged = `seedance_demo_session=${"0".repeat(32)}.${"0".repeat(32)}`;
    const minted = await call(port, {
      path: "/v2/status?task_id=n90x",
      headers: { cookie: forged },
    });
    assert.equal(minted.status, 401, minted.text);
    // Status is forwarded only for the session's own tasks. The upstream is down (its port is
    // closed): a 502 envelope, proof that the generate went through the proxy.
    const notMine = await call(port, { path: "/v2/status?task_id=n90x", headers: { cookie } });
    assert.equal(notMine.status, 404, notMine.text);
    const ok = await call(port, {
      method: "POST",
      path: "/v2/generate",
      headers: { cookie, "content-type": "application/json" },
      body: JSON.stringify({
        prompt: "x",
        model: "seedance-2-mini",
        duration: 4,
        resolution: "480p",
      }),
    });
    assert.equal(ok.status, 502, ok.text);
    assert.equal(ok.json.error.code, "NETWORK_ERROR");
    // The connection was refused, so nothing was sent: the 57 credits reserved for it are given
    // back to the session's daily 1000 (an outcome the proxy cannot know would keep them).
    assert.equal(ok.headers.ratelimit, `"caller";r=1000;t=${ok.headers.ratelimit.split("t=")[1]}`);
    assert.equal(ok.headers["ratelimit-policy"], '"caller";q=1000;w=86400');
    const page = await call(port, { path: "/index.htm%6c" });
    assert.equal(page.headers["x-frame-options"], "DENY");
  });
});

test("the demo server and toNodeListener answer only with codes of src/codes.rs", () => {
  const codes = readFileSync(new URL("../../src/codes.rs", import.meta.url), "utf8");
  // `Name = "CODE",`, or `Name = "CODE" (not_engine),` for a code the engine's wasm leaves out.
  const known = new Set(
    [...codes.matchAll(/^\s*[A-Za-z]+ = "([A-Z_]+)"(?: \(not_engine\))?,$/gm)].map((m) => m[1]),
  );
  assert.ok(known.has("HTTP_ERROR") && known.size > 20);
  const server = readFileSync(new URL("../../www/server.mjs", import.meta.url), "utf8");
  const listener = readFileSync(
    new URL("../../pkg-template/node-listener.js", import.meta.url),
    "utf8",
  );
  const used = [
    ...[...server.matchAll(/apiError\([^,]+,\s*\d+,\s*["']([A-Z_]+)["']/g)].map((m) => m[1]),
    ...[...listener.matchAll(/(?:const [A-Z_]+ = |new SeedanceError\()"([A-Z_]+)"/g)].map(
      (m) => m[1],
    ),
  ];
  assert.ok(used.length >= 4, `found ${used}`);
  assert.deepEqual(
    used.filter((c) => !known.has(c)),
    [],
  );
});
