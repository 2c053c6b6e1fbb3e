// The caller's option objects, read without throwing: a member whose getter throws is absent, and
// the `headers` and `models` options arrive in the wasm as flat lists it can check.

/**
 * `options[name]`, or undefined when `options` is not an object (null, a function, a primitive)
 * or reading it throws (a getter, a revoked Proxy).
 */
export function optionOf(options, name) {
  if (options === null || typeof options !== "object") return undefined;
  try {
    return options[name];
  } catch {
    return undefined;
  }
}

/** `value` if it is a number, else NaN: one f64 back, where wasm-bindgen's `as_f64` writes two values into the wasm's memory. */
export const numberOf = (value) => (typeof value === "number" ? value : NaN);

/**
 * The client's `headers` option as a flat list [name, value, ...]: a Record<string, string>, or
 * anything iterable of [name, value] pairs such as a Headers or a Map (whose entries
 * Object.entries would not see); null when it is neither or holds something not a string.
 */
export function headerPairs(value) {
  try {
    if (value === null || (typeof value !== "object" && typeof value !== "function")) return null;
    const out = [];
    const pairs = typeof value[Symbol.iterator] === "function" ? value : Object.entries(value);
    for (const pair of pairs) {
      if (pair === null || typeof pair !== "object") return null;
      const [name, text] = [pair[0], pair[1]];
      if (typeof name !== "string" || typeof text !== "string") return null;
      out.push(name, text);
    }
    return out;
  } catch {
    return null;
  }
}

/** The strings of a list option (`models`): [] when absent, null when not an array. */
export function stringsOf(value) {
  if (value == null) return [];
  return Array.isArray(value) ? value.filter((item) => typeof item === "string") : null;
}
