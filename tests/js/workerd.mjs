// Runs a module Worker in workerd (from npm, pinned) offline, as `wrangler dev` would: the Worker
// is bundled by esbuild with wrangler's conditions (`workerd`, `worker`, `browser`), each imported
// .wasm becomes a separate wasm module (wrangler's CompiledWasm rule), and the Worker's outbound
// fetches may reach loopback (the mock API). Listens on a free loopback port.
import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, join } from "node:path";
import { bins, root } from "./scratch-app.mjs";

const esbuild = createRequire(join(root, "package.json"))("esbuild");

/** Bundles `entry` (a file inside an app with node_modules) into `dir`, as wrangler does. */
async function bundleWorker(entry, dir) {
  const wasmModules = [];
  await esbuild.build({
    entryPoints: [entry],
    outfile: join(dir, "worker.mjs"),
    bundle: true,
    format: "esm",
    target: "es2022",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["browser", "module", "main"],
    logLevel: "silent",
    plugins: [
      {
        name: "compiled-wasm",
        setup(build) {
          build.onResolve({ filter: /\.wasm$/ }, (args) => {
            const file = join(args.resolveDir, args.path);
            wasmModules.push(file);
            return { path: `./${basename(file)}`, external: true };
          });
        },
      },
    ],
  });
  for (const file of wasmModules) copyFileSync(file, join(dir, basename(file)));
  return wasmModules.map((f) => basename(f));
}

const capnpText = (s) => JSON.stringify(String(s)); // capnp text literals use the same escapes

/**
 * Starts `entry` as a module Worker with text `bindings` (its `env`) and, for each name of
 * `durableObjects`, a Durable Object namespace of the class the Worker exports under that value
 * (its storage on disk under `dir`); resolves with `{ url, stop, output }` once workerd listens.
 */
export async function startWorker(entry, dir, bindings = {}, durableObjects = {}) {
  // Durable Objects keep their storage on disk, as deployed ones do: in memory it would go with an
  // object evicted after a few idle seconds.
  mkdirSync(join(dir, "do-storage"), { recursive: true });
  const wasm = await bundleWorker(entry, dir);
  const modules = [
    `(name = "worker.mjs", esModule = embed "worker.mjs")`,
    ...wasm.map((w) => `(name = "${w}", wasm = embed "${w}")`),
  ];
  writeFileSync(
    join(dir, "config.capnp"),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "loopback", network = (allow = ["local", "private", "public"])),
    (name = "do-storage", disk = (path = ${capnpText(join(dir, "do-storage"))}, writable = true)),
  ],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [${modules.join(", ")}],
  compatibilityDate = "2026-01-01",
  bindings = [${[
    ...Object.entries(bindings).map(([k, v]) => `(name = ${capnpText(k)}, text = ${capnpText(v)})`),
    ...Object.entries(durableObjects).map(
      ([k, v]) => `(name = ${capnpText(k)}, durableObjectNamespace = ${capnpText(v)})`,
    ),
  ].join(", ")}],${
    Object.keys(durableObjects).length
      ? `
  durableObjectNamespaces = [${Object.values(durableObjects)
    .map((v) => `(className = ${capnpText(v)}, uniqueKey = ${capnpText(`key-${v}`)})`)
    .join(", ")}],
  durableObjectStorage = (localDisk = "do-storage"),`
      : ""
  }
  globalOutbound = "loopback",
);
`,
  );
  const child = spawn(bins.workerd, ["serve", "config.capnp", "--control-fd=3"], {
    cwd: dir,
    stdio: ["ignore", "pipe", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (c) => {
    output += c;
  });
  child.stderr.on("data", (c) => {
    output += c;
  });
  const killOnExit = () => {
    try {
      process.kill(child.pid, "SIGTERM");
    } catch {
      /* gone */
    }
  };
  process.once("exit", killOnExit);
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`workerd did not listen:\n${output}`)), 30_000);
    let control = "";
    child.stdio[3].on("data", (c) => {
      control += c;
      const m = /"event":"listen","socket":"http","port":(\d+)/.exec(control);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`workerd exited (${code}):\n${output}`));
    });
  });
  child.removeAllListeners("exit");
  return {
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    stop: async () => {
      process.off("exit", killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
