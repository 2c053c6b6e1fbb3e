// createProxyHandler from the `browser` entry of seedance-wasm, in headless Chromium. A proxy
// keeps an API key secret and a key in a page is no secret, so that entry has no proxy
// (scripts/build.sh, pkg/browser/): its createProxyHandler throws at once, with any options, before
// and after init(), a SeedanceError that says to create the handler on a server; it loads nothing
// (no other build is fetched); memoryStore is still exported. Needs a built pkg/ (`make build`).

import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { copyBuiltPackage } from "./pkg-copy.mjs";
import { launchChromium, serve } from "./support.mjs";

let dir;
let server;
let browser;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "browser-proxy-"));
  await copyBuiltPackage(join(dir, "pkg"));
  writeFileSync(join(dir, "index.html"), "<!doctype html><title>proxy in a page</title>");
  server = await serve(dir);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Options a server would pass, and ones the server's entry would refuse. */
const OPTIONS = [
  { apiKey: "sk-page-key", upstream: "http://127.0.0.1:9/v2", maxCredits: 300 },
  undefined,
  {},
  { apiKey: "k", models: "seedance-2.0" },
];

describe("createProxyHandler from the browser entry, in Chromium", () => {
  test("throws at once, before and after init(), a SeedanceError that says to create the handler on a server; nothing else is fetched", async () => {
    const page = await browser.newPage();
    const problems = [];
    page.on("pageerror", (e) => problems.push(e.message));
    try {
      await page.goto(`${server.url}/`);
      const from = server.requests.length;
      const thrown = await page.evaluate(async (list) => {
        const entry = await import("/pkg/browser/index.js");
        const attempt = () =>
          list.map((options) => {
            try {
              entry.createProxyHandler(options ?? undefined);
              return "returned";
            } catch (error) {
              return {
                seedance: entry.isSeedanceError(error) && error instanceof entry.SeedanceError,
                code: error.code,
                retryable: error.retryable,
                message: error.message,
              };
            }
          });
        const early = attempt();
        await entry.init();
        const store = entry.memoryStore();
        return {
          early,
          late: attempt(),
          store: ["reserve", "adjust", "put", "get"].every((m) => typeof store[m] === "function"),
        };
      }, OPTIONS);
      for (const t of [...thrown.early, ...thrown.late]) {
        assert.equal(t.seedance, true, JSON.stringify(t));
        assert.equal(t.code, "INVALID_FIELD");
        assert.equal(t.retryable, false);
        assert.match(
          t.message,
          /^createProxyHandler runs on a server, where the API key stays secret/,
        );
        assert.match(t.message, /Node, Deno, Bun, Cloudflare Workers or an Edge runtime/);
        assert.match(t.message, /node, workerd or edge-light condition/);
        assert.ok(!t.message.includes("sk-page-key"), "the key is in the message");
      }
      assert.equal(thrown.store, true, "memoryStore is not a SpendStore");
      assert.deepEqual(
        server.requests.slice(from).filter((p) => p.startsWith("/pkg/")),
        ["/pkg/browser/index.js"],
        "the entry fetched another file",
      );
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });
});
