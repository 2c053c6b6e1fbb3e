// The reason given to `AbortController.abort(reason)` is the ABORTED error's `cause`, as `fetch`
// rejects with the reason itself: for every client method (the batch's outcomes too), whether the
// signal fires during the request, during a wait or before the call. Against a loopback server
// that never answers. Needs a built pkg/ (`make build`).

import assert from "node:assert/strict";
import { createServer } from "node:http";
import { after, before, test } from "node:test";
import { loadPackage } from "./support.mjs";

let pkg;
let server;
let baseUrl;

before(async () => {
  pkg = await loadPackage();
  server = createServer(() => {}); // reads every request, answers none
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  baseUrl = `http://127.0.0.1:${server.address().port}/v2`;
});
after(async () => {
  server?.closeAllConnections();
  await new Promise((r) => (server ? server.close(r) : r()));
});

/** What `call(signal)` rejects with when `abort` fires 50 ms after it starts. */
async function rejection(call, abort) {
  const controller = new AbortController();
  const settled = call(controller.signal).then(
    () => "resolved",
    (e) => e,
  );
  setTimeout(() => abort(controller), 50);
  return settled;
}

test("each method's ABORTED error has the abort reason as its cause", async () => {
  const client = new pkg.SeedanceClient({ apiKey: "sk-abort", baseUrl });
  const job = { prompt: "a fox" };
  const calls = {
    generate: (signal) => client.generate(job, { signal }),
    getStatus: (signal) => client.getStatus("task-1", { signal }),
    waitForTask: (signal) => client.waitForTask("task-1", { signal }),
    run: (signal) => client.run(job, { signal }),
  };
  for (const [name, call] of Object.entries(calls)) {
    const reason = new Error(`user left (${name})`);
    const error = await rejection(call, (c) => c.abort(reason));
    assert.ok(pkg.isSeedanceError(error), `${name}: ${error}`);
    assert.equal(error.code, "ABORTED", name);
    assert.equal(error.cause, reason, `${name}: the reason is not the cause`);
  }
  // Any value is a reason; abort() without one gives the signal's own AbortError.
  const text = await rejection(calls.generate, (c) => c.abort("closed the tab"));
  assert.equal(text.cause, "closed the tab");
  const plain = await rejection(calls.getStatus, (c) => c.abort());
  assert.equal(plain.code, "ABORTED");
  assert.equal(plain.cause?.name, "AbortError");
  // A signal aborted before the call.
  const early = new Error("already gone");
  const error = await client.generate(job, { signal: AbortSignal.abort(early) }).catch((e) => e);
  assert.equal(error.code, "ABORTED");
  assert.equal(error.cause, early);
});

test("runMany: each aborted outcome's error has the reason as its cause", async () => {
  const client = new pkg.SeedanceClient({ apiKey: "sk-abort", baseUrl });
  const reason = new Error("batch cancelled");
  const controller = new AbortController();
  const done = client.runMany([{ prompt: "a" }, { prompt: "b" }], {
    signal: controller.signal,
  });
  setTimeout(() => controller.abort(reason), 50);
  const outcomes = await done;
  assert.equal(outcomes.length, 2);
  for (const o of outcomes) {
    assert.equal(o.ok, false);
    assert.equal(o.error.code, "ABORTED");
    assert.equal(o.error.cause, reason);
  }
});
