// An HTTP forward proxy for headless Chrome in the wasm tests: every request Chrome makes goes to
// its origin on a connection of its own, closed after the answer.
//
// Why: wasm-bindgen-test-runner serves the test page with tiny_http, which binds a thread to each
// connection for as long as the connection lives and can queue a new connection behind one of
// those threads when several arrive at once (its pool counts a thread as idle until the thread
// wakes). Chrome opens up to six keep-alive connections to load the page's modules together and
// keeps them open for minutes, so now and then one module request sits unread in the socket and
// the page never finishes loading (chromedriver: "Timed out receiving message from renderer").
// With `Connection: close` on every request each tiny_http thread is free again after one answer.
//
// Usage: node scripts/one-request-per-connection-proxy.mjs; prints the port it listens on
// (loopback only), then serves until killed.
import http from "node:http";

const server = http.createServer((incoming, outgoing) => {
  let target;
  try {
    target = new URL(incoming.url);
  } catch {
    outgoing.writeHead(400).end("a proxy request names an absolute URL");
    return;
  }
  if (target.hostname !== "127.0.0.1" && target.hostname !== "localhost") {
    outgoing.writeHead(403).end("this proxy only reaches loopback");
    return;
  }
  const headers = { ...incoming.headers, connection: "close" };
  delete headers["proxy-connection"];
  const upstream = http.request(
    target,
    { method: incoming.method, headers, agent: false },
    (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    },
  );
  upstream.on("error", (error) => {
    if (!outgoing.headersSent) outgoing.writeHead(502);
    outgoing.end(String(error.message));
  });
  incoming.pipe(upstream);
});

server.listen(0, "127.0.0.1", () => {
  console.log(server.address().port);
});
