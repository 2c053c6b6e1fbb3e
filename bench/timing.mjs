// The timing harness shared by the Node run and the browser page (no imports: it only needs a
// global `performance.now()`).
//
// For each function: warm up for `warmupMs`, pick an iteration count whose loop takes about
// `roundMs`, then time `rounds` rounds, the functions back to back in each round (in turn first)
// so that a slow patch of the machine hits all of them alike. Each call takes the next request of
// the set in turn. The result is the median nanoseconds per call, with the spread of the rounds;
// `pairedRatio` compares two functions round by round.
//
// Why short rounds, many of them, and ratios per round: on the 2-core VM this was built on, any
// workload that allocates (the zod reference as much as the wasm) runs 1.5 times slower for
// seconds at a time, then fast again (a loop of arithmetic does not). Rounds of 300 ms each let
// such a patch fall on one function's rounds and not the other's: the same build measured 0.60 to
// 0.96 of the reference from one process to the next. Rounds of 25 ms back to back put both
// functions in the same patch, and the median of their ratios round by round cancels it.

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
 * Returns `{ name: { nsPerCall, minNs, maxNs, iterations, rounds, samples } }` (`samples`: the
 * nanoseconds per call of each round, for `pooled`).
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
      samples: samples[name],
    };
  }
  out._sink = sink; // keeps the calls observable
  return out;
}

/**
 * `measure`'s results of the same subjects from several fresh processes (or pages) as one: the
 * median and spread of all their rounds. One process's JIT decisions (how V8 compiled zod's checks
 * or the glue that time) move a ratio by up to a tenth from one process to the next, which more
 * rounds in the same process do not even out; benchmark harnesses fork for the same reason (JMH
 * runs five forks by default).
 */
export function pooled(results) {
  const out = {};
  for (const name of Object.keys(results[0]).filter((n) => n !== "_sink")) {
    const samples = results.flatMap((r) => r[name].samples);
    out[name] = {
      nsPerCall: median(samples),
      minNs: Math.min(...samples),
      maxNs: Math.max(...samples),
      iterations: results[0][name].iterations,
      rounds: samples.length,
      samples,
    };
  }
  return out;
}

/** `pooled` of each row of several `measureEach` results. */
export function pooledEach(results) {
  return Object.fromEntries(
    Object.keys(results[0]).map((row) => [row, pooled(results.map((r) => r[row]))]),
  );
}

/**
 * The median over the rounds of `result[name]`'s time per call over `result[base]`'s in the same
 * round (results of `measure` or `pooled`, whose rounds line up).
 */
export function pairedRatio(result, name, base) {
  const b = result[base].samples;
  return median(result[name].samples.map((ns, i) => ns / b[i]));
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
