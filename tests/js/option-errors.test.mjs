// Options that cannot work fail at construction with a coded error naming the option (through the
// built package's Node entry): endpoints that are not http(s) URLs, unknown models, options that
// are not an object, option names a letter's case away from a known one. The sentences are tested
// natively (src/option_checks.rs); here, that each constructor asks for them.

import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { loadPackage } from "./support.mjs";

let pkg;
before(async () => {
  pkg = await loadPackage();
});

/** The SeedanceError `make()` throws: its code and message. */
function refusal(make) {
  try {
    make();
  } catch (error) {
    assert.ok(pkg.isSeedanceError(error), String(error));
    return [error.code, error.message];
  }
  assert.fail("no error was thrown");
}

describe("createProxyHandler refuses at construction", () => {
  const proxy = (options) => () => pkg.createProxyHandler({ apiKey: "sk-test", ...options });

  test("an upstream that is not an absolute http(s) URL", () => {
    for (const upstream of ["nope", "ftp://seedanceapi.org/v2", "seedanceapi.org/v2", "https://"]) {
      const [code, message] = refusal(proxy({ upstream }));
      assert.equal(code, "INVALID_FIELD", upstream);
      assert.match(message, /^The option upstream must be an absolute http\(s\) URL, not "/);
    }
  });

  test("models naming a model the catalogue does not know", () => {
    assert.deepEqual(refusal(proxy({ models: ["seedance-2-mini", "seedance-3"] })), [
      "INVALID_FIELD",
      'The option models names an unknown model "seedance-3"; use one of seedance-2.0, seedance-2.0-fast, seedance-2-mini.',
    ]);
  });

  test("an option name that differs from a known one only by case", () => {
    const [code, message] = refusal(() => pkg.createProxyHandler({ apikey: "sk-test" }));
    assert.equal(code, "INVALID_FIELD");
    assert.match(message, /^Unknown option apikey; did you mean apiKey\?$/);
    assert.doesNotMatch(message, /sk-test/, "the key's value never appears");
  });

  test("and accepts what works: a loopback upstream, known models, unknown other names", () => {
    assert.equal(
      typeof pkg.createProxyHandler({
        apiKey: "sk-test",
        upstream: "http://127.0.0.1:8787/v2",
        models: ["seedance-2-mini"],
        myOwnSetting: 1,
      }),
      "function",
    );
  });
});

describe("new SeedanceClient refuses at construction", () => {
  test("options that are not an object", () => {
    assert.deepEqual(
      refusal(() => new pkg.SeedanceClient("sk-test")),
      [
        "INVALID_FIELD",
        'SeedanceClient takes an object of options, such as { apiKey: "…" }, not a string.',
      ],
    );
  });

  test("a baseUrl that is neither an http(s) URL nor a path from the root", () => {
    for (const baseUrl of ["nope", "ftp://x.org/v2", "api/v2", "//x.org/v2"]) {
      const [code, message] = refusal(() => new pkg.SeedanceClient({ baseUrl }));
      assert.equal(code, "INVALID_FIELD", baseUrl);
      assert.match(message, /^The option baseUrl must be an absolute/, baseUrl);
    }
  });

  test("an option name that differs from a known one only by case", () => {
    const [code, message] = refusal(() => new pkg.SeedanceClient({ apikey: "sk-test" }));
    assert.equal(code, "INVALID_FIELD");
    assert.match(message, /did you mean apiKey\?$/);
  });

  test("and accepts a path from the root (a page's own proxy) and no options at all", () => {
    assert.ok(new pkg.SeedanceClient({ baseUrl: "/api/seedance/v2" }));
    assert.ok(new pkg.SeedanceClient());
  });
});
