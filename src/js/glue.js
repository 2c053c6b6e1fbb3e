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

// NaN and Infinity have no JSON form; keep them visible (as text) instead of letting
// JSON.stringify turn them into null (which would read as "not given").
// BigInt, Symbol and function values have none either. As a member of the request or an element
// of one of its arrays (where every field of the API lives) they become a marker object the engine
// reports as INVALID_FIELD, naming the type, instead of the text "10n" or a silently dropped field.
// The key is the engine's NO_JSON_KEY (src/validate.rs). Deeper down, JSON's own rules apply.
const NO_JSON_KEY = "\u0000seedance-wasm:no-json";

const hasNoJsonForm = (value) =>
  typeof value === "bigint" || typeof value === "symbol" || typeof value === "function";

function replacerFor(root) {
  const lists = new Set(root !== null && typeof root === "object" ? Object.values(root).filter(Array.isArray) : []);
  return function keepOddValues(key, value) {
    if (typeof value === "number" && !Number.isFinite(value)) return String(value);
    if (hasNoJsonForm(value) && (this === root || lists.has(this) || (key === "" && value === root))) {
      return { [NO_JSON_KEY]: typeof value };
    }
    if (typeof value === "bigint") return `${value}n`;
    return value;
  };
}

/** Whether JSON.stringify would drop a member of this object without a trace. */
const dropsMember = (value) =>
  value !== null && typeof value === "object" && Object.values(value).some(hasNoJsonForm);

/**
 * JSON text of any value, or undefined when it has none (undefined, a cycle).
 * The replacer makes JSON.stringify several times slower, so it runs only when needed: when the
 * plain text has a `null` (perhaps a NaN), the plain call threw (perhaps a BigInt), gave nothing
 * (a function) or would drop a member (a Symbol or function value).
 */
export function toJson(value) {
  try {
    const text = JSON.stringify(value);
    if (text !== undefined && !text.includes("null") && !dropsMember(value)) return text;
  } catch {
    // Retried below with the replacer.
  }
  try {
    return JSON.stringify(value, replacerFor(value));
  } catch {
    return undefined;
  }
}
