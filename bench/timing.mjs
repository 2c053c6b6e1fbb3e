// The timing harness shared by the Node run and the browser page (no imports: it only needs a
// global `performance.now()`).
//
// For each function: warm up for `warmupMs`, pick an iteration count whose loop takes about
// `roundMs`, then time `rounds` rounds, the functions interleaved round by round so that a slow
// patch of the machine hits all of them alike. Each call takes the next request of the set in turn.
// The result is the median nanoseconds per call, with the spread of the rounds.

/** Calls `fn` over `inputs` in turn `iterations` times; returns elapsed ms and a sink value. */
function loop(fn, inputs, iterations) {
  let sink = 0;
  const n = inputs.length;
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) {
    const r = fn(inputs[i % n]);
    if (r.ok) sink++;
  }
  return { ms: performance.now() - t0, sink };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/**
 * `subjects` is `{ name: fn }`; every fn takes one request and returns an object with `ok`.
 * Returns `{ name: { nsPerCall, minNs, maxNs, iterations, rounds } }`.
 */
export function measure(subjects, inputs, { warmupMs = 300, roundMs = 300, rounds = 7 } = {}) {
  const names = Object.keys(subjects);
  const iterations = {};
  let sink = 0;
  for (const name of names) {
    const fn = subjects[name];
    // Warm up (lets the JIT tier up, fills caches), then calibrate on a doubling count.
    const warmEnd = performance.now() + warmupMs;
    let n = inputs.length;
    while (performance.now() < warmEnd) sink += loop(fn, inputs, n).sink;
    n = inputs.length;
    for (;;) {
      const { ms, sink: s } = loop(fn, inputs, n);
      sink += s;
      if (ms >= roundMs / 4 || n > 1e8) {
        iterations[name] = Math.max(inputs.length, Math.round((n * roundMs) / Math.max(ms, 0.001)));
        break;
      }
      n *= 2;
    }
  }
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    for (const name of r % 2 ? [...names].reverse() : names) {
      const { ms, sink: s } = loop(subjects[name], inputs, iterations[name]);
      sink += s;
      samples[name].push((ms * 1e6) / iterations[name]);
    }
  }
  const out = {};
  for (const name of names) {
    out[name] = {
      nsPerCall: median(samples[name]),
      minNs: Math.min(...samples[name]),
      maxNs: Math.max(...samples[name]),
      iterations: iterations[name],
      rounds,
    };
  }
  out._sink = sink; // keeps the calls observable
  return out;
}

/** `measure` of each `[name, request]` on its own: `{ name: measure's result }`. */
export function measureEach(subjects, named, options) {
  return Object.fromEntries(named.map(([name, req]) => [name, measure(subjects, [req], options)]));
}

/**
 * Checks that the engine and the reference agree on ok/not-ok and on credits for every request;
 * returns the list of disagreements (empty when they agree).
 */
export function disagreements(requests, engine, reference) {
  const out = [];
  for (const [name, req] of requests) {
    const a = engine(req);
    const b = reference(req);
    const credits = a.estimate ? a.estimate.credits : null;
    if (a.ok !== b.ok || credits !== b.credits) {
      out.push(
        `${name}: engine ok=${a.ok} credits=${credits}, reference ok=${b.ok} credits=${b.credits}`,
      );
    }
  }
  return out;
}
