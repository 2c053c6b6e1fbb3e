// The store fails only while the task's owner is recorded (a blip): the task is created and paid,
// then its creator polls it.
import { pkg, startMock, newKey, read, generateReq, statusReq, DAY } from "./common.mjs";
const mock = await startMock();
try {
  const inner = pkg.memoryStore();
  let failPut = true;
  const store = { ...inner, put: async (...a) => { if (failPut) throw new Error("blip"); return inner.put(...a); } };
  const key = newKey("owner-put");
  const handler = pkg.createProxyHandler({ apiKey: key, upstream: `${mock.url}/v2`,
    authorize: () => "alice", quota: { store, perCaller: { credits: 1000, ...DAY } } });
  const g = await read(await handler(generateReq()));
  console.log("generate:", g.status, g.json?.data?.task_id, "ratelimit:", g.headers.get("ratelimit"));
  failPut = false;
  const s = await read(await handler(statusReq(`task_id=${g.json.data.task_id}`)));
  console.log("creator polls own paid task:", s.status, s.code ?? s.json?.data?.status);
  // And through the client, as an app would:
  failPut = true;
  const client = new pkg.SeedanceClient({ baseUrl: "http://proxy.test/v2", fetch: (u, i) => handler(new Request(u, i)), pollIntervalMs: 50 });
  try {
    const t = await client.generate({ prompt: "spend", duration: 5 });
    failPut = false;
    console.log("client generate ok:", t.taskId ?? t.task_id);
    const st = await client.getStatus(t.taskId ?? t.task_id);
    console.log("client status:", st.status);
  } catch (e) { console.log("client:", e.code, e.message); }
} finally { await mock.stop(); }
