// Runs a SpendLedger Worker of this folder in workerd and prints its answer:
//   node ledger-in-workerd.mjs ledger-zero-counter-worker.mjs   (a counter given back to 0 is dropped)
//   node ledger-in-workerd.mjs ledger-long-key-worker.mjs       (a key longer than DO storage takes)
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { scratchApp } from "../../tests/js/scratch-app.mjs";
import { startWorker } from "../../tests/js/workerd.mjs";
const scratch = await scratchApp("ledger-repro");
let worker;
try {
  const entry = join(scratch.app, "worker.mjs");
  copyFileSync(fileURLToPath(new URL(process.argv[2], import.meta.url)), entry);
  worker = await startWorker(entry, join(scratch.tmp, "worker"), {}, { LEDGER: "SpendLedger" });
  const r = await fetch(worker.url);
  console.log(r.status, await r.text());
} finally { await worker?.stop(); scratch.remove(); }
