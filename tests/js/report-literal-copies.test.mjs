// The Node build builds a report text seen before from the text as an object literal
// (src/js/node-boundary.js `fromJson`): every call must give the value JSON.parse gives, a fresh
// one each time, with the prompt put back; a `__proto__` member stays an own member; text that is
// not JSON is null however often it comes; and where Node refuses `new Function` the answers are
// the same.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { fromJson } from "../../src/js/node-boundary.js";

/** Texts as the engine writes them, with what a literal could read otherwise than JSON.parse. */
const TEXTS = [
  '{"ok":true,"issues":[],"estimate":{"credits":108,"tokens":[1.5,-0,1e21,2.5e-7]},"request":{"model":"seedance-2-0","ratio":"16:9"}}',
  '{"ok":false,"issues":[{"code":"INVALID_FIELD","field":"x\\"y","message":"\\u0000\\n\\t\\\\ \\/ \u2028\u2029 é 中文 😀"}]}',
  '{"1":"a","0":"b","nested":{"list":[[],[{}],null,true,false,"s"]},"request":{"prompt":"head"}}',
  '[1,"two",{"three":3}]',
  '"a string"',
  "42",
  "null",
];

function threeTimes(text, prompt) {
  return [fromJson(text, prompt), fromJson(text, prompt), fromJson(text, prompt)];
}

test("every call gives JSON.parse's value, a fresh copy each time", () => {
  for (const text of TEXTS) {
    const copies = threeTimes(text);
    for (const copy of copies) assert.deepStrictEqual(copy, JSON.parse(text), text);
    if (typeof copies[0] === "object" && copies[0] !== null) {
      assert.notStrictEqual(copies[1], copies[2]);
      // A caller that changes its report changes nothing the next call returns.
      copies[1].changed = true;
      if (copies[1].estimate) copies[1].estimate.tokens.push(0);
      assert.deepStrictEqual(fromJson(text), JSON.parse(text), text);
    }
  }
});

test("a prompt passed apart is put back as the request's prompt on every call", () => {
  const text = '{"ok":true,"request":{"model":"m"}}';
  for (const report of threeTimes(text, "一只猫 😀")) {
    assert.deepStrictEqual(report, { ok: true, request: { model: "m", prompt: "一只猫 😀" } });
  }
  for (const report of threeTimes('{"ok":true}', "p")) assert.deepStrictEqual(report, { ok: true });
});

test("a __proto__ member stays an own member and the prototype stays Object's", () => {
  const text = '{"request":{"__proto__":{"polluted":true},"model":"m"}}';
  for (const report of threeTimes(text)) {
    assert.ok(Object.hasOwn(report.request, "__proto__"));
    assert.equal(Object.getPrototypeOf(report.request), Object.prototype);
    assert.equal(report.request.polluted, undefined);
  }
});

test("text that is not JSON is null however often it comes, and long texts are right too", () => {
  for (const text of ["{", '{"a":1}}', "{'a':1}", "", "undefined", "[1,]"]) {
    assert.deepStrictEqual(threeTimes(text), [null, null, null], text);
  }
  const long = JSON.stringify({ issues: Array.from({ length: 600 }, (_, i) => ({ i })) });
  assert.ok(long.length > 4096);
  for (const copy of threeTimes(long)) assert.deepStrictEqual(copy, JSON.parse(long));
});

test("where Node refuses new Function the answers are the same", () => {
  const script = `
    import { fromJson } from ${JSON.stringify(fileURLToPath(new URL("../../src/js/node-boundary.js", import.meta.url)))};
    const texts = ${JSON.stringify(TEXTS)};
    const out = [];
    for (let i = 0; i < 3; i++) for (const t of texts) out.push(fromJson(t, "p"));
    out.push(fromJson("{", "p"), fromJson("{", "p"));
    console.log(JSON.stringify(out));
  `;
  const run = (flags) =>
    execFileSync(process.execPath, [...flags, "--input-type=module", "-e", script], {
      encoding: "utf8",
    });
  const refused = run(["--disallow-code-generation-from-strings"]);
  assert.equal(refused, run([]));
  assert.match(refused, /"prompt":"p"/);
});
