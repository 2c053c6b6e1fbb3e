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

// Values JSON lacks, named rather than lost: NaN and Infinity as text; BigInt, Symbol and function
// (as a member or array element of the request) as {[NO_JSON_KEY]: type}, which the engine
// (src/validate.rs) refuses as INVALID_FIELD.
const NO_JSON_KEY = "\u0000no-json";
const noJson = (v) => typeof v === "bigint" || typeof v === "symbol" || typeof v === "function";

function replacerFor(root) {
  const lists = new Set(root !== null && typeof root === "object" ? Object.values(root).filter(Array.isArray) : []);
  return function (_key, value) {
    if (typeof value === "number" && !Number.isFinite(value)) return String(value);
    if (noJson(value) && (this === root || lists.has(this) || value === root)) return { [NO_JSON_KEY]: typeof value };
    return typeof value === "bigint" ? `${value}n` : value;
  };
}

/** Whether JSON.stringify would drop a member (for...in: cheap; an inherited one is harmless). */
function dropsMember(value) {
  if (value === null || typeof value !== "object") return false;
  for (const key in value) {
    const type = typeof value[key];
    if (type === "symbol" || type === "function") return true;
  }
  return false;
}

/**
 * JSON text of any value, or undefined (undefined, a cycle). The slow replacer runs only when the
 * plain text has a `null`, the plain call threw or gave nothing, or would drop a member.
 */
export function toJson(value) {
  try {
    const text = JSON.stringify(value);
    if (text !== undefined && !text.includes("null") && !dropsMember(value)) return text;
  } catch {
    // Retried with the replacer.
  }
  try {
    return JSON.stringify(value, replacerFor(value));
  } catch {
    return undefined;
  }
}

// Set when the wasm is instantiated.
export let ready = false;
export const markReady = () => void (ready = true);
