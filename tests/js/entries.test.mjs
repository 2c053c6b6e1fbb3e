// The entry table (scripts/entries.mjs), which scripts/assemble-pkg.mjs builds pkg/ from and
// scripts/size.mjs measures, against pkg-template/: package.json's `exports` name the same entries,
// and each template takes a build's snippets exactly where its row names a build. No build needed.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { BUILDS, ENTRIES, MODULES } from "../../scripts/entries.mjs";
import { BUDGETED } from "../../scripts/size.mjs";

const template = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "pkg-template");

test("package.json's exports and the entry table name the same entries and files", () => {
  const { exports } = JSON.parse(readFileSync(join(template, "package.json"), "utf8"));
  const fromPackage = [];
  for (const [path, target] of Object.entries(exports))
    if (typeof target === "object")
      for (const [condition, file] of Object.entries(target))
        if (condition !== "types") fromPackage.push(`${path} ${condition} ${file}`);
  const fromTable = ENTRIES.flatMap((e) => e.conditions.map((c) => `${e.export} ${c} ./${e.file}`));
  assert.deepEqual(fromTable.sort(), fromPackage.sort());
});

test("each row's template is in pkg-template/ and takes its build's snippets where it names one", () => {
  for (const row of [...ENTRIES, ...MODULES]) {
    const where = `${row.file ?? row.from} (pkg-template/${row.template})`;
    assert.ok(existsSync(join(template, row.template)), `${where}: no such template`);
    const text = readFileSync(join(template, row.template), "utf8");
    if (row.build === undefined)
      assert.ok(!text.includes("__JS__/"), `${where} imports snippets but names no build`);
    else {
      assert.ok(row.build in BUILDS, `${where}: unknown build ${row.build}`);
      assert.ok(row.from !== undefined, `${where} names a build but no place to write it`);
    }
    if (row.embed !== undefined)
      assert.ok(row.build !== undefined && ["text", "base64"].includes(row.embed), where);
  }
});

test("the budgeted downloads are the bundled browser entries, each carrying its wasm", () => {
  assert.deepEqual(
    BUDGETED.map((e) => e.entry),
    ENTRIES.filter((e) => e.conditions.includes("browser")).map((e) => e.file),
  );
  for (const e of ENTRIES.filter((e) => e.budget !== undefined)) {
    assert.ok(e.bundle && e.embed === "text", `${e.file}: a download is one file with its wasm`);
    assert.ok(e.ceiling >= e.budget, `${e.file}: ceiling under the budget`);
  }
});
