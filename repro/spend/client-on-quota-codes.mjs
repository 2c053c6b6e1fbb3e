// The client in front of a proxy that answers every generate with a quota refusal: how many
// POSTs, how long, what error.
import { pkg } from "./common.mjs";
const env = (status, code) => JSON.stringify({ code: status, message: code, error: { code, message: code }, data: null });
for (const [status, code, headers] of [
  [429, "QUOTA_EXCEEDED", { "retry-after": "86400" }],
  [429, "QUOTA_EXCEEDED", { "retry-after": new Date(Date.now() + 7200e3).toUTCString() }],
  [503, "QUOTA_UNAVAILABLE", { "retry-after": "1" }],
  [200, "QUOTA_EXCEEDED", {}],
]) {
  let posts = 0;
  const fetch = async (url, init) => { if (init?.method === "POST") posts++; return new Response(env(status, code), { status, headers: { "content-type": "application/json", ...headers } }); };
  const client = new pkg.SeedanceClient({ baseUrl: "http://p/v2", fetch, maxRetries: 5 });
  const t0 = Date.now();
  for (const call of ["generate", "run"]) {
    try { await (call === "run" && client.run ? client.run({ prompt: "x", duration: 5 }) : client.generate({ prompt: "x", duration: 5 })); console.log("resolved?!"); }
    catch (e) { console.log(status, code, call, "->", e.code, "retryable", e.retryable, "retryAfterSeconds", e.retryAfterSeconds, "posts", posts, "ms", Date.now() - t0); }
  }
}
