// The proxy under node:http for bench/proxy.mjs, in its own process: the package's
// toNodeListener where the build has it, else the README's adapter. Prints its URL.
//   node bench/proxy-node-server.mjs PACKAGE_ENTRY UPSTREAM API_KEY
import http from "node:http";
import { Readable } from "node:stream";
import { pathToFileURL } from "node:url";

const [entry, upstream, apiKey] = process.argv.slice(2);
const pkg = await import(pathToFileURL(entry).href);
const handler = pkg.createProxyHandler({ apiKey, upstream });
const listener =
  pkg.toNodeListener?.(handler) ??
  (async (req, res) => {
    const body = req.method === "POST" ? Readable.toWeb(req) : undefined;
    const response = await handler(
      new Request(new URL(req.url, "http://localhost"), {
        method: req.method,
        headers: req.headers,
        body,
        duplex: "half",
      }),
    );
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
const server = http.createServer(listener).listen(0, "127.0.0.1", () => {
  console.log(
    `proxy listening on http://127.0.0.1:${server.address().port} (${pkg.toNodeListener ? "toNodeListener" : "README adapter"})`,
  );
});
process.on("SIGTERM", () => process.exit(0));
