// What a client's failed requests say they sent, in the runtime running this file (Node, Deno,
// Bun): generate and getStatus against a URL that does not parse, a root path (which only a page
// can resolve), a closed loopback port and a server that drops the connection after reading the
// request. Prints one JSON line: per case, each call's { code, retryable, message, ms }.
// Arguments: the package's node.js path, the closed port, the dropping server's port.
const args = globalThis.Deno ? Deno.args : process.argv.slice(2);
const [entry, closed, dropping] = args;
const { SeedanceClient } = await import(entry);

const BASES = {
  malformed: "http://[::1/v2",
  path: "/v2",
  refused: `http://127.0.0.1:${closed}/v2`,
  dropped: `http://127.0.0.1:${dropping}/v2`,
};

/** What a call rejects with, and how long it took. */
async function failure(call) {
  const start = Date.now();
  try {
    await call();
    return "resolved";
  } catch (error) {
    const { code, retryable, message } = error;
    return { code, retryable, message, ms: Date.now() - start };
  }
}

const out = {};
for (const [name, baseUrl] of Object.entries(BASES)) {
  const client = new SeedanceClient({ apiKey: "sk-network-key", baseUrl, maxRetries: 1 });
  out[name] = {
    generate: await failure(() => client.generate({ prompt: "a fox" })),
    status: await failure(() => client.getStatus("task-1")),
  };
}
console.log(JSON.stringify(out));
