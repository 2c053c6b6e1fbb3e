// The demo page in two languages. Without a browser: the page's two string tables (www/i18n.js)
// have the same keys and the same {placeholders}, the Chinese one is Chinese (no English words
// but names, codes and units; Chinese punctuation), and the language chosen from the browser's.
// In Chromium (`make demo`, its mock API): a zh-CN browser gets the page in Chinese and an en-US
// one in English, every text the page writes in the chosen language from arrival to a finished
// task; the package is asked for its messages in that language (validateRequest, compareModels,
// SeedanceClient get `locale`); the 中文 / English switch redraws everything at once and the
// choice outlasts a reload and a new tab. Screenshots of both languages go to tests/out/.
// Needs a built pkg/ (`bash scripts/build.sh`) and /usr/bin/chromium.
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { localeFor, MESSAGES, placeholdersOf } from "../../www/i18n.js";
import { loadPackage, startDemoInChromium } from "./support.mjs";

const OUT_DIR = fileURLToPath(new URL("../out/", import.meta.url));
const MINI = "seedance-2-mini";
const DESKTOP = { width: 1280, height: 1000 };
const PHONE = { width: 390, height: 844 };

// Latin words a Chinese text may hold: product and package names, API terms the provider's own
// Chinese page keeps (URL, API, ID), the mock's FAIL trigger and an aspect-ratio value.
const NAMES = new Set(["Seedance", "Mini", "Fast", "seedance", "wasm", "URL", "API", "ID", "FAIL"]);
// The API's own names, which the package's Chinese sentences quote: field names (提示词（prompt）),
// model ids (seedance-2-mini), URL schemes, an aspect-ratio value.
const VALUES = new Set([
  "prompt",
  "images",
  "duration",
  "resolution",
  "model",
  "mini",
  "fast",
  "http",
  "https",
  "adaptive",
]);
/** The Latin words of `text` that are neither names, values, nor codes (INVALID_PROMPT, SUCCESS). */
const englishWords = (text) =>
  (text.match(/\b[A-Za-z]{2,}\b/g) ?? []).filter(
    (w) => !NAMES.has(w) && !VALUES.has(w) && !/^[A-Z]+$/.test(w),
  );
const CJK = /[\u4e00-\u9fff]/;

describe("the page's strings", () => {
  test("both tables have the same keys and, per key, the same placeholders", () => {
    const en = MESSAGES.en;
    const zh = MESSAGES["zh-CN"];
    assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort());
    for (const key of Object.keys(en))
      assert.deepEqual(placeholdersOf(zh[key]), placeholdersOf(en[key]), key);
  });

  test("the Chinese table is Chinese, with Chinese punctuation", () => {
    for (const [key, text] of Object.entries(MESSAGES["zh-CN"])) {
      const words = text.replace(/\{[a-zA-Z]+\}/g, "");
      assert.deepEqual(englishWords(words), [], `${key}: ${text}`);
      assert.doesNotMatch(words, /[,;:!?()]/, `${key} has Latin punctuation: ${text}`);
      // A space only beside Latin letters or digits, never between two Chinese characters.
      assert.doesNotMatch(text, /[\u4e00-\u9fff] +[\u4e00-\u9fff]/, `${key}: ${text}`);
      if (!/^(listLastAnd|listSeparator|seconds|usd|estimate|fieldPrefix|compareSome)$/.test(key))
        assert.match(text, CJK, `${key} has no Chinese: ${text}`);
    }
    // The provider's terms for the fields.
    const zh = MESSAGES["zh-CN"];
    assert.deepEqual(
      [
        zh["label.prompt"],
        zh["field.duration"],
        zh["label.resolution"],
        zh["label.aspect_ratio"],
        zh["label.model"],
        zh["label.callback_url"],
        zh.compareCredits,
        zh.taskTitle,
      ],
      ["提示词", "时长", "分辨率", "画幅", "模型", "回调地址", "积分", "任务"],
    );
    for (const [key, term] of [
      ["label.images", "图片"],
      ["label.reference_video_urls", "参考视频"],
      ["label.reference_audio_urls", "参考音频"],
    ])
      assert.ok(zh[key].startsWith(term), `${key}: ${zh[key]}`);
  });

  test("the page speaks the first language of the browser's it knows, else English", () => {
    for (const [languages, expected] of [
      [["zh-CN"], "zh-CN"],
      [["zh-TW", "en"], "zh-CN"],
      [["zh-Hans-CN"], "zh-CN"],
      [["ZH"], "zh-CN"],
      [["fr-FR", "zh-CN", "en"], "zh-CN"],
      [["en-US", "zh-CN"], "en"],
      [["fr-FR", "de"], "en"],
      [[], "en"],
      [undefined, "en"],
    ])
      assert.equal(localeFor(languages), expected, JSON.stringify(languages));
  });
});

describe("the page in Chromium, in Chinese and in English", () => {
  let site;
  let browser;
  let engine;
  let packageSpeaksChinese;
  before(async () => {
    engine = await loadPackage();
    const { message } = engine.validateRequest({}, { locale: "zh-CN" }).errors[0];
    packageSpeaksChinese = CJK.test(message);
    await mkdir(OUT_DIR, { recursive: true });
    site = await startDemoInChromium();
    browser = site.browser;
  });
  after(async () => {
    await site?.close();
  });

  const control = (endpoint, body) => site.control(endpoint, body);

  // A page whose calls into the package are recorded (which function, which locale): engine.js
  // and the browser entry are served as thin wrappers around the real ones.
  async function openPage(context) {
    const page = await context.newPage();
    page.errors = [];
    page.requested = [];
    page.on("request", (r) => page.requested.push(new URL(r.url()).pathname));
    page.on("pageerror", (err) => page.errors.push(err.message));
    page.on("console", (msg) => {
      if (msg.type() === "error") page.errors.push(msg.text());
    });
    await page.route(
      (url) => url.pathname === "/engine.js",
      (route) =>
        route.fulfill({
          contentType: "text/javascript",
          body: `import * as real from "./pkg/engine/index.js";
export * from "./pkg/engine/index.js";
const calls = (globalThis.packageCalls ??= []);
export const validateRequest = (r, o) => (calls.push(["validateRequest", o?.locale]), real.validateRequest(r, o));
export const compareModels = (r, o) => (calls.push(["compareModels", o?.locale]), real.compareModels(r, o));`,
        }),
    );
    await page.route(
      (url) => url.pathname === "/pkg/browser/index.js" && url.search === "",
      (route) =>
        route.fulfill({
          contentType: "text/javascript",
          body: `import * as real from "./index.js?real";
export * from "./index.js?real";
export class SeedanceClient extends real.SeedanceClient {
  constructor(o) { (globalThis.packageCalls ??= []).push(["SeedanceClient", o?.locale]); super(o); }
}`,
        }),
    );
    await page.goto(site.url);
    await page.waitForFunction(() => document.documentElement.dataset.client === "ready");
    return page;
  }

  /** The locales the page passed to the package since the last call, per function. */
  const packageLocales = async (page) => {
    const calls = await page.evaluate(() => globalThis.packageCalls.splice(0));
    const seen = {};
    for (const [fn, locale] of calls) {
      seen[fn] ??= new Set();
      seen[fn].add(String(locale));
    }
    return Object.fromEntries(Object.entries(seen).map(([fn, set]) => [fn, [...set]]));
  };

  /**
   * The Latin words in every text the page shows and in its labelling attributes, outside code,
   * the person's own prompt, parts marked in another language, and `skip` (selectors).
   */
  const visibleEnglish = (page, skip = []) =>
    page.evaluate((skipSelectors) => {
      const skipped = ["code", "q.prompt", "textarea", "[lang]:not(html)", ...skipSelectors].join(
        ",",
      );
      const texts = [document.title];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (parent.closest(skipped)) continue;
        const shown =
          parent.tagName === "OPTION"
            ? parent.closest("select").checkVisibility()
            : parent.checkVisibility();
        if (shown) texts.push(node.textContent);
      }
      for (const el of document.querySelectorAll("[aria-label], [title], #prompt"))
        if (!el.closest(skipped) || el.id === "prompt")
          texts.push(
            el.getAttribute("aria-label") ?? "",
            el.getAttribute("title") ?? "",
            el.getAttribute("placeholder") ?? "",
          );
      return texts.join("\n");
    }, skip);

  /** A Mini request with problems: empty prompt (touched), a refused image URL, 1080p (a warning). */
  async function showProblems(page) {
    await page.locator("#model").selectOption(MINI);
    await page.locator("#duration").selectOption("8");
    await page.locator("#resolution").selectOption("1080p");
    await page.locator("#prompt").fill("x");
    await page.locator("#prompt").fill("");
    await page.locator("#images").fill("https://example.com/a.png\nftp://example.com/b.png");
    await page.locator("#callback_url").focus();
    await page.locator('[data-issues-for="images"] li').waitFor();
    await page.locator('[data-testid="compare-problems"] li').first().waitFor();
  }
  async function runToDone(page, prompt) {
    await control("config", { taskDurationMs: 800 });
    await page.locator("#images").fill("https://example.com/a.png");
    await page.locator("#prompt").fill(prompt);
    await page.locator("#generate").click();
    await page.waitForFunction(
      () => document.querySelector("#task").dataset.state === "success",
      null,
      {
        timeout: 30_000,
      },
    );
  }
  const shot = (page, name) =>
    page.screenshot({ path: path.join(OUT_DIR, `demo-${name}.png`), fullPage: true });

  test("a zh-CN browser gets every text in Chinese, and the package is asked for zh-CN", async () => {
    await control("reset");
    const context = await browser.newContext({ locale: "zh-CN", viewport: DESKTOP });
    const page = await openPage(context);
    try {
      assert.equal(await page.getAttribute("html", "lang"), "zh-CN");
      assert.match(await page.title(), /^Seedance 2\.0 视频生成/);
      await page.getByLabel("提示词").waitFor();
      await page.getByLabel("时长（秒）").waitFor();
      assert.equal(
        await page.getByRole("button", { name: "中文" }).getAttribute("aria-pressed"),
        "true",
      );
      assert.equal(
        await page.getByRole("button", { name: "English" }).getAttribute("aria-pressed"),
        "false",
      );
      assert.match(await page.getByTestId("summary").textContent(), /^请填写提示词后继续。$/);
      assert.match(await page.getByTestId("cost").textContent(), /^\d+ 积分（\d+\.\d\d 美元）$/);
      assert.deepEqual(await visibleEnglish(page).then(englishWords), [], "arrival");
      await shot(page, "zh-CN-arrival");

      await showProblems(page);
      const fromPackage = packageSpeaksChinese ? [] : [".issue"];
      assert.deepEqual(await visibleEnglish(page, fromPackage).then(englishWords), [], "problems");
      const line = page.locator('[data-issues-for="images"] li');
      assert.match(await line.textContent(), /^第 2 行：/);
      // The sentence comes first, the code after it as a detail.
      assert.equal(await line.locator("code.code").textContent(), "INVALID_IMAGE_URL");
      const every = page.locator('[data-testid="compare-problems"] li[data-models="*"]').first();
      assert.match(await every.textContent(), /^所有模型：/);
      assert.match(
        await page.locator('tr[data-model="seedance-2.0"] td.bad li').first().textContent(),
        /^时长（见 \d+）$/,
      );
      if (packageSpeaksChinese)
        assert.match(
          (await line.textContent()).slice("第 2 行：".length),
          CJK,
          "the package's sentence",
        );
      await shot(page, "zh-CN-problems");

      await runToDone(page, "湖面上漂着一盏灯笼，夜景");
      assert.equal(await page.getByTestId("task-status").textContent(), "已完成");
      assert.equal(await page.getByTestId("message").textContent(), "完成。");
      assert.match(await page.getByTestId("task-price").textContent(), /^\d+ 积分（/);
      assert.deepEqual(await visibleEnglish(page, fromPackage).then(englishWords), [], "done");
      await shot(page, "zh-CN-done");

      // The package's Chinese table was loaded, and every call into the package asked for Chinese.
      assert.ok(page.requested.includes("/pkg/zh-CN.js"), "the page loads seedance-wasm/zh-CN");
      assert.deepEqual(await packageLocales(page), {
        validateRequest: ["zh-CN"],
        compareModels: ["zh-CN"],
        SeedanceClient: ["zh-CN"],
      });
      assert.deepEqual(page.errors, []);
    } finally {
      await context.close();
    }
  });

  test("an en-US browser gets the page in English, and the package is asked for en", async () => {
    await control("reset");
    const context = await browser.newContext({ locale: "en-US", viewport: DESKTOP });
    const page = await openPage(context);
    try {
      assert.equal(await page.getAttribute("html", "lang"), "en");
      await page.getByLabel("Prompt", { exact: true }).waitFor();
      assert.equal(
        await page.getByRole("button", { name: "English" }).getAttribute("aria-pressed"),
        "true",
      );
      assert.equal(
        await page.getByTestId("summary").textContent(),
        "Fill in the prompt to continue.",
      );
      const chinese = await page.evaluate(() => document.body.textContent);
      assert.deepEqual(
        chinese.match(/[\u4e00-\u9fff]+/g),
        ["中文"],
        "no Chinese but the switch's own name",
      );
      assert.ok(!page.requested.some((p) => /zh-CN/.test(p)), "English costs no Chinese table");
      await shot(page, "en-arrival");
      await showProblems(page);
      await shot(page, "en-problems");
      await runToDone(page, "A lantern drifting over a lake at night");
      assert.equal(await page.getByTestId("message").textContent(), "Done.");
      await shot(page, "en-done");
      assert.deepEqual(await packageLocales(page), {
        validateRequest: ["en"],
        compareModels: ["en"],
        SeedanceClient: ["en"],
      });
      assert.deepEqual(page.errors, []);
    } finally {
      await context.close();
    }
  });

  test("the switch redraws every text at once, and the choice outlasts a reload and a new tab", async () => {
    await control("reset");
    const context = await browser.newContext({ locale: "en-US", viewport: PHONE });
    const page = await openPage(context);
    try {
      await showProblems(page);
      await runToDone(page, "A paper boat on a rainy street");
      assert.equal(await page.getByTestId("task-status").textContent(), "Done");
      await page.getByRole("button", { name: "中文" }).click();
      assert.equal(await page.getAttribute("html", "lang"), "zh-CN");
      assert.equal(
        await page.getByRole("button", { name: "中文" }).getAttribute("aria-pressed"),
        "true",
      );
      // What was already shown is said again in Chinese: labels, the status, the message, notes.
      assert.equal(await page.getByTestId("task-status").textContent(), "已完成");
      assert.equal(await page.getByTestId("message").textContent(), "完成。");
      assert.match(await page.getByTestId("progress-note").textContent(), /^用时 \d+ 秒完成。$/);
      assert.match(await page.getByTestId("elapsed").textContent(), /^\d+(\.\d)? 秒$/);
      assert.equal(await page.locator("#duration option:checked").textContent(), "8 秒");
      assert.match(await page.getByTestId("download").textContent(), /^下载视频/);
      // The package's warning too, once its Chinese table is in.
      if (packageSpeaksChinese)
        await page.waitForFunction(
          (cjk) => new RegExp(cjk).test(document.querySelector(".issue.warning").textContent),
          CJK.source,
        );
      assert.deepEqual(
        await visibleEnglish(page, packageSpeaksChinese ? [] : [".issue"]).then(englishWords),
        [],
        "after the switch",
      );
      // From the switch on, the package is asked for Chinese.
      await page.evaluate(() => globalThis.packageCalls.splice(0));
      await page.locator("#prompt").fill("一只纸船");
      assert.deepEqual((await packageLocales(page)).validateRequest, ["zh-CN"]);
      await page.screenshot({ path: path.join(OUT_DIR, "demo-zh-CN-phone.png"), fullPage: true });

      await page.reload();
      await page.waitForFunction(() => document.documentElement.dataset.client === "ready");
      assert.equal(await page.getAttribute("html", "lang"), "zh-CN", "after a reload");
      const other = await openPage(context);
      assert.equal(await other.getAttribute("html", "lang"), "zh-CN", "in a new tab");
      await other.getByRole("button", { name: "English" }).click();
      assert.equal(await other.getAttribute("html", "lang"), "en");
      await other.getByLabel("Prompt", { exact: true }).waitFor();
      await page.reload();
      await page.waitForFunction(() => document.documentElement.dataset.client === "ready");
      assert.equal(await page.getAttribute("html", "lang"), "en", "the last choice wins");
      assert.deepEqual([...page.errors, ...other.errors], []);
    } finally {
      await context.close();
    }
  });
});
