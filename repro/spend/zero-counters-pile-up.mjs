// The upstream refuses (here 402 INSUFFICIENT_CREDITS, as when the account runs dry; 429 or a
// 400 the proxy did not foresee do the same). Each admitted-then-released generate leaves a
// per-caller counter at 0 in the store until the window's end and a day. With caller ids that
// outsiders can mint (any session id), the store grows with every request.
import { pkg, read, generateReq, DAY } from "./common.mjs";
const refused = JSON.stringify({ code: 402, message: "not enough credits", error: { code: "INSUFFICIENT_CREDITS" }, data: null });
const fetch = async () => new Response(refused, { status: 402, headers: { "content-type": "application/json" } });
const inner = pkg.memoryStore();
const keys = new Set();
const store = { ...inner, reserve: (l, a) => { if (a > 0) for (const c of l) keys.add(c.key); return inner.reserve(l, a); } };
let n = 0;
const handler = pkg.createProxyHandler({ apiKey: "sk-x", upstream: "http://up.test/v2", fetch,
  authorize: () => `session-${n++}`, quota: { store, perCaller: { credits: 1000, ...DAY } } });
global.gc?.();
const before = process.memoryUsage().heapUsed;
const N = Number(process.argv[2] ?? 50000);
for (let i = 0; i < N; i += 500)
  await Promise.all(Array.from({ length: 500 }, () => handler(generateReq()).then(read)));
let live = 0;
for (const k of keys) live += (await inner.reserve([{ key: k, limit: 1e9, expiresAt: Date.now() + 1e9 }], 0)).spent[0] === 0 ? 1 : 0;
global.gc?.();
console.log(`${N} refused-upstream generates from fresh callers: heap +${((process.memoryUsage().heapUsed - before) / 1e6).toFixed(1)} MB; all counters at 0: ${live === keys.size}`);
