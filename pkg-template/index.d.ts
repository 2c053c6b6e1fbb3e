// Type declarations of seedance-wasm: check, price and run Seedance 2.0 video-generation
// requests from JavaScript. Written by hand from the package's API reference (docs/api.md in the
// repository); the entry files (index.js for browsers, Web Workers and bundlers; node.js for Node,
// Deno and Bun; workerd.js for Cloudflare Workers) share them.
//
// Request and response objects use the API's own snake_case wire names; functions, methods and
// options are camelCase.

// ---------------------------------------------------------------------------------------------
// Codes
// ---------------------------------------------------------------------------------------------

/** Error codes the Seedance API itself returns. */
export type ApiErrorCode =
  | "INVALID_PROMPT"
  | "INVALID_ASPECT_RATIO"
  | "INVALID_DURATION"
  | "TOO_MANY_IMAGES"
  | "INVALID_API_KEY"
  | "INSUFFICIENT_CREDITS"
  | "TASK_NOT_FOUND"
  | "INTERNAL_ERROR";

/** Error codes this package finds before anything is sent. */
export type CheckErrorCode =
  | "INVALID_MODEL"
  | "INVALID_RESOLUTION"
  | "INVALID_IMAGE_URL"
  | "INVALID_REFERENCE_URL"
  /** Not http/https, or localhost, loopback, private, link-local or otherwise non-public. */
  | "INVALID_CALLBACK_URL"
  /**
   * A known field of the wrong type (such as `public: "yes"` or `duration: 10n`), a key that is a
   * known field in another case or with spaces (`DURATION`, `" duration"`), a lone surrogate
   * outside the prompt, or a request that is not an object.
   */
  | "INVALID_FIELD"
  /** The estimate is over `maxCredits` (or `maxTotalCredits` for a batch). */
  | "BUDGET_EXCEEDED";

/** Error codes the client produces while talking to the API. */
export type ClientErrorCode =
  /** `generate` refused the request before sending it; the error's `issues` say why. */
  | "VALIDATION_FAILED"
  /** The task ended with `FAILED`; the message includes the server's `error_message`. */
  | "TASK_FAILED"
  | "TIMEOUT"
  | "ABORTED"
  | "NETWORK_ERROR"
  /** HTTP 429 from the API, after the retries allowed. */
  | "RATE_LIMITED"
  /** A response that is not the API's envelope, or a status that cannot be read. */
  | "INVALID_RESPONSE"
  /** Any other unsuccessful HTTP status. */
  | "HTTP_ERROR"
  /** A call before `init()` settled. */
  | "NOT_INITIALIZED"
  /**
   * `init()` could not load or compile its wasm (a bad URL, an HTTP error, bytes that are not this
   * build's wasm, a Content-Security-Policy without 'wasm-unsafe-eval'); the message says what to
   * do, `cause` is the runtime's error, and `init()` may be called again.
   */
  | "INIT_FAILED";

/** Error codes of a proxy with a `quota` ({@link ProxyOptions.quota}). */
export type QuotaErrorCode =
  /** 429: the generate would pass a spending limit; `retryAfterSeconds` says when it resets. */
  | "QUOTA_EXCEEDED"
  /** 503: the proxy's spending ledger failed or did not answer in time; nothing was sent. */
  | "QUOTA_UNAVAILABLE";

/** Every code a {@link SeedanceError} or an error {@link Issue} can carry. */
export type ErrorCode = ApiErrorCode | CheckErrorCode | ClientErrorCode | QuotaErrorCode;

/** Codes of warnings: the request is still sent. */
export type WarningCode =
  /** `seedance-2-mini` with `1080p`: rendered, submitted and billed as 720p. */
  | "RESOLUTION_DOWNGRADED"
  /** `aspect_ratio` together with `images`: image-to-video ignores it. */
  | "ASPECT_RATIO_IGNORED"
  /** `reference_video_urls` or `reference_audio_urls` on a model other than `seedance-2-mini`. */
  | "UNSUPPORTED_FOR_MODEL"
  /** A field the API does not document; it is sent as is, for forward compatibility. */
  | "UNKNOWN_FIELD";

/** Every code an {@link Issue} can carry. */
export type IssueCode = ErrorCode | WarningCode;

/** One problem found in a request. */
export interface Issue<C extends IssueCode = IssueCode> {
  /** What kind of problem, for code to branch on. */
  code: C;
  /** The wire name of the field concerned: `prompt`, `images[2]`, `duration`, ... */
  field: string;
  /** A plain English sentence, fit to show to a user. */
  message: string;
}

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

/** The models the API offers. `seedance-2.0` is the default. */
export type ModelId = "seedance-2.0" | "seedance-2.0-fast" | "seedance-2-mini";

/** Output resolutions. `seedance-2-mini` renders `1080p` as `720p`. */
export type Resolution = "480p" | "720p" | "1080p";

/** Aspect ratios of text-to-video. The last three are `seedance-2-mini` only. */
export type AspectRatio = "16:9" | "9:16" | "4:3" | "3:4" | "1:1" | "21:9" | "adaptive";

/** What a request starts from; reference videos select Mini's cheaper video-input rate. */
export type InputKind = "text" | "image" | "video";

/**
 * The body of `POST /v2/generate`, with the API's wire names. Text-to-video uses `prompt` and
 * `aspect_ratio`; image-to-video uses `prompt` and `images`.
 *
 * Fields the API does not document are allowed: they are sent as they are (with an
 * `UNKNOWN_FIELD` warning), so a field the provider adds later can be used at once.
 */
export interface GenerateRequest {
  /** Required: not empty, at most 2000 characters (Unicode code points). */
  prompt: string;
  /** Default `seedance-2.0`. */
  model?: ModelId | (string & {});
  /** Seconds. `seedance-2.0` and Fast: 5, 10 or 15; Mini: any integer from 4 to 15. Default 5. */
  duration?: number;
  /** Default `720p`. */
  resolution?: Resolution | (string & {});
  /** Text-to-video only; default `16:9`. Ignored (with a warning) when `images` are given. */
  aspect_ratio?: AspectRatio | (string & {});
  /** Image-to-video: 1 to 4 http(s) image URLs. */
  images?: string[];
  /** `seedance-2-mini` only: reference videos (http/https); Mini then bills the video-input rate. */
  reference_video_urls?: string[];
  /** `seedance-2-mini` only: reference audio (http/https). */
  reference_audio_urls?: string[];
  /** Where the API posts the result; must be a public http(s) URL (not localhost or a private address). */
  callback_url?: string;
  /** Whether the result is public (gallery features). */
  public?: boolean;
  /** Any other field is forwarded as is. */
  [field: string]: unknown;
}

/**
 * A request as it will be sent, after {@link validateRequest} applied the defaults: the model,
 * duration and resolution are always present, and `aspect_ratio` too for text-to-video.
 * `seedance-2-mini` with `1080p` reads `720p` here (that is what is submitted).
 */
export interface NormalizedRequest extends GenerateRequest {
  prompt: string;
  model: ModelId;
  duration: number;
  resolution: Resolution;
  aspect_ratio?: AspectRatio;
}

// ---------------------------------------------------------------------------------------------
// Validation and pricing
// ---------------------------------------------------------------------------------------------

/** What a request costs. 1 USD = 100 credits. */
export interface CostEstimate {
  model: ModelId;
  /** Seconds. */
  duration: number;
  /** The resolution asked for. */
  resolution: Resolution;
  /** The resolution billed (and submitted): `720p` for Mini asked for `1080p`, otherwise `resolution`. */
  billed_resolution: Resolution;
  /** `video` when reference videos are given, `image` with images, otherwise `text`. */
  input_kind: InputKind;
  /** A whole number of credits, exactly the provider's price table. */
  credits: number;
  /** `credits / 100`. */
  usd: number;
}

/** The result of {@link validateRequest}. */
export interface ValidationReport {
  /** True when there is no error (warnings do not count). */
  ok: boolean;
  /** Every error at once, not only the first. */
  errors: Issue<ErrorCode>[];
  /** Things the request will be sent with anyway. */
  warnings: Issue<WarningCode>[];
  /** The request with defaults applied when `ok`, otherwise null. */
  request: NormalizedRequest | null;
  /**
   * The price whenever the pricing inputs (model, duration, resolution, reference videos) are
   * valid, even if another field is not; otherwise null.
   */
  estimate: CostEstimate | null;
}

/**
 * The language of the messages a person reads: `"en"` (the default) or `"zh-CN"` (Simplified
 * Chinese, in the provider's terms). Codes, fields and values are the same in both. Other tags
 * such as `"zh"` or `"zh-Hans"` give `"zh-CN"`; an unknown one gives English. In a browser,
 * `import "seedance-wasm/zh-CN"` once to have the Chinese messages (the other entries have them).
 */
export type Locale = "en" | "zh-CN" | (string & {});

/** The `locale` option of {@link estimateCost} and {@link compareModels}. */
export interface LocaleOptions {
  /** The language of the messages; default `"en"`. */
  locale?: Locale;
}

/** Options of {@link validateRequest}. */
export interface ValidateOptions extends LocaleOptions {
  /** Report `BUDGET_EXCEEDED` when the estimate is over this many credits. */
  maxCredits?: number;
}

/** One model's line of {@link compareModels}. */
export interface ModelComparison {
  model: ModelId;
  /** True when the request is valid for this model. */
  ok: boolean;
  /** The price on this model, or null when the pricing inputs are not valid for it. */
  estimate: CostEstimate | null;
  /** The errors on this model. */
  errors: Issue<ErrorCode>[];
}

/** One model of the catalogue; forms build their options from it. */
export interface ModelInfo {
  id: ModelId;
  /** A name for people, such as "Seedance 2 Mini". */
  label: string;
  /** Accepted durations in seconds, ascending. */
  durations: number[];
  /** Resolutions the model renders. */
  resolutions: Resolution[];
  /** Accepted resolution -> the resolution billed and submitted (Mini: `"1080p"` -> `"720p"`). */
  billed_resolutions: Record<string, Resolution>;
  /** Accepted aspect ratios (text-to-video). */
  aspect_ratios: AspectRatio[];
  /** The most `images` a request may have. */
  max_images: number;
  /** Whether `reference_video_urls` are used. */
  reference_video: boolean;
  /** Whether `reference_audio_urls` are used. */
  reference_audio: boolean;
  /** True for the model used when a request names none. */
  is_default: boolean;
  /** The longest prompt, in Unicode code points (what `[...prompt].length` counts). */
  max_prompt_chars: number;
}

/**
 * A compiled `WebAssembly.Module`. Written this way so that the declarations also compile
 * without the DOM library (a Node project with `@types/node` only), where TypeScript has no
 * `WebAssembly` namespace.
 */
export type WasmModule = typeof globalThis extends {
  WebAssembly: { Module: { prototype: infer M } };
}
  ? M
  : never;

/** What {@link init} accepts: where to find the .wasm file, or its bytes, or the compiled module. */
export type InitInput =
  | string
  | URL
  | Request
  | Response
  | ArrayBuffer
  | ArrayBufferView
  | WasmModule;

/**
 * Loads and instantiates the WebAssembly module. Idempotent: call it (and await it) once before
 * the synchronous functions; later calls return the same promise. In Node, Deno, Bun and
 * Cloudflare Workers the module is loaded on import and `init()` has nothing left to do. Any other
 * call before `init()` settled throws a {@link SeedanceError} with code `NOT_INITIALIZED`.
 *
 * Without `source` the .wasm file is fetched from next to the package's `index.js`
 * (`new URL("seedance_wasm_bg.wasm", import.meta.url)`); bundlers such as Vite and webpack copy
 * it for you. Pass a URL, a `Response` (or a promise of one), the bytes or a compiled
 * `WebAssembly.Module` when it is served elsewhere. A failed load may be retried.
 */
export function init(source?: InitInput | Promise<InitInput>): Promise<void>;

/**
 * Checks a request and prices it, synchronously. Never throws, whatever `req` is (null, a
 * number, an object with wrong types): problems are reported as issues.
 */
export function validateRequest(req: unknown, options?: ValidateOptions): ValidationReport;

/**
 * Prices a request. Only the pricing inputs (model, duration, resolution, reference videos)
 * matter; the prompt may still be empty.
 * @throws {SeedanceError} when those inputs are not valid (code `INVALID_MODEL`,
 * `INVALID_DURATION`, `INVALID_RESOLUTION`, `INVALID_REFERENCE_URL` or `INVALID_FIELD`).
 */
export function estimateCost(req: Partial<GenerateRequest>, options?: LocaleOptions): CostEstimate;

/** The same request checked and priced for every model, in {@link listModels} order. */
export function compareModels(
  req: Partial<GenerateRequest>,
  options?: LocaleOptions,
): ModelComparison[];

/** The model catalogue, default model first. */
export function listModels(): ModelInfo[];

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/** Details a {@link SeedanceError} may carry. */
export interface SeedanceErrorDetails {
  status?: number;
  taskId?: string;
  retryable?: boolean;
  issues?: Issue[];
  retryAfterSeconds?: number;
}

/**
 * The error every thrown call and rejected promise of this package carries. No message or
 * property ever contains the API key.
 */
export class SeedanceError extends Error {
  constructor(code: ErrorCode, message: string, details?: SeedanceErrorDetails);
  name: "SeedanceError";
  /** What went wrong, for code to branch on. */
  code: ErrorCode;
  /** The HTTP status, when a response was received. */
  status?: number;
  /** The task concerned, once one was created. */
  taskId?: string;
  /** True when trying the same call again later may succeed (network errors, 429, 5xx, timeouts). */
  retryable: boolean;
  /** The request's errors, with `VALIDATION_FAILED` (and the issue behind other check codes). */
  issues?: Issue[];
  /** With `QUOTA_EXCEEDED`: seconds until the proxy's spending window resets. */
  retryAfterSeconds?: number;
  /** With `ABORTED`: the reason given to `abort(reason)`; with `INIT_FAILED`: the runtime's error. */
  cause?: unknown;
}

/** True for a {@link SeedanceError}, also one made by another copy of this package. */
export function isSeedanceError(x: unknown): x is SeedanceError;

// ---------------------------------------------------------------------------------------------
// Tasks
// ---------------------------------------------------------------------------------------------

/** A task's state, normalised from whatever spelling the server used. */
export type TaskState = "IN_PROGRESS" | "SUCCESS" | "FAILED";

/** The answer to `POST /generate`. */
export interface TaskCreated {
  task_id: string;
  status: TaskState;
  /**
   * Credits deducted for the task (refunded if it fails), read from any JSON spelling of an
   * integer (`240`, `240.0`, `2.4e2`); null when the server did not say, or said something else
   * (then `raw_consumed_credits` holds it).
   */
  consumed_credits: number | null;
  /**
   * The server's `consumed_credits` as JSON text when it sent a value that is not a non-negative
   * integer (`"-5"`, `"2.5"`, `"\"240\""`); null otherwise. A charge is never dropped silently.
   */
  raw_consumed_credits: string | null;
}

/** A task's status, normalised from a status response or a callback body. */
export interface TaskStatus {
  task_id: string;
  /** `IN_PROGRESS` also stands for any not-yet-final status the server may use (`QUEUED`, ...). */
  status: TaskState;
  /** The status as the server sent it, as text (for example `"success"`, `"QUEUED"`, or `"1"` for the number 1). */
  raw_status: string;
  /** The result's video URLs on `SUCCESS` (they expire after about 24 hours), otherwise empty. */
  videos: string[];
  /** Why the task failed, on `FAILED`. */
  error_message: string | null;
  /** As in `TaskCreated`: any JSON spelling of an integer; otherwise null, with `raw_consumed_credits`. */
  consumed_credits: number | null;
  /** As in `TaskCreated`: the value as JSON text when it is not a non-negative integer, else null. */
  raw_consumed_credits: string | null;
  /** RFC 3339. */
  created_at: string | null;
  /** The server's echo of the submitted request. */
  request: Record<string, unknown> | null;
}

/** A status that {@link SeedanceClient.waitForTask} resolves with. */
export type SucceededTaskStatus = TaskStatus & { status: "SUCCESS" };

/** Options of `new SeedanceClient(...)`. */
export interface SeedanceClientOptions extends LocaleOptions {
  /** Sent as `Authorization: Bearer ...`. Omit it when calling your own proxy ({@link createProxyHandler}). */
  apiKey?: string;
  /** Default `"https://seedanceapi.org/v2"`. */
  baseUrl?: string;
  /** Default: the global `fetch` (browser main thread, Web Worker, Node >= 18, Deno). */
  fetch?: typeof fetch;
  /** Extra headers on every request. */
  headers?: Record<string, string>;
  /** Deadline of each HTTP request, in milliseconds. */
  timeoutMs?: number;
  /** How many times a status request is retried (network errors, 408, 429, 5xx). */
  maxRetries?: number;
  /**
   * The most bytes read of any one reply body (default 1 MiB, at most 1 GiB). A longer reply is
   * cancelled unread past the cap and the call rejects with `INVALID_RESPONSE`.
   */
  maxReplyBytes?: number;
}

/** Options of {@link SeedanceClient.generate}. */
export interface GenerateOptions {
  /** Aborting rejects with `ABORTED`, whose `cause` is the reason given to `abort(reason)`. */
  signal?: AbortSignal;
  /** Refuse (with `BUDGET_EXCEEDED`, before any request) a request estimated above this many credits. */
  maxCredits?: number;
  /** Default true: check the request first and refuse it with `VALIDATION_FAILED` before sending. */
  validate?: boolean;
}

/** Options of {@link SeedanceClient.getStatus}. */
export interface StatusOptions {
  signal?: AbortSignal;
}

/** What `onProgress` of a wait is told besides the status. */
export interface PollInfo {
  /** 1 for the first poll. */
  attempt: number;
  /** Milliseconds since the wait began. */
  elapsedMs: number;
}

/** Options of {@link SeedanceClient.waitForTask}. */
export interface WaitOptions {
  /** Aborting rejects with `ABORTED` (`cause`: the abort reason); no request is sent after that. */
  signal?: AbortSignal;
  /** Overall deadline of the wait, in milliseconds (a default deadline always applies); then `TIMEOUT`. */
  timeoutMs?: number;
  /** Delay before the next poll, in milliseconds; it grows up to `maxPollIntervalMs`. */
  pollIntervalMs?: number;
  /** The longest delay between two polls, in milliseconds. */
  maxPollIntervalMs?: number;
  /** Called after each poll. */
  onProgress?(status: TaskStatus, info: PollInfo): void;
}

/** Options of {@link SeedanceClient.run}: those of `generate` and `waitForTask`, and one more. */
export interface RunOptions extends GenerateOptions, WaitOptions {
  signal?: AbortSignal;
  /** Called once the task exists (keep `task.task_id` to find it again). */
  onTaskCreated?(task: TaskCreated): void;
}

/** How one request of {@link SeedanceClient.runMany} ended, at its index in the input. */
export type BatchOutcome =
  | { index: number; ok: true; task_id: string; status: TaskStatus }
  | { index: number; ok: false; task_id: string | null; error: SeedanceError };

/** Options of {@link SeedanceClient.runMany}; the wait options apply to each task. */
export interface RunManyOptions extends Omit<WaitOptions, "onProgress"> {
  /** How many tasks run at once. */
  concurrency?: number;
  /** Refuse the whole batch (with `BUDGET_EXCEEDED`) when the estimates add up to more. */
  maxTotalCredits?: number;
  /** Aborting stops starting tasks and ends the waits; their outcomes carry `ABORTED`. */
  signal?: AbortSignal;
  /** Called as each request ends, with how many have ended out of how many. */
  onProgress?(outcome: BatchOutcome, done: number, total: number): void;
}

/**
 * A client of the Seedance 2.0 API (or of your own proxy). Works wherever `fetch` does:
 * browsers, Web Workers, Node >= 18, Deno, edge runtimes.
 *
 * A `POST /generate` is never sent twice for one call unless the server said it did not take it
 * (429). `GET /status` is retried on network errors, 408, 429 and 5xx with capped exponential
 * backoff and jitter, honouring `Retry-After`. Every failure is a {@link SeedanceError}.
 */
export class SeedanceClient {
  constructor(options?: SeedanceClientOptions);

  /**
   * Creates a task. Checks the request first (unless `validate: false`) and rejects with
   * `VALIDATION_FAILED` or `BUDGET_EXCEEDED` without any network request.
   */
  generate(req: GenerateRequest, options?: GenerateOptions): Promise<TaskCreated>;

  /** One status request (`GET /status?task_id=...`). */
  getStatus(taskId: string, options?: StatusOptions): Promise<TaskStatus>;

  /**
   * Polls until the task ends. Resolves with the `SUCCESS` status; rejects with `TASK_FAILED`,
   * `TIMEOUT` (a default deadline always applies) or `ABORTED`.
   */
  waitForTask(taskId: string, options?: WaitOptions): Promise<SucceededTaskStatus>;

  /** `generate`, then `waitForTask`. */
  run(req: GenerateRequest, options?: RunOptions): Promise<SucceededTaskStatus>;

  /**
   * Runs many requests, at most `concurrency` at once. Never rejects for one request: each
   * outcome says whether its request succeeded, in input order.
   */
  runMany(requests: GenerateRequest[], options?: RunManyOptions): Promise<BatchOutcome[]>;

  /**
   * Releases the client's memory in the WebAssembly module now rather than when it is garbage
   * collected. The client must not be used afterwards. Optional.
   */
  free(): void;
}

// ---------------------------------------------------------------------------------------------
// Server side
// ---------------------------------------------------------------------------------------------

/**
 * Normalises a callback body (or a status response) like {@link SeedanceClient.getStatus}.
 * @throws {SeedanceError} `INVALID_RESPONSE` when it is neither.
 */
export function parseCallback(body: unknown): TaskStatus;

/** Options of {@link createProxyHandler}. */
export interface ProxyOptions {
  /**
   * The server-side API key; any `Authorization` the browser sent is ignored. Required: `undefined`
   * (an environment variable that is not set) is refused with a coded error when the handler is made.
   */
  apiKey: string | undefined;
  /** Default `"https://seedanceapi.org/v2"`. */
  upstream?: string;
  /** Refuse requests estimated above this many credits (`BUDGET_EXCEEDED`). */
  maxCredits?: number;
  /** Allow these models only (`INVALID_MODEL` for the others). */
  models?: readonly (ModelId | (string & {}))[];
  /** Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** Largest request body, in bytes (default 1 MiB); a larger one is refused with 413. */
  maxBodyBytes?: number;
  /**
   * Bytes of request bodies being read at once, across all requests of this handler (default
   * 64 MiB); a body that would pass it is refused with 503 and `Retry-After`.
   */
  maxInFlightBytes?: number;
  /** Milliseconds one body may take to arrive (default 10000); a slower one gets 408. */
  bodyTimeoutMs?: number;
  /** Largest upstream reply read, in bytes (default 1 MiB); beyond it a 502 envelope, the rest unread. */
  maxReplyBytes?: number;
  /**
   * Default false: only the normalised, priced fields go upstream. True also forwards fields the
   * engine does not know, as they are.
   */
  forwardUnknownFields?: boolean;
  /** Deadline of each upstream request, headers and body, in milliseconds (default 60000): 502 `TIMEOUT`. */
  timeoutMs?: number;
  /**
   * Who is calling, decided before any body is read: a caller id (quotas and task ownership use
   * it), `null` for 401 `INVALID_API_KEY`, or a `Response` sent as it is; a throw is 500.
   * **Without it every request is the one caller `"anonymous"`: anyone who reaches the proxy can
   * spend through it.**
   */
  authorize?: (request: Request) => string | null | Response | Promise<string | null | Response>;
  /**
   * Spending limits in credits per fixed window (aligned to the Unix epoch: 86400 resets at 00:00
   * UTC), reserved atomically in `store` before a generate is forwarded: 429 `QUOTA_EXCEEDED` over a
   * limit, 503 `QUOTA_UNAVAILABLE` when the store fails (nothing forwarded). With `authorize` too,
   * a caller can only read the status of tasks it created.
   */
  quota?: QuotaOptions;
  /**
   * Origins whose pages may call the proxy across origins (CORS, preflight answered). Any other
   * cross-origin browser request is refused with 403, with or without this option.
   */
  allowedOrigins?: readonly string[];
  /**
   * The language of the proxy's own messages (its error envelopes): `"en"` (default), `"zh-CN"`,
   * or `"auto"`, which follows each request's `Accept-Language`.
   */
  locale?: Locale | "auto";
}

/** A spending limit: at most `credits` in each window of `windowSeconds`. */
export interface SpendLimit {
  credits: number;
  windowSeconds: number;
}

/** Options of {@link ProxyOptions.quota}. */
export interface QuotaOptions {
  /** Where spend is counted (default {@link memoryStore}: this process or isolate only). */
  store?: SpendStore;
  /** Each caller's limit. */
  perCaller?: SpendLimit;
  /** The limit of every caller together. */
  total?: SpendLimit;
  /** How long one store call may take, in milliseconds (default 2000); then 503 `QUOTA_UNAVAILABLE`. */
  timeoutMs?: number;
}

/** One counter of a reservation: a key of the current window and the most it may hold. */
export interface SpendCounter {
  key: string;
  limit: number;
  /** When the counter may be forgotten, in milliseconds since 1970. */
  expiresAt: number;
}

/**
 * Where a proxy counts spend. The proxy decides everything (windows, keys, limits, settlements);
 * a store only keeps numbers and strings. Implement it over another database with these four
 * methods; a method that throws, rejects or is slower than `quota.timeoutMs` makes the proxy
 * answer 503 and forward nothing.
 */
export interface SpendStore {
  /**
   * Atomically across every proxy that shares the store: if each counter's value plus `amount`
   * is at most its `limit`, add `amount` to every counter and answer the new values; otherwise
   * change nothing and answer the current ones. An `amount` of 0 only reads.
   */
  reserve(
    counters: SpendCounter[],
    amount: number,
  ): Promise<{ admitted: boolean; spent: number[] }>;
  /**
   * Adds `delta` (negative to give credits back) to every counter; none goes below 0, and one at
   * 0 may be dropped (a missing counter reads as 0).
   */
  adjust(counters: SpendCounter[], delta: number): Promise<void>;
  /** Keeps `value` under `key` until `expiresAt` (which caller created which task). */
  put(key: string, value: string, expiresAt: number): Promise<void>;
  /** The value kept under `key`, or null. */
  get(key: string): Promise<string | null>;
}

/** A {@link SpendStore} in this process's or isolate's memory (every entry). */
export function memoryStore(): SpendStore;

/** The part of a node-redis (v4 or later) or ioredis client that {@link redisStore} uses. */
export type RedisClientLike =
  | { sendCommand(args: string[]): Promise<unknown> }
  | { call(...args: string[]): Promise<unknown> };

/**
 * Node entry only (Node, Deno, Bun): a {@link SpendStore} on Redis 6 or later, or Valkey, shared
 * by every proxy that uses the same server and `prefix` (default `"{seedance}:"`: its braces are
 * a Redis Cluster hash tag, so a reservation's keys share one slot). One atomic Lua
 * script per reservation.
 */
export function redisStore(client: RedisClientLike, options?: { prefix?: string }): SpendStore;

/** The part of a `Deno.Kv` atomic operation that {@link denoKvStore} uses. */
export interface DenoKvAtomicLike {
  check(entry: { key: unknown[]; versionstamp: string | null }): DenoKvAtomicLike;
  set(key: unknown[], value: unknown, options?: { expireIn?: number }): DenoKvAtomicLike;
  commit(): Promise<{ ok: boolean }>;
}

/** The part of a `Deno.Kv` that {@link denoKvStore} uses. */
export interface DenoKvLike {
  getMany(
    keys: unknown[][],
  ): Promise<{ key: unknown[]; value: unknown; versionstamp: string | null }[]>;
  atomic(): DenoKvAtomicLike;
  get(key: unknown[]): Promise<{ value: unknown }>;
  set(key: unknown[], value: unknown, options?: { expireIn?: number }): Promise<unknown>;
}

/**
 * Node entry under Deno only: a {@link SpendStore} on Deno KV (`await Deno.openKv()`), atomic by
 * versionstamp checks. `prefix` (default `["seedance"]`) starts every key.
 */
export function denoKvStore(kv: DenoKvLike, options?: { prefix?: string[] }): SpendStore;

/** The part of a Durable Object namespace that {@link durableObjectStore} uses. */
export interface DurableObjectNamespaceLike {
  idFromName(name: string): unknown;
  get(id: never): { fetch(input: string, init?: RequestInit): Promise<Response> };
}

/**
 * `workerd` entry only (Cloudflare Workers): a {@link SpendStore} on the Durable Object namespace
 * bound to {@link SpendLedger}. Handlers with the same `name` (default `"seedance-spend"`) share
 * one ledger.
 */
export function durableObjectStore(
  namespace: DurableObjectNamespaceLike,
  options?: { name?: string },
): SpendStore;

/**
 * `workerd` entry only: the Durable Object class of {@link durableObjectStore}. Export it from the
 * Worker (`export { SpendLedger } from "seedance-wasm"`) and bind a namespace of it.
 */
export class SpendLedger {
  constructor(state: unknown, env?: unknown);
  fetch(request: Request): Promise<Response>;
}

/**
 * A Fetch-API handler (Node, Deno, Workers, route handlers) serving `POST .../generate` and
 * `GET .../status`: it validates and prices in the same engine, refuses invalid or over-budget
 * requests with the API's own error envelope, and forwards the rest to `upstream` with the
 * server-side key. A server's only: the browser entry (the `browser`/`default` condition) throws a
 * {@link SeedanceError} with code `INVALID_FIELD`, as a key in a page is no secret.
 */
export function createProxyHandler(options: ProxyOptions): (req: Request) => Promise<Response>;

/** What {@link toNodeListener} needs of a `node:http` `IncomingMessage` (Express's and Connect's fit). */
export interface NodeIncomingMessage {
  method?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
}

/** What {@link toNodeListener} needs of a `node:http` `ServerResponse`. */
export interface NodeServerResponse {
  writeHead(status: number, headers?: Record<string, string | string[]>): unknown;
  end(): unknown;
}

/**
 * Node entry only: runs a Fetch-API handler (such as {@link createProxyHandler}'s) under
 * `node:http`, Express or Connect, streaming the request body. Nothing a client sends (malformed
 * targets, `TRACE`, bad Host headers, aborted uploads) throws or rejects out of it: it answers
 * 400/500 in the API's error envelope and the server keeps serving.
 * @throws {SeedanceError} `INVALID_FIELD` when `handler` is not a function.
 */
export function toNodeListener(
  handler: (request: Request) => Response | Promise<Response>,
): (req: NodeIncomingMessage, res: NodeServerResponse) => void;
