// A throwaway app with the package installed as users get it: pkg/ copied once it is complete,
// `npm pack`ed, and the tarball installed (offline) into an app folder under a temp dir. Shared by
// the runtime tests and the README snippet tests. KEEP_TMP=1 keeps the folder.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { copyBuiltPackage } from "./pkg-copy.mjs";

export const root = fileURLToPath(new URL("../..", import.meta.url));
/** The runtimes scripts/setup.sh installs from npm (pinned in package-lock.json). */
export const bins = {
  deno: join(root, "node_modules", ".bin", "deno"),
  bun: join(root, "node_modules", ".bin", "bun"),
  workerd: join(root, "node_modules", ".bin", "workerd"),
};

/** Runs a program; resolves with `{ code, stdout, stderr, error }` (never rejects on a non-zero exit). */
export function run(file, args, { cwd = root, timeout = 60_000, env } = {}) {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { cwd, timeout, env: { ...process.env, ...env }, maxBuffer: 16 << 20 },
      (error, stdout, stderr) => {
        resolve({
          code: error ? (typeof error.code === "number" ? error.code : -1) : 0,
          stdout,
          stderr,
          error,
        });
      },
    );
  });
}

async function mustRun(file, args, options) {
  const r = await run(file, args, options);
  if (r.code !== 0)
    throw new Error(`${file} ${args.join(" ")} failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
  return r;
}

/**
 * Packs the built package and installs it into a new app folder; resolves with
 * `{ tmp, app, installed, remove }` (`installed` is the package folder under node_modules).
 */
export async function scratchApp(tag) {
  const tmp = mkdtempSync(join(tmpdir(), `seedance-${tag}-`));
  const snapshot = await copyBuiltPackage(join(tmp, "pkg"));
  const pack = await mustRun(
    "npm",
    ["pack", snapshot, "--pack-destination", tmp, "--json", "--ignore-scripts", "--loglevel=error"],
    { cwd: tmp },
  );
  const { filename } = JSON.parse(pack.stdout.slice(pack.stdout.indexOf("[")))[0];
  const app = join(tmp, "app");
  mkdirSync(app);
  writeFileSync(
    join(app, "package.json"),
    JSON.stringify({
      name: `${tag}-app`,
      private: true,
      type: "module",
      dependencies: { "seedance-wasm": `file:${join(tmp, filename)}` },
    }),
  );
  await mustRun(
    "npm",
    ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"],
    { cwd: app },
  );
  const installed = join(app, "node_modules", "seedance-wasm");
  const remove = () => {
    if (!process.env.KEEP_TMP) rmSync(tmp, { recursive: true, force: true });
  };
  return { tmp, app, installed, remove };
}
