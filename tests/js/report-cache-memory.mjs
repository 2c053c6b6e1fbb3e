// The memory of the glue's cache of parsed report texts (src/js/json.js `parsedCopy`) when a
// hostile server answers every status request with a new text: run as a child process with
// --expose-gc, it serves each `GET /v2/status` on loopback with a FAILED task whose reason is new
// (about 2,200 characters, under the 4,096 a cached text may have), asks it `counts` times with the
// Node entry's client, and prints the heap after a full GC at each count (MiB). As a module,
// `reportCacheMemory(counts)` runs that child and answers `[{ count, heap }]`.

import { spawn } from "node:child_process";
import { once } from "node:events";
import http from "node:http";
import { fileURLToPath, pathToFileURL } from "node:url";

const SELF = fileURLToPath(import.meta.url);
const MiB = 1 << 20;

/** `[{ count, heap }]`: the child's heap (MiB, after a full GC) after each count of statuses. */
export async function reportCacheMemory(counts) {
  const child = spawn(process.execPath, ["--expose-gc", SELF, counts.join(",")], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (chunk) => {
    out += chunk;
  });
  const [code] = await once(child, "exit");
  if (code !== 0) throw new Error(`report-cache-memory child exited with ${code}`);
  return JSON.parse(out);
}

async function child(counts) {
  const { SeedanceClient, init } = await import(
    pathToFileURL(fileURLToPath(new URL("../../pkg/node.js", import.meta.url))).href
  );
  await init?.();
  let served = 0;
  const server = http.createServer((_req, res) => {
    served++;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        code: 200,
        message: "success",
        data: {
          task_id: "t1",
          status: "FAILED",
          error_message: `reason ${served} ${"x".repeat(2000)}`,
          consumed_credits: 0,
        },
      }),
    );
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const client = new SeedanceClient({
    baseUrl: `http://127.0.0.1:${server.address().port}/v2`,
    apiKey: "sk-test-key",
    maxRetries: 0,
  });
  const rows = [];
  let asked = 0;
  for (const count of counts) {
    for (; asked < count; asked++) await client.getStatus("t1");
    globalThis.gc();
    rows.push({ count, heap: process.memoryUsage().heapUsed / MiB });
  }
  server.close();
  process.stdout.write(JSON.stringify(rows));
}

if (process.argv[1] === SELF) await child(process.argv[2].split(",").map(Number));
