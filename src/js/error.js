// The public error class: `SeedanceError`, which every rejected promise and thrown call of
// seedance-wasm carries and which every entry exports (its codes are listed in src/codes.rs and
// index.d.ts). The wasm builds one from the JSON it writes (`makeError`); the entries' init() and
// the fetch race build their own here too, so that all of them are the one class users catch.

/** The error every rejected promise and thrown call of seedance-wasm carries. */
export class SeedanceError extends Error {
  constructor(code, message, details = {}) {
    super(message);
    this.name = "SeedanceError";
    this.code = code;
    this.retryable = details.retryable === true;
    // Only the details given: a member set to undefined would still show in `in` and the keys.
    for (const name of ["status", "taskId", "issues", "retryAfterSeconds"])
      if (details[name] != null) this[name] = details[name];
  }
}

/** True for a SeedanceError, also one made by another copy of this package. */
export function isSeedanceError(value) {
  return (
    value instanceof SeedanceError ||
    (value instanceof Error && value.name === "SeedanceError" && typeof value.code === "string")
  );
}

/** Builds a SeedanceError from the JSON the engine writes. */
export function makeError(json) {
  const details = JSON.parse(json);
  return new SeedanceError(details.code, details.message, details);
}

/** A thrown value's message, for INIT_FAILED and NETWORK_ERROR messages. */
export function messageOf(error) {
  try {
    const message = error?.message;
    if (typeof message === "string") return message;
  } catch {
    // Below.
  }
  return typeof error === "string" ? error : "";
}
