// 400 concurrent generates through one handler (memoryStore), limit 4800 a caller (20 requests
// of 240), an upstream that answers at random: 400 (released), 500 (kept), 200 with
// consumed_credits 100 (settled lower), 200 as priced. Waves until the limit refuses everything.
// Checks: the upstream never holds more than the limit in flight-or-charged, and the ledger
// ends equal to what the upstream kept.
import { pkg, read, generateReq, DAY } from "./common.mjs";
const LIMIT = 4800;
let charged = 0; // credits the upstream kept (5xx counted as charged: unknown)
let pendingMax = 0, pending = 0;
let n = 0;
const fetch = async (url, init) => {
  pending += 240; pendingMax = Math.max(pendingMax, pending + charged);
  await new Promise((r) => setTimeout(r, Math.random() * 20));
  pending -= 240;
  const roll = Math.random();
  const json = (status, body) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  if (roll < 0.3) return json(400, { code: 400, message: "bad", error: { code: "INVALID_PROMPT" }, data: null });
  if (roll < 0.5) { charged += 240; return json(500, { code: 500, message: "oops", data: null }); }
  const consumed = roll < 0.75 ? 100 : 240;
  charged += consumed;
  return json(200, { code: 200, message: "success", data: { task_id: `t${n++}`, status: "IN_PROGRESS", consumed_credits: consumed } });
};
const handler = pkg.createProxyHandler({ apiKey: "sk-x", upstream: "http://up.test/v2", fetch,
  quota: { perCaller: { credits: LIMIT, ...DAY } } });
let admittedTotal = 0;
for (let wave = 0; wave < 20; wave++) {
  const answers = await Promise.all(Array.from({ length: 400 }, () => handler(generateReq()).then(read)));
  const ok = answers.filter((a) => a.status !== 429).length;
  admittedTotal += ok;
  if (ok === 0) break;
}
const probe = await read(await handler(generateReq({ prompt: "" })));
const left = Number(/r=(\d+)/.exec(probe.headers.get("ratelimit"))[1]);
console.log({ forwarded: admittedTotal, charged, ledger: LIMIT - left, peakChargedPlusInFlight: pendingMax, limit: LIMIT });
console.log(charged === LIMIT - left && pendingMax <= LIMIT ? "HOLDS" : "BROKEN");
