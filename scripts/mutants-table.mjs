// The README's mutation-testing table from cargo-mutants' outcomes.json files.
//
// Usage: node scripts/mutants-table.mjs [--list names.txt] mutants.out [more.out ...]. Several
// folders (shards, or a later run over the survivors) are merged by mutant name, the later folder
// winning; `--list` (the output of `cargo mutants --list`) keeps only the mutants it names, so that
// mutants excluded since an older run are not counted. Score:
// (caught + timeouts) / (caught + timeouts + missed); unviable mutants (that do not build) do not
// count, as in cargo-mutants' own summary. The missed mutants are listed after the table.
import { readFileSync } from "node:fs";

const args = process.argv.slice(2);
let keep = null;
if (args[0] === "--list") {
  keep = new Set(readFileSync(args[1], "utf8").split("\n").filter(Boolean));
  args.splice(0, 2);
}
const outcome = new Map();
for (const folder of args) {
  const { outcomes } = JSON.parse(readFileSync(`${folder}/outcomes.json`, "utf8"));
  for (const o of outcomes) {
    const mutant = o.scenario?.Mutant;
    if (mutant && (!keep || keep.has(mutant.name))) {
      outcome.set(mutant.name, { file: mutant.file, summary: o.summary });
    }
  }
}

const kinds = {
  CaughtMutant: "caught",
  MissedMutant: "missed",
  Unviable: "unviable",
  Timeout: "timeout",
};
const empty = () => ({ mutants: 0, caught: 0, missed: 0, unviable: 0, timeout: 0 });
const rows = new Map();
const total = empty();
for (const { file, summary } of outcome.values()) {
  if (!rows.has(file)) rows.set(file, empty());
  for (const row of [rows.get(file), total]) {
    row[kinds[summary] ?? summary] += 1;
    row.mutants += 1;
  }
}

const line = (name, r) => {
  const found = r.caught + r.timeout;
  const judged = found + r.missed;
  const score = judged ? `${((100 * found) / judged).toFixed(1)} %` : "-";
  const cells = [name, r.mutants, r.caught, r.missed, r.unviable, r.timeout, score];
  return `| ${cells.join(" | ")} |`;
};

console.log("| module | mutants | caught | missed | unviable | timeouts | score |");
console.log("| --- | --- | --- | --- | --- | --- | --- |");
for (const file of [...rows.keys()].sort()) console.log(line(`\`${file}\``, rows.get(file)));
console.log(line("**all**", total));
const missed = [...outcome].filter(([, o]) => o.summary === "MissedMutant").map(([name]) => name);
if (missed.length)
  console.log(
    `\nmissed:\n${missed
      .sort()
      .map((n) => `- ${n}`)
      .join("\n")}`,
  );
