// The shared spending stores under a race, with real parts started here: Redis (Debian's
// redis-server, a private instance on a free loopback port, no persistence) behind four proxy
// processes (two on node-redis, two on ioredis), Deno KV (one file shared by two Deno processes)
// and a Durable Object inside workerd. 160 concurrent generates from 8 callers: the admitted spend
// is exactly what the limits allow, never one reservation over, and the upstream (a counting
// server on loopback) saw exactly the admitted requests. Also: task ownership across processes,
// a paused Redis and a killed one (503 QUOTA_UNAVAILABLE within timeoutMs, nothing forwarded).
// Needs a built pkg/ (`bash scripts/build.sh`) and redis-server (scripts/setup.sh installs it).

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createClient } from "redis";
import { startRedis } from "./redis-server.mjs";
import { bins, scratchApp } from "./scratch-app.mjs";
import { sleep } from "./support.mjs";
import { startWorker } from "./workerd.mjs";

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const PKG = pathToFileURL(here("../../pkg/node.js")).href;
// 8 callers, 20 requests each, 240 credits a request (seedance-2.0, 5 s).
const CALLERS = Array.from({ length: 8 }, (_, i) => `caller-${i}`);
const PER_REQUEST = 240;
const PER_CALLER = 3 * PER_REQUEST;
const TOTAL = 17 * PER_REQUEST;

/** A stand-in for the API that counts what reaches it. */
async function startUpstream() {
  const created = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", async () => {
      await sleep(5); // a little time upstream, so that requests overlap
      res.setHeader("content-type", "application/json");
      if (req.method === "POST" && req.url.endsWith("/generate")) {
        const task_id = `task-${created.length + 1}`;
        created.push({ task_id, body });
        res.end(
          JSON.stringify({
            code: 200,
            message: "success",
            data: { task_id, status: "IN_PROGRESS" },
          }),
        );
      } else {
        const task_id = new URL(req.url, "http://x").searchParams.get("task_id");
        res.end(
          JSON.stringify({
            code: 200,
            message: "success",
            data: { task_id, status: "IN_PROGRESS" },
          }),
        );
      }
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/v2`,
    created,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Spawns `command`; resolves with the child and the port it printed as `listening PORT`. */
function spawnListening(command, args, env) {
  const child = spawn(command, args, {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const onExit = () => child.kill("SIGKILL");
  process.once("exit", onExit);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no port from ${args.join(" ")}:\n${out}`)),
      30_000,
    );
    const read = (chunk) => {
      out += chunk;
      const m = /listening (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({
          base: `http://127.0.0.1:${m[1]}/v2`,
          stop: async () => {
            process.off("exit", onExit);
            if (child.exitCode !== null || child.signalCode !== null) return;
            const exited = new Promise((r) => child.once("exit", r));
            child.kill("SIGTERM");
            await exited;
          },
        });
      }
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    child.once("exit", (code) => reject(new Error(`exited ${code}:\n${out}`)));
  });
}

/** A private redis-server and an admin connection to it (node-redis). */
async function startRedisWithAdmin() {
  const server = await startRedis();
  const admin = createClient({ url: server.url });
  admin.on("error", () => {});
  await admin.connect();
  return {
    url: server.url,
    admin,
    kill: async () => {
      await admin.disconnect().catch(() => {});
      await server.kill();
    },
  };
}

const generate = (base, user, prompt = "spend") =>
  fetch(`${base}/generate`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-user": user },
    body: JSON.stringify({ prompt, duration: 5 }),
  }).then(async (res) => ({ status: res.status, user, json: await res.json().catch(() => null) }));

/** 20 generates per caller, all at once, spread over the proxies; the answers by caller. */
async function race(bases) {
  const sends = [];
  for (let i = 0; i < 20; i++)
    for (const [c, user] of CALLERS.entries())
      sends.push(generate(bases[(i + c) % bases.length], user));
  return Promise.all(sends);
}

/** Admitted count per caller, and the refusals' codes. */
function tally(answers) {
  const perCaller = new Map();
  const codes = new Set();
  for (const a of answers) {
    if (a.status === 200) perCaller.set(a.user, (perCaller.get(a.user) ?? 0) + 1);
    else codes.add(`${a.status} ${a.json?.error?.code}`);
  }
  const admitted = [...perCaller.values()].reduce((s, n) => s + n, 0);
  return { perCaller, admitted, codes };
}

describe("Redis behind four proxy processes (node-redis and ioredis)", () => {
  let redis;
  let upstream;
  let proxies = [];
  before(async () => {
    [redis, upstream] = await Promise.all([startRedisWithAdmin(), startUpstream()]);
  });
  after(async () => {
    await Promise.all(proxies.map((p) => p.stop()));
    await redis?.kill();
    await upstream?.close();
  });

  const startProxies = (prefix, perCaller, total) =>
    Promise.all(
      ["redis", "ioredis", "redis", "ioredis"].map((client) =>
        spawnListening(process.execPath, [here("spend/proxy-node.mjs")], {
          SPEND_PKG: PKG,
          SPEND_CLIENT: client,
          SPEND_REDIS_URL: redis.url,
          SPEND_PREFIX: prefix,
          SPEND_UPSTREAM: upstream.url,
          SPEND_PER_CALLER: String(perCaller),
          SPEND_TOTAL: String(total),
        }),
      ),
    );

  test("the total limit: exactly 17 of 160 admitted, and the upstream saw exactly those", async () => {
    proxies = await startProxies("race-total:", PER_CALLER, TOTAL);
    const before = upstream.created.length;
    const { perCaller, admitted, codes } = tally(await race(proxies.map((p) => p.base)));
    assert.equal(admitted, 17);
    assert.equal(upstream.created.length - before, 17);
    for (const n of perCaller.values()) assert.ok(n <= 3);
    assert.deepEqual([...codes], ["429 QUOTA_EXCEEDED"]);
    const keys = await redis.admin.keys("race-total:spend:*:total");
    assert.equal(keys.length, 1);
    assert.equal(Number(await redis.admin.get(keys[0])), TOTAL);
  });

  test("a task is read only through its creator, whichever process answers", async () => {
    const created = await generate(proxies[0].base, "owner-alice");
    // The total is spent; a new caller's generate is refused, so make room first.
    assert.equal(created.status, 429);
    const keys = await redis.admin.keys("race-total:spend:*:total");
    await redis.admin.set(keys[0], "0", { KEEPTTL: true });
    const made = await generate(proxies[0].base, "owner-alice");
    assert.equal(made.status, 200, JSON.stringify(made.json));
    const id = made.json.data.task_id;
    const statusOf = (base, user) =>
      fetch(`${base}/status?task_id=${id}`, { headers: { "x-user": user } }).then((r) => r.status);
    assert.equal(await statusOf(proxies[1].base, "owner-bob"), 404);
    assert.equal(await statusOf(proxies[2].base, "owner-alice"), 200);
    assert.equal(await statusOf(proxies[3].base, "owner-alice"), 200);
  });

  test("a paused Redis answers 503 within timeoutMs and forwards nothing", async () => {
    const before = upstream.created.length;
    await redis.admin.sendCommand(["CLIENT", "PAUSE", "6000", "ALL"]);
    const started = Date.now();
    const answers = await Promise.all(proxies.map((p, i) => generate(p.base, `paused-${i}`)));
    const took = Date.now() - started;
    assert.deepEqual(
      answers.map((a) => `${a.status} ${a.json?.error?.code}`),
      Array(4).fill("503 QUOTA_UNAVAILABLE"),
    );
    assert.ok(took < 5500, `answered in ${took} ms (timeoutMs 3000, Redis paused for 6000)`);
    assert.equal(upstream.created.length, before);
    await sleep(6100 - took); // the pause ends
    // Redis then runs the reservations it held; the proxies give them back, leaving no key.
    let left = [];
    for (let i = 0; i < 30; i++) {
      left = await redis.admin.keys("race-total:spend:*:caller:paused-*");
      if (left.length === 0) break;
      await sleep(100);
    }
    assert.deepEqual(left, [], "the refused requests spent nothing");
  });

  test("per-caller limits: exactly 3 for each of 8 callers", async () => {
    await Promise.all(proxies.map((p) => p.stop()));
    proxies = await startProxies("race-caller:", PER_CALLER, 1_000_000);
    const before = upstream.created.length;
    const { perCaller, admitted } = tally(await race(proxies.map((p) => p.base)));
    assert.equal(admitted, 24);
    assert.deepEqual([...perCaller.values()], Array(8).fill(3));
    assert.equal(upstream.created.length - before, 24);
  });

  test("Redis killed mid-run: 503 QUOTA_UNAVAILABLE, nothing forwarded", async () => {
    const before = upstream.created.length;
    await redis.kill();
    const answers = await Promise.all(proxies.map((p, i) => generate(p.base, `late-${i}`)));
    for (const a of answers)
      assert.equal(`${a.status} ${a.json?.error?.code}`, "503 QUOTA_UNAVAILABLE");
    assert.equal(upstream.created.length, before);
  });
});

describe("Deno KV shared by two Deno processes", () => {
  let upstream;
  let dir;
  let proxies = [];
  before(async () => {
    upstream = await startUpstream();
    dir = mkdtempSync(join(tmpdir(), "seedance-kv-"));
  });
  after(async () => {
    await Promise.all(proxies.map((p) => p.stop()));
    await upstream?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("the total limit: exactly 17 of 160 admitted across both processes", async () => {
    const env = {
      SPEND_PKG: PKG,
      SPEND_KV_PATH: join(dir, "spend.kv"),
      SPEND_UPSTREAM: upstream.url,
      SPEND_PER_CALLER: String(PER_CALLER),
      SPEND_TOTAL: String(TOTAL),
    };
    const args = ["run", "--unstable-kv", "--allow-all", here("spend/proxy-deno.mjs")];
    proxies = [];
    for (let i = 0; i < 2; i++) proxies.push(await spawnListening(bins.deno, args, env));
    const { perCaller, admitted, codes } = tally(await race(proxies.map((p) => p.base)));
    assert.equal(admitted, 17, [...codes].join());
    assert.equal(upstream.created.length, 17);
    for (const n of perCaller.values()) assert.ok(n <= 3);
    assert.deepEqual([...codes], ["429 QUOTA_EXCEEDED"]);
  });
});

describe("a Durable Object inside workerd", () => {
  let upstream;
  let scratch;
  let worker;
  before(async () => {
    [upstream, scratch] = await Promise.all([startUpstream(), scratchApp("spend-worker")]);
  });
  after(async () => {
    await worker?.stop();
    await upstream?.close();
    scratch?.remove();
  });

  test("the total limit: exactly 17 of 160 admitted, one ledger for every request", async () => {
    const entry = join(scratch.app, "worker.mjs");
    copyFileSync(here("spend/proxy-worker.mjs"), entry);
    worker = await startWorker(
      entry,
      join(scratch.tmp, "worker"),
      {
        SPEND_UPSTREAM: upstream.url,
        SPEND_PER_CALLER: String(PER_CALLER),
        SPEND_TOTAL: String(TOTAL),
      },
      { LEDGER: "SpendLedger" },
    );
    const { perCaller, admitted, codes } = tally(await race([`${worker.url}/v2`]));
    assert.equal(admitted, 17, `${[...codes].join()}\n${worker.output()}`);
    assert.equal(upstream.created.length, 17);
    for (const n of perCaller.values()) assert.ok(n <= 3);
    assert.deepEqual([...codes], ["429 QUOTA_EXCEEDED"]);
    // Task ownership through the same ledger.
    const id = upstream.created[0].task_id;
    const statusOf = (user) =>
      fetch(`${worker.url}/v2/status?task_id=${id}`, { headers: { "x-user": user } }).then(
        (r) => r.status,
      );
    const statuses = await Promise.all(CALLERS.map(statusOf));
    assert.equal(statuses.filter((s) => s === 200).length, 1, "only the creator reads it");
    assert.equal(statuses.filter((s) => s === 404).length, 7);
  });
});
