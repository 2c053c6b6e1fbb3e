// Two different caller ids that differ only in a lone surrogate: do they share quota and tasks?
import { pkg, startMock, newKey, read, generateReq, statusReq, DAY } from "./common.mjs";
const mock = await startMock();
try {
  const key = newKey("surrogate");
  const who = (req) => req.headers.get("x-user") === "a" ? "user\uD800" : "user\uDC00";
  const handler = pkg.createProxyHandler({
    apiKey: key, upstream: `${mock.url}/v2`,
    authorize: who, quota: { perCaller: { credits: 240, ...DAY } },
  });
  const a = await read(await handler(generateReq(undefined, { "x-user": "a" })));
  console.log("A generate:", a.status, a.code ?? a.json?.data?.task_id);
  const b = await read(await handler(generateReq(undefined, { "x-user": "b" })));
  console.log("B generate (own 240 limit, should be 200):", b.status, b.code);
  const id = a.json?.data?.task_id;
  if (id) {
    const s = await read(await handler(statusReq(`task_id=${id}`, { "x-user": "b" })));
    console.log("B reads A's task (should be 404):", s.status, s.code ?? s.json?.data?.status);
  }
} finally { await mock.stop(); }
