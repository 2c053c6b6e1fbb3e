// The demo in proxy mode (`make demo` with a key), in Chromium: each browser session has its own
// daily quota, the page shows what is left from the proxy's RateLimit header on arrival and after
// each generate, and a session over its quota gets QUOTA_EXCEEDED, not a paid task. The upstream
// is the mock API over loopback. Needs a built pkg/ (`bash scripts/build.sh`).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startDemoServer } from "../../www/server.mjs";
import { startRedis } from "./redis-server.mjs";
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

  async function openPage(locale = "en-US") {
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    await page.goto(demo.url);
    await page.waitForFunction(() => document.documentElement.dataset.client === "ready", null, {
      timeout: 30_000,
    });
    return page;
  }

  const allowance = (page) => page.getByTestId("allowance");

  async function generateMini(page) {
    await page.locator("#prompt").fill("a fox in the snow");
    await page.locator("#model").selectOption("seedance-2-mini");
    await page.locator("#duration").selectOption("4");
    await page.locator("#resolution").selectOption("480p");
    await page.waitForFunction(() => !document.querySelector("#generate").disabled);
    await page.locator("#generate").click();
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

  test("a page in Chinese reads what is left, and the proxy's refusal, in Chinese", async () => {
    const page = await openPage("zh-CN");
    const requests = [];
    page.on("request", (r) => requests.push(r.headers()["accept-language"]));
    await allowance(page)
      .filter({ hasText: /^此浏览器会话今日剩余积分\uff1a120 \/ 120/ })
      .waitFor();
    for (const left of [63, 6]) {
      await generateMini(page);
      await allowance(page)
        .filter({ hasText: `\uff1a${left} / 120` })
        .waitFor({ timeout: 30_000 });
      await page.locator("#cancel").click();
    }
    await generateMini(page);
    const refused = page.getByTestId("message").filter({ hasText: "QUOTA_EXCEEDED" });
    await refused.waitFor({ timeout: 30_000 });
    const text = await refused.textContent();
    assert.match(text, /[\u4e00-\u9fff]/, "a Chinese sentence");
    assert.doesNotMatch(text, /spending limit/, text);
    // The client's calls to the proxy say the page's language.
    assert.ok(requests.length > 0 && requests.every((l) => l === "zh-CN"), String(requests));
  });
});

describe("two demo servers on one Redis (REDIS_URL)", () => {
  let mock;
  let redis;
  let demos = [];
  before(async () => {
    await loadPackage();
    [mock, redis] = await Promise.all([startMock(), startRedis()]);
    for (let i = 0; i < 2; i++)
      demos.push(
        await startDemoServer({
          port: 0,
          apiKey: "sk-demo-redis",
          upstream: `${mock.url}/v2`,
          quota: { perSession: 120, redisUrl: redis.url, sessionSecret: "shared by both servers" },
        }),
      );
  });
  after(async () => {
    await Promise.all(demos.map((d) => d.close()));
    demos = [];
    await redis?.kill();
    await mock?.stop();
  });

  test("a session's spend on one server counts on the other", async () => {
    const cookie = (await fetch(demos[0].url)).headers.get("set-cookie").split(";")[0];
    const generate = (demo) =>
      fetch(new URL("/v2/generate", demo.url), {
        method: "POST",
        headers: { "content-type": "application/json", cookie },
        body: JSON.stringify({
          prompt: "x",
          model: "seedance-2-mini",
          duration: 4,
          resolution: "480p",
        }),
      });
    const statuses = [];
    for (const demo of [demos[0], demos[1], demos[0]]) statuses.push((await generate(demo)).status);
    assert.deepEqual(statuses, [200, 200, 429], "57 + 57 of 120; the third would pass it");
    assert.equal((await mock.tasks("sk-demo-redis")).length, 2);
  });
});
