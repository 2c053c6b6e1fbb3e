// What a request that got no reply says it sent, by cause, in Node, Deno and Bun (the Node entry,
// as those runtimes load it): "not sent" only when nothing can have left the machine (a URL that
// does not parse, a root path outside a page, a closed loopback port), then a generate is
// retryable and says no task was created; "may have been created and charged" when the request may
// have reached the server (a connection dropped after the request was read), then a generate is
// not retryable. An unusable URL is not retried. In a Chromium page a URL that does not parse is
// "not sent" too; a refused connection there is not, as a page cannot tell it from a CORS refusal
// of a reply or a connection dropped after sending (each is a bare "Failed to fetch").
// src/js/fetch.js `unsent` classifies, and src/client/no_reply.rs words the errors. Needs a built
// pkg/ (`make build`).

import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { copyBuiltPackage } from "./pkg-copy.mjs";
import { bins, root, run } from "./scratch-app.mjs";
import { closedPort, launchChromium, serve } from "./support.mjs";

const script = join(root, "tests", "js", "network-errors", "unsent.mjs");
let dir;
let dropping;
let args;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "network-errors-"));
  await copyBuiltPackage(join(dir, "pkg"));
  // Reads the request, then drops the connection: the request reached a server.
  dropping = createServer((socket) => {
    socket.on("error", () => {});
    socket.once("data", () => socket.destroy());
  });
  await new Promise((r) => dropping.listen(0, "127.0.0.1", r));
  args = [join(dir, "pkg", "node.js"), String(await closedPort()), String(dropping.address().port)];
});
after(async () => {
  await new Promise((r) => (dropping ? dropping.close(r) : r()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const NOT_SENT_URL =
  /^The request (POST \/generate|GET \/status) was not sent: fetch cannot use its URL \(check baseUrl\) \(.+\)\.( No task was created\.)?$/;
const NOT_SENT_REFUSED =
  /^The request (POST \/generate|GET \/status) was not sent: the server could not be reached \(.+\)\.( No task was created\.)?$/;

function check(out, runtime) {
  const where = (c) => `${runtime} ${c}: ${JSON.stringify(out[c])}`;
  for (const c of ["malformed", "path"]) {
    for (const call of ["generate", "status"]) {
      const e = out[c][call];
      assert.equal(e.code, "NETWORK_ERROR", where(c));
      assert.match(e.message, NOT_SENT_URL, where(c));
      assert.equal(e.retryable, false, `${where(c)}: the same URL fails again`);
      assert.ok(e.ms < 400, `${where(c)}: an unusable URL was retried (${e.ms} ms)`);
    }
    assert.match(out[c].generate.message, /No task was created\.$/, where(c));
  }
  for (const call of ["generate", "status"]) {
    const e = out.refused[call];
    assert.equal(e.code, "NETWORK_ERROR", where("refused"));
    assert.match(e.message, NOT_SENT_REFUSED, where("refused"));
    assert.equal(e.retryable, true, where("refused"));
    assert.doesNotMatch(e.message, /charged/, where("refused"));
  }
  const dropped = out.dropped.generate;
  assert.equal(dropped.code, "NETWORK_ERROR", where("dropped"));
  assert.match(
    dropped.message,
    /^The request POST \/generate got no reply( \(.+\))?\. The task may have been created and charged: check your tasks before sending it again\.$/,
    where("dropped"),
  );
  assert.equal(dropped.retryable, false, where("dropped"));
  assert.equal(out.dropped.status.retryable, true, where("dropped"));
  for (const c of Object.values(out))
    for (const e of Object.values(c)) assert.ok(!e.message.includes("sk-network-key"));
}

describe("a request without a reply says whether it was sent", () => {
  /** The command of a runtime (the package folder is known once `before` ran). */
  const commandOf = (runtime) =>
    ({
      Node: [process.execPath],
      Deno: [bins.deno, "run", "--allow-net=127.0.0.1", `--allow-read=${dir}`],
      Bun: [bins.bun],
    })[runtime];
  for (const runtime of ["Node", "Deno", "Bun"])
    test(runtime, async () => {
      const [file, ...rest] = commandOf(runtime);
      const r = await run(file, [...rest, script, ...args], { env: { NO_COLOR: "1" } });
      assert.equal(r.code, 0, `${runtime} failed:\n${r.stdout}\n${r.stderr}`);
      check(JSON.parse(r.stdout.trim().split("\n").at(-1)), runtime);
    });
});

test("in a Chromium page: a URL that does not parse is not sent; a refused connection may have been", async () => {
  const site = await serve(dir);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`${site.url}/pkg/`);
    const out = await page.evaluate(
      async (port) => {
        const entry = await import("/pkg/browser/index.js");
        await entry.init();
        const result = {};
        for (const [name, baseUrl] of [
          ["malformed", "http://[::1/v2"],
          ["refused", `http://127.0.0.1:${port}/v2`],
        ]) {
          const client = new entry.SeedanceClient({ baseUrl, maxRetries: 0 });
          result[name] = await client.generate({ prompt: "a fox" }).then(
            () => "resolved",
            (e) => ({ code: e.code, retryable: e.retryable, message: e.message }),
          );
        }
        return result;
      },
      await closedPort(),
    );
    assert.match(out.malformed.message, NOT_SENT_URL, JSON.stringify(out));
    assert.equal(out.malformed.retryable, false);
    assert.match(
      out.refused.message,
      /^The request POST \/generate got no reply \(Failed to fetch\)\. The task may have been created and charged/,
      JSON.stringify(out),
    );
    assert.equal(out.refused.retryable, false);
  } finally {
    await browser.close();
    await site.close();
  }
});
