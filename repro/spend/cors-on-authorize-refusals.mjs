// A listed origin's page whose caller is refused by authorize: can the page read the 401?
import { pkg, startMock, newKey, read, generateReq, DAY } from "./common.mjs";
const mock = await startMock();
try {
  const origin = "https://app.example.com";
  for (const [name, authorize] of [["null", () => null], ["throws", () => { throw new Error("x"); }]]) {
    const handler = pkg.createProxyHandler({
      apiKey: newKey("cors"), upstream: `${mock.url}/v2`, allowedOrigins: [origin],
      authorize, quota: { perCaller: { credits: 240, ...DAY } },
    });
    const r = await read(await handler(generateReq(undefined, { origin })));
    console.log(`authorize ${name}:`, r.status, r.code, "ACAO:", r.headers.get("access-control-allow-origin"));
  }
  const ok = pkg.createProxyHandler({ apiKey: newKey("cors"), upstream: `${mock.url}/v2`, allowedOrigins: [origin],
    authorize: () => "u", quota: { perCaller: { credits: 0, ...DAY } } });
  const r = await read(await ok(generateReq(undefined, { origin })));
  console.log("quota 429:", r.status, r.code, "ACAO:", r.headers.get("access-control-allow-origin"));
} finally { await mock.stop(); }
