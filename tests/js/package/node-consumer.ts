// A Node-only TypeScript consumer: compiled with `lib: ["es2022"]` and `@types/node`, without
// the DOM library, to check that the declarations need nothing a Node project lacks.

import { readFileSync } from "node:fs";
import http from "node:http";
import type { InitInput, TaskStatus } from "seedance-wasm";
import {
  createProxyHandler,
  estimateCost,
  init,
  parseCallback,
  SeedanceClient,
  toNodeListener,
  validateRequest,
} from "seedance-wasm";

const bytes: InitInput = readFileSync(new URL("./seedance_wasm_bg.wasm", import.meta.url));
await init(bytes);
const report = validateRequest({ prompt: "A paper boat", model: "seedance-2-mini", duration: 8 });
const credits: number | undefined = report.estimate?.credits;
const usd: number = estimateCost({ model: "seedance-2-mini", duration: 8 }).usd;
const client = new SeedanceClient({ apiKey: "k", fetch: globalThis.fetch, timeoutMs: 10_000 });
const handler = createProxyHandler({ apiKey: "k", maxCredits: 500 });
const response: Response = await handler(
  new Request("http://localhost/generate", { method: "POST", body: "{}" }),
);
const status: TaskStatus = parseCallback(await response.json());
const server: http.Server = http.createServer(toNodeListener(handler)); // the types fit node:http's
void server;
console.log(credits, usd, client, status.status);
