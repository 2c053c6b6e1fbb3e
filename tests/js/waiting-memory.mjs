// The memory a proxy holds while requests wait on its upstream: starts tests/js/waiting-proxy.mjs
// in a child process, sends `requests` valid generate bodies of `bodyBytes` each (a Mini request
// plus one large unknown field), waits until the upstream holds them all, and reads the child's
// memory (after a full GC) idle, while they all wait, and once they are answered.

import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { sleep } from "./support.mjs";

const CHILD = fileURLToPath(new URL("./waiting-proxy.mjs", import.meta.url));
const MiB = 1 << 20;

/** A valid Mini request padded with one unknown field to `bytes` bytes. */
export function paddedRequest(bytes) {
  const head = '{"prompt":"a fox","model":"seedance-2-mini","duration":4,"pad":"';
  return `${head}${"x".repeat(Math.max(0, bytes - head.length - 2))}"}`;
}

/** { idle, waiting, answered } memory figures in MiB (rss, heapUsed, external+arrayBuffers). */
export async function waitingMemory({ requests, bodyBytes, concurrency = 16 }) {
  const child = spawn(process.execPath, ["--expose-gc", CHILD], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    const [line] = await once(child.stdout, "data");
    const { proxy, control } = JSON.parse(String(line));
    const ask = async (path, method = "GET") =>
      (await fetch(`http://127.0.0.1:${control}${path}`, { method })).text();
    const memory = async () => {
      const m = JSON.parse(await ask("/memory"));
      return {
        rss: m.rss / MiB,
        heap: m.heapUsed / MiB,
        buffers: (m.external + m.arrayBuffers) / MiB,
      };
    };
    const idle = await memory();
    const body = paddedRequest(bodyBytes);
    const answers = [];
    // A few uploads at a time, each counted by the upstream before the next wave, so that every
    // body has been read, checked and forwarded while the earlier ones wait.
    for (let sent = 0; sent < requests; ) {
      const wave = Math.min(concurrency, requests - sent);
      for (let i = 0; i < wave; i++) {
        answers.push(
          fetch(`http://127.0.0.1:${proxy}/v2/generate`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body,
          }).then(async (r) => [r.status, await r.text()]),
        );
      }
      sent += wave;
      const deadline = Date.now() + 60_000;
      while (Number(await ask("/count")) < sent && Date.now() < deadline) await sleep(20);
    }
    const waiting = await memory();
    await ask("/release", "POST");
    const statuses = (await Promise.all(answers)).map(([status]) => status);
    const answered = await memory();
    return { idle, waiting, answered, statuses };
  } finally {
    child.kill();
  }
}
