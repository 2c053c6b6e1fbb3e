// The proxy under load an attacker can make, in figures (part of `make bench`; nothing asserted):
//   1. STALLED uploads (default 2,000) of a ~1 MB body, each sending most of it and stopping: the
//      proxy process's peak RSS, how its replies split (503 over the in-flight budget, 408 after
//      bodyTimeoutMs), and how fast a status request is answered meanwhile;
//   2. a 50 MB upstream reply to a status request: time to the 502 and the RSS growth.
// The proxy (createProxyHandler with its default limits, under toNodeListener) runs in a child
// process, so its RSS is its own; the upstreams and the clients run here. Loopback only.
//
//   node bench/hostile.mjs          # needs a built pkg/ (make build)
// Environment: STALLED (number of uploads, default 2000).
import { fork } from "node:child_process";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";

const STALLED = Number(process.env.STALLED ?? 2000);
const BODY_BYTES = 1_000_000; // declared: under the default maxBodyBytes (1 MiB)
const SENT_BYTES = 900_000; // sent before stalling
const HOLD_MS = 12_000; // how long they stay stalled once all are sent: past bodyTimeoutMs (10 s)
const MiB = 1 << 20;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const mib = (bytes) => (bytes / MiB).toFixed(0);

// ---- the child: the proxy, two instances (a well-behaved upstream and a 50 MB one) -----------
if (process.argv[2] === "--child") {
  const pkg = pathToFileURL(fileURLToPath(new URL("../pkg/node.js", import.meta.url))).href;
  const { createProxyHandler, toNodeListener } = await import(pkg);
  const listen = async (upstream) => {
    const server = http.createServer(
      toNodeListener(createProxyHandler({ apiKey: "sk-bench", upstream })),
    );
    server.on("clientError", (_e, socket) => socket.destroy());
    await new Promise((r) => server.listen({ port: 0, host: "127.0.0.1", backlog: 4096 }, r));
    return server.address().port;
  };
  const ports = { ok: await listen(process.argv[3]), huge: await listen(process.argv[4]) };
  process.on("message", (m) => {
    if (m === "rss") process.send({ rss: process.memoryUsage().rss });
    if (m === "exit") process.exit(0);
  });
  process.send({ ports });
} else if (process.argv[2] === "--attack") {
  await attack(Number(process.argv[3]));
} else {
  await main();
}

/** The attacker (its own process, so that its work does not slow the parent's probes): opens the
 * stalled uploads, says when all are sent, and counts the replies until told to close them. */
async function attack(port) {
  const head = `POST /v2/generate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${BODY_BYTES}\r\n\r\n`;
  const body = Buffer.concat([Buffer.from('{"prompt":"'), Buffer.alloc(SENT_BYTES - 11, 0x61)]);
  const outcomes = {};
  const sockets = [];
  for (let i = 0; i < STALLED; i += 100) {
    await Promise.all(
      Array.from(
        { length: Math.min(100, STALLED - i) },
        () =>
          new Promise((resolve) => {
            const s = net.connect(port, "127.0.0.1");
            sockets.push(s);
            let seen = false;
            s.on("data", (c) => {
              if (seen) return;
              seen = true;
              const code = /^HTTP\/1\.1 (\d{3})/.exec(c.toString("latin1", 0, 16))?.[1] ?? "other";
              outcomes[code] = (outcomes[code] ?? 0) + 1;
            });
            s.on("error", resolve);
            s.on("connect", () => {
              s.write(head);
              s.write(body, () => resolve());
            });
          }),
      ),
    );
  }
  process.send({ sentMs: performance.now() });
  process.on("message", (m) => {
    if (m !== "close") return;
    for (const s of sockets) s.destroy();
    process.send({ outcomes });
    process.exit(0);
  });
}

async function main() {
  // Upstreams: /ok answers a small status reply; /huge a valid status envelope 50 MB long.
  const piece = Buffer.alloc(MiB, 0x61);
  const [hugeHead, hugeTail] = [
    '{"code":200,"message":"success","data":{"task_id":"n90b","status":"IN_PROGRESS","pad":"',
    '"}}',
  ];
  const upstream = http.createServer((req, res) => {
    req.resume();
    if (req.url.startsWith("/huge")) {
      res.writeHead(200, {
        "content-type": "application/json",
        "content-length": hugeHead.length + 50 * MiB + hugeTail.length,
      });
      res.write(hugeHead);
      let sent = 0;
      const more = () => {
        while (sent < 50 && !res.destroyed) {
          sent++;
          if (!res.write(piece)) return res.once("drain", more);
        }
        res.end(hugeTail);
      };
      return more();
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        code: 200,
        message: "success",
        data: { task_id: "n90b", status: "IN_PROGRESS" },
      }),
    );
  });
  await new Promise((r) => upstream.listen(0, "127.0.0.1", r));
  const up = `http://127.0.0.1:${upstream.address().port}`;

  const child = fork(fileURLToPath(import.meta.url), ["--child", `${up}/ok/v2`, `${up}/huge/v2`], {
    stdio: "inherit",
  });
  const replies = [];
  child.on("message", (m) => replies.shift()?.(m));
  const ask = (m) =>
    new Promise((r) => {
      replies.push(r);
      child.send(m);
    });
  const { ports } = await new Promise((r) => child.once("message", r));
  const rss = async () => (await ask("rss")).rss;

  const status = async (port) => {
    const started = performance.now();
    const res = await fetch(`http://127.0.0.1:${port}/v2/status?task_id=n90b`, {
      signal: AbortSignal.timeout(30_000),
    });
    await res.arrayBuffer();
    return { status: res.status, ms: performance.now() - started };
  };

  // ---- 1. stalled uploads ----
  await status(ports.ok); // warm
  const rssIdle = await rss();
  let peak = rssIdle;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, await rss());
      await sleep(100);
    }
  })();
  const statusTimes = [];
  let failedStatus = 0;
  let probing = true;
  const prober = (async () => {
    while (probing) {
      const s = await status(ports.ok);
      statusTimes.push(s.ms);
      if (s.status !== 200) failedStatus++;
      await sleep(200);
    }
  })();

  const attacker = fork(fileURLToPath(import.meta.url), ["--attack", String(ports.ok)], {
    stdio: "inherit",
  });
  const started = performance.now();
  await new Promise((r) => attacker.once("message", r));
  const sentMs = performance.now() - started;
  const whileSending = statusTimes.splice(0);
  await sleep(HOLD_MS); // stalled: nothing more is sent
  const rssStalled = await rss();
  probing = false;
  await prober;
  attacker.send("close");
  const { outcomes } = await new Promise((r) => attacker.once("message", r));
  await sleep(1500);
  sampling = false;
  await sampler;
  const rssAfter = await rss();
  const stats = (times) => {
    const sorted = [...times].sort((x, y) => x - y);
    const at = (q) =>
      (sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? NaN).toFixed(1);
    return `${times.length}, median ${at(0.5)} ms, p90 ${at(0.9)} ms, max ${at(1)} ms`;
  };
  const split = Object.entries(outcomes)
    .sort()
    .map(([code, n]) => `${n} x ${code}`)
    .join(", ");

  // ---- 2. a 50 MB upstream reply ----
  globalThis.gc?.();
  const rssBefore50 = await rss();
  let peak50 = rssBefore50;
  sampling = true;
  const sampler50 = (async () => {
    while (sampling) {
      peak50 = Math.max(peak50, await rss());
      await sleep(50);
    }
  })();
  const huge = await status(ports.huge);
  sampling = false;
  await sampler50;
  peak50 = Math.max(peak50, await rss());

  console.log(
    `stalled uploads: ${STALLED} connections from another process, each declaring ${BODY_BYTES} bytes and sending ${SENT_BYTES} (all open and sent after ${(sentMs / 1000).toFixed(1)} s), then holding ${HOLD_MS / 1000} s; load average ${os.loadavg()[0].toFixed(1)} on ${os.availableParallelism?.() ?? os.cpus().length} CPUs`,
  );
  console.log(
    `  proxy RSS: idle ${mib(rssIdle)} MiB, peak ${mib(peak)} MiB, while stalled ${mib(rssStalled)} MiB, after they closed ${mib(rssAfter)} MiB`,
  );
  console.log(
    `  replies seen before closing: ${split || "none"} (503: past maxInFlightBytes 64 MiB; 408: past bodyTimeoutMs 10 s)`,
  );
  console.log(`  status requests while the uploads were being sent: ${stats(whileSending)}`);
  console.log(
    `  status requests while they were stalled: ${stats(statusTimes)}${failedStatus ? `; ${failedStatus} not answered 200` : ""}`,
  );
  console.log(
    `50 MB upstream reply to a status request: HTTP ${huge.status} after ${huge.ms.toFixed(0)} ms; proxy RSS ${mib(rssBefore50)} -> peak ${mib(peak50)} MiB (growth ${mib(peak50 - rssBefore50)} MiB)`,
  );

  child.send("exit");
  upstream.closeAllConnections();
  upstream.close();
}
