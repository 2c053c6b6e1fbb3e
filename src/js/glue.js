// JavaScript pieces the wasm module imports: the error class users catch, and the one-step
// conversion of any JS value into JSON text (the engine reads requests as JSON).

/** The error every rejected promise and thrown call of seedance-wasm carries. */
export class SeedanceError extends Error {
  constructor(code, message, details = {}) {
    super(message);
    this.name = "SeedanceError";
    this.code = code;
    this.retryable = details.retryable === true;
    if (details.status != null) this.status = details.status;
    if (details.taskId != null) this.taskId = details.taskId;
    if (details.issues != null) this.issues = details.issues;
  }
}

/** True for a SeedanceError, also one made by another copy of this package. */
export function isSeedanceError(value) {
  return value instanceof SeedanceError ||
    (value instanceof Error && value.name === "SeedanceError" && typeof value.code === "string");
}

/** Builds a SeedanceError from the JSON the engine writes. */
export function makeError(json) {
  const details = JSON.parse(json);
  return new SeedanceError(details.code, details.message, details);
}

// NaN, Infinity and BigInt have no JSON form; keep them visible (as text) instead of letting
// JSON.stringify turn them into null (which would read as "not given") or throw.
function keepOddNumbers(_key, value) {
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  if (typeof value === "bigint") return `${value}n`;
  return value;
}

/**
 * JSON text of any value, or undefined when it has none (undefined, a function, a cycle).
 * The replacer makes JSON.stringify several times slower, so it runs only when needed: when the
 * plain text has a `null` (perhaps a NaN) or the plain call threw (perhaps a BigInt).
 */
export function toJson(value) {
  try {
    const text = JSON.stringify(value);
    return text !== undefined && text.includes("null") ? JSON.stringify(value, keepOddNumbers) : text;
  } catch {
    try {
      return JSON.stringify(value, keepOddNumbers);
    } catch {
      return undefined;
    }
  }
}

// Set when the wasm is instantiated.
export let ready = false;
export const markReady = () => void (ready = true);
