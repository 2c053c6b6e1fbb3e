// The demo page (www/) in headless Chromium, the same tests twice: against the demo server with
// its embedded mock API (`make demo`), and against the static build (`make demo-static`, www/dist/)
// served by a plain static file server, where the mock runs inside the page. Covered: the form
// built from listModels(), validation and pricing from the engine, no error on arrival, every
// blocking reason per model (each problem said once), a full run to a playing video, Cancel and
// "Check again", a reload that resumes a running task and keeps the form, a failure shown as
// text, the phone layout, in English (demo-languages.test.mjs has Chinese). Screenshots at
// desktop and phone sizes go to tests/out/. Also checks the page's security headers and that the
// browser reports no CSP violation or console error.
// Needs a built pkg/ (`make build`) and /usr/bin/chromium (`make setup-test`).

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdir, readFile } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { after, afterEach, before, beforeEach, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { buildStatic } from "../../www/build-static.mjs";
import { startDemoServer } from "../../www/server.mjs";
import { createMock } from "../mock-api/mock.mjs";
import { launchChromium } from "./support.mjs";

const SERVER = fileURLToPath(new URL("../../www/server.mjs", import.meta.url));
const OUT_DIR = fileURLToPath(new URL("../out/", import.meta.url));
const KEY = "demo";
const MINI = "seedance-2-mini";
const DESKTOP = { width: 1280, height: 1000 };
const PHONE = { width: 390, height: 844 };

// The engine itself, to compare the page with (the page must show what the engine says).
const engine = await import("../../pkg/node.js");

let browser;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  assert.equal(
    typeof engine.SeedanceClient,
    "function",
    "pkg/ has no SeedanceClient: rebuild with `make build`",
  );
  await mkdir(OUT_DIR, { recursive: true });
  browser = await launchChromium(["--autoplay-policy=no-user-gesture-required"]);
});

after(async () => {
  await browser?.close();
});

// A plain static file server, as any host would be: files and their types, nothing else.
const STATIC_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".mp4": "video/mp4",
};
async function startStaticServer(root) {
  const server = http.createServer(async (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const file = path.join(root, path.normalize(pathname === "/" ? "/index.html" : pathname));
    try {
      if (!file.startsWith(root)) throw new Error("outside");
      const body = await readFile(file);
      res.writeHead(200, {
        "Content-Type": STATIC_TYPES[path.extname(file)] ?? "application/octet-stream",
        "Content-Length": body.length,
      });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () =>
      new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      }),
  };
}

// Where the page is served and how a test reaches its mock: the demo server's /__mock/ routes,
// or, for the static build, the sandbox inside the page (whose state lives in the tab).
const targets = {
  server: {
    async start() {
      const demo = await startDemoServer({ port: 0 });
      return {
        url: demo.url,
        close: () => demo.close(),
        async control(_page, endpoint, body = {}) {
          const res = await fetch(new URL(`/__mock/${endpoint}`, demo.url), {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ key: KEY, ...body }),
          });
          return res.json();
        },
        reset() {
          return this.control(null, "reset");
        },
      };
    },
  },
  static: {
    async start() {
      const dir = await buildStatic();
      const server = await startStaticServer(dir);
      return {
        url: server.url,
        close: () => server.close(),
        control: (page, endpoint, body = {}) =>
          page.evaluate(([e, b]) => globalThis.seedanceSandbox.control(e, b), [endpoint, body]),
        reset: async () => {}, // every page starts with a fresh tab
      };
    },
  },
};

for (const [targetName, target] of Object.entries(targets)) {
  describe(`the page in Chromium (${targetName === "server" ? "make demo" : "make demo-static, static file server"})`, () => {
    let site;
    let page;
    let consoleProblems;
    let requested = []; // paths the page fetched, in order
    let dialogs;

    const control = async (endpoint, body) => {
      const json = await site.control(page, endpoint, body);
      assert.equal(json.ok, true, `/__mock/${endpoint}: ${json.error}`);
      return json;
    };
    const statusRequests = async () =>
      (await control("log")).requests.filter((r) => r.method === "GET" && r.path === "/v2/status");
    const shot = (name, options = {}) =>
      page.screenshot({
        path: path.join(OUT_DIR, `demo-${targetName}-${name}.png`),
        fullPage: true,
        ...options,
      });
    const issuesFor = (field) => page.locator(`[data-issues-for="${field}"] li`);

    async function openPage(viewport = DESKTOP) {
      page = await browser.newPage({ viewport, locale: "en-US" });
      requested = [];
      page.on("request", (r) => requested.push(new URL(r.url()).pathname));
      page.on("console", (msg) => {
        if (msg.type() === "error" || /Content.Security.Policy/i.test(msg.text()))
          consoleProblems.push(msg.text());
      });
      page.on("pageerror", (err) => consoleProblems.push(`page error: ${err.message}`));
      page.on("dialog", (dialog) => {
        dialogs.push(dialog.message());
        dialog.dismiss().catch(() => {});
      });
      await page.goto(site.url);
      await waitReady();
    }
    async function waitReady() {
      await page
        .waitForFunction(() => document.documentElement.dataset.client === "ready", null, {
          timeout: 15000,
        })
        .catch((e) => {
          throw new Error(`the page did not start: ${consoleProblems.join("; ") || e.message}`);
        });
    }

    async function fillMiniRequest(prompt) {
      await page.getByLabel("Prompt").fill(prompt);
      await page.getByLabel("Model").selectOption(MINI);
      await page.getByLabel("Duration (seconds)").selectOption("8");
      await page.getByLabel("Resolution").selectOption("720p");
    }
    // Starts a task that stays in progress (until the test finishes it) and returns its id.
    async function startLongTask(prompt) {
      await control("config", { taskDurationMs: 120000 });
      await fillMiniRequest(prompt);
      await page.getByRole("button", { name: "Generate video" }).click();
      await taskIdShown();
      return page.getByTestId("task-id").textContent();
    }
    const taskIdShown = () =>
      page.waitForFunction(() =>
        /^n90/.test(document.querySelector('[data-testid="task-id"]').textContent),
      );
    const videoPlays = (timeout = 30000) =>
      page.waitForFunction(
        () => {
          const v = document.querySelector("video");
          return v && v.readyState >= 2 && !v.paused && v.currentTime > 0;
        },
        null,
        { timeout },
      );

    before(async () => {
      site = await target.start();
    });
    after(async () => {
      await site?.close();
    });

    beforeEach(async () => {
      consoleProblems = [];
      dialogs = [];
      await site.reset();
      await openPage();
    });

    afterEach(async () => {
      await page?.close();
      assert.deepEqual(consoleProblems, [], "no CSP violation or console error in the browser");
    });

    test("a fresh page shows no error, the price of the defaults, and the limit from the engine", async () => {
      assert.equal(await page.locator(".issue.error").count(), 0, "no error message");
      assert.equal(
        await page.locator('[aria-invalid="true"]').count(),
        0,
        "no field marked invalid",
      );
      assert.equal(
        await page.locator('[data-testid="compare"] td.bad').count(),
        0,
        "no error in the comparison",
      );
      const defaults = engine.validateRequest({
        model: engine.listModels().find((m) => m.is_default).id,
      });
      assert.ok(defaults.estimate, "the engine prices the defaults");
      assert.equal(
        await page.getByTestId("cost").textContent(),
        `${defaults.estimate.credits} credits ($${defaults.estimate.usd.toFixed(2)})`,
      );
      const limit = engine.listModels()[0].max_prompt_chars;
      assert.equal(await page.getByTestId("prompt-count").textContent(), `0 / ${limit} characters`);
      assert.match(
        await page.getByTestId("summary").textContent(),
        /prompt/i,
        "the summary says what is missing",
      );
      // The placeholder asks for a description rather than looking like a typed prompt.
      assert.match(await page.getByLabel("Prompt").getAttribute("placeholder"), /^Describe /);
      // Before the engine has loaded, the page shows no limit of its own.
      const html = await (await fetch(site.url)).text();
      assert.match(html, /data-testid="prompt-count"><\/span>/);
      assert.doesNotMatch(html, /\b2000\b/);
      await shot("desktop-arrival");
      // Pricing as the user types loads the engine entry only, one file that carries its wasm; the
      // client waits for Generate.
      assert.ok(
        requested.some((p) => p.endsWith("/pkg/engine/index.js")),
        `engine entry: ${requested}`,
      );
      assert.ok(
        !requested.some((p) => p.endsWith(".wasm")),
        `no wasm fetched yet (the engine's is in its entry): ${requested}`,
      );

      // Touching the prompt and leaving it empty shows the problem.
      await page.getByLabel("Prompt").focus();
      await page.getByLabel("Model").focus();
      await issuesFor("prompt").first().waitFor();
      assert.equal(await page.getByLabel("Prompt").getAttribute("aria-invalid"), "true");
    });

    test("the form is built from listModels() and follows the model", async () => {
      const models = engine.listModels();
      const optionValues = (label) =>
        page
          .getByLabel(label)
          .locator("option")
          .evaluateAll((options) => options.map((o) => o.value));
      assert.deepEqual(
        await optionValues("Model"),
        models.map((m) => m.id),
      );
      assert.equal(
        await page.getByLabel("Model").inputValue(),
        models.find((m) => m.is_default).id,
      );

      for (const model of models) {
        await page.getByLabel("Model").selectOption(model.id);
        assert.deepEqual(
          await optionValues("Duration (seconds)"),
          model.durations.map(String),
          model.id,
        );
        assert.deepEqual(await optionValues("Aspect ratio"), model.aspect_ratios, model.id);
        const accepted = [
          ...new Set([...model.resolutions, ...Object.keys(model.billed_resolutions)]),
        ];
        assert.deepEqual(await optionValues("Resolution"), accepted, model.id);
        assert.equal(
          await page.getByLabel("Reference video URLs").isVisible(),
          model.reference_video,
          model.id,
        );
        assert.equal(
          await page.getByLabel("Reference audio URLs").isVisible(),
          model.reference_audio,
          model.id,
        );
      }

      // The counter counts code points: two emoji are 2 characters, not 4 UTF-16 units.
      await page.getByLabel("Prompt").fill("ab😀😀");
      assert.equal(
        await page.getByTestId("prompt-count").textContent(),
        `4 / ${models[0].max_prompt_chars} characters`,
      );
    });

    test("switching the model says so when it changes the duration; a warning stretches no select", async () => {
      await page.getByLabel("Model").selectOption(MINI);
      await page.getByLabel("Duration (seconds)").selectOption("4");
      const note = page.getByTestId("duration-note");
      assert.equal(await note.isVisible(), false);
      await page.getByLabel("Model").selectOption("seedance-2.0");
      const now = await page.getByLabel("Duration (seconds)").inputValue();
      assert.notEqual(now, "4");
      await note.filter({ hasText: `no 4 s: changed to ${now} s` }).waitFor();
      // Choosing a duration again clears the note.
      await page.getByLabel("Duration (seconds)").selectOption("10");
      await note.filter({ hasText: /^$/ }).waitFor({ state: "attached" });
      assert.equal(await note.isVisible(), false);

      // A warning under Resolution leaves the Aspect ratio select beside it as tall as before.
      await page.getByLabel("Model").selectOption(MINI);
      const height = () =>
        page.getByLabel("Aspect ratio").evaluate((s) => s.getBoundingClientRect().height);
      const before = await height();
      await page.getByLabel("Resolution").selectOption("1080p");
      await issuesFor("resolution").filter({ hasText: "RESOLUTION_DOWNGRADED" }).waitFor();
      assert.equal(await height(), before);
      await shot("desktop-warning");
    });

    test("an invalid request disables the button and shows the engine message next to the field", async () => {
      const button = page.getByRole("button", { name: "Generate video" });
      await page.getByLabel("Prompt").fill("x");
      await page.getByLabel("Prompt").fill("");
      const emptyPrompt = engine.validateRequest({
        model: "seedance-2.0",
        duration: 5,
        resolution: "720p",
        aspect_ratio: "16:9",
      });
      const promptError = emptyPrompt.errors.find((i) => i.field === "prompt");
      assert.ok(promptError, "the engine rejects an empty prompt");
      await assert.doesNotReject(
        issuesFor("prompt").filter({ hasText: promptError.message }).waitFor(),
      );
      assert.equal(await button.isDisabled(), true);

      // A valid prompt enables it; a bad second image URL disables it again, with the message on images.
      await fillMiniRequest("A paper boat on a rainy street");
      await page.waitForFunction(() => !document.querySelector("#generate").disabled);
      assert.equal(await issuesFor("prompt").count(), 0);
      await page
        .getByLabel("Image URLs")
        .fill("https://example.com/a.png\nftp://example.com/b.png");
      const report = engine.validateRequest({
        prompt: "A paper boat on a rainy street",
        model: MINI,
        duration: 8,
        resolution: "720p",
        aspect_ratio: "16:9",
        images: ["https://example.com/a.png", "ftp://example.com/b.png"],
      });
      const imageError = report.errors.find((i) => i.field === "images[1]");
      assert.ok(imageError, "the engine rejects the ftp image");
      const item = issuesFor("images").filter({ hasText: imageError.message });
      await item.waitFor();
      assert.match(await item.textContent(), /Line 2/);
      assert.equal(await item.getAttribute("data-code"), imageError.code);
      assert.equal(await button.isDisabled(), true);
      await page.getByLabel("Image URLs").fill("https://example.com/a.png");
      await page.waitForFunction(() => !document.querySelector("#generate").disabled);
    });

    test("the comparison points each model to what stops it, model-specific first, and says each problem once", async () => {
      const prompt = "p".repeat(engine.listModels()[0].max_prompt_chars + 1);
      await fillMiniRequest(prompt);
      const request = {
        prompt,
        model: MINI,
        duration: 8,
        resolution: "720p",
        aspect_ratio: "16:9",
      };
      const compared = engine.compareModels(request);
      const full = compared.find((e) => e.model === "seedance-2.0");
      assert.deepEqual(
        full.errors.map((i) => i.field).sort(),
        ["duration", "prompt"],
        "the engine blocks 2.0 twice",
      );
      const problems = page.getByTestId("compare-problems").locator("li");
      const problemTexts = await problems.allTextContents();
      for (const entry of compared) {
        const row = page.locator(`[data-testid="compare"] tr[data-model="${entry.model}"]`);
        const reasons = row.locator("td.bad li");
        assert.deepEqual(
          (await reasons.evaluateAll((lis) => lis.map((li) => li.dataset.code))).sort(),
          entry.errors.map((i) => i.code).sort(),
          entry.model,
        );
        // Each reason points, by number, to the one sentence that says it.
        for (const li of await reasons.all()) {
          const n = Number(await li.getAttribute("data-problem"));
          assert.match(await li.textContent(), new RegExp(`\\(see ${n}\\)$`));
          const code = await li.getAttribute("data-code");
          const issue = entry.errors.find((i) => i.code === code);
          assert.ok(problemTexts[n - 1].includes(issue.message), `${entry.model} ${code} -> ${n}`);
        }
        if (entry.model !== MINI) {
          assert.equal(
            await reasons.first().getAttribute("data-code"),
            "INVALID_DURATION",
            `${entry.model}: what only this model rejects comes first`,
          );
        }
      }
      // The prompt is too long for every model: said once, not once per row.
      const promptMessage = full.errors.find((i) => i.field === "prompt").message;
      assert.equal(problemTexts.filter((t) => t.includes(promptMessage)).length, 1, problemTexts);
      assert.match(
        problemTexts.find((t) => t.includes(promptMessage)),
        /^Every model: /,
      );
      assert.equal(problemTexts.length, new Set(problemTexts).size, "no sentence twice");
      await shot("desktop-blockers");
    });

    test("Mini 8 s 720p costs 246 credits, runs, and plays the video", async () => {
      await control("config", { taskDurationMs: 1500 });
      await fillMiniRequest("A hummingbird hovering over a red flower, macro");
      await page.getByTestId("cost").filter({ hasText: "246 credits ($2.46)" }).waitFor();

      // The comparison table: every model, priced by the engine.
      const compared = engine.compareModels({
        prompt: "A hummingbird hovering over a red flower, macro",
        model: MINI,
        duration: 8,
        resolution: "720p",
        aspect_ratio: "16:9",
      });
      for (const entry of compared) {
        const row = page.locator(`[data-testid="compare"] tr[data-model="${entry.model}"]`);
        const cells = await row.locator("td").allTextContents();
        assert.equal(cells[0], entry.estimate ? String(entry.estimate.credits) : "—", entry.model);
        if (entry.ok) assert.equal(cells[1], "ok", entry.model);
        else
          assert.deepEqual(
            await row.locator("td.bad li").evaluateAll((lis) => lis.map((li) => li.dataset.code)),
            entry.errors.map((i) => i.code),
            entry.model,
          );
      }

      // The client comes from the browser entry (one file, its wasm inside); the proxy's full
      // build is never needed.
      const clientWasm = (p) => p.endsWith("/pkg/browser/index.js");
      const proxyWasm = (p) => p.endsWith("/pkg/seedance_wasm_bg.wasm");
      assert.ok(!requested.some(clientWasm), "the client is not loaded before Generate");
      await page.getByRole("button", { name: "Generate video" }).click();
      await taskIdShown();
      assert.ok(requested.some(clientWasm), "Generate loads the client");
      assert.ok(!requested.some(proxyWasm), `the page never loads the proxy's build: ${requested}`);
      const id = await page.getByTestId("task-id").textContent();
      assert.equal(
        await page.getByRole("button", { name: "Generate video" }).isDisabled(),
        true,
        "no second submit while running",
      );
      assert.equal(await page.locator("progress").count(), 1);
      assert.equal(await page.getByRole("button", { name: "Cancel" }).isVisible(), true);
      // The card describes the running task, whatever the form says now.
      await page.getByLabel("Prompt").fill("Something else entirely");
      await page.getByLabel("Duration (seconds)").selectOption("4");
      assert.match(
        await page.getByTestId("task-request").textContent(),
        /Seedance 2 Mini · 8 s · 720p.*hummingbird/,
      );
      assert.equal(await page.getByTestId("task-price").textContent(), "246 credits ($2.46)");
      assert.equal(
        await page.getByLabel("Estimated progress").count(),
        1,
        "the bar says it is an estimate",
      );
      await page
        .getByTestId("progress-note")
        .filter({ hasText: /^Estimate: Seedance 2 Mini usually takes about/ })
        .waitFor();
      await shot("desktop-running");

      await videoPlays();
      const t1 = await page.locator("video").evaluate((v) => v.currentTime);
      await page.waitForFunction((t) => document.querySelector("video").currentTime !== t, t1);
      const video = await page.locator("video").evaluate((v) => ({
        controls: v.controls,
        autoplay: v.autoplay,
        muted: v.muted,
        loop: v.loop,
        src: v.currentSrc,
      }));
      assert.deepEqual(
        { ...video, src: undefined },
        { controls: true, autoplay: true, muted: true, loop: true, src: undefined },
      );
      assert.equal(new URL(video.src).pathname, "/assets/sample.mp4");
      assert.equal(await page.getByTestId("progress").evaluate((p) => p.value), 100);
      assert.match(await page.getByTestId("elapsed").textContent(), /^\d+(\.\d)? s$/);
      // The status in words, the service's own value beside it.
      assert.equal(await page.getByTestId("task-status").textContent(), "Done");
      assert.equal(await page.getByTestId("task-raw-status").textContent(), "SUCCESS");
      // A download link to the same file, and the note that the link expires.
      assert.equal(await page.getByTestId("download").getAttribute("href"), video.src);
      assert.match(await page.getByTestId("expiry-note").textContent(), /about 24 hours/);

      // What reached the mock: the Mini request, in the demo namespace.
      const { tasks } = await control("tasks");
      assert.equal(tasks.length, 1);
      assert.equal(tasks[0].task_id, id);
      assert.equal(tasks[0].model, MINI);
      assert.equal(tasks[0].consumed_credits, 246);
      const log = (await control("log")).requests;
      assert.ok(log.every((r) => r.authorization === `Bearer ${KEY}`));
      assert.equal(
        await page.evaluate(() => sessionStorage.getItem("seedance-demo.tasks")),
        "[]",
        "a finished task is forgotten",
      );
      await shot("desktop-done");
    });

    test('Cancel stops polling, keeps the task id, and "Check again" resumes it to a playing video', async () => {
      const id = await startLongTask("A slow sunrise over mountains");

      // Two polls show the client's interval; then cancel.
      const deadline = Date.now() + 60000;
      let polls = await statusRequests();
      while (polls.length < 2) {
        assert.ok(Date.now() < deadline, "the page polls the task");
        await sleep(100);
        polls = await statusRequests();
      }
      const interval = polls[1].at - polls[0].at;
      await page.getByRole("button", { name: "Cancel" }).click();
      await page.getByTestId("task-status").filter({ hasText: "Cancelled" }).waitFor();
      await sleep(300); // a poll already on the wire may still land
      const before = (await statusRequests()).length;
      await sleep(2 * interval + 3000);
      assert.equal((await statusRequests()).length, before, "no status request after Cancel");
      assert.equal(
        await page.getByRole("button", { name: "Generate video" }).isDisabled(),
        false,
        "ready again",
      );
      assert.equal(await page.locator("video").count(), 0, "no video");
      assert.equal(await page.getByTestId("task-id").textContent(), id, "the task id stays");
      assert.equal(await page.getByTestId("check-again").isVisible(), true);
      await shot("desktop-cancelled");

      await page.getByTestId("check-again").click();
      const deadline2 = Date.now() + 30000;
      while ((await statusRequests()).length <= before) {
        assert.ok(Date.now() < deadline2, '"Check again" polls the task again');
        await sleep(100);
      }
      await control("finish", { task_id: id });
      await videoPlays();
      assert.equal(await page.getByTestId("task-id").textContent(), id);
      assert.equal((await control("tasks")).tasks.length, 1, "no second task was created");
    });

    test('a status request that fails keeps the task id, and "Check again" resumes it', async () => {
      await control("config", { taskDurationMs: 120000 });
      // The status endpoint answers 400 once: not a retryable error, so the wait ends.
      await control("faults", { faults: [{ kind: "http", status: 400, on: "status" }] });
      await fillMiniRequest("A train crossing a bridge");
      await page.getByRole("button", { name: "Generate video" }).click();
      await page.getByTestId("check-again").waitFor();
      const id = await page.getByTestId("task-id").textContent();
      assert.match(id, /^n90/);
      assert.equal(await page.getByTestId("task-status").textContent(), "Could not check the task");
      assert.match(await page.getByTestId("task-raw-status").textContent(), /^HTTP_ERROR/);
      assert.match(await page.getByTestId("message").textContent(), /may still finish/);
      await shot("desktop-lost");
      await page.getByTestId("check-again").click();
      await page.getByTestId("task-status").filter({ hasText: "Generating" }).waitFor();
      await control("finish", { task_id: id });
      await videoPlays();
      // Chromium logs the injected 400 itself; nothing else may appear.
      consoleProblems = consoleProblems.filter((m) => !/status of 400 \(Bad Request\)/.test(m));
    });

    test("a reload resumes the running task and keeps the whole form", async () => {
      await page.getByLabel("Model").selectOption(MINI);
      await page.getByLabel("Aspect ratio").selectOption("1:1");
      await page.getByLabel("Image URLs").fill("https://example.com/a.png");
      await page.getByLabel("Reference video URLs").fill("https://example.com/motion.mp4");
      await page.getByLabel("Callback URL").fill("https://hooks.example.com/seedance");
      const form = () =>
        page.evaluate(() =>
          Object.fromEntries(
            [...document.querySelectorAll("#form [name]")].map((c) => [c.name, c.value]),
          ),
        );
      const id = await startLongTask("A lighthouse in a storm");
      const typed = await form();
      assert.equal(typed.prompt, "A lighthouse in a storm");
      assert.equal(typed.aspect_ratio, "1:1");
      const remembered = JSON.parse(
        await page.evaluate(() => sessionStorage.getItem("seedance-demo.tasks")),
      );
      assert.deepEqual(
        remembered.map((t) => t.id),
        [id],
      );

      await page.reload();
      await waitReady();
      await page.getByTestId("task-id").filter({ hasText: id }).waitFor();
      await page.getByTestId("task-status").filter({ hasText: "Generating" }).waitFor();
      assert.match(
        await page.getByTestId("task-request").textContent(),
        /Seedance 2 Mini · 8 s.*lighthouse/,
      );
      assert.deepEqual(await form(), typed, "every field as it was, the prompt included");
      await control("finish", { task_id: id });
      await videoPlays();
      assert.equal((await control("tasks")).tasks.length, 1, "no second task was created");
    });

    test("a hostile error message from the server is shown as text, with what it means for the credits", async () => {
      const hostile = "<img src=x onerror=alert(1)>";
      await control("config", { taskDurationMs: 500, failMessage: hostile });
      await fillMiniRequest("Please FAIL this one");
      await page.getByRole("button", { name: "Generate video" }).click();
      const message = page.getByTestId("message");
      await message.filter({ hasText: "TASK_FAILED" }).waitFor({ timeout: 30000 });
      const text = await message.textContent();
      assert.ok(text.includes(hostile), `the message shows the literal text: ${text}`);
      assert.match(text, /n90[0-9a-f]+/, "with the task id");
      assert.ok((await page.evaluate(() => document.body.textContent)).includes("<img"));
      assert.equal(await page.locator("img").count(), 0, "no img element was created");
      const { tasks } = await control("tasks");
      assert.match(
        await page.getByTestId("task-credits").textContent(),
        new RegExp(
          `^${tasks[0].consumed_credits} deducted when the task was created, refunded because it failed`,
        ),
      );
      assert.equal(await page.getByTestId("task-status").textContent(), "Failed");
      assert.equal(await page.getByTestId("task-raw-status").textContent(), "FAILED");
      await sleep(500);
      assert.deepEqual(dialogs, [], "no dialog");
      await shot("desktop-failed");
    });

    test("several videos in the reply: each is shown with its own download link", {
      skip: targetName === "static" && "the static build has no network to intercept",
    }, async () => {
      await control("config", { taskDurationMs: 0 });
      // The service may return more than one video: the status reply is rewritten to carry two.
      await page.route("**/v2/status?*", async (route) => {
        const reply = await route.fetch();
        const body = await reply.json();
        const first = body.data?.response?.[0];
        if (first) body.data.response = [first, `${first}?second`];
        await route.fulfill({ response: reply, json: body });
      });
      await fillMiniRequest("Two takes of a paper plane");
      await page.getByRole("button", { name: "Generate video" }).click();
      await page
        .getByTestId("message")
        .filter({ hasText: "Done: 2 videos." })
        .waitFor({ timeout: 30000 });
      const links = await page
        .getByTestId("download")
        .evaluateAll((as) => as.map((a) => new URL(a.href).search));
      assert.deepEqual(links, ["", "?second"]);
      assert.equal(await page.locator("video").count(), 2);
      await page.waitForFunction(() =>
        [...document.querySelectorAll("video")].every((v) => v.readyState >= 2),
      );
      await shot("desktop-two-videos");
    });

    test("390 × 844: the model select and the cost card are fully visible, the cost before the button", async () => {
      await page.close();
      await openPage(PHONE);
      await shot("phone-arrival", { fullPage: false });
      const inside = async (locator, what) => {
        await locator.scrollIntoViewIfNeeded();
        const box = await locator.boundingBox();
        assert.ok(
          box.x >= 0 && box.x + box.width <= PHONE.width,
          `${what} fits the width: ${JSON.stringify(box)}`,
        );
        assert.ok(
          box.y >= 0 && box.y + box.height <= PHONE.height,
          `${what} fits the screen: ${JSON.stringify(box)}`,
        );
        return box;
      };
      const select = page.getByLabel("Model");
      await select.selectOption(MINI);
      await inside(select, "the model select");
      // The select is wide enough for its longest option's text (plus its arrow).
      const fits = await select.evaluate((s) => {
        const probe = document.createElement("span");
        probe.style.font = getComputedStyle(s).font;
        probe.textContent = [...s.options].reduce(
          (a, o) => (o.text.length > a.length ? o.text : a),
          "",
        );
        return { text: probe.textContent, width: s.clientWidth };
      });
      assert.ok(fits.width >= 200, `the model select is ${fits.width}px wide for "${fits.text}"`);
      await page.getByLabel("Prompt").fill("A kite over a beach");
      const card = page.locator("section.price");
      await inside(card, "the cost card");
      await shot("phone-cost", { fullPage: false });
      const button = await page.getByRole("button", { name: "Generate video" }).boundingBox();
      const cardBox = await card.boundingBox();
      assert.ok(
        cardBox.y + cardBox.height <= button.y,
        "the cost card comes before the Generate button",
      );
      await shot("phone-full");

      // A run on the phone: the task card fits the width too.
      await control("config", { taskDurationMs: 1000 });
      await page.getByRole("button", { name: "Generate video" }).click();
      await videoPlays();
      const task = await page.getByTestId("task").boundingBox();
      assert.ok(
        task.x >= 0 && task.x + task.width <= PHONE.width,
        `the task card fits the width: ${JSON.stringify(task)}`,
      );
      assert.equal(
        await page.evaluate(() => document.documentElement.scrollWidth),
        PHONE.width,
        "no sideways scrolling",
      );
      await shot("phone-done");
    });
  });
}

test("the page is served with a strict CSP, nosniff, and the package with the right types", async () => {
  const demo = await startDemoServer({ port: 0 });
  try {
    const res = await fetch(demo.url);
    const csp = res.headers.get("content-security-policy");
    for (const directive of [
      "default-src 'none'",
      "script-src 'self' 'wasm-unsafe-eval'",
      "style-src 'self'",
      "connect-src 'self'",
      "media-src 'self'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ]) {
      assert.ok(csp.includes(directive), `CSP has ${directive}: ${csp}`);
    }
    assert.equal(res.headers.get("x-content-type-options"), "nosniff");
    const html = await res.text();
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/i, "no inline script");
    assert.doesNotMatch(html, /<style|\sstyle=/i, "no inline style");

    const wasm = await fetch(new URL("/pkg/seedance_wasm_bg.wasm", demo.url));
    assert.equal(wasm.headers.get("content-type"), "application/wasm");
    const js = await fetch(new URL("/pkg/index.js", demo.url));
    assert.match(js.headers.get("content-type"), /^text\/javascript/);
    for (const p of [
      "/server.mjs",
      "/build-static.mjs",
      "/pkg/../package.json",
      "/%2e%2e/package.json",
      "/..%2fpackage.json",
    ]) {
      const r = await fetch(new URL(p, demo.url));
      assert.equal(r.status, 404, `${p} is not served`);
    }
  } finally {
    await demo.close();
  }
});

test("make demo-static: the page carries its CSP, and no key or server file is in the folder", async () => {
  const dir = await buildStatic();
  const html = await readFile(path.join(dir, "index.html"), "utf8");
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
  assert.ok(csp, "a CSP meta element");
  for (const directive of [
    "default-src 'none'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "connect-src 'self'",
    "media-src 'self'",
  ]) {
    assert.ok(csp.includes(directive), `CSP has ${directive}: ${csp}`);
  }
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/i, "no inline script");
  assert.equal(JSON.parse(await readFile(path.join(dir, "demo.json"), "utf8")).mode, "sandbox");
  const { readdir } = await import("node:fs/promises");
  const files = (await readdir(dir, { recursive: true })).map((f) => f.split(path.sep).join("/"));
  for (const f of [
    "app.js",
    "i18n.js",
    "engine.js",
    "sandbox.js",
    "mock-api/mock.js",
    "assets/sample.mp4",
    "pkg/browser/index.js",
    "pkg/browser/seedance_wasm_bg.wasm",
    "pkg/engine/index.js",
    "pkg/engine/seedance_wasm_bg.wasm",
    "pkg/zh-CN.js",
  ]) {
    assert.ok(files.includes(f), `${f} is in the build`);
  }
  assert.ok(
    !files.some((f) => /server\.mjs$|pkg\/node\.js$|pkg\/workerd\.js$|\.mjs$/.test(f)),
    `no server-side file: ${files}`,
  );
});

// `node www/server.mjs` as a user starts it: one line with the URL, SIGTERM ends it cleanly.
function startCli(env) {
  const child = spawn(process.execPath, [SERVER], { env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.on("data", (c) => {
    out += c;
  });
  child.stderr.on("data", (c) => {
    err += c;
  });
  const exited = once(child, "exit");
  const listening = new Promise((resolve, reject) => {
    child.stdout.on("data", () => {
      const m = /^demo listening on (http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(out);
      if (m) resolve(m[1]);
    });
    exited.then(([code]) =>
      reject(Object.assign(new Error(`exited with ${code}: ${err}`), { code, err })),
    );
  });
  return { child, listening, exited, output: () => ({ out, err }) };
}
const cleanEnv = () => {
  const env = { ...process.env, PORT: "0" };
  delete env.SEEDANCE_API_KEY;
  delete env.SEEDANCE_UPSTREAM;
  return env;
};

test("node www/server.mjs prints its URL, serves the page and the mock, and stops on SIGTERM", async () => {
  const cli = startCli(cleanEnv());
  try {
    const url = await cli.listening;
    const page = await fetch(url);
    assert.equal(page.status, 200);
    assert.ok(page.headers.get("content-security-policy"));
    const created = await fetch(new URL("/v2/generate", url), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ prompt: "cli check", model: MINI, duration: 8 }),
    });
    assert.equal(
      (await created.json()).data.consumed_credits,
      246,
      "the mock answers under the demo key",
    );
  } finally {
    cli.child.kill("SIGTERM");
  }
  const [code] = await cli.exited;
  assert.equal(code, 0);
});

test("with an API key, /v2 goes through createProxyHandler with the server key only", async () => {
  // The "real API" is another mock on its own port; its namespace shows which key reached it.
  const upstreamMock = createMock({ defaultTaskDurationMs: 200 });
  const upstream = http.createServer((req, res) => {
    if (!upstreamMock.handle(req, res)) {
      req.resume();
      res.writeHead(404).end();
    }
  });
  upstream.listen(0, "127.0.0.1");
  await once(upstream, "listening");
  const serverKey = "sk-server-side-key";
  const proxied = await startDemoServer({
    port: 0,
    apiKey: serverKey,
    upstream: `http://127.0.0.1:${upstream.address().port}/v2`,
  });
  try {
    const page = await fetch(proxied.url);
    assert.match(page.headers.get("content-security-policy"), /media-src 'self' https:/);
    assert.doesNotMatch(await page.text(), new RegExp(serverKey));
    // The page comes with the browser session the proxy's quota counts by.
    const cookie = page.headers.get("set-cookie").split(";")[0];

    const created = await fetch(new URL("/v2/generate", proxied.url), {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: "Bearer browser-key",
        cookie,
      },
      body: JSON.stringify({ prompt: "proxied", model: MINI, duration: 8 }),
    });
    const body = await created.json();
    assert.equal(created.status, 200, JSON.stringify(body));
    assert.match(body.data.task_id, /^n90/);
    const status = await fetch(new URL(`/v2/status?task_id=${body.data.task_id}`, proxied.url), {
      headers: { cookie },
    });
    assert.equal(status.status, 200);

    const seen = upstreamMock.state.namespaces;
    assert.equal(
      seen.get(serverKey)?.log.length,
      2,
      "both calls reached the upstream with the server key",
    );
    assert.ok(seen.get(serverKey).log.every((r) => r.authorization === `Bearer ${serverKey}`));
    assert.equal(seen.has("browser-key"), false, "the browser's Authorization is ignored");

    const crossSite = await fetch(new URL("/v2/status?task_id=x", proxied.url), {
      headers: { origin: "https://evil.example" },
    });
    assert.equal(crossSite.status, 403, "another site cannot spend the credits");
    assert.equal(seen.get(serverKey).log.length, 2);
  } finally {
    await proxied.close();
    upstream.closeAllConnections();
    upstream.close();
  }
});
