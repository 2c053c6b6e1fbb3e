// Timers and the caller's abort signal, for the client's waits and the fetch race: a timeout that
// can be cleared, an abortable sleep, and listening to a signal (an AbortSignal or a look-alike)
// without throwing. Doing these in JS keeps the wasm free of timer and abort-listener machinery.
// None of these functions throws or rejects: each outcome is a value.

// setTimeout's longest delay; a longer one would fire at once.
const MAX_DELAY = 2147483647;
export const timeout = (ms, value) => {
  let timer;
  const promise = new Promise((resolve) => {
    timer = setTimeout(resolve, Math.min(Math.max(ms, 1), MAX_DELAY), value);
  });
  return [promise, () => clearTimeout(timer)];
};

/** Whether the caller's signal (an AbortSignal or a look-alike, or undefined) has aborted. */
export function aborted(signal) {
  try {
    return !!signal?.aborted;
  } catch {
    return false;
  }
}

/** An ABORTED SeedanceError with the signal's `reason` (what `abort(reason)` was given) as `cause`. */
export function withAbortReason(error, signal) {
  try {
    const reason = signal?.reason;
    if (reason !== undefined) error.cause = reason;
  } catch {
    // A look-alike signal without a readable reason: no cause.
  }
  return error;
}

/** Calls `f` once when `signal` aborts; returns the function that stops listening. */
export function onAbort(signal, f) {
  try {
    signal?.addEventListener("abort", f);
  } catch {
    // A look-alike that cannot listen is only read through `aborted`.
  }
  return () => {
    try {
      signal?.removeEventListener("abort", f);
    } catch {
      // As above.
    }
  };
}

/** Resolves true after `ms`, or false as soon as `signal` aborts (at once if it has). */
export function sleep(ms, signal) {
  if (aborted(signal)) return Promise.resolve(false);
  const [slept, clear] = timeout(ms, true);
  let stop;
  const stopped = new Promise((resolve) => {
    stop = onAbort(signal, () => resolve(false));
  });
  return Promise.race([slept, stopped]).finally(() => {
    clear();
    stop();
  });
}
