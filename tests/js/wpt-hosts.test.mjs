// Differential test of the engine's URL rule against the WHATWG URL test data of
// web-platform-tests (tests/data/wpt/): every entry's input, used as a callback URL and as an image
// URL (one rule: the verdicts must match), against the runtime's own `new URL()` plus an IP-range
// classifier (tests/js/wpt/oracle.mjs). Zero false accepts; every false reject is a listed, known
// difference (tests/js/wpt/differential.mjs). Runs in Node, then in headless Chromium.
// Needs a built pkg/ (`make build`) and /usr/bin/chromium (`make setup-test`).

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import http from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { copyBuiltPackage } from "./pkg-copy.mjs";
import { launchChromium, loadPackage } from "./support.mjs";
import { differential } from "./wpt/differential.mjs";

const DATA = fileURLToPath(new URL("../data/wpt/urltestdata.json", import.meta.url));
const ENTRIES = JSON.parse(readFileSync(DATA, "utf8")).filter((e) => typeof e === "object");

/** The engine's verdict as a function of `validateRequest`, the same code in Node and the page. */
const VERDICT_SOURCE = `(validateRequest) => (input) => {
  const codes = (field) => validateRequest({ prompt: 'x', [field]: field === 'images' ? [input] : input })
    .errors.map((e) => e.code);
  const callback = codes('callback_url');
  const image = codes('images');
  const accepted = callback.length === 0;
  if (accepted !== (image.length === 0)) throw new Error('callback and image verdicts differ: ' + JSON.stringify(input));
  if (!accepted && (callback.join() !== 'INVALID_CALLBACK_URL' || image.join() !== 'INVALID_IMAGE_URL')) {
    throw new Error('unexpected codes ' + callback + ' / ' + image + ' for ' + JSON.stringify(input));
  }
  return accepted;
}`;
// biome-ignore lint/complexity/noCommaOperator: indirect eval, so the source sees only globals
// biome-ignore lint/security/noGlobalEval: the verdict is this file's own source, run in two places
const makeVerdict = (0, eval)(VERDICT_SOURCE);

function report(where, result) {
  const c = result.counts;
  console.log(
    `WPT differential (${where}): ${c.entries} entries, ${c.engineAccepts} accepted, ` +
      `${c.engineRefusals} refused (reference accepts ${c.referenceAccepts}), ${c.agreements} agree, ` +
      `${c.falseAccepts} false accepts, ${c.knownDifferences} known differences; ` +
      `runtime new URL() differs from the test data on ${c.runtimeDisagreesWithData}`,
  );
}

function assertClean(result) {
  assert.equal(result.counts.entries, 891);
  assert.deepEqual(result.falseAccepts, [], "the engine accepts URLs that are not public http(s)");
  assert.deepEqual(result.unlistedRejects, [], "false rejects not listed as known differences");
  assert.deepEqual(result.staleKnown, [], "listed differences that no longer happen");
}

test("WPT URL test data: no false accept, every false reject known (Node)", async () => {
  const engine = await loadPackage();
  const result = differential(ENTRIES, makeVerdict(engine.validateRequest));
  report(`Node ${process.version}`, result);
  assertClean(result);
});

let server;
let browser;
after(async () => {
  await browser?.close();
  await new Promise((r) => (server ? server.close(r) : r()));
});

const TYPES = {
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".html": "text/html",
};

/** Serves `/pkg/` (a private copy of the package), `/wpt/` and `/data/` on loopback, port 0. */
async function serve(pkgDir) {
  const roots = {
    pkg: pkgDir,
    wpt: fileURLToPath(new URL("./wpt/", import.meta.url)),
    data: fileURLToPath(new URL("../data/wpt/", import.meta.url)),
  };
  server = http.createServer((req, res) => {
    const [, root, ...rest] = new URL(req.url, "http://x").pathname.split("/");
    const base = roots[root];
    const file = base && normalize(join(base, ...rest));
    if (req.url === "/") {
      res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>wpt</title>");
      return;
    }
    if (!file?.startsWith(base.endsWith(sep) ? base : base + sep)) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = readFileSync(file);
      res
        .writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" })
        .end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${server.address().port}`;
}

test("WPT URL test data: no false accept, every false reject known (Chromium)", async () => {
  const pkgDir = await copyBuiltPackage(fileURLToPath(new URL("../out/wpt-pkg/", import.meta.url)));
  const origin = await serve(pkgDir);
  browser = await launchChromium();
  const page = await browser.newPage();
  await page.goto(`${origin}/`);
  const { result, agent } = await page.evaluate(async (verdictSource) => {
    const engine = await import("/pkg/index.js");
    await engine.init();
    const { differential } = await import("/wpt/differential.mjs");
    const entries = (await (await fetch("/data/urltestdata.json")).json()).filter(
      (e) => typeof e === "object",
    );
    // biome-ignore lint/complexity/noCommaOperator: indirect eval, as above
    // biome-ignore lint/security/noGlobalEval: the verdict is this file's own source
    const makeVerdict = (0, eval)(verdictSource);
    return {
      result: differential(entries, makeVerdict(engine.validateRequest)),
      agent: navigator.userAgent,
    };
  }, VERDICT_SOURCE);
  report(/Chrome\/[\d.]+/.exec(agent)?.[0] ?? "Chromium", result);
  assertClean(result);
});
