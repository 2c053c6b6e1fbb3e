// The proxy's spending control seen from the wasm (src/wasm/proxy/spend.rs): the caller's
// `authorize` and the `SpendStore` calls, each turned into a plain value so that the Rust side
// decides everything. None of these functions throws or rejects. A store that throws, rejects,
// answers something malformed or takes longer than `ms` gives FAILED, which the proxy answers with
// 503 QUOTA_UNAVAILABLE: it fails closed. Also `memoryStore`, the default store, exported by
// every entry of the package.

// A store call that did not give a usable answer (src/wasm/proxy/spend.rs reads `undefined`).
const FAILED = undefined;
// setTimeout's longest delay; a longer one would fire at once.
const MAX_DELAY = 2147483647;

/**
 * `call()`'s value, or FAILED when it throws, rejects or takes longer than `ms`. A call that
 * answers after `ms` still happened (a paused Redis runs its queued scripts when it resumes):
 * `onLate` gets that value.
 */
async function within(ms, call, onLate) {
  let timer;
  let timedOut = false;
  const work = Promise.resolve().then(call);
  const late = new Promise((resolve) => {
    timer = setTimeout(
      () => {
        timedOut = true;
        resolve(FAILED);
      },
      Math.min(Math.max(ms, 1), MAX_DELAY),
    );
  });
  try {
    return await Promise.race([work, late]);
  } catch {
    return FAILED;
  } finally {
    clearTimeout(timer);
    if (timedOut && onLate) work.then(onLate).catch(() => {});
  }
}

const counters = (keys, limits, expires) =>
  keys.map((key, i) => ({ key, limit: limits[i], expiresAt: expires[i] }));

const isCount = (n) => typeof n === "number" && Number.isSafeInteger(n) && n >= 0;

/**
 * `store.reserve(counters, amount)`: [1 when admitted else 0, then each counter's value] as a
 * Float64Array, or FAILED (also when the answer is not `{ admitted: boolean, spent: number[] }`
 * with one whole non-negative number per counter).
 */
export async function reserveIn(store, keys, limits, expires, amount, ms) {
  const list = counters(keys, limits, expires);
  // A reservation made after the deadline forwards nothing, so it is given back: otherwise a
  // store that stalls and resumes spends the window on requests that were refused.
  const giveBack = (late) => {
    if (amount > 0 && late?.admitted === true) return store.adjust(list, -amount);
  };
  const answer = await within(ms, () => store.reserve(list, amount), giveBack);
  try {
    const spent = answer?.spent;
    if (typeof answer?.admitted !== "boolean" || !Array.isArray(spent)) return FAILED;
    if (spent.length !== keys.length || !spent.every(isCount)) return FAILED;
    return Float64Array.from([answer.admitted ? 1 : 0, ...spent]);
  } catch {
    return FAILED; // an answer whose getters throw
  }
}

/** `store.adjust(counters, delta)`: true once done, false when it failed. */
export async function adjustIn(store, keys, limits, expires, delta, ms) {
  const done = await within(ms, async () => {
    await store.adjust(counters(keys, limits, expires), delta);
    return true;
  });
  return done === true;
}

/** `store.put(key, value, expiresAt)`: true once done, false when it failed. */
export async function putIn(store, key, value, expiresAt, ms) {
  const done = await within(ms, async () => {
    await store.put(key, value, expiresAt);
    return true;
  });
  return done === true;
}

/** `store.get(key)`: the string kept, null when there is none, FAILED when the store failed. */
export async function getIn(store, key, ms) {
  const value = await within(ms, async () => (await store.get(key)) ?? null);
  return typeof value === "string" || value === null ? value : FAILED;
}

const LONE_SURROGATE = /\p{Surrogate}/u;

const isResponse = (value) =>
  (typeof Response === "function" && value instanceof Response) ||
  (value !== null &&
    typeof value === "object" &&
    typeof value.status === "number" &&
    typeof value.headers === "object" &&
    "body" in value);

/**
 * The caller according to `authorize(request)`: a non-empty string is the caller's id, null (or an
 * empty string) means refused (401), a Response is passed back as it is, and anything else
 * (a string with a lone surrogate too), a throw or a rejection is `false` (500: the deployer's
 * function failed, so nothing is spent).
 */
export async function callerOf(authorize, request) {
  try {
    const said = await authorize(request);
    // A lone surrogate would become U+FFFD in the wasm: two callers could share one id.
    if (typeof said === "string" && !LONE_SURROGATE.test(said)) return said === "" ? null : said;
    if (said === null || isResponse(said)) return said;
  } catch {
    // Below.
  }
  return false;
}

/** `store.reserve`'s rule, written once for the in-memory stores (memoryStore, SpendLedger). */
export function reserveInMap(map, list, amount, now) {
  const spent = list.map((c) => {
    const entry = map.get(c.key);
    return entry && entry.expiresAt > now ? entry.value : 0;
  });
  const admitted = list.every((c, i) => spent[i] + amount <= c.limit);
  if (!admitted || amount === 0) return { admitted, spent };
  for (const [i, c] of list.entries())
    map.set(c.key, { value: spent[i] + amount, expiresAt: c.expiresAt });
  return { admitted, spent: spent.map((s) => s + amount) };
}

/**
 * `store.adjust`'s rule for the in-memory stores: no counter goes below 0, and one at 0 is
 * dropped (as good as absent), so refused upstream requests leave nothing behind.
 */
export function adjustInMap(map, list, delta, now) {
  for (const c of list) {
    const entry = map.get(c.key);
    const value = Math.max(0, (entry && entry.expiresAt > now ? entry.value : 0) + delta);
    if (value > 0) map.set(c.key, { value, expiresAt: c.expiresAt });
    else map.delete(c.key);
  }
}

/**
 * A SpendStore in this process's (or isolate's) memory: exact and atomic within it, shared by
 * nothing else. Entries past their expiry are dropped as the store is used.
 */
export function memoryStore() {
  const map = new Map();
  let swept = 0;
  const sweep = (now) => {
    if (now - swept < 60_000) return;
    swept = now;
    for (const [key, entry] of map) if (entry.expiresAt <= now) map.delete(key);
  };
  return {
    async reserve(list, amount) {
      const now = Date.now();
      sweep(now);
      return reserveInMap(map, list, amount, now);
    },
    async adjust(list, delta) {
      adjustInMap(map, list, delta, Date.now());
    },
    async put(key, value, expiresAt) {
      map.set(key, { value, expiresAt });
    },
    async get(key) {
      const entry = map.get(key);
      return entry && entry.expiresAt > Date.now() ? entry.value : null;
    },
  };
}
