// Origin spellings against a handler at http://proxy.test (no allowedOrigins) and one listing
// https://app.example.com: which are let through (anything but 403)?
import { pkg, startMock, newKey, read, DAY } from "./common.mjs";
const mock = await startMock();
try {
  const key = newKey("origins");
  const plain = pkg.createProxyHandler({ apiKey: key, upstream: `${mock.url}/v2` });
  const listed = pkg.createProxyHandler({ apiKey: key, upstream: `${mock.url}/v2`, allowedOrigins: ["https://app.example.com"] });
  const origins = ["http://proxy.test", "https://proxy.test", "http://proxy.test:80", "https://proxy.test:443",
    "http://proxy.test:443", "https://proxy.test:80", "http://PROXY.TEST", "http://proxy.test.", "null", "file://",
    "http://proxy.test:8080", "ws://proxy.test", "chrome-extension://proxy.test", "http://evil.test/@proxy.test",
    "http://proxy.test@evil.test", "http://evil.test#proxy.test", "http://evil.test?x=//proxy.test", "http://[::ffff:proxy.test]",
    "https://app.example.com", "https://APP.example.com", "https://app.example.com:443", "https://app.example.com.", "http://app.example.com",
    "https://app.example.com/", "https://evil.com, https://app.example.com", "https://app.example.com:444", "https://evil.app.example.com"];
  for (const origin of origins) {
    const p = await plain(new Request("http://proxy.test/v2/status?task_id=x", { headers: { origin } })).then(read);
    const l = await listed(new Request("http://proxy.test/v2/status?task_id=x", { headers: { origin } })).then(read);
    const pre = await listed(new Request("http://proxy.test/v2/generate", { method: "OPTIONS", headers: { origin, "access-control-request-method": "POST" } })).then(read);
    console.log(origin.padEnd(42), "plain", p.status, "| listed", l.status, l.headers.get("access-control-allow-origin") ?? "-", "| preflight", pre.status);
  }
} finally { await mock.stop(); }
