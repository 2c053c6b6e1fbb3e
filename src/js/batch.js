// The client's batch and wait helpers (src/wasm/client.rs): the JSON text of each request of a
// `runMany` list, its outcome objects, and calls of the user's callbacks (`onProgress`) that cannot
// break a wait or a batch whatever they throw.

import { toJson } from "./json.js";

/** The JSON text of each request of a runMany list ("null" for one that has none), or null when
 * the list is not an array. */
export function requestJsons(list) {
  return Array.isArray(list) ? Array.from(list, (r) => toJson(r) ?? "null") : null;
}

/** One runMany outcome: `{ index, ok, task_id, status }` or `{ index, ok, task_id, error }`. */
export function outcome(index, ok, taskId, value) {
  return ok
    ? { index, ok, task_id: taskId, status: value }
    : { index, ok, task_id: taskId, error: value };
}

/** Calls a user callback; what it throws or returns is ignored, so it cannot break a wait. */
export function notify(callback, ...args) {
  try {
    callback?.(...args);
  } catch {
    // Ignored, as documented.
  }
}

/** `onProgress(status, { attempt, elapsedMs })` of a wait, through `notify`. */
export function notifyProgress(callback, status, attempt, elapsedMs) {
  notify(callback, status, { attempt, elapsedMs });
}
