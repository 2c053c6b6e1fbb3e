// A private redis-server (Debian's package, installed by scripts/setup.sh) for the spending-store
// tests and bench: on a free loopback port, without persistence, killed with this process at the
// latest. Resolves with `{ url, port, kill }` once it accepts connections.
import { spawn } from "node:child_process";
import { closedPort } from "./support.mjs";

export async function startRedis() {
  const port = await closedPort();
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const onExit = () => child.kill("SIGKILL");
  process.once("exit", onExit);
  let out = "";
  await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`redis-server did not start:\n${out}`)),
      15_000,
    );
    child.stdout.on("data", (c) => {
      out += c;
      if (/Ready to accept connections/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`redis-server exited ${code}:\n${out}`)));
  });
  child.removeAllListeners("exit");
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill: async () => {
      process.off("exit", onExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGKILL");
      await exited;
    },
  };
}
