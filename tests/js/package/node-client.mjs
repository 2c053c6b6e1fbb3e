// Run by tests/js/package.test.mjs: the installed package's client against the mock API.
// argv: MOCK_URL API_KEY. Prints one JSON line; features missing from the build are reported
// as "missing" so the test can tell a skip from a failure.
import * as pkg from "seedance-wasm";

const [mockUrl, key] = process.argv.slice(2);
const baseUrl = `${mockUrl}/v2`;
const control = async (path, body) => {
  const res = await fetch(`${mockUrl}/__mock/${path}`, {
    method: "POST",
    body: JSON.stringify({ key, ...body }),
  });
  return res.json();
};
const describe = (error) => ({
  guard: pkg.isSeedanceError(error),
  name: error?.name,
  code: error?.code,
  status: error?.status ?? null,
  retryable: error?.retryable,
  issues: error?.issues?.map((i) => i.code) ?? null,
  message: String(error?.message),
  json: JSON.stringify({ ...error, message: error?.message, stack: error?.stack }),
});
const out = {};
await control("config", { taskDurationMs: 300 });
const req = { prompt: "A red fox runs through snow", model: "seedance-2-mini", duration: 8 };

if (typeof pkg.SeedanceClient !== "function") {
  out.client = "missing";
} else {
  const client = new pkg.SeedanceClient({ apiKey: key, baseUrl });
  const created = [];
  const progress = [];
  const status = await client.run(req, {
    pollIntervalMs: 100,
    maxPollIntervalMs: 200,
    timeoutMs: 20_000,
    onTaskCreated: (task) => created.push(task),
    onProgress: (s, info) => progress.push([s.status, info.attempt, typeof info.elapsedMs]),
  });
  out.run = { status, created, progress };
  out.refused = [];
  for (const [r, o] of [
    [{ prompt: "" }, {}],
    [req, { maxCredits: 100 }],
  ]) {
    try {
      await client.generate(r, o);
      out.refused.push("resolved");
    } catch (error) {
      out.refused.push(describe(error));
    }
  }
  try {
    await new pkg.SeedanceClient({ apiKey: `invalid-${key}`, baseUrl }).generate(req);
    out.badKey = "resolved";
  } catch (error) {
    out.badKey = describe(error);
  }
  if (typeof client.runMany !== "function") {
    out.runMany = "missing";
  } else {
    const outcomes = await client.runMany([req, { prompt: "A second fox", duration: 5 }], {
      concurrency: 2,
      pollIntervalMs: 100,
      maxPollIntervalMs: 200,
      timeoutMs: 20_000,
    });
    out.runMany = outcomes.map((o) => ({
      index: o.index,
      ok: o.ok,
      status: o.status?.status ?? null,
      error: o.error?.code ?? null,
    }));
  }
}

if (typeof pkg.parseCallback !== "function") {
  out.parseCallback = "missing";
} else {
  out.parseCallback = pkg.parseCallback({
    code: 200,
    message: "success",
    data: {
      task_id: "n90abc",
      status: "success",
      response: '["https://cdn.example/v.mp4"]',
      consumed_credits: 246,
    },
  });
}

if (typeof pkg.createProxyHandler !== "function") {
  out.proxy = "missing";
} else {
  const handler = pkg.createProxyHandler({ apiKey: key, upstream: baseUrl, maxCredits: 300 });
  const post = (body) =>
    handler(
      new Request("http://app.example/api/seedance/generate", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "Bearer from-the-browser" },
        body: JSON.stringify(body),
      }),
    );
  const ok = await post(req);
  const over = await post({ ...req, duration: 15 }); // 462 credits > 300
  out.proxy = { ok: [ok.status, await ok.json()], over: [over.status, await over.json()] };
}

out.log = (await control("log")).requests.map((r) => [r.method, r.path, r.authorization]);
console.log(JSON.stringify(out));
