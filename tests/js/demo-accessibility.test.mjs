// The demo page (`make demo`, its mock API) checked by axe-core in Chromium in every state a
// person meets: on arrival, with problems shown (field errors, a warning, the comparison's
// problems), while a task runs, when it is done (a video playing) and when it failed; at desktop
// size and 390 px wide; in English and in Chinese. Any violation fails, with axe's own account;
// each state's screenshot goes to tests/out/.
// The page's CSP allows no inline script, so the context bypasses it to inject axe's source.
// Needs a built pkg/ (`bash scripts/build.sh`) and /usr/bin/chromium.
import assert from "node:assert/strict";
import { mkdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { loadPackage, startDemoInChromium } from "./support.mjs";

const AXE_SOURCE = await readFile(createRequire(import.meta.url).resolve("axe-core"), "utf8");
const OUT_DIR = fileURLToPath(new URL("../out/", import.meta.url));
const MINI = "seedance-2-mini";
const SIZES = { desktop: { width: 1280, height: 1000 }, phone: { width: 390, height: 844 } };
const LANGUAGES = { en: "en-US", "zh-CN": "zh-CN" };

/** axe's violations on the page as one readable line each ("" when there are none). */
async function axeViolations(page) {
  if (!(await page.evaluate(() => "axe" in globalThis)))
    await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const result = await globalThis.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary.replace(/\s+/g, " ")}`),
    }));
  });
  return violations.map((v) => `${v.id} (${v.impact}) ${v.nodes.join(" | ")}`).join("\n");
}

describe("the demo page passes axe-core in every state, size and language", () => {
  let site;
  let browser;
  before(async () => {
    await loadPackage();
    await mkdir(OUT_DIR, { recursive: true });
    site = await startDemoInChromium();
    browser = site.browser;
  });
  after(async () => {
    await site?.close();
  });

  const control = (endpoint, body) => site.control(endpoint, body);

  for (const [language, browserLocale] of Object.entries(LANGUAGES)) {
    for (const [sizeName, viewport] of Object.entries(SIZES)) {
      test(`${language}, ${sizeName}: arrival, problems shown, running, done, failed`, async () => {
        await control("reset");
        const context = await browser.newContext({
          locale: browserLocale,
          viewport,
          bypassCSP: true,
        });
        const page = await context.newPage();
        const problems = [];
        page.on("pageerror", (err) => problems.push(err.message));
        const check = async (state) => {
          await page.screenshot({
            path: path.join(
              OUT_DIR,
              `demo-axe-${language}-${sizeName}-${state.replace(/ /g, "-")}.png`,
            ),
            fullPage: true,
          });
          const found = await axeViolations(page);
          assert.ok(found === "", `axe, ${language} ${sizeName}, ${state}:\n${found}`);
        };
        try {
          await page.goto(site.url);
          await page.waitForFunction(() => document.documentElement.dataset.client === "ready");
          assert.equal(await page.getAttribute("html", "lang"), language);
          await check("arrival");

          // Problems: an empty prompt (touched), an image URL the engine refuses, a duration only
          // Mini has (the other models' problems in the comparison) and a downgraded resolution.
          await page.locator("#model").selectOption(MINI);
          await page.locator("#duration").selectOption("8");
          await page.locator("#resolution").selectOption("1080p");
          await page.locator("#prompt").fill("x");
          await page.locator("#prompt").fill("");
          await page.locator("#images").fill("ftp://example.com/a.png");
          await page.locator("#callback_url").focus();
          await page.locator('[data-issues-for="images"] li').waitFor();
          await page.locator('[data-issues-for="resolution"] li.warning').waitFor();
          await page.locator('[data-testid="compare-problems"] li').first().waitFor();
          await check("problems shown");

          // Running: a valid request (the resolution warning stays), a task that waits.
          await control("config", { taskDurationMs: 120_000 });
          await page.locator("#images").fill("");
          await page.locator("#prompt").fill("A lantern drifting over a lake at night");
          await page.locator("#generate").click();
          await page.waitForFunction(() =>
            /^n90/.test(document.querySelector('[data-testid="task-id"]').textContent),
          );
          await page.waitForFunction(() => document.querySelector("#progress-note").textContent);
          await check("task running");

          // Done: the video plays.
          const id = await page.getByTestId("task-id").textContent();
          await control("finish", { task_id: id });
          await page.waitForFunction(
            () => document.querySelector("#task").dataset.state === "success",
            null,
            { timeout: 30_000 },
          );
          await page.waitForFunction(() => document.querySelector("video")?.readyState >= 2);
          await check("done");

          // Failed: the mock fails prompts containing FAIL.
          await control("config", { taskDurationMs: 300 });
          await page.locator("#prompt").fill("Please FAIL this one");
          await page.locator("#generate").click();
          await page.waitForFunction(
            () => document.querySelector("#task").dataset.state === "failed",
            null,
            { timeout: 30_000 },
          );
          await check("failed");
          assert.deepEqual(problems, [], "no error in the page");
        } finally {
          await context.close();
        }
      });
    }
  }
});
