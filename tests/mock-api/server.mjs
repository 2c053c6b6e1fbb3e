// CLI: node tests/mock-api/server.mjs [--port N] [--host 127.0.0.1]   (port 0 = any free port)
// Prints exactly one line "mock-api listening on http://HOST:PORT" once ready.
import http from "node:http";
import { parseArgs } from "node:util";
import { createMock } from "./mock.mjs";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    host: { type: "string", default: "127.0.0.1" },
    "task-duration-ms": { type: "string" },
    balance: { type: "string" },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`mock-api: bad --port ${values.port}`);
  process.exit(2);
}

const mock = createMock({
  ...(values["task-duration-ms"] !== undefined && {
    defaultTaskDurationMs: Number(values["task-duration-ms"]),
  }),
  ...(values.balance !== undefined && { defaultBalance: Number(values.balance) }),
});
const server = http.createServer((req, res) => {
  if (mock.handle(req, res)) return;
  req.resume();
  const body = JSON.stringify({
    code: 404,
    message: "Not found",
    error: { code: "NOT_FOUND", message: "Not found" },
    data: null,
  });
  res.writeHead(404, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
  });
  res.end(body);
});
// Malformed HTTP must not crash us: answer 400 like Node's default, then close.
server.on("clientError", (err, socket) => {
  if (socket.writable && err.code !== "ECONNRESET")
    socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
  else socket.destroy();
});

server.listen(port, values.host, () => {
  console.log(`mock-api listening on http://${values.host}:${server.address().port}`);
});

function shutdown() {
  server.close(() => process.exit(0));
  server.closeAllConnections(); // keep-alive sockets and pending delay faults must not hold us up
  setTimeout(() => process.exit(0), 1000).unref();
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
