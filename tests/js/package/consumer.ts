// A TypeScript consumer of seedance-wasm that uses every export. tests/js/package.test.mjs
// compiles it with `tsc --strict --noEmit` against the packed package; each `@ts-expect-error`
// line must really be an error (tsc reports an unused directive otherwise), and the test also
// checks that removing the directives makes exactly those lines fail.

import type {
  BatchOutcome,
  CostEstimate,
  ErrorCode,
  GenerateRequest,
  Issue,
  IssueCode,
  ModelComparison,
  ModelId,
  ModelInfo,
  NormalizedRequest,
  TaskCreated,
  TaskStatus,
  ValidationReport,
  WarningCode,
} from "seedance-wasm";
import {
  compareModels,
  createProxyHandler,
  estimateCost,
  init,
  isSeedanceError,
  listModels,
  parseCallback,
  SeedanceClient,
  SeedanceError,
  validateRequest,
} from "seedance-wasm";

// The same shape as `satisfies`, usable on values: fails to compile unless T is assignable to U.
function expectType<T>(value: T): T {
  return value;
}

export async function main(): Promise<void> {
  await init();
  await init("/assets/seedance_wasm_bg.wasm");
  await init(new URL("https://cdn.example/seedance_wasm_bg.wasm"));
  await init(fetch("/seedance_wasm_bg.wasm"));
  await init(new Uint8Array([0, 97, 115, 109]));
  await init(await WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])));
  // (WebAssembly.Module is an empty interface in TypeScript's DOM types, so any object matches
  // it: init's argument cannot be checked more strictly than that.)

  // ---- validation and pricing
  const req: GenerateRequest = {
    prompt: "A red fox runs through snow",
    model: "seedance-2-mini",
    duration: 8,
  };
  const report: ValidationReport = validateRequest(req, { maxCredits: 500 });
  validateRequest(null);
  validateRequest(42);
  validateRequest({ prompt: 3 });
  const ok: boolean = report.ok;
  const credits: number | undefined = report.estimate?.credits;
  const normalized: NormalizedRequest | null = report.request;
  if (normalized) {
    const model: ModelId = normalized.model;
    const duration: number = normalized.duration;
    void [model, duration];
  }
  for (const issue of report.errors) {
    const code: ErrorCode = issue.code;
    const field: string = issue.field;
    const message: string = issue.message;
    void [code, field, message];
  }
  for (const warning of report.warnings) {
    const code: WarningCode = warning.code;
    // @ts-expect-error warnings carry warning codes only
    const asError: ErrorCode = warning.code;
    void [code, asError];
  }
  // biome-ignore lint/style/noNonNullAssertion: a type test; only the element type matters here
  const anyIssue: Issue = report.errors[0] ?? report.warnings[0]!;
  const issueCode: IssueCode = anyIssue.code;
  void [ok, credits, issueCode];

  // @ts-expect-error an unknown option of validateRequest
  validateRequest(req, { maxCredit: 5 });
  // @ts-expect-error maxCredits is a number
  validateRequest(req, { maxCredits: "500" });

  const estimate: CostEstimate = estimateCost({ model: "seedance-2.0", duration: 10 });
  const kind: "text" | "image" | "video" = estimate.input_kind;
  const usd: number = estimate.usd;
  // @ts-expect-error credits is a number, not a string
  const creditsText: string = estimate.credits;
  // @ts-expect-error a duration is a number of seconds
  estimateCost({ model: "seedance-2.0", duration: "10" });
  // @ts-expect-error the model is a string (a ModelId or a future one)
  estimateCost({ model: 2 });
  void [kind, usd, creditsText];

  // Unknown fields are forwarded, and future models and resolutions are accepted as strings.
  const future: GenerateRequest = { prompt: "x", model: "seedance-3.0", resolution: "4k", seed: 7 };
  // @ts-expect-error the prompt is required
  const noPrompt: GenerateRequest = { model: "seedance-2.0" };
  // @ts-expect-error public is a boolean
  const badPublic: GenerateRequest = { prompt: "x", public: "yes" };
  // @ts-expect-error images is an array of URLs
  const badImages: GenerateRequest = { prompt: "x", images: "https://example.com/a.png" };
  void [future, noPrompt, badPublic, badImages];

  const comparison: ModelComparison[] = compareModels(req);
  for (const line of comparison) {
    const m: ModelId = line.model;
    const e: CostEstimate | null = line.estimate;
    void [m, e];
  }

  const models: ModelInfo[] = listModels();
  for (const m of models) {
    const durations: number[] = m.durations;
    const resolutions: string[] = m.resolutions;
    const billed: string | undefined = m.billed_resolutions["1080p"];
    const ratios: string[] = m.aspect_ratios;
    const flags: boolean[] = [m.reference_video, m.reference_audio, m.is_default];
    const maxImages: number = m.max_images;
    const label: string = m.label;
    // @ts-expect-error a model has no price field: use estimateCost
    const price = m.price;
    void [durations, resolutions, billed, ratios, flags, maxImages, label, price];
  }

  // ---- errors
  const error = new SeedanceError("TIMEOUT", "too slow", { retryable: true, taskId: "t1" });
  const asError: Error = error;
  const name: "SeedanceError" = error.name;
  const code: ErrorCode = error.code;
  const status: number | undefined = error.status;
  const taskId: string | undefined = error.taskId;
  const retryable: boolean = error.retryable;
  const issues: Issue[] | undefined = error.issues;
  void [asError, name, code, status, taskId, retryable, issues];
  // @ts-expect-error not a code of the contract
  new SeedanceError("SOMETHING_ELSE", "message");
  // @ts-expect-error a code is one of the contract's, not any string
  const arbitrary: ErrorCode = "NOT_A_CODE";
  // @ts-expect-error a warning code is not an error code
  const warningAsError: ErrorCode = "UNKNOWN_FIELD";
  void [arbitrary, warningAsError];

  const caught: unknown = error;
  if (isSeedanceError(caught)) {
    const narrowed: SeedanceError = caught;
    // @ts-expect-error comparing the code with a string that no code is
    if (narrowed.code === "TIME_OUT") throw narrowed;
    // @ts-expect-error retryable is a boolean
    const r: string = narrowed.retryable;
    void r;
  }
  // @ts-expect-error without the guard the value is unknown
  void caught.code;

  // ---- client
  const client = new SeedanceClient({
    apiKey: "sk-test",
    baseUrl: "http://127.0.0.1:8787/v2",
    fetch: globalThis.fetch,
    headers: { "x-trace": "1" },
    timeoutMs: 30_000,
    maxRetries: 3,
  });
  new SeedanceClient();
  new SeedanceClient({ baseUrl: "/api/seedance" });
  // @ts-expect-error the API key is a string
  new SeedanceClient({ apiKey: 123 });
  // @ts-expect-error header values are strings
  new SeedanceClient({ headers: { "x-retry": 1 } });
  // @ts-expect-error an unknown client option
  new SeedanceClient({ retries: 3 });

  const controller = new AbortController();
  const created: TaskCreated = await client.generate(req, {
    signal: controller.signal,
    maxCredits: 400,
    validate: true,
  });
  const createdId: string = created.task_id;
  const createdCredits: number | null = created.consumed_credits;
  void createdCredits;
  // @ts-expect-error an unknown option of generate
  await client.generate(req, { budget: 400 });
  // @ts-expect-error generate needs a request with a prompt
  await client.generate({ duration: 5 });

  const polled: TaskStatus = await client.getStatus(createdId, { signal: controller.signal });
  const state: "IN_PROGRESS" | "SUCCESS" | "FAILED" = polled.status;
  const videos: string[] = polled.videos;
  const errorMessage: string | null = polled.error_message;
  const createdAt: string | null = polled.created_at;
  const echo: Record<string, unknown> | null = polled.request;
  const rawStatus: string = polled.raw_status;
  void [state, videos, errorMessage, createdAt, echo, rawStatus];
  // @ts-expect-error the status is one of three, not any string
  if (polled.status === "PENDING") throw new Error("unreachable");
  // @ts-expect-error a task id is a string
  await client.getStatus(42);

  const done: TaskStatus = await client.waitForTask(createdId, {
    signal: controller.signal,
    timeoutMs: 600_000,
    pollIntervalMs: 2_000,
    maxPollIntervalMs: 15_000,
    onProgress(s: TaskStatus, info: { attempt: number; elapsedMs: number }) {
      void [s.status, info.attempt, info.elapsedMs];
    },
  });
  void done;
  await client.waitForTask(createdId, {
    // @ts-expect-error onProgress is told the attempt as a number
    onProgress: (_s: TaskStatus, info: { attempt: string }) => void info,
  });

  const ran: TaskStatus = await client.run(req, {
    maxCredits: 400,
    validate: true,
    signal: controller.signal,
    timeoutMs: 600_000,
    pollIntervalMs: 1_000,
    maxPollIntervalMs: 10_000,
    onProgress: (s, { attempt, elapsedMs }) => void [s.raw_status, attempt, elapsedMs],
    onTaskCreated: (task) => void expectType<string>(task.task_id),
  });
  void ran;
  // @ts-expect-error onTaskCreated is told a TaskCreated, whose credits are not a string
  await client.run(req, { onTaskCreated: (task) => expectType<string>(task.consumed_credits) });

  const outcomes: BatchOutcome[] = await client.runMany([req, { prompt: "second" }], {
    concurrency: 2,
    maxTotalCredits: 1000,
    signal: controller.signal,
    timeoutMs: 600_000,
    pollIntervalMs: 1_000,
    onProgress: (outcome, doneCount, total) => void [outcome.index, doneCount + total],
  });
  for (const outcome of outcomes) {
    if (outcome.ok) {
      const id: string = outcome.task_id;
      const s: TaskStatus = outcome.status;
      void [id, s];
    } else {
      const id: string | null = outcome.task_id;
      const e: SeedanceError = outcome.error;
      // @ts-expect-error a failed outcome has no status
      void outcome.status;
      void [id, e];
    }
  }
  // @ts-expect-error runMany takes an array of requests
  await client.runMany(req);
  // @ts-expect-error the batch's onProgress is told (outcome, done, total), not a TaskStatus
  await client.runMany([req], { onProgress: (s: TaskStatus) => void s });

  // @ts-expect-error there is no such method
  await client.cancel(createdId);
  // @ts-expect-error nor a static one
  SeedanceClient.create({ apiKey: "x" });

  // ---- server side
  const fromCallback: TaskStatus = parseCallback({
    code: 200,
    data: { task_id: "t", status: "SUCCESS" },
  });
  parseCallback("raw text");
  void fromCallback;

  const handler: (req: Request) => Promise<Response> = createProxyHandler({
    apiKey: "sk-server",
    upstream: "https://seedanceapi.org/v2",
    maxCredits: 500,
    models: ["seedance-2-mini", "seedance-2.0-fast"],
    fetch: globalThis.fetch,
  });
  createProxyHandler({ apiKey: "k", models: ["seedance-9"] });
  const response: Response = await handler(
    new Request("https://example.com/api/generate", { method: "POST", body: "{}" }),
  );
  void response;
  createProxyHandler({
    apiKey: "k",
    maxBodyBytes: 1 << 20,
    maxInFlightBytes: 64 << 20,
    bodyTimeoutMs: 10_000,
    maxReplyBytes: 1 << 20,
    forwardUnknownFields: false,
    timeoutMs: 60_000,
  });
  // @ts-expect-error forwardUnknownFields is true or false
  createProxyHandler({ apiKey: "k", forwardUnknownFields: "yes" });
  // @ts-expect-error the server-side key is required
  createProxyHandler({ upstream: "https://seedanceapi.org/v2" });
  // @ts-expect-error models are names, not indexes
  createProxyHandler({ apiKey: "k", models: [1, 2] });
  // @ts-expect-error maxCredits is a number
  createProxyHandler({ apiKey: "k", maxCredits: "500" });
  // @ts-expect-error the handler takes a Request, not a URL string
  await handler("https://example.com/api/generate");
}
