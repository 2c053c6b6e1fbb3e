// A hostile server that answers every status request with a new text cannot grow the client's
// memory without bound: the glue keeps at most 256 parsed report texts (src/js/json.js
// `parsedCopy`), so 3,000 more distinct answers after the first 3,000 leave the heap where it was
// (kept without a bound, they would hold about 13 MiB more). Over loopback, in a child process.

import assert from "node:assert/strict";
import { test } from "node:test";
import { reportCacheMemory } from "./report-cache-memory.mjs";

test("3,000 more distinct status texts from a hostile server leave the client's heap flat", async () => {
  const [, first, second] = await reportCacheMemory([300, 3000, 6000]);
  const grew = second.heap - first.heap;
  assert.ok(grew < 2, `heap grew ${grew.toFixed(2)} MiB from 3,000 to 6,000 distinct statuses`);
});
