// Spending control of createProxyHandler in one Node process, in front of the mock API over
// loopback: `authorize` before any body is read, per-caller and total limits reserved before
// forwarding (exact under concurrency), 429 QUOTA_EXCEEDED with Retry-After and RateLimit headers,
// reservations released after a 4xx, kept after a 5xx or an unknown outcome, settled to the
// reply's consumed_credits, a failing or hung store answered 503 with nothing forwarded, task
// ownership, allowedOrigins, and the client's handling of both quota codes. The race across
// processes and the shared stores (Redis, Durable Objects, Deno KV) are in spend-stores.test.mjs.
// Needs a built pkg/ (`bash scripts/build.sh`).

import assert from "node:assert/strict";
import http from "node:http";
import { after, before, describe, test } from "node:test";
import { loadPackage, newKey, sleep, startMock } from "./support.mjs";

const { createProxyHandler, memoryStore, SeedanceClient, toNodeListener, isSeedanceError } =
  await loadPackage();

let mock;
before(async () => {
  mock = await startMock();
});
after(async () => {
  await mock?.stop();
});

const DAY = { windowSeconds: 86400 };
// seedance-2.0, 5 s: 240 credits.
const FIVE_SECONDS = { prompt: "spend", duration: 5 };

function proxyFor(key, options = {}) {
  return createProxyHandler({ apiKey: key, upstream: `${mock.url}/v2`, ...options });
}

/** A generate through `handler`, as a browser or server would send it; the answer read. */
async function generate(handler, body = FIVE_SECONDS, headers = {}) {
  const res = await handler(
    new Request("http://proxy.test/v2/generate", {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
  return answer(res);
}

async function status(handler, taskId, headers = {}) {
  const url = `http://proxy.test/v2/status?task_id=${encodeURIComponent(taskId)}`;
  return answer(await handler(new Request(url, { headers })));
}

async function answer(res) {
  const text = await res.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, headers: res.headers, text, json, code: json?.error?.code };
}

/** The `r=` of the RateLimit header: credits left in the limit with the least left. */
const remaining = (r) => Number(/;r=(\d+)/.exec(r.headers.get("ratelimit") ?? "")?.[1]);
const generatesSeen = async (key) =>
  (await mock.log(key)).filter((e) => e.path.endsWith("/generate")).length;

describe("authorize", () => {
  test("runs before any body is read; null, a Response and a failure forward nothing", async () => {
    const key = newKey("spend-authorize");
    const cases = [
      [() => null, 401, "INVALID_API_KEY"],
      [async () => "", 401, "INVALID_API_KEY"],
      [() => new Response("go away", { status: 418 }), 418, null],
      [
        () => {
          throw new Error("db down");
        },
        500,
        "INTERNAL_ERROR",
      ],
      [async () => Promise.reject(new Error("no")), 500, "INTERNAL_ERROR"],
      [() => 42, 500, "INTERNAL_ERROR"],
      [() => undefined, 500, "INTERNAL_ERROR"],
    ];
    for (const [authorize, expected, code] of cases) {
      let pulled = false;
      // highWaterMark 0: the stream is pulled only when somebody reads it.
      const body = new ReadableStream(
        {
          pull(controller) {
            pulled = true;
            controller.enqueue(new TextEncoder().encode(JSON.stringify(FIVE_SECONDS)));
            controller.close();
          },
        },
        { highWaterMark: 0 },
      );
      const handler = proxyFor(key, { authorize, quota: { perCaller: { credits: 1000, ...DAY } } });
      const res = await handler(
        new Request("http://proxy.test/v2/generate", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
          duplex: "half",
        }),
      );
      const r = await answer(res);
      assert.equal(r.status, expected, r.text);
      if (code) assert.equal(r.code, code, r.text);
      else assert.equal(r.text, "go away");
      assert.equal(pulled, false, "the body was not read");
    }
    assert.equal(await generatesSeen(key), 0);
    const allowed = proxyFor(key, { authorize: async (req) => req.headers.get("x-user") });
    assert.equal((await generate(allowed, FIVE_SECONDS, { "x-user": "alice" })).status, 200);
    assert.equal((await generate(allowed)).status, 401, "no x-user header: null");
    assert.equal(await generatesSeen(key), 1);
  });

  test("an id with a lone surrogate is a failure: two callers never share one id", async () => {
    const key = newKey("spend-surrogate");
    // Both would read as "user\uFFFD" once in UTF-8, sharing one quota and each other's tasks.
    const authorize = (req) => (req.headers.get("x-user") === "a" ? "user\uD800" : "user\uDC00");
    const handler = proxyFor(key, { authorize, quota: { perCaller: { credits: 240, ...DAY } } });
    for (const user of ["a", "b"]) {
      const r = await generate(handler, FIVE_SECONDS, { "x-user": user });
      assert.equal(`${r.status} ${r.code}`, "500 INTERNAL_ERROR", r.text);
    }
    assert.equal(await generatesSeen(key), 0);
    const paired = proxyFor(key, { authorize: () => "user\u{1F600}" });
    assert.equal((await generate(paired)).status, 200, "a surrogate pair is a character");
  });
});

describe("limits", () => {
  test("a caller's spend stops at its limit exactly, however many arrive at once", async () => {
    const key = newKey("spend-per-caller");
    const handler = proxyFor(key, {
      authorize: (req) => req.headers.get("x-user"),
      quota: { perCaller: { credits: 1000, ...DAY } },
    });
    const answers = await Promise.all(
      Array.from({ length: 24 }, () => generate(handler, FIVE_SECONDS, { "x-user": "alice" })),
    );
    const admitted = answers.filter((r) => r.status === 200);
    const refused = answers.filter((r) => r.status === 429);
    assert.equal(admitted.length, 4, "4 x 240 = 960 of 1000");
    assert.equal(refused.length, 20);
    assert.equal(await generatesSeen(key), 4, "the upstream saw exactly the admitted ones");
    const r = refused[0];
    assert.equal(r.code, "QUOTA_EXCEEDED");
    assert.equal(r.json.code, 429);
    assert.match(r.json.error.message, /Your spending limit of 1000 credits per day/);
    const untilMidnight = 86400 - (Math.floor(Date.now() / 1000) % 86400);
    assert.ok(Math.abs(Number(r.headers.get("retry-after")) - untilMidnight) <= 2);
    assert.equal(r.headers.get("ratelimit-policy"), '"caller";q=1000;w=86400');
    assert.equal(remaining(r), 40);
    assert.equal(remaining(admitted.at(-1)), 40);
    // Another caller has a limit of its own.
    assert.equal((await generate(handler, FIVE_SECONDS, { "x-user": "bob" })).status, 200);
  });

  test("the total limit holds across callers and is named when it refuses", async () => {
    const key = newKey("spend-total");
    const handler = proxyFor(key, {
      authorize: (req) => req.headers.get("x-user"),
      quota: {
        perCaller: { credits: 10_000, ...DAY },
        total: { credits: 500, windowSeconds: 3600 },
      },
    });
    const answers = [];
    for (const user of ["a", "b", "c"])
      answers.push(await generate(handler, FIVE_SECONDS, { "x-user": user }));
    assert.deepEqual(
      answers.map((r) => r.status),
      [200, 200, 429],
    );
    assert.match(answers[2].json.error.message, /total spending limit of 500 credits per hour/);
    assert.equal(answers[2].headers.get("ratelimit-policy"), '"total";q=500;w=3600');
    assert.ok(Number(answers[2].headers.get("retry-after")) <= 3600);
  });

  test("a request dearer than the whole limit says so; invalid requests reserve nothing", async () => {
    const key = newKey("spend-dear");
    const handler = proxyFor(key, { quota: { perCaller: { credits: 300, ...DAY } } });
    const dear = await generate(handler, { prompt: "x", duration: 10 });
    assert.equal(dear.status, 429);
    assert.match(
      dear.json.error.message,
      /costs 480 credits, more than your spending limit of 300 credits per day allows/,
    );
    const invalid = await generate(handler, { prompt: "", duration: 7 });
    assert.equal(invalid.status, 400);
    assert.equal(remaining(invalid), 300, "an invalid request carries the headers too");
    assert.equal((await generate(handler)).status, 200);
    assert.equal(await generatesSeen(key), 1);
  });
});

describe("settlement", () => {
  test("a 4xx gives the reservation back; a 5xx, a timeout or a dropped reply keep it", async () => {
    const key = newKey("spend-settle");
    const handler = proxyFor(key, {
      quota: { perCaller: { credits: 10_000, ...DAY } },
      timeoutMs: 300,
    });
    await mock.control("faults", {
      key,
      faults: [
        { on: "generate", kind: "http", status: 402 },
        { on: "generate", kind: "http", status: 400 },
        { on: "generate", kind: "envelope-error", code: "INSUFFICIENT_CREDITS" },
        { on: "generate", kind: "http", status: 500 },
        { on: "generate", kind: "delay", ms: 1500 },
        { on: "generate", kind: "drop" },
        { on: "generate", kind: "malformed" },
      ],
    });
    const left = [];
    for (let i = 0; i < 7; i++) left.push(remaining(await generate(handler)));
    // 402, 400: released. Envelope error code 500 under HTTP 200: unknown, kept. 500, timeout,
    // drop, unreadable: kept.
    assert.deepEqual(left, [10_000, 10_000, 9_760, 9_520, 9_280, 9_040, 8_800]);
  });

  test("the spend is set to the reply's consumed_credits", async () => {
    const key = newKey("spend-consumed");
    // An upstream that charges 100 for what the table prices at 240.
    const cheaper = async (url, init) => {
      const res = await fetch(url, init);
      const body = await res.json();
      if (body?.data?.consumed_credits) body.data.consumed_credits = 100;
      return new Response(JSON.stringify(body), { status: res.status });
    };
    const handler = proxyFor(key, {
      fetch: cheaper,
      quota: { perCaller: { credits: 1000, ...DAY } },
    });
    const r = await generate(handler);
    assert.equal(r.status, 200);
    assert.equal(r.json.data.consumed_credits, 100);
    assert.equal(remaining(r), 900);
  });
});

describe("a failing store", () => {
  test("a reservation the store makes after timeoutMs is given back", async () => {
    const key = newKey("spend-late");
    const memory = memoryStore();
    let stall = true;
    // A store that stalls, then carries out what it was asked (a paused Redis resuming).
    const store = {
      ...memory,
      reserve: async (counters, amount) => {
        if (stall) await sleep(400);
        return memory.reserve(counters, amount);
      },
    };
    const handler = proxyFor(key, {
      quota: { store, perCaller: { credits: 240, ...DAY }, timeoutMs: 100 },
    });
    const refused = await generate(handler);
    assert.equal(`${refused.status} ${refused.code}`, "503 QUOTA_UNAVAILABLE");
    stall = false;
    await sleep(600);
    const r = await generate(handler);
    assert.equal(r.status, 200, `the refused request spent nothing: ${r.text}`);
    assert.equal(await generatesSeen(key), 1);
  });

  test("a counter given back to 0 is dropped, not kept until the window ends", async () => {
    const store = memoryStore();
    const counter = [{ key: "spend:60:0:caller:x", limit: 100, expiresAt: Date.now() + 60_000 }];
    await store.reserve(counter, 40);
    assert.equal(await store.get(counter[0].key), 40);
    await store.adjust(counter, -40);
    assert.equal(await store.get(counter[0].key), null);
  });

  const failing = {
    throws: {
      reserve: () => {
        throw new Error("connection refused");
      },
      adjust: async () => {},
      put: async () => {},
      get: async () => null,
    },
    rejects: {
      reserve: async () => Promise.reject(new Error("READONLY")),
      adjust: async () => {},
      put: async () => {},
      get: async () => null,
    },
    malformed: {
      reserve: async () => ({ admitted: true, spent: ["lots"] }),
      adjust: async () => {},
      put: async () => {},
      get: async () => null,
    },
    hangs: {
      reserve: () => new Promise(() => {}),
      adjust: async () => {},
      put: async () => {},
      get: () => new Promise(() => {}),
    },
  };
  for (const [name, store] of Object.entries(failing)) {
    test(`a store that ${name} answers 503 QUOTA_UNAVAILABLE and forwards nothing`, async () => {
      const key = newKey(`spend-store-${name}`);
      const handler = proxyFor(key, {
        quota: { store, perCaller: { credits: 1000, ...DAY }, timeoutMs: 200 },
      });
      const started = Date.now();
      const r = await generate(handler);
      assert.equal(r.status, 503, r.text);
      assert.equal(r.code, "QUOTA_UNAVAILABLE");
      assert.ok(Date.now() - started < 2000, "within timeoutMs, not the store's own time");
      assert.equal(await generatesSeen(key), 0);
    });
  }

  test("options are checked when the handler is made", () => {
    const bad = [
      { quota: "lots" },
      { quota: { perCaller: { credits: 100 } } },
      { quota: { total: { credits: -1, windowSeconds: 60 } } },
      { quota: { total: { credits: 1.5, windowSeconds: 60 } } },
      { quota: { perCaller: { credits: 1, windowSeconds: 0 } } },
      { quota: { store: { reserve() {} } } },
      { allowedOrigins: "https://a.example" },
      { allowedOrigins: ["*"] },
      { allowedOrigins: ["https://a.example/path"] },
      { authorize: "yes" },
    ];
    for (const options of bad) {
      assert.throws(
        () => proxyFor("k", options),
        (e) => isSeedanceError(e) && e.code === "INVALID_FIELD",
        JSON.stringify(options),
      );
    }
    assert.equal(typeof proxyFor("k", { quota: { store: memoryStore() } }), "function");
  });
});

describe("task ownership", () => {
  test("a caller reads only its own tasks; others get 404 and nothing is forwarded", async () => {
    const key = newKey("spend-owner");
    const handler = proxyFor(key, {
      authorize: (req) => req.headers.get("x-user"),
      quota: { perCaller: { credits: 1000, ...DAY } },
    });
    const created = await generate(handler, FIVE_SECONDS, { "x-user": "alice" });
    const id = created.json.data.task_id;
    const mine = await status(handler, id, { "x-user": "alice" });
    assert.equal(mine.status, 200);
    assert.equal(mine.json.data.task_id, id);
    const statusesBefore = (await mock.log(key)).length;
    const theirs = await status(handler, id, { "x-user": "bob" });
    assert.equal(theirs.status, 404);
    assert.equal(theirs.code, "TASK_NOT_FOUND");
    assert.equal((await status(handler, "n90unknown", { "x-user": "alice" })).status, 404);
    assert.equal((await mock.log(key)).length, statusesBefore, "nothing forwarded");
  });
});

describe("origins", () => {
  const key = newKey("spend-origins");
  test("without allowedOrigins a foreign page is refused with 403 and nothing is forwarded", async () => {
    const handler = proxyFor(key);
    const foreign = await generate(handler, FIVE_SECONDS, { origin: "https://evil.example" });
    assert.equal(foreign.status, 403);
    assert.match(foreign.json.error.message, /evil\.example.*allowedOrigins/);
    const own = await generate(handler, FIVE_SECONDS, { origin: "http://proxy.test" });
    assert.equal(own.status, 200);
    assert.equal(own.headers.get("access-control-allow-origin"), null);
    assert.equal(await generatesSeen(key), 1);
  });

  test("a listed origin gets its preflight answered and may read the answers", async () => {
    const handler = proxyFor(key, {
      allowedOrigins: ["https://app.example"],
      quota: { perCaller: { credits: 1000, ...DAY } },
    });
    const preflight = await handler(
      new Request("http://proxy.test/v2/generate", {
        method: "OPTIONS",
        headers: {
          origin: "https://app.example",
          "access-control-request-method": "POST",
          "access-control-request-headers": "content-type",
        },
      }),
    );
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get("access-control-allow-origin"), "https://app.example");
    assert.match(preflight.headers.get("access-control-allow-methods"), /POST/);
    assert.equal(preflight.headers.get("access-control-allow-headers"), "content-type");
    const r = await generate(handler, FIVE_SECONDS, { origin: "https://app.example" });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get("access-control-allow-origin"), "https://app.example");
    assert.match(r.headers.get("access-control-expose-headers"), /RateLimit/);
    const other = await handler(
      new Request("http://proxy.test/v2/generate", {
        method: "OPTIONS",
        headers: { origin: "https://other.example", "access-control-request-method": "POST" },
      }),
    );
    assert.equal(other.status, 403);
  });

  test("a listed page reads the 401 and 500 of authorize", async () => {
    for (const [authorize, status] of [
      [() => null, 401],
      [() => Promise.reject(new Error("session store down")), 500],
    ]) {
      const handler = proxyFor(key, {
        allowedOrigins: ["https://app.example"],
        authorize,
        quota: { perCaller: { credits: 1000, ...DAY } },
      });
      const r = await generate(handler, FIVE_SECONDS, { origin: "https://app.example" });
      assert.equal(r.status, status, r.text);
      assert.equal(r.headers.get("access-control-allow-origin"), "https://app.example");
    }
  });
});

describe("the client behind a quota", () => {
  let server;
  let posts = 0;
  const key = newKey("spend-client");
  let failStore = false;
  before(async () => {
    const memory = memoryStore();
    const store = {
      ...memory,
      reserve: (counters, amount) =>
        failStore ? Promise.reject(new Error("down")) : memory.reserve(counters, amount),
    };
    const listener = toNodeListener(
      proxyFor(key, { quota: { store, perCaller: { credits: 240, ...DAY } } }),
    );
    server = http.createServer((req, res) => {
      if (req.method === "POST") posts++;
      listener(req, res);
    });
    await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  });
  after(() => new Promise((resolve) => server.close(resolve)));

  test("QUOTA_EXCEEDED rejects at once with retryAfterSeconds; the POST is sent once", async () => {
    const client = new SeedanceClient({ baseUrl: `http://127.0.0.1:${server.address().port}/v2` });
    await client.generate(FIVE_SECONDS);
    posts = 0;
    const started = Date.now();
    const error = await client.generate(FIVE_SECONDS).then(
      () => assert.fail("refused expected"),
      (e) => e,
    );
    assert.ok(isSeedanceError(error));
    assert.equal(error.code, "QUOTA_EXCEEDED");
    assert.equal(error.status, 429);
    assert.equal(error.retryable, false);
    assert.ok(
      error.retryAfterSeconds > 0 && error.retryAfterSeconds <= 86400,
      `${error.retryAfterSeconds}`,
    );
    assert.doesNotMatch(error.message, /may have been created/);
    assert.ok(Date.now() - started < 1000, "no sleep on the 429");
    assert.equal(posts, 1);
  });

  test("QUOTA_UNAVAILABLE is not retried for a POST", async () => {
    failStore = true;
    posts = 0;
    const client = new SeedanceClient({
      baseUrl: `http://127.0.0.1:${server.address().port}/v2`,
      maxRetries: 3,
    });
    const error = await client
      .generate({ prompt: "x", model: "seedance-2-mini", duration: 4 })
      .then(
        () => assert.fail("refused expected"),
        (e) => e,
      );
    failStore = false;
    assert.equal(error.code, "QUOTA_UNAVAILABLE");
    assert.equal(error.status, 503);
    assert.doesNotMatch(error.message, /may have been created/);
    assert.equal(posts, 1);
  });
});
