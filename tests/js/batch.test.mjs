// SeedanceClient.runMany against the mock API (a fresh key, so a fresh namespace, per test): the
// concurrency limit as the mock saw it, the batch budget refused before anything is sent, partial
// failures reported per item in input order, one 429 holding back every generate of the batch,
// and aborting mid-batch.
// Needs a built pkg/ (`bash scripts/build.sh`).

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { loadPackage, newKey, sleep, startMock } from "./support.mjs";

const { SeedanceClient, isSeedanceError } = await loadPackage();

let mock;
before(async () => {
  mock = await startMock();
});
after(async () => {
  await mock?.stop();
});

const FAST_POLLS = { pollIntervalMs: 100, maxPollIntervalMs: 150, timeoutMs: 15_000 };

/** A client of the mock with its own key (namespace), tasks lasting `taskDurationMs`. */
async function setup(tag, taskDurationMs = 300) {
  const key = newKey(tag);
  await mock.control("config", { key, taskDurationMs });
  return { key, client: new SeedanceClient({ apiKey: key, baseUrl: `${mock.url}/v2` }) };
}

const generates = (log) => log.filter((e) => e.method === "POST" && e.path === "/v2/generate");
const statuses = (log) => log.filter((e) => e.method === "GET" && e.path === "/v2/status");
const promptOf = (entry) => JSON.parse(entry.body).prompt;
const taskIdOf = (entry) => new URL(entry.url, "http://mock.invalid").searchParams.get("task_id");

function assertOutcome(outcome, index) {
  assert.equal(outcome.index, index);
  assert.equal(typeof outcome.ok, "boolean");
  if (outcome.ok) {
    assert.equal(typeof outcome.task_id, "string");
    assert.equal(outcome.status.status, "SUCCESS");
    assert.equal(outcome.status.task_id, outcome.task_id);
    assert.equal(outcome.error, undefined);
  } else {
    assert.ok(isSeedanceError(outcome.error), `outcome ${index}: ${outcome.error}`);
    assert.equal(outcome.status, undefined);
  }
}

test("never more than `concurrency` tasks at once (and exactly that many)", async () => {
  const { key, client } = await setup("batch-concurrency");
  const requests = Array.from({ length: 6 }, (_, i) => ({
    prompt: `concurrency item ${i}`,
    duration: 5,
  }));
  const outcomes = await client.runMany(requests, { concurrency: 2, ...FAST_POLLS });

  assert.equal(outcomes.length, 6);
  outcomes.forEach((o, i) => {
    assertOutcome(o, i);
    assert.equal(o.ok, true, o.error?.message);
  });

  const log = await mock.log(key);
  const tasks = await mock.tasks(key);
  assert.equal(tasks.length, 6);
  const promptOfTask = new Map(tasks.map((t) => [t.task_id, t.request.prompt]));
  assert.deepEqual(
    outcomes.map((o) => promptOfTask.get(o.task_id)),
    requests.map((r) => r.prompt),
  );

  // Each task is busy from its generate to its last status request (by the mock's sequence
  // numbers, which order the requests exactly as they arrived).
  const intervals = new Map();
  for (const g of generates(log)) intervals.set(promptOf(g), { start: g.seq, end: g.seq });
  assert.equal(intervals.size, 6, "one generate per item");
  assert.equal(generates(log).length, 6);
  for (const s of statuses(log)) {
    const interval = intervals.get(promptOfTask.get(taskIdOf(s)));
    assert.ok(interval, `status of an unknown task: ${s.url}`);
    assert.ok(s.seq > interval.start, "status after its generate");
    interval.end = Math.max(interval.end, s.seq);
  }
  let maxOverlap = 0;
  for (const { seq } of log) {
    const busy = [...intervals.values()].filter((i) => i.start <= seq && seq <= i.end).length;
    maxOverlap = Math.max(maxOverlap, busy);
  }
  assert.ok(maxOverlap <= 2, `${maxOverlap} tasks in flight at once`);
  assert.equal(maxOverlap, 2, "the batch did run two at a time");
});

test("a batch over maxTotalCredits is refused with BUDGET_EXCEEDED before anything is sent", async () => {
  const { key, client } = await setup("batch-budget");
  const requests = [
    { prompt: "budget one", duration: 5 }, // 240
    { prompt: "budget two", duration: 5 }, // 240
    { prompt: "budget three", model: "seedance-2.0-fast", duration: 5 }, // 160
    { prompt: "" }, // invalid: not priced, not counted
  ];
  let progressCalls = 0;
  await assert.rejects(
    client.runMany(requests, {
      concurrency: 2,
      maxTotalCredits: 639,
      onProgress: () => progressCalls++,
      ...FAST_POLLS,
    }),
    (e) => {
      assert.ok(isSeedanceError(e));
      assert.equal(e.code, "BUDGET_EXCEEDED");
      assert.match(e.message, /640/);
      return true;
    },
  );
  assert.equal(progressCalls, 0);
  await sleep(100);
  assert.deepEqual(await mock.log(key), [], "a request of a refused batch reached the mock");
  assert.deepEqual(await mock.tasks(key), []);
});

test("partial failures are reported per item, in input order; one generate per item", async () => {
  const { key, client } = await setup("batch-partial");
  const requests = [
    { prompt: "partial zero", duration: 5 },
    { prompt: "", duration: 7 }, // invalid: never sent
    { prompt: "partial two", duration: 5 },
    { prompt: "partial three FAIL", duration: 5 }, // the task fails
    { prompt: "partial four", duration: 5 },
  ];
  // The first generate to arrive gets a 500. With concurrency 2 that is item 0 or item 2 (item 1
  // is invalid and item 3 only starts when one of them has ended).
  await mock.control("faults", { key, faults: [{ on: "generate", kind: "http", status: 500 }] });
  const progress = [];
  const outcomes = await client.runMany(requests, {
    concurrency: 2,
    ...FAST_POLLS,
    onProgress: (outcome, done, total) => progress.push({ outcome, done, total }),
  });

  assert.equal(outcomes.length, requests.length);
  outcomes.forEach(assertOutcome);
  const log = await mock.log(key);
  const faulted = generates(log).filter((e) => e.fault === "http");
  assert.equal(faulted.length, 1);
  const faultedIndex = requests.findIndex((r) => r.prompt === promptOf(faulted[0]));
  assert.ok([0, 2].includes(faultedIndex), `the fault hit item ${faultedIndex}`);
  const tasks = await mock.tasks(key);
  const taskOf = (prompt) => tasks.find((t) => t.request.prompt === prompt);

  // The invalid item: VALIDATION_FAILED with its issues, no task, nothing sent.
  const invalid = outcomes[1];
  assert.equal(invalid.ok, false);
  assert.equal(invalid.task_id, null);
  assert.equal(invalid.error.code, "VALIDATION_FAILED");
  assert.deepEqual(invalid.error.issues.map((i) => i.code).sort(), [
    "INVALID_DURATION",
    "INVALID_PROMPT",
  ]);
  assert.equal(invalid.error.taskId, undefined);

  // The failed task: TASK_FAILED, with its task id (in the outcome and on the error).
  const failed = outcomes[3];
  assert.equal(failed.ok, false);
  assert.equal(failed.error.code, "TASK_FAILED");
  assert.equal(failed.task_id, taskOf(requests[3].prompt).task_id);
  assert.equal(failed.error.taskId, failed.task_id);
  assert.match(failed.error.message, /Content policy violation/);

  // The generate that got a 500: INTERNAL_ERROR, no task, and not sent again.
  const hit = outcomes[faultedIndex];
  assert.equal(hit.ok, false);
  assert.equal(hit.task_id, null);
  assert.equal(hit.error.code, "INTERNAL_ERROR");
  assert.equal(hit.error.status, 500);
  assert.equal(taskOf(requests[faultedIndex].prompt), undefined);

  // The rest succeeded.
  const succeeded = [0, 2, 4].filter((i) => i !== faultedIndex);
  for (const i of succeeded) {
    assert.equal(outcomes[i].ok, true, `item ${i}: ${outcomes[i].error?.message}`);
    assert.equal(outcomes[i].task_id, taskOf(requests[i].prompt).task_id);
  }
  assert.deepEqual(
    outcomes.filter((o) => o.ok).map((o) => o.index),
    succeeded,
  );

  // Exactly one generate per valid item (the 500 one included), none for the invalid one.
  const sentPrompts = generates(log).map(promptOf).sort();
  assert.deepEqual(
    sentPrompts,
    requests
      .filter((_, i) => i !== 1)
      .map((r) => r.prompt)
      .sort(),
  );

  // onProgress: once per item, done counting up to the total, with the outcomes themselves.
  assert.equal(progress.length, requests.length);
  assert.deepEqual(
    progress.map((p) => p.done),
    [1, 2, 3, 4, 5],
  );
  assert.ok(progress.every((p) => p.total === requests.length));
  assert.deepEqual(progress.map((p) => p.outcome.index).sort(), [0, 1, 2, 3, 4]);
  for (const { outcome } of progress) {
    assert.equal(outcome.ok, outcomes[outcome.index].ok);
    assert.equal(outcome.task_id, outcomes[outcome.index].task_id);
  }
});

test("a 429 holds back every generate of the batch for its Retry-After", async () => {
  const { key, client } = await setup("batch-429");
  const requests = Array.from({ length: 4 }, (_, i) => ({ prompt: `rate item ${i}`, duration: 5 }));
  await mock.control("faults", {
    key,
    faults: [{ on: "generate", kind: "http", status: 429, retryAfter: "1" }],
  });
  const outcomes = await client.runMany(requests, { concurrency: 2, ...FAST_POLLS });

  outcomes.forEach((o, i) => {
    assertOutcome(o, i);
    assert.equal(o.ok, true, `item ${i}: ${o.error?.message}`);
  });
  const log = await mock.log(key);
  const gens = generates(log);
  const limited = gens.filter((e) => e.status === 429);
  assert.equal(limited.length, 1);
  const [rateLimited] = limited;
  // Every item created once; the refused one sent again, nothing else repeated.
  assert.equal(gens.filter((e) => e.status === 200).length, 4);
  assert.equal(gens.length, 5);
  const limitedPrompt = promptOf(rateLimited);
  assert.equal(gens.filter((e) => promptOf(e) === limitedPrompt).length, 2);

  // No generate in the second after the 429, except the other first item, which was sent
  // together with the refused one (before the 429 was seen).
  const firstTwo = new Set([requests[0].prompt, requests[1].prompt]);
  const otherFirst = [...firstTwo].find((p) => p !== limitedPrompt);
  for (const e of gens.filter((g) => g.seq > rateLimited.seq)) {
    if (promptOf(e) === otherFirst) {
      assert.ok(
        e.at - rateLimited.at < 300,
        `${otherFirst} was sent ${e.at - rateLimited.at} ms after the 429`,
      );
      continue;
    }
    assert.ok(
      e.at - rateLimited.at >= 950,
      `${promptOf(e)} was sent ${e.at - rateLimited.at} ms after the 429`,
    );
  }
  // Items 2 and 3 really were held: without the hold, one would start ~400 ms in, when the
  // other first task ends.
  const third = gens.find((e) => promptOf(e) === requests[2].prompt);
  assert.ok(
    third.at - rateLimited.at >= 950,
    `item 2 sent ${third.at - rateLimited.at} ms after the 429`,
  );
});

test("aborting mid-batch settles quickly with ABORTED outcomes and sends nothing after", async () => {
  const { key, client } = await setup("batch-abort", 60_000);
  const requests = Array.from({ length: 4 }, (_, i) => ({
    prompt: `abort item ${i}`,
    duration: 5,
  }));
  const controller = new AbortController();
  const progress = [];
  const batch = client.runMany(requests, {
    concurrency: 2,
    signal: controller.signal,
    ...FAST_POLLS,
    onProgress: (outcome, done, total) => progress.push({ index: outcome.index, done, total }),
  });

  // Wait until both first tasks exist and are being polled.
  const until = Date.now() + 5000;
  while (statuses(await mock.log(key)).length < 2) {
    assert.ok(Date.now() < until, "the batch did not start");
    await sleep(25);
  }
  controller.abort();
  const abortedAt = Date.now();
  const outcomes = await batch;
  const settledIn = Date.now() - abortedAt;
  assert.ok(settledIn < 500, `settled ${settledIn} ms after the abort`);

  const tasks = await mock.tasks(key);
  assert.equal(tasks.length, 2);
  assert.equal(outcomes.length, 4);
  outcomes.forEach((o, i) => {
    assertOutcome(o, i);
    assert.equal(o.ok, false);
    assert.equal(o.error.code, "ABORTED");
  });
  // The created tasks are not lost: their outcomes carry the ids, so are the errors.
  const created = new Map(tasks.map((t) => [t.request.prompt, t.task_id]));
  for (const i of [0, 1]) {
    assert.equal(outcomes[i].task_id, created.get(requests[i].prompt));
    assert.equal(outcomes[i].error.taskId, outcomes[i].task_id);
  }
  for (const i of [2, 3]) assert.equal(outcomes[i].task_id, null);
  assert.equal(progress.length, 4);
  assert.deepEqual(
    progress.map((p) => p.done),
    [1, 2, 3, 4],
  );

  // Nothing sent after it settled, and no generate for the items not started.
  const logAtSettle = await mock.log(key);
  await sleep(400);
  const logLater = await mock.log(key);
  assert.equal(logLater.length, logAtSettle.length, "requests were sent after the batch settled");
  const settledAt = abortedAt + settledIn;
  assert.ok(
    logLater.every((e) => e.at <= settledAt + 100),
    "a request arrived well after the batch settled",
  );
  assert.deepEqual(generates(logLater).map(promptOf).sort(), [
    requests[0].prompt,
    requests[1].prompt,
  ]);
});
