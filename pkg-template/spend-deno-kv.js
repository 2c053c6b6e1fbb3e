// denoKvStore: a SpendStore on Deno KV (`await Deno.openKv()`, a local file or Deno Deploy's
// database). A reservation reads its counters and commits the new values only if none changed
// meanwhile (versionstamp checks); a conflicting commit reads again and retries, so isolates and
// processes that share the database never admit more than a limit.

// A commit that keeps conflicting is a store failure (503 QUOTA_UNAVAILABLE), never a guess.
const MAX_ATTEMPTS = 200;

const pause = (attempt) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(20, 1 + attempt)));

const whole = (value) => (typeof value === "number" && value > 0 ? value : 0);
const expireIn = (expiresAt) => ({ expireIn: Math.max(1000, Math.ceil(expiresAt - Date.now())) });

/**
 * Reads `keys`, asks `change(values)` for the new values (or null to write nothing) and commits
 * them only if no key changed since it read them; retries on conflict.
 */
async function update(kv, keys, counters, change) {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    try {
      const entries = await kv.getMany(keys);
      const values = entries.map((e) => whole(e.value));
      const next = change(values);
      if (next === null) return values;
      let op = kv.atomic();
      entries.forEach((entry, i) => {
        op = op.check(entry);
        // A counter at 0 is as good as absent: refused requests leave no key behind.
        op =
          next[i] > 0
            ? op.set(keys[i], next[i], expireIn(counters[i].expiresAt))
            : op.delete(keys[i]);
      });
      if ((await op.commit()).ok) return next;
    } catch (error) {
      // A local database file shared by processes: SQLite's lock was busy, nothing was written.
      if (!/database is (locked|busy)/i.test(String(error?.message))) throw error;
    }
    await pause(attempt);
  }
  throw new Error("denoKvStore: the counters kept changing; the reservation was not made");
}

/**
 * A SpendStore in Deno KV. `prefix` (default ["seedance"]) starts every key it writes.
 */
export function denoKvStore(kv, { prefix = ["seedance"] } = {}) {
  if (typeof kv?.atomic !== "function" || typeof kv?.getMany !== "function")
    throw new TypeError("denoKvStore needs a Deno.Kv from Deno.openKv()");
  const keysOf = (counters) => counters.map((c) => [...prefix, c.key]);
  return {
    async reserve(counters, amount) {
      let admitted = false;
      const spent = await update(kv, keysOf(counters), counters, (values) => {
        admitted = counters.every((c, i) => values[i] + amount <= c.limit);
        return admitted && amount > 0 ? values.map((v) => v + amount) : null;
      });
      return { admitted, spent };
    },
    async adjust(counters, delta) {
      await update(kv, keysOf(counters), counters, (values) =>
        values.map((v) => Math.max(0, v + delta)),
      );
    },
    async put(key, value, expiresAt) {
      await kv.set([...prefix, key], value, expireIn(expiresAt));
    },
    async get(key) {
      const { value } = await kv.get([...prefix, key]);
      return typeof value === "string" ? value : null;
    },
  };
}
