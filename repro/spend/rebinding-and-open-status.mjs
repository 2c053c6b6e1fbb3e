// Two gaps a careless deployment meets.
// 1. DNS rebinding: a page on http://evil.test:8080 whose name now resolves to the proxy's
//    address sends Host: evil.test:8080 and Origin: http://evil.test:8080; under node:http the
//    handler's URL comes from Host, so the page counts as the proxy's own origin.
// 2. authorize without quota: callers are named, but any caller reads any task.
import http from "node:http";
import { pkg, startMock, newKey, read, generateReq, statusReq, FIVE } from "./common.mjs";
const mock = await startMock();
const key = newKey("rebind");
const handler = pkg.createProxyHandler({ apiKey: key, upstream: `${mock.url}/v2`,
  authorize: (r) => r.headers.get("x-user") });
const server = http.createServer(pkg.toNodeListener(handler));
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const port = server.address().port;
try {
  const body = JSON.stringify(FIVE);
  const status = await new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method: "POST", path: "/v2/generate", headers: {
      host: `evil.test:${port}`, origin: `http://evil.test:${port}`, "content-type": "application/json", "x-user": "victim-cookie-holder",
      "content-length": Buffer.byteLength(body) } }, (res) => { res.resume(); resolve(res.statusCode); });
    req.on("error", reject); req.end(body);
  });
  console.log("rebound page's POST:", status, "(forwarded:", (await mock.log(key)).length, ")");
  const own = await read(await handler(generateReq(undefined, { "x-user": "alice" })));
  const other = await read(await handler(statusReq(`task_id=${own.json.data.task_id}`, { "x-user": "mallory" })));
  console.log("authorize without quota, mallory reads alice's task:", other.status, other.json?.data?.status);
} finally { server.close(); await mock.stop(); }
