// validateRequest copies only the head of a prompt into the wasm and measures the rest in
// JavaScript (src/validate.rs `validate_json_with_prompt_head`): its report must be the one the
// whole request gives when it crosses as JSON (as a request with `toJSON` always does). The prompts
// here sit where the head alone cannot decide: white space past the head, in both languages'
// sense of it, pairs cut by the head's end, and lengths around the limit in units and code points.
// Every entry of the package is checked. Needs a built pkg/ (`make build`).

import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";
import { copyBuiltPackage } from "./pkg-copy.mjs";

const ENTRIES = [
  ["Node", "node.js"],
  ["full", "index.js", "seedance_wasm_bg.wasm"],
  ["browser", "browser/index.js"],
  ["engine", "engine/index.js"],
];

let dir;
const entries = {};
before(async () => {
  dir = await copyBuiltPackage(mkdtempSync(join(tmpdir(), "seedance-prompt-")));
  for (const [name, file, wasm] of ENTRIES) {
    entries[name] = await import(pathToFileURL(join(dir, file)).href);
    await entries[name].init(wasm && readFileSync(join(dir, wasm)));
  }
});
after(() => rmSync(dir, { recursive: true, force: true }));

const PROMPTS = {
  "white space past the head, then a letter": `${" ".repeat(40)}x`,
  "only white space, long": " ".repeat(3000),
  "only ideographic spaces, past the head": "\u3000".repeat(40),
  "NEL (white space to the engine, not to JS's \\s), then a letter": `${"\u0085".repeat(40)}x`,
  "only NEL": "\u0085".repeat(40),
  "BOM (JS's \\s, not white space to the engine)": "\ufeff".repeat(40),
  "white space then a pair cut at the head's end": `${" ".repeat(31)}😀 and more`,
  "a pair across the head's end": `${"a".repeat(31)}😀`,
  "emoji: more units than the limit, 2,000 code points": "😀".repeat(2000),
  "emoji: 2,001 code points": "😀".repeat(2001),
  "Chinese at the limit": "夕".repeat(2000),
  "Chinese over the limit": "夕".repeat(2001),
  "ASCII over the limit in units and code points": "a".repeat(2001),
  "a lone surrogate after the head": `${"a".repeat(40)}\ud800`,
  "a lone surrogate in the head": "\udc00abc",
  empty: "",
};

for (const [name, prompt] of Object.entries(PROMPTS)) {
  test(`the report of a prompt measured apart is the whole request's: ${name}`, () => {
    for (const [entry, m] of Object.entries(entries)) {
      for (const rest of [{}, { model: "seedance-2-mini", duration: 8 }]) {
        const request = { ...rest, prompt };
        const whole = { toJSON: () => request };
        for (const options of [undefined, { maxCredits: 100 }]) {
          assert.deepEqual(
            m.validateRequest(request, options),
            m.validateRequest(whole, options),
            `${entry} ${JSON.stringify(rest)} ${JSON.stringify(options)}`,
          );
        }
      }
    }
  });
}
