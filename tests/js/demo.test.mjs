// The demo page (www/) in headless Chromium against the demo server and its embedded mock API:
// the form built from listModels(), validation and pricing from the engine, a full run to a
// playing video, Cancel, and a hostile error message shown as text. Also checks the page's
// security headers and that the browser reports no CSP violation or console error.
// Needs a built pkg/ (`make build`) and /usr/bin/chromium (`make setup-test`).
import { describe, test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir } from 'node:fs/promises';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createMock } from '../mock-api/mock.mjs';
import { startDemoServer } from '../../www/server.mjs';

const SERVER = fileURLToPath(new URL('../../www/server.mjs', import.meta.url));
const OUT_DIR = fileURLToPath(new URL('../out/', import.meta.url));
const SCREENSHOT = fileURLToPath(new URL('../out/demo.png', import.meta.url));
const KEY = 'demo';
const MINI = 'seedance-2-mini';

// The engine itself, to compare the page with (the page must show what the engine says).
const engine = await import('../../pkg/node.js');

let demo;
let browser;
let page;
let consoleProblems;
let dialogs;

async function control(endpoint, body = {}) {
  const res = await fetch(new URL(`/__mock/${endpoint}`, demo.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ key: KEY, ...body }),
  });
  const json = await res.json();
  assert.equal(json.ok, true, `/__mock/${endpoint}: ${json.error}`);
  return json;
}
const statusRequests = async () =>
  (await control('log')).requests.filter((r) => r.method === 'GET' && r.path === '/v2/status');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  assert.equal(typeof engine.SeedanceClient, 'function', 'pkg/ has no SeedanceClient: rebuild with `make build`');
  demo = await startDemoServer({ port: 0 });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--autoplay-policy=no-user-gesture-required'],
  });
});

after(async () => {
  await browser?.close();
  await demo?.close();
});

async function fillMiniRequest(prompt) {
  await page.getByLabel('Prompt').fill(prompt);
  await page.getByLabel('Model').selectOption(MINI);
  await page.getByLabel('Duration (seconds)').selectOption('8');
  await page.getByLabel('Resolution').selectOption('720p');
}

const issuesFor = (field) => page.locator(`[data-issues-for="${field}"] li`);

test('the page is served with a strict CSP, nosniff, and the package with the right types', async () => {
  const res = await fetch(demo.url);
  const csp = res.headers.get('content-security-policy');
  for (const directive of ["default-src 'none'", "script-src 'self' 'wasm-unsafe-eval'", "style-src 'self'",
    "connect-src 'self'", "media-src 'self'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'"]) {
    assert.ok(csp.includes(directive), `CSP has ${directive}: ${csp}`);
  }
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  const html = await res.text();
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/i, 'no inline script');
  assert.doesNotMatch(html, /<style|\sstyle=/i, 'no inline style');

  const wasm = await fetch(new URL('/pkg/seedance_wasm_bg.wasm', demo.url));
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  const js = await fetch(new URL('/pkg/index.js', demo.url));
  assert.match(js.headers.get('content-type'), /^text\/javascript/);
  for (const path of ['/server.mjs', '/pkg/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json']) {
    const r = await fetch(new URL(path, demo.url));
    assert.equal(r.status, 404, `${path} is not served`);
  }
});

describe('the page in Chromium', () => {
  beforeEach(async () => {
    await control('reset');
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    consoleProblems = [];
    dialogs = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error' || /Content.Security.Policy/i.test(msg.text())) consoleProblems.push(msg.text());
    });
    page.on('pageerror', (err) => consoleProblems.push(`page error: ${err.message}`));
    page.on('dialog', (dialog) => { dialogs.push(dialog.message()); dialog.dismiss().catch(() => {}); });
    await page.goto(demo.url);
    await page.getByLabel('Model').locator('option').first().waitFor({ state: 'attached', timeout: 10000 })
      .catch((e) => { throw new Error(`the page did not start: ${consoleProblems.join('; ') || e.message}`); });
  });

  afterEach(async () => {
    await page?.close();
    assert.deepEqual(consoleProblems, [], 'no CSP violation or console error in the browser');
  });

  test('the form is built from listModels() and follows the model', async () => {
    const models = engine.listModels();
    const optionValues = (label) => page.getByLabel(label).locator('option')
      .evaluateAll((options) => options.map((o) => o.value));
    assert.deepEqual(await optionValues('Model'), models.map((m) => m.id));
    assert.equal(await page.getByLabel('Model').inputValue(), models.find((m) => m.is_default).id);

    for (const model of models) {
      await page.getByLabel('Model').selectOption(model.id);
      assert.deepEqual(await optionValues('Duration (seconds)'), model.durations.map(String), model.id);
      assert.deepEqual(await optionValues('Aspect ratio'), model.aspect_ratios, model.id);
      const accepted = [...new Set([...model.resolutions, ...Object.keys(model.billed_resolutions)])];
      assert.deepEqual(await optionValues('Resolution'), accepted, model.id);
      assert.equal(await page.getByLabel('Reference video URLs').isVisible(), model.reference_video, model.id);
      assert.equal(await page.getByLabel('Reference audio URLs').isVisible(), model.reference_audio, model.id);
    }

    // The counter counts code points: two emoji are 2 characters, not 4 UTF-16 units.
    await page.getByLabel('Prompt').fill('ab😀😀');
    assert.match(await page.getByTestId('prompt-count').textContent(), /^4 \/ 2000/);
  });

  test('an invalid request disables the button and shows the engine message next to the field', async () => {
    const button = page.getByRole('button', { name: 'Generate video' });
    await page.getByLabel('Prompt').fill('');
    const emptyPrompt = engine.validateRequest({ model: 'seedance-2.0', duration: 5, resolution: '720p', aspect_ratio: '16:9' });
    const promptError = emptyPrompt.errors.find((i) => i.field === 'prompt');
    assert.ok(promptError, 'the engine rejects an empty prompt');
    await assert.doesNotReject(issuesFor('prompt').filter({ hasText: promptError.message }).waitFor());
    assert.equal(await button.isDisabled(), true);

    // A valid prompt enables it; a bad second image URL disables it again, with the message on images.
    await fillMiniRequest('A paper boat on a rainy street');
    await page.waitForFunction(() => !document.querySelector('#generate').disabled);
    assert.equal(await issuesFor('prompt').count(), 0);
    await page.getByLabel('Image URLs').fill('https://example.com/a.png\nftp://example.com/b.png');
    const report = engine.validateRequest({
      prompt: 'A paper boat on a rainy street', model: MINI, duration: 8, resolution: '720p', aspect_ratio: '16:9',
      images: ['https://example.com/a.png', 'ftp://example.com/b.png'],
    });
    const imageError = report.errors.find((i) => i.field === 'images[1]');
    assert.ok(imageError, 'the engine rejects the ftp image');
    const item = issuesFor('images').filter({ hasText: imageError.message });
    await item.waitFor();
    assert.match(await item.textContent(), /Line 2/);
    assert.equal(await item.getAttribute('data-code'), imageError.code);
    assert.equal(await button.isDisabled(), true);
    await page.getByLabel('Image URLs').fill('https://example.com/a.png');
    await page.waitForFunction(() => !document.querySelector('#generate').disabled);
  });

  test('Mini 8 s 720p costs 246 credits, runs, and plays the video', async () => {
    await control('config', { taskDurationMs: 1500 });
    await fillMiniRequest('A hummingbird hovering over a red flower, macro');
    await page.getByTestId('cost').filter({ hasText: '246 credits ($2.46)' }).waitFor();

    // The comparison table: every model, priced by the engine.
    const compared = engine.compareModels({
      prompt: 'A hummingbird hovering over a red flower, macro', model: MINI, duration: 8, resolution: '720p', aspect_ratio: '16:9',
    });
    for (const entry of compared) {
      const row = page.locator(`[data-testid="compare"] tr[data-model="${entry.model}"]`);
      const cells = await row.locator('td').allTextContents();
      assert.equal(cells[0], entry.estimate ? String(entry.estimate.credits) : '—', entry.model);
      assert.equal(cells[1], entry.ok ? 'ok' : entry.errors[0].message, entry.model);
    }

    await page.getByRole('button', { name: 'Generate video' }).click();
    const taskId = page.getByTestId('task-id');
    await page.waitForFunction(() => /^n90/.test(document.querySelector('[data-testid="task-id"]').textContent));
    const id = await taskId.textContent();
    assert.equal(await page.getByRole('button', { name: 'Generate video' }).isDisabled(), true, 'no second submit while running');
    assert.equal(await page.locator('progress').count(), 1);
    assert.equal(await page.getByRole('button', { name: 'Cancel' }).isVisible(), true);

    await page.waitForFunction(() => {
      const v = document.querySelector('video');
      return v && v.readyState >= 2 && !v.paused && v.currentTime > 0;
    }, null, { timeout: 30000 });
    const t1 = await page.locator('video').evaluate((v) => v.currentTime);
    await page.waitForFunction((t) => document.querySelector('video').currentTime !== t, t1);
    const video = await page.locator('video').evaluate((v) => ({
      controls: v.controls, autoplay: v.autoplay, muted: v.muted, loop: v.loop, src: v.currentSrc,
    }));
    assert.deepEqual({ ...video, src: undefined }, { controls: true, autoplay: true, muted: true, loop: true, src: undefined });
    assert.equal(new URL(video.src).pathname, '/assets/sample.mp4');
    assert.equal(await page.getByTestId('progress').evaluate((p) => p.value), 100);
    assert.match(await page.getByTestId('elapsed').textContent(), /^\d+(\.\d)? s$/);

    // What reached the mock: the Mini request, under the demo key the server added.
    const { tasks } = await control('tasks');
    assert.equal(tasks.length, 1);
    assert.equal(tasks[0].task_id, id);
    assert.equal(tasks[0].model, MINI);
    assert.equal(tasks[0].consumed_credits, 246);
    const log = (await control('log')).requests;
    assert.ok(log.every((r) => r.authorization === `Bearer ${KEY}`));

    await mkdir(OUT_DIR, { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  test('Cancel stops polling', async () => {
    await control('config', { taskDurationMs: 120000 });
    await fillMiniRequest('A slow sunrise over mountains');
    await page.getByRole('button', { name: 'Generate video' }).click();
    await page.waitForFunction(() => /^n90/.test(document.querySelector('[data-testid="task-id"]').textContent));

    // Two polls show the client's interval; then cancel.
    let polls;
    const deadline = Date.now() + 60000;
    while ((polls = await statusRequests()).length < 2) {
      assert.ok(Date.now() < deadline, 'the page polls the task');
      await sleep(100);
    }
    const interval = polls[1].at - polls[0].at;
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('task-status').filter({ hasText: 'Cancelled' }).waitFor();
    await sleep(300); // a poll already on the wire may still land
    const before = (await statusRequests()).length;
    await sleep(2 * interval + 3000);
    assert.equal((await statusRequests()).length, before, 'no status request after Cancel');
    assert.equal(await page.getByRole('button', { name: 'Generate video' }).isDisabled(), false, 'ready again');
    assert.equal(await page.locator('video').evaluate((v) => v.currentSrc), '');
  });

  test('a hostile error message from the server is shown as text', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    await control('config', { taskDurationMs: 500, failMessage: hostile });
    await fillMiniRequest('Please FAIL this one');
    await page.getByRole('button', { name: 'Generate video' }).click();
    const message = page.getByTestId('message');
    await message.filter({ hasText: 'TASK_FAILED' }).waitFor({ timeout: 30000 });
    const text = await message.textContent();
    assert.ok(text.includes(hostile), `the message shows the literal text: ${text}`);
    assert.match(text, /n90[0-9a-f]+/, 'with the task id');
    assert.ok((await page.evaluate(() => document.body.textContent)).includes('<img'));
    assert.equal(await page.locator('img').count(), 0, 'no img element was created');
    await sleep(500);
    assert.deepEqual(dialogs, [], 'no dialog');
  });
});

// `node www/server.mjs` as a user starts it: one line with the URL, SIGTERM ends it cleanly.
function startCli(env) {
  const child = spawn(process.execPath, [SERVER], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c) => { out += c; });
  child.stderr.on('data', (c) => { err += c; });
  const exited = once(child, 'exit');
  const listening = new Promise((resolve, reject) => {
    child.stdout.on('data', () => {
      const m = /^demo listening on (http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(out);
      if (m) resolve(m[1]);
    });
    exited.then(([code]) => reject(Object.assign(new Error(`exited with ${code}: ${err}`), { code, err })));
  });
  return { child, listening, exited, output: () => ({ out, err }) };
}
const cleanEnv = () => {
  const env = { ...process.env, PORT: '0' };
  delete env.SEEDANCE_API_KEY;
  delete env.SEEDANCE_UPSTREAM;
  return env;
};

test('node www/server.mjs prints its URL, serves the page and the mock, and stops on SIGTERM', async () => {
  const cli = startCli(cleanEnv());
  try {
    const url = await cli.listening;
    const page = await fetch(url);
    assert.equal(page.status, 200);
    assert.ok(page.headers.get('content-security-policy'));
    const created = await fetch(new URL('/v2/generate', url), {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'cli check', model: MINI, duration: 8 }),
    });
    assert.equal((await created.json()).data.consumed_credits, 246, 'the mock answers under the demo key');
  } finally {
    cli.child.kill('SIGTERM');
  }
  const [code] = await cli.exited;
  assert.equal(code, 0);
});

test('with an API key, /v2 goes through createProxyHandler with the server key only', async () => {
  // The "real API" is another mock on its own port; its namespace shows which key reached it.
  const upstreamMock = createMock({ defaultTaskDurationMs: 200 });
  const upstream = http.createServer((req, res) => {
    if (!upstreamMock.handle(req, res)) { req.resume(); res.writeHead(404).end(); }
  });
  upstream.listen(0, '127.0.0.1');
  await once(upstream, 'listening');
  const serverKey = 'sk-server-side-key';
  const proxied = await startDemoServer({
    port: 0, apiKey: serverKey, upstream: `http://127.0.0.1:${upstream.address().port}/v2`,
  });
  try {
    const page = await fetch(proxied.url);
    assert.match(page.headers.get('content-security-policy'), /media-src 'self' https:/);
    assert.doesNotMatch(await page.text(), new RegExp(serverKey));

    const created = await fetch(new URL('/v2/generate', proxied.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer browser-key' },
      body: JSON.stringify({ prompt: 'proxied', model: MINI, duration: 8 }),
    });
    const body = await created.json();
    assert.equal(created.status, 200, JSON.stringify(body));
    assert.match(body.data.task_id, /^n90/);
    const status = await fetch(new URL(`/v2/status?task_id=${body.data.task_id}`, proxied.url));
    assert.equal(status.status, 200);

    const seen = upstreamMock.state.namespaces;
    assert.equal(seen.get(serverKey)?.log.length, 2, 'both calls reached the upstream with the server key');
    assert.ok(seen.get(serverKey).log.every((r) => r.authorization === `Bearer ${serverKey}`));
    assert.equal(seen.has('browser-key'), false, "the browser's Authorization is ignored");

    const crossSite = await fetch(new URL('/v2/status?task_id=x', proxied.url), { headers: { origin: 'https://evil.example' } });
    assert.equal(crossSite.status, 403, 'another site cannot spend the credits');
    assert.equal(seen.get(serverKey).log.length, 2);
  } finally {
    await proxied.close();
    upstream.closeAllConnections();
    upstream.close();
  }
});
