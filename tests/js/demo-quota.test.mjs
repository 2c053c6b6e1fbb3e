// The demo in proxy mode (`make demo` with a key), in Chromium: each browser session has its own
// daily quota, the page shows what is left from the proxy's RateLimit header on arrival and after
// each generate, and a session over its quota gets QUOTA_EXCEEDED, not a paid task. The upstream
// is the mock API over loopback. Needs a built pkg/ (`bash scripts/build.sh`).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startDemoServer } from "../../www/server.mjs";
import { launchChromium, loadPackage, startMock } from "./support.mjs";

describe("the demo's daily quota per browser session", () => {
  let mock;
  let demo;
  let browser;
  before(async () => {
    await loadPackage();
    mock = await startMock();
    demo = await startDemoServer({
      port: 0,
      apiKey: "sk-demo-quota",
      upstream: `${mock.url}/v2`,
      // Mini, 4 s, 480p: 57 credits; 120 a day allows two.
      quota: { perSession: 120 },
    });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await demo?.close();
    await mock?.stop();
  });

  async function openPage() {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(demo.url);
    await page.waitForFunction(() => document.documentElement.dataset.client === "ready", null, {
      timeout: 30_000,
    });
    return page;
  }

  const allowance = (page) => page.getByTestId("allowance");

  async function generateMini(page) {
    await page.getByLabel("Prompt").fill("a fox in the snow");
    await page.getByLabel("Model").selectOption("seedance-2-mini");
    await page.getByLabel("Duration").selectOption("4");
    await page.getByLabel("Resolution").selectOption("480p");
    await page.waitForFunction(() => !document.querySelector("#generate").disabled);
    await page.getByRole("button", { name: "Generate video" }).click();
  }

  test("shows what is left, spends it, and refuses past it", async () => {
    const page = await openPage();
    await allowance(page)
      .filter({ hasText: "Credits left today for this browser session: 120 of 120" })
      .waitFor();
    await generateMini(page);
    await allowance(page).filter({ hasText: ": 63 of 120" }).waitFor({ timeout: 30_000 });
    await page.getByRole("button", { name: "Cancel" }).click();
    await generateMini(page);
    await allowance(page).filter({ hasText: ": 6 of 120" }).waitFor({ timeout: 30_000 });
    await page.getByRole("button", { name: "Cancel" }).click();
    await generateMini(page);
    await page
      .getByTestId("message")
      .filter({ hasText: /spending limit/ })
      .waitFor({ timeout: 30_000 });
    const created = await mock.tasks("sk-demo-quota");
    assert.equal(created.length, 2, "the third was refused by the proxy, not sent");
    // Another browser session has its own quota.
    const other = await openPage();
    await allowance(other).filter({ hasText: ": 120 of 120" }).waitFor();
  });
});
