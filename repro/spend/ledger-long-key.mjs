// SpendLedger in workerd: a key longer than storage takes.

import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { scratchApp } from "../../tests/js/scratch-app.mjs";
import { startWorker } from "../../tests/js/workerd.mjs";
const scratch = await scratchApp("ledger-long");
let worker;
try {
  const entry = join(scratch.app, "worker.mjs");
  copyFileSync(fileURLToPath(new URL("ledger-long-key-worker.mjs", import.meta.url)), entry);
  worker = await startWorker(entry, join(scratch.tmp, "worker"), {}, { LEDGER: "SpendLedger" });
  const r = await fetch(worker.url);
  console.log(r.status, await r.text());
  console.log(worker.output().slice(-500));
} finally { await worker?.stop(); scratch.remove(); }
