// Messages in English and Simplified Chinese: the table of src/text/zh-CN.js against the
// engine's sentences (every sentence fragment of the Rust sources is in an English template;
// every template's values are all placed in its Chinese one), the shipped table (Chinese only),
// the renderer of tagged messages (pkg-template/zh-CN.js), and the `locale` option of every
// function: with "zh-CN" every message of a broad set of bad requests, client errors and proxy
// refusals is Chinese, with the provider's term for its field, while codes, fields and values are
// exactly the English ones; English calls beside Chinese ones stay English. The proxy's "auto"
// follows Accept-Language. Needs a built pkg/.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { render } from "../../pkg/zh-CN.js";
import { CLIENT, ENGINE, PROXY } from "../../src/text/zh-CN.js";
import { root } from "./scratch-app.mjs";
import { loadPackage, newKey, startMock } from "./support.mjs";

const pkg = await loadPackage();
const { validateRequest, compareModels, estimateCost, SeedanceClient, createProxyHandler } = pkg;
const MESSAGES = [...ENGINE, ...CLIENT, ...PROXY];

/** Whether a message still holds a tag character of src/text.rs. */
const hasTag = (message) => ["\u0001", "\u0002", "\u0003"].some((c) => message.includes(c));

/** A message as src/text.rs tags it. */
const tagged = (template, ...values) => `\u0001${[template, ...values].join("\u0002")}\u0003`;

// Entries that are Latin in Chinese too: a JSON name, a JS class, a field name and its ending.
const LATIN = new Set(["null", "an AbortSignal", '"{}"{}', " ({})", ": {}"]);

// The provider's terms, as its own page writes them.
const TERMS = {
  prompt: "提示词",
  duration: "时长",
  resolution: "分辨率",
  aspect_ratio: "画幅",
  model: "模型",
  images: "图片",
  reference_video_urls: "参考视频",
  reference_audio_urls: "参考音频",
  callback_url: "回调地址",
};

/**
 * The English words left in a message once what is not prose is taken out: quoted values, field
 * and option names, codes, model ids, URLs, numbers and the few technical names Chinese writes
 * in Latin letters.
 */
function englishWords(message) {
  const prose = message
    .replace(/“[^”]*”|"[^"]*"|`[^`]*`|\{[^}]*\}/g, " ")
    .replace(/[a-z]+:\/\/\S*/gi, " ")
    .replace(/\b[\w-]+(\.[\w-]+)+/g, " ")
    .replace(/\b[A-Z][A-Z0-9_]+\b/g, " ")
    .replace(/\b(seedance[\w.-]*|[a-z]+[A-Z]\w*|[a-z]+_[a-z_]+|\w+\.\w+|\d\S*)/g, " ")
    .replace(
      /\b(Node|Deno|Bun|Cloudflare|Workers|Edge|SeedanceClient|node|workerd|edge-light|prompt|duration|resolution|model|images|public|upstream|models|options?|fetch|headers|signal|quota|store|total|perCaller|get|put|reserve|adjust|http|https|s|ms|p|MiB|KiB|localhost|authorize|issues|generate|status|task_id|data|null|true|false|BigInt|Symbol|AbortSignal|SpendStore|scheme|host|path|xn|de)\b/g,
      " ",
    );
  return prose.match(/[A-Za-z]{2,}/g) ?? [];
}

/** The sentence fragments of the Rust sources outside tests and comments. */
function rustFragments() {
  const files = execFileSync("git", ["ls-files", "src/*.rs", "src/**/*.rs"], {
    cwd: root,
    encoding: "utf8",
  })
    .split("\n")
    .filter((f) => f && !/tests?\.rs$|_tests\.rs$|\/tests\/|serde_shapes/.test(f));
  const fragments = new Set();
  for (const file of files) {
    let text = readFileSync(`${root}/${file}`, "utf8");
    const cut = text.indexOf("#[cfg(test)]");
    if (cut >= 0) text = text.slice(0, cut);
    text = text
      .split("\n")
      .filter((line) => !/^\s*\/\//.test(line))
      .join("\n");
    for (const m of text.matchAll(/"((?:[^"\\\n]|\\.)*)"/g)) {
      const literal = m[1].replaceAll('\\"', '"');
      // Prose: two words, at least one lower-case, and no Rust syntax.
      if (/[A-Za-z]{2,} [a-z]{2,}/.test(literal) && !/[;{}]\s*$|fn |let |::/.test(literal))
        fragments.add(literal.trim());
    }
  }
  return [...fragments];
}

describe("the Chinese table", () => {
  test("places every value of each English template exactly once, and nothing else", () => {
    const seen = new Set();
    for (const [english, chinese] of MESSAGES) {
      assert.ok(!seen.has(english), `twice: ${english}`);
      seen.add(english);
      const count = english.split("{}").length - 1;
      const placed = [...chinese.matchAll(/\{[fr]?(\d+)\}/g)].map((m) => Number(m[1])).sort();
      assert.deepEqual(
        placed,
        Array.from({ length: count }, (_, i) => i + 1),
        `${english} → ${chinese}`,
      );
      if (!LATIN.has(english)) assert.match(chinese, /[\u4e00-\u9fff]/, `not Chinese: ${chinese}`);
      assert.deepEqual(englishWords(chinese), [], `English left in: ${chinese}`);
    }
  });

  test("holds every sentence the engine writes", () => {
    // Literals that are prose but no message: checks of the catalogue at compile time, and the
    // registry's names of address ranges (never shown).
    const notMessages = new Set([
      "a catalogue string needs escaping",
      "the catalogue is not UTF-8",
      "this network",
    ]);
    const texts = MESSAGES.map(([english]) => english);
    // A fragment's own `{}` stands for any words of a template.
    const covered = (fragment) => {
      const pattern = new RegExp(
        fragment
          .split("{}")
          .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
          .join(".*"),
      );
      return texts.some((t) => pattern.test(t));
    };
    const missing = rustFragments().filter((f) => !notMessages.has(f) && !covered(f));
    assert.deepEqual(missing, [], "sentences of src/ that zh-CN.js does not translate");
  });

  test("ships each Chinese template, a page's without the proxy's, and no English one", () => {
    const shipped = readFileSync(new URL("../../pkg/zh-CN.js", import.meta.url), "utf8");
    for (const [english] of MESSAGES)
      if (english.length > 12) assert.ok(!shipped.includes(english), `English shipped: ${english}`);
    // Rendered with placeholder values (field names where the Chinese wants one).
    const values = (english) =>
      english
        .split("{}")
        .slice(1)
        .map((_, i) => `v${i + 1}`);
    const expected = (chinese) =>
      chinese
        .replace(/\{[fr]?(\d+)\}/g, (all, n) => (all.includes("f") ? `“v${n}”` : `v${n}`))
        .replace(/([。！？.!?])。$/, "$1");
    for (const [english, chinese] of MESSAGES)
      assert.equal(render(tagged(english, ...values(english))), expected(chinese), english);
    // A page loads zh-CN.js alone: the proxy's sentences stay English there.
    const [english] = PROXY.at(-1);
    const alone = execFileSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `import { render } from ${JSON.stringify(new URL("../../pkg/zh-CN.js", import.meta.url).href)};
         process.stdout.write(render(${JSON.stringify(tagged(english))}));`,
      ],
      { encoding: "utf8" },
    );
    assert.equal(alone, english);
  });

  test("a sentence inside a sentence keeps one full stop", () => {
    // A Chinese proxy's refusal, as the client quotes it.
    const quoted = tagged(": {}", "请求体大于 1 MiB。");
    assert.equal(
      render(tagged("The API answered HTTP {}{} with {}{}.", "413", "", "INVALID_FIELD", quoted)),
      "API 返回了 HTTP 413，错误码 INVALID_FIELD：请求体大于 1 MiB。",
    );
    const english = tagged(": {}", "No such task, a or b.");
    assert.equal(
      render(tagged("The API answered HTTP {}{} with {}{}.", "404", "", "TASK_NOT_FOUND", english)),
      "API 返回了 HTTP 404，错误码 TASK_NOT_FOUND：No such task, a or b.",
      "a server's words stay as they are",
    );
  });

  test("a template it does not know is written in English, values filled", () => {
    assert.equal(
      render(tagged("Nothing {} like {}.", "is", tagged("this"))),
      "Nothing is like this.",
    );
    assert.equal(render("plain text stays"), "plain text stays");
  });

  test("renders hostile tag characters in linear time, with no call depth", () => {
    for (const hostile of [
      "\u0001".repeat(200_000),
      "\u0001a\u0002".repeat(100_000),
      `${"\u0003\u0002".repeat(100_000)}x`,
      tagged('"{}" must be {}, not {}.', "\u0001".repeat(100_000), tagged("a number"), "x"),
    ]) {
      const started = performance.now();
      assert.equal(typeof render(hostile), "string");
      assert.ok(performance.now() - started < 1000, "linear");
    }
  });
});

// Requests that between them raise every issue the engine writes.
const BAD = [
  null,
  5,
  [],
  {},
  { prompt: "" },
  { prompt: "x".repeat(2001) },
  { prompt: 5 },
  { prompt: "p", model: "nope" },
  { prompt: "p", duration: 7 },
  { prompt: "p", duration: "10" },
  { prompt: "p", model: "seedance-2-mini", duration: 3 },
  { prompt: "p", resolution: "4k" },
  { prompt: "p", model: "seedance-2-mini", resolution: "1080p" },
  { prompt: "p", aspect_ratio: "2:1" },
  { prompt: "p", images: ["https://example.com/a.png"], aspect_ratio: "16:9" },
  { prompt: "p", images: "x" },
  { prompt: "p", images: [5] },
  { prompt: "p", images: ["ftp://a"] },
  { prompt: "p", images: ["http://127.0.0.1/a"] },
  { prompt: "p", images: ["http://a b"] },
  { prompt: "p", images: ["http://bücher.de/a"] },
  { prompt: "p", images: ["http:\\\\a.com\\x"] },
  { prompt: "p", images: Array(5).fill("https://example.com/a.png") },
  { prompt: "p", reference_video_urls: ["https://example.com/v.mp4"] },
  { prompt: "p", callback_url: "http://localhost/x" },
  { prompt: "p", callback_url: 5 },
  { prompt: "p", public: "yes" },
  { prompt: "p", DURATION: 5 },
  { prompt: "p", seed: 7 },
  { prompt: "p", x: 10n },
  { prompt: "p", x: [Symbol("s")] },
  { prompt: "\ud800" },
  { prompt: "p", duration: 15 },
];

/** What a report says apart from its messages. */
const withoutMessages = (value) =>
  JSON.parse(JSON.stringify(value, (key, v) => (key === "message" ? undefined : v)));

function assertChinese(issue) {
  assert.match(issue.message, /[\u4e00-\u9fff]/, issue.message);
  assert.ok(!hasTag(issue.message), "no tag left");
  assert.deepEqual(englishWords(issue.message), [], issue.message);
  const term = TERMS[/^[a-z_]+/.exec(issue.field ?? "")?.[0]];
  if (term) assert.ok(issue.message.includes(term), `${term} not in: ${issue.message}`);
}

describe("locale: zh-CN", () => {
  test("every issue of validateRequest and compareModels is Chinese, the rest identical", () => {
    let issues = 0;
    for (const req of BAD) {
      const en = validateRequest(req, { maxCredits: 300 });
      for (const issue of [...en.errors, ...en.warnings])
        assert.ok(!hasTag(issue.message) && !/[\u4e00-\u9fff]/.test(issue.message), "English");
      const zh = validateRequest(req, { maxCredits: 300, locale: "zh-CN" });
      assert.deepEqual(withoutMessages(zh), withoutMessages(en));
      for (const issue of [...zh.errors, ...zh.warnings]) {
        assertChinese(issue);
        issues++;
      }
      const rows = compareModels(req, { locale: "zh-CN" });
      assert.deepEqual(withoutMessages(rows), withoutMessages(compareModels(req)));
      for (const row of rows) for (const issue of row.errors) assertChinese(issue);
    }
    assert.ok(issues > 30, `${issues} issues checked`);
  });

  test("estimateCost throws in Chinese; other tags and unknown locales", () => {
    const error = (locale) => {
      try {
        estimateCost({ model: "seedance-2.0", duration: 7 }, { locale });
      } catch (e) {
        return e;
      }
      assert.fail("estimateCost should throw");
    };
    const zh = error("zh-CN");
    assert.equal(zh.code, "INVALID_DURATION");
    assert.equal(zh.message, "seedance-2.0 的时长必须是 5、10 或 15 秒。");
    assert.equal(zh.issues[0].message, zh.message);
    for (const tag of ["zh", "zh-Hans", "zh-hans-cn", "zh_CN", "ZH-SG"])
      assert.equal(error(tag).message, zh.message, tag);
    for (const tag of ["en", "en-US", "fr", "zh-TW", "zh-Hant", "", 42, null, undefined])
      assert.equal(
        error(tag).message,
        "The duration for seedance-2.0 must be 5, 10 or 15 seconds.",
      );
  });
});

describe("the client and the proxy in Chinese", () => {
  let mock;
  before(async () => {
    mock = await startMock();
  });
  after(() => mock?.stop());

  test("SeedanceClient({ locale: 'zh-CN' }) rejects in Chinese", async () => {
    const client = new SeedanceClient({
      apiKey: newKey("zh-client"),
      baseUrl: `${mock.url}/v2`,
      locale: "zh-CN",
    });
    const refused = await client.generate({ prompt: "", duration: 7 }).catch((e) => e);
    assert.equal(refused.code, "VALIDATION_FAILED");
    assert.match(refused.message, /^请求无效：提示词不能为空/);
    for (const issue of refused.issues) assertChinese(issue);
    const missing = await client.getStatus("n90nothing").catch((e) => e);
    assert.equal(missing.code, "TASK_NOT_FOUND");
    assert.match(missing.message, /^API 返回了 HTTP 404，错误码 TASK_NOT_FOUND/);
    assert.throws(
      () => new SeedanceClient({ baseUrl: "ftp://x", locale: "zh-CN" }),
      (e) => e.code === "INVALID_FIELD" && /^选项 baseUrl/.test(e.message),
    );
  });

  test("a Chinese and an English client waiting at once each keep their language", async () => {
    const make = (locale) =>
      new SeedanceClient({
        apiKey: newKey(`zh-both-${locale}`),
        baseUrl: `${mock.url}/v2`,
        locale,
      });
    const [zh, en] = [make("zh-CN"), make("en")];
    const waits = [];
    for (let i = 0; i < 4; i++)
      waits.push(
        zh.waitForTask(`n90none${i}`, { timeoutMs: 400 }).catch((e) => e),
        en.waitForTask(`n90none${i}`, { timeoutMs: 400 }).catch((e) => e),
      );
    const errors = await Promise.all(waits);
    for (const [i, error] of errors.entries()) {
      assert.ok(!hasTag(error.message), error.message);
      if (i % 2 === 0) assert.match(error.message, /[\u4e00-\u9fff]/, error.message);
      else assert.match(error.message, /^The API answered HTTP 404/, error.message);
    }
    const checked = validateRequest({ prompt: "" }).errors[0].message;
    assert.equal(
      checked,
      "The prompt must not be empty or only white space.",
      "tagging is off after",
    );
  });

  test("an English call made from a Chinese call's callback is English", async () => {
    const zh = new SeedanceClient({
      apiKey: newKey("zh-cb"),
      baseUrl: `${mock.url}/v2`,
      locale: "zh-CN",
    });
    const en = new SeedanceClient({ apiKey: newKey("en-cb"), baseUrl: `${mock.url}/v2` });
    const checked = [];
    const statuses = [];
    const done = await zh.run(
      { prompt: "a cat", duration: 5 },
      {
        pollIntervalMs: 20,
        onProgress: () => {
          checked.push(validateRequest({ prompt: "" }).errors[0].message);
          statuses.push(en.getStatus("n90missing").catch((e) => e.message));
        },
      },
    );
    assert.equal(done.status, "SUCCESS");
    assert.ok(checked.length > 0, "onProgress ran");
    for (const message of checked)
      assert.equal(message, "The prompt must not be empty or only white space.");
    for (const message of await Promise.all(statuses))
      assert.match(message, /^The API answered HTTP 404/, message);
  });

  test("the proxy's envelopes follow locale, and Accept-Language with 'auto'", async () => {
    const key = newKey("zh-proxy");
    const post = (handler, acceptLanguage) =>
      handler(
        new Request("http://proxy.test/v2/generate", {
          method: "POST",
          headers: { "content-type": "application/json", "accept-language": acceptLanguage },
          body: JSON.stringify({ prompt: "", duration: 7 }),
        }),
      ).then((r) => r.json());
    const auto = createProxyHandler({ apiKey: key, upstream: `${mock.url}/v2`, locale: "auto" });
    for (const language of ["zh-CN", "zh-Hans;q=0.9, en;q=0.8", "zh", "en;q=0.5, zh-CN"]) {
      const body = await post(auto, language);
      assert.equal(body.error.code, "INVALID_PROMPT");
      assert.match(body.message, /^提示词不能为空/, language);
      assert.equal(body.error.message, body.message);
      for (const issue of body.error.issues) assertChinese(issue);
    }
    for (const language of ["en-US", "fr, zh;q=0.1, en;q=0.5", "zh-TW", ""]) {
      const body = await post(auto, language);
      assert.match(body.message, /^The prompt must not be empty/, language);
    }
    const fixed = createProxyHandler({ apiKey: key, upstream: `${mock.url}/v2`, locale: "zh-CN" });
    assert.match((await post(fixed, "en")).message, /^提示词/);
    assert.deepEqual(await mock.log(key), [], "nothing was forwarded");
  });
});
