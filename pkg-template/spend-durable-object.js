// Spending limits on Cloudflare Workers: `SpendLedger`, a Durable Object class that the Worker
// exports and binds (one object holds the whole ledger, so every isolate and location asks the
// same one), and `durableObjectStore(namespace)`, the SpendStore that talks to it. A Durable
// Object handles one event at a time and its storage calls hold back other events until they
// finish, so each reservation reads and writes its counters as one step.

import { adjustInMap, reserveInMap } from "__JS__/spend.js";

// At most one sweep of expired entries per hour.
const SWEEP_MS = 3_600_000;

/** The Durable Object behind durableObjectStore: export it from the Worker and bind it. */
export class SpendLedger {
  constructor(state) {
    this.storage = state.storage;
    this.entries = null; // loaded on first use
    this.swept = 0;
  }

  async load() {
    if (this.entries === null) {
      const stored = await this.storage.list();
      if (this.entries === null) this.entries = new Map(stored);
    }
    return this.entries;
  }

  /** Writes the changed entries; the reply waits for them (the object's output gate). */
  save(map, keys) {
    const changed = {};
    const gone = [];
    for (const key of keys) {
      if (map.has(key)) changed[key] = map.get(key);
      else gone.push(key); // a counter back at 0 (adjustInMap drops it)
    }
    if (Object.keys(changed).length > 0) this.storage.put(changed);
    if (gone.length > 0) this.storage.delete(gone);
  }

  async sweep(map, now) {
    if (now - this.swept < SWEEP_MS) return;
    this.swept = now;
    const expired = [...map].filter(([, e]) => e.expiresAt <= now).map(([key]) => key);
    for (const key of expired) map.delete(key);
    for (let i = 0; i < expired.length; i += 128) this.storage.delete(expired.slice(i, i + 128));
  }

  async fetch(request) {
    const { op, counters, amount, delta, key, value, expiresAt } = await request.json();
    const map = await this.load();
    const now = Date.now();
    let answer = null;
    const keys = counters?.map((c) => c.key);
    if (op === "reserve") {
      answer = reserveInMap(map, counters, amount, now);
      if (answer.admitted && amount > 0) this.save(map, keys);
      await this.sweep(map, now);
    } else if (op === "adjust") {
      adjustInMap(map, counters, delta, now);
      this.save(map, keys);
    } else if (op === "put") {
      map.set(key, { value, expiresAt });
      this.save(map, [key]);
    } else if (op === "get") {
      const entry = map.get(key);
      answer = entry && entry.expiresAt > now ? entry.value : null;
    } else {
      return new Response("unknown operation", { status: 400 });
    }
    return Response.json(answer);
  }
}

/**
 * A SpendStore on a Durable Object namespace bound to `SpendLedger`. `name` (default
 * "seedance-spend") picks the object: handlers with the same name share one ledger.
 */
export function durableObjectStore(namespace, { name = "seedance-spend" } = {}) {
  if (typeof namespace?.idFromName !== "function")
    throw new TypeError("durableObjectStore needs a Durable Object namespace bound to SpendLedger");
  const id = namespace.idFromName(name);
  const ask = async (message) => {
    // A stub per call: a Worker may not use one request's I/O objects in another request.
    const reply = await namespace.get(id).fetch("https://spend-ledger/", {
      method: "POST",
      body: JSON.stringify(message),
    });
    if (!reply.ok) throw new Error(`SpendLedger answered HTTP ${reply.status}`);
    return reply.json();
  };
  return {
    reserve: (counters, amount) => ask({ op: "reserve", counters, amount }),
    adjust: (counters, delta) => ask({ op: "adjust", counters, delta }),
    put: (key, value, expiresAt) => ask({ op: "put", key, value, expiresAt }),
    get: (key) => ask({ op: "get", key }),
  };
}
