// The demo page. It writes no rule of its own: the form's options and limits come from
// listModels(), every check and price from validateRequest() and compareModels() (all imported in
// engine.js), and the run from SeedanceClient. Everything that comes from the server is shown with
// textContent, never parsed as HTML.
import { compareModels, init, isSeedanceError, listModels, validateRequest } from "./engine.js";

const $ = (id) => document.getElementById(id);
const form = $("form");
const controls = {
  prompt: $("prompt"),
  model: $("model"),
  duration: $("duration"),
  resolution: $("resolution"),
  aspect_ratio: $("aspect_ratio"),
  images: $("images"),
  reference_video_urls: $("reference_video_urls"),
  reference_audio_urls: $("reference_audio_urls"),
  callback_url: $("callback_url"),
};
const generateButton = $("generate");
const cancelButton = $("cancel");
const checkAgainButton = $("check-again");

let models = [];
let mode = "mock"; // "mock" (make demo), "proxy" (make demo with a key) or "sandbox" (make demo-static)
let running = null; // { controller } while the page waits for a task
let lastReport = null;
// Problems are shown for a field once the person has touched it, or for all after Generate.
const touched = new Set();
let showAll = false;

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v);
  }
  node.append(...children);
  return node;
}

const modelById = (id) => models.find((m) => m.id === id);
const labelOf = (id) => modelById(id)?.label ?? id;
const lines = (text) =>
  text
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s !== "");
const formatUsd = (usd) => usd.toLocaleString("en-US", { style: "currency", currency: "USD" });
const formatCost = (est) => `${est.credits} credits (${formatUsd(est.usd)})`;
const fieldLabel = (name) => form.querySelector(`label[for="${name}"]`)?.textContent ?? name;

function fillSelect(select, values, labelFor = String) {
  const previous = select.value;
  select.replaceChildren(
    ...values.map((v) => el("option", { value: String(v), text: labelFor(v) })),
  );
  return previous;
}

// The engine's defaults for a model: what it fills in for a request naming only the model.
function engineDefaults(modelId) {
  const report = validateRequest({ model: modelId, prompt: "x" });
  return report.request ?? {};
}

function setNote(name, text) {
  const note = form.querySelector(`[data-note-for="${name}"]`);
  if (note) note.textContent = text;
}

// Rebuilds the options that depend on the model, keeping the person's choices where still allowed
// and saying so next to the field when a choice had to change.
function applyModel({ announce = false } = {}) {
  const model = modelById(controls.model.value);
  if (!model) return;
  const defaults = engineDefaults(model.id);
  const pick = (name, previous, fallback, show = String) => {
    const select = controls[name];
    const values = [...select.options].map((o) => o.value);
    select.value = values.includes(previous)
      ? previous
      : values.includes(String(fallback))
        ? String(fallback)
        : values[0];
    const changed = announce && previous !== "" && previous !== select.value;
    setNote(
      name,
      changed ? `${model.label} has no ${show(previous)}: changed to ${show(select.value)}.` : "",
    );
  };

  const prevDuration = fillSelect(controls.duration, model.durations, (d) => `${d} s`);
  pick("duration", prevDuration, defaults.duration, (d) => `${d} s`);

  // Accepted resolutions: what the model renders, plus what it takes and bills as another one.
  const accepted = [...model.resolutions];
  for (const r of Object.keys(model.billed_resolutions ?? {}))
    if (!accepted.includes(r)) accepted.push(r);
  const prevResolution = fillSelect(controls.resolution, accepted, (r) => {
    const billed = model.billed_resolutions?.[r];
    return billed && billed !== r ? `${r} (billed as ${billed})` : r;
  });
  pick("resolution", prevResolution, defaults.resolution);

  const prevRatio = fillSelect(controls.aspect_ratio, model.aspect_ratios);
  pick("aspect_ratio", prevRatio, defaults.aspect_ratio);

  $("images-hint").textContent =
    `One per line, up to ${model.max_images}. With images the video starts from them (image-to-video).`;
  setAvailable("reference_video_urls", model.reference_video);
  setAvailable("reference_audio_urls", model.reference_audio);
}

function setAvailable(name, available) {
  controls[name].disabled = !available;
  controls[name].closest(".field").hidden = !available;
}

// The request the form describes; empty fields are left out.
function buildRequest() {
  const req = {};
  const prompt = controls.prompt.value;
  if (prompt !== "") req.prompt = prompt;
  req.model = controls.model.value;
  if (controls.duration.value !== "") req.duration = Number(controls.duration.value);
  if (controls.resolution.value !== "") req.resolution = controls.resolution.value;
  if (controls.aspect_ratio.value !== "") req.aspect_ratio = controls.aspect_ratio.value;
  for (const name of ["images", "reference_video_urls", "reference_audio_urls"]) {
    if (controls[name].disabled) continue;
    const urls = lines(controls[name].value);
    if (urls.length > 0) req[name] = urls;
  }
  const callback = controls.callback_url.value.trim();
  if (callback !== "") req.callback_url = callback;
  return req;
}

// The form field an issue belongs to ("images[1]" -> images), or "" for the whole request.
function fieldOf(issueField) {
  const name = /^([a-z_]+)/.exec(issueField ?? "")?.[1] ?? "";
  return name && Object.hasOwn(controls, name) && !controls[name].disabled ? name : "";
}
const visible = (issue) => showAll || touched.has(fieldOf(issue.field));

// "images[1]" -> the images field, shown as "Line 2: ...".
function placeIssue(field) {
  const name = fieldOf(field);
  const list = form.querySelector(`[data-issues-for="${name}"]`);
  const line = /^[a-z_]+\[(\d+)\]/.exec(field ?? "")?.[1];
  const prefix = name
    ? line !== undefined
      ? `Line ${Number(line) + 1}: `
      : ""
    : field
      ? `${field}: `
      : "";
  return { list, prefix };
}

function issueItem(issue, kind, prefix = "") {
  return el(
    "li",
    { class: `issue ${kind}`, "data-code": issue.code, "data-field": issue.field ?? "" },
    el("span", { class: "code", text: issue.code }),
    " ",
    `${prefix}${issue.message}`,
  );
}

function showIssues(report) {
  for (const list of form.querySelectorAll("[data-issues-for]")) list.replaceChildren();
  for (const [kind, issues] of [
    ["error", report.errors],
    ["warning", report.warnings],
  ]) {
    for (const issue of issues) {
      if (kind === "error" && !visible(issue)) continue;
      const { list, prefix } = placeIssue(issue.field);
      list.append(issueItem(issue, kind, prefix));
    }
  }
  for (const [name, control] of Object.entries(controls)) {
    const bad = report.errors.some((i) => visible(i) && fieldOf(i.field) === name);
    control.setAttribute("aria-invalid", String(bad));
  }
}

function showCost(report) {
  const est = report.estimate;
  $("cost").textContent = est ? formatCost(est) : "—";
  $("cost").classList.toggle("unknown", !est);
  if (!est) {
    $("cost-detail").textContent =
      "Choose a valid model, duration and resolution to see the price.";
    return;
  }
  $("cost-detail").textContent = describeEstimate(est);
}

function describeEstimate(est) {
  const billed =
    est.billed_resolution !== est.resolution ? `, billed as ${est.billed_resolution}` : "";
  return `${labelOf(est.model)} · ${est.duration} s · ${est.resolution}${billed} · ${est.input_kind} input`;
}

// Per model, everything that stops it: first what only some models reject (the duration Mini
// allows and 2.0 does not), then what every model rejects (an empty prompt), once touched.
function showComparison(request) {
  const entries = compareModels(request);
  const key = (i) => `${i.code}\u0000${i.field}\u0000${i.message}`;
  const everywhere = new Set(
    entries[0]?.errors
      .map(key)
      .filter((k) => entries.every((e) => e.errors.some((i) => key(i) === k))),
  );
  const rows = entries.map((entry) => {
    const own = entry.errors.filter((i) => !everywhere.has(key(i)));
    const shared = entry.errors.filter((i) => everywhere.has(key(i)) && visible(i));
    const blocking = [...own, ...shared];
    let check;
    if (entry.ok) check = el("td", { class: "ok", text: "ok" });
    else if (blocking.length === 0) check = el("td", { class: "pending", text: "ok so far" });
    else {
      check = el(
        "td",
        { class: "bad" },
        el(
          "ul",
          { class: "reasons" },
          ...blocking.map((i) => el("li", { title: i.code, "data-code": i.code, text: i.message })),
        ),
      );
    }
    const row = el(
      "tr",
      { "data-model": entry.model },
      el("th", { scope: "row", text: labelOf(entry.model) }),
      el("td", { class: "num", text: entry.estimate ? String(entry.estimate.credits) : "—" }),
      check,
    );
    if (entry.model === request.model) row.classList.add("current");
    return row;
  });
  $("compare-body").replaceChildren(...rows);
}

function updateCounter() {
  // The limit is the engine's (listModels); the error itself comes from validateRequest.
  const limit = modelById(controls.model.value)?.max_prompt_chars;
  const count = [...controls.prompt.value].length;
  const counter = $("prompt-count");
  counter.textContent = `${count} / ${limit} characters`;
  counter.classList.toggle("over", count > limit);
}

function refresh() {
  updateCounter();
  const request = buildRequest();
  const report = validateRequest(request);
  lastReport = report;
  showIssues(report);
  showCost(report);
  showComparison(request);
  generateButton.disabled = !report.ok || running !== null;
  const shown = report.errors.filter(visible).length;
  const untouched = [
    ...new Set(report.errors.filter((i) => !visible(i)).map((i) => fieldLabel(fieldOf(i.field)))),
  ].filter(Boolean);
  $("summary").textContent = running
    ? "A task is running…"
    : shown > 0
      ? `Fix ${shown === 1 ? "1 problem" : `${shown} problems`} to continue.`
      : untouched.length > 0
        ? `Fill in the ${untouched.join(", ").toLowerCase()} to continue.`
        : report.warnings.length > 0
          ? "Ready, with a warning."
          : "Ready.";
}

// --- remembering tasks across a reload ------------------------------------------------------

// Tasks this tab started and has not seen finish, newest last: a reload resumes the newest.
const TASKS_KEY = "seedance-demo.tasks";
const MAX_REMEMBERED = 5;

function rememberedTasks() {
  try {
    const list = JSON.parse(sessionStorage.getItem(TASKS_KEY) ?? "[]");
    return Array.isArray(list) ? list.filter((t) => typeof t?.id === "string") : [];
  } catch {
    return [];
  }
}
function storeTasks(list) {
  try {
    sessionStorage.setItem(TASKS_KEY, JSON.stringify(list.slice(-MAX_REMEMBERED)));
  } catch {
    /* storage refused */
  }
}
function remember(task) {
  storeTasks([...rememberedTasks().filter((t) => t.id !== task.id), task]);
}
function forget(id) {
  storeTasks(rememberedTasks().filter((t) => t.id !== id));
}

// --- the task card -----------------------------------------------------------------------------

let clientLoading = null; // the full package, loaded on the first Generate or resume
let current = null; // the task the card shows: { id, request, estimate, createdAt }
let lastStatus = null; // the latest status the service reported for it

// How long a task usually takes: a rough figure, for the progress estimate only (the service
// reports no progress and the engine carries no timing). Seconds: a base plus per second of video.
const TYPICAL_SECONDS = {
  "seedance-2.0": [60, 12],
  "seedance-2.0-fast": [30, 6],
  "seedance-2-mini": [40, 8],
};
function typicalMs(request) {
  const [base, perSecond] = TYPICAL_SECONDS[request?.model] ?? [60, 12];
  return 1000 * (base + perSecond * (request?.duration ?? 5));
}
const formatDuration = (ms) => {
  const s = Math.round(ms / 1000);
  return s < 90 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
};

let ticker = null;
function startClock(startedAt) {
  stopClock();
  const tick = () => {
    const elapsed = Date.now() - startedAt;
    $("elapsed").textContent = `${(Math.max(0, elapsed) / 1000).toFixed(1)} s`;
    if (current?.createdAt == null) return; // indeterminate until the task exists
    const typical = typicalMs(current.request);
    const since = Date.now() - current.createdAt;
    // Linear to 90 % at the typical time, then creeping towards 99 %: it never claims the end.
    $("progress").value =
      since < typical
        ? (90 * since) / typical
        : 90 + 9 * (1 - Math.exp(-(since - typical) / typical));
    const about = `${labelOf(current.request.model)} usually takes about ${formatDuration(typical)} for ${current.request.duration} s of video`;
    const mock = mode === "proxy" ? "" : " (the mock API here finishes much sooner)";
    $("progress-note").textContent =
      since < typical
        ? `Estimate: ${about}${mock}; the service reports no progress of its own.`
        : `Taking longer than usual: ${about}. Still waiting.`;
  };
  tick();
  ticker = setInterval(tick, 200);
}
function stopClock() {
  if (ticker !== null) clearInterval(ticker);
  ticker = null;
}

function setMessage(text, kind = "") {
  const message = $("message");
  message.textContent = text;
  message.className = `message ${kind}`.trim();
}

// The status in words; the service's own value stays beside it.
const STATUS_WORDS = { IN_PROGRESS: "Generating", SUCCESS: "Done", FAILED: "Failed" };
function showStatus(words, raw = "") {
  $("task-status").textContent = words;
  $("task-raw-status").textContent = raw;
  $("task-raw-status").hidden = raw === "";
}
function showReported(status, attempt) {
  lastStatus = status;
  const raw = String(status.raw_status ?? status.status);
  showStatus(STATUS_WORDS[status.status] ?? "Waiting", attempt ? `${raw} · check ${attempt}` : raw);
  showCredits();
}

// Credits as the service reported them, and what a failure means for them.
function showCredits() {
  const credits = lastStatus?.consumed_credits ?? current?.created?.consumed_credits;
  const cell = $("task-credits");
  if (credits == null) {
    cell.textContent = "not reported yet";
  } else if (lastStatus?.status === "FAILED") {
    cell.textContent = `${credits} deducted when the task was created, refunded because it failed (the service's rule).`;
  } else {
    cell.textContent = `${credits} (as reported by the service)`;
  }
}

function showTaskCard(task) {
  current = task;
  lastStatus = null;
  $("task").hidden = false;
  $("task-id").textContent = task.id ?? "—";
  const r = task.request;
  const extras = ["images", "reference_video_urls", "reference_audio_urls"]
    .filter((k) => r[k]?.length)
    .map((k) => `${r[k].length} ${fieldLabel(k).toLowerCase()}`);
  $("task-request").replaceChildren(
    el("span", {
      text: [labelOf(r.model), `${r.duration} s`, r.resolution, r.aspect_ratio, ...extras]
        .filter(Boolean)
        .join(" · "),
    }),
    el("q", { class: "prompt", text: r.prompt ?? "" }),
  );
  $("task-price").textContent = task.estimate ? formatCost(task.estimate) : "—";
  showCredits();
  $("progress").removeAttribute("value");
  $("progress-note").textContent = "";
  $("result").hidden = true;
  $("videos").replaceChildren();
  checkAgainButton.hidden = true;
  setMessage("");
  showEarlier();
}

// Other tasks this tab left unfinished: each can be brought back into the card.
function showEarlier() {
  const others = rememberedTasks()
    .filter((t) => t.id !== current?.id)
    .reverse();
  $("earlier").hidden = others.length === 0;
  $("earlier-list").replaceChildren(
    ...others.map((t) =>
      el(
        "li",
        {},
        el("code", { text: t.id }),
        " ",
        el("span", {
          class: "hint",
          text: `${labelOf(t.request?.model)} · ${t.request?.duration} s `,
        }),
        Object.assign(
          el("button", { type: "button", class: "secondary small", text: "Check again" }),
          {
            onclick: () => {
              if (!running) resume(t);
            },
          },
        ),
      ),
    ),
  );
}

function safeMediaUrl(value) {
  try {
    const url = new URL(String(value), location.href);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

function showSuccess(status) {
  $("task").dataset.state = "success";
  showReported(status);
  $("progress").value = 100;
  $("progress-note").textContent =
    `Finished after ${formatDuration(Date.now() - (current.createdAt ?? Date.now()))}.`;
  forget(current.id);
  const sources = (status.videos ?? []).map(safeMediaUrl).filter(Boolean);
  if (sources.length === 0) {
    setMessage("The task succeeded but returned no playable video URL.", "error");
    return;
  }
  setMessage(sources.length === 1 ? "Done." : `Done: ${sources.length} videos.`, "success");
  const figures = sources.map((src, i) => {
    const video = el("video", {
      "data-testid": "video",
      controls: "",
      autoplay: "",
      loop: "",
      playsinline: "",
    });
    video.muted = true;
    video.src = src;
    video.addEventListener("error", () => {
      setMessage("Done, but a video cannot be played here: use its download link.", "warning");
    });
    const name = sources.length === 1 ? "the video" : `video ${i + 1}`;
    return el(
      "figure",
      { class: "video" },
      video,
      el(
        "figcaption",
        {},
        el("a", {
          href: src,
          download: `seedance-${current.id}-${i + 1}.mp4`,
          "data-testid": "download",
          text: `Download ${name}`,
        }),
        " · ",
        el("a", {
          href: src,
          target: "_blank",
          rel: "noopener noreferrer",
          text: "open in a new tab",
        }),
      ),
    );
  });
  $("videos").replaceChildren(...figures);
  $("result").hidden = false;
  for (const v of $("videos").querySelectorAll("video"))
    v.play().catch(() => {
      /* autoplay refused: the controls are there */
    });
}

// How the wait ended, when it did not end with a video. With a task id the card keeps it, and
// "Check again" resumes waiting for that same task.
function showStop(err, cancelled) {
  const id = current?.id ?? err?.taskId ?? null;
  if (id && !current.id) {
    current.id = id;
    $("task-id").textContent = id;
  }
  $("progress").value = 0;
  $("progress-note").textContent = current?.createdAt
    ? `Not waiting any more, ${formatDuration(Date.now() - current.createdAt)} after the task was created.`
    : "";
  const lastRaw = lastStatus ? `last reported ${lastStatus.raw_status ?? lastStatus.status}` : "";
  const again = (why) => {
    $("task").dataset.state = "stopped";
    checkAgainButton.hidden = false;
    setMessage(
      `${why} The task may still finish on the service: “Check again” waits for it again.`,
      "warning",
    );
  };
  if (cancelled) {
    showStatus("Cancelled", lastRaw);
    if (id) again("Stopped waiting.");
    else {
      $("task").dataset.state = "cancelled";
      setMessage("Cancelled before the task was created.", "warning");
    }
    return;
  }
  // Only a task the service reported as failed is over; with any other error the page stopped
  // knowing, and the task may still finish.
  const code = isSeedanceError(err) ? err.code : "";
  if (id && code !== "TASK_FAILED") {
    const words = { TIMEOUT: "Stopped waiting (time limit)", NETWORK_ERROR: "Connection lost" };
    showStatus(words[code] ?? "Could not check the task", code || lastRaw);
    if (code === "TASK_NOT_FOUND") forget(id); // a reload would only ask again
    return again(
      code === "TIMEOUT" ? err.message : `The status check failed: ${err?.message ?? String(err)}`,
    );
  }
  $("task").dataset.state = "failed";
  showStatus("Failed", lastStatus ? String(lastStatus.raw_status ?? lastStatus.status) : code);
  if (id && code === "TASK_FAILED") forget(id);
  showCredits();
  if (isSeedanceError(err)) {
    const parts = [`${err.code}: ${err.message}`];
    if (err.taskId) parts.push(`(task ${err.taskId})`);
    setMessage(parts.join(" "), "error");
    if (Array.isArray(err.issues) && err.issues.length > 0) {
      $("message").append(
        el(
          "ul",
          {},
          ...err.issues.map((i) => issueItem(i, "error", i.field ? `${i.field}: ` : "")),
        ),
      );
    }
  } else {
    setMessage(`Unexpected error: ${err?.message ?? String(err)}`, "error");
  }
}

// Runs `work(signal)` as the task the card shows, with the clock, Cancel and the final state.
async function follow(work, startedAt) {
  const controller = new AbortController();
  running = { controller };
  refresh();
  $("task").dataset.state = current.id ? "running" : "starting";
  cancelButton.hidden = false;
  cancelButton.disabled = false;
  checkAgainButton.hidden = true;
  startClock(startedAt);
  try {
    const status = await work(controller.signal);
    stopClock();
    showSuccess(status);
  } catch (err) {
    stopClock();
    showStop(err, controller.signal.aborted);
  } finally {
    running = null;
    cancelButton.hidden = true;
    refresh();
    showEarlier();
  }
}

const onProgress = (status, { attempt } = {}) => showReported(status, attempt);

async function submit() {
  showAll = true;
  refresh();
  if (running || !lastReport?.ok) return;
  const client = await loadClient();
  if (!client || running) return;
  const request = lastReport.request ?? buildRequest();
  showTaskCard({ id: null, request, estimate: lastReport.estimate, createdAt: null });
  showStatus("Submitting…");
  // On a phone the card is below the form: bring it into view.
  if ($("task").getBoundingClientRect().top > innerHeight)
    $("task").scrollIntoView({ block: "start" });
  await follow(
    (signal) =>
      client.run(buildRequest(), {
        signal,
        onTaskCreated(created) {
          current.id = String(created.task_id);
          current.createdAt = Date.now();
          current.created = { consumed_credits: created.consumed_credits ?? null };
          remember(current);
          $("task").dataset.state = "running";
          $("task-id").textContent = current.id;
          showReported({
            status: "IN_PROGRESS",
            raw_status: created.status,
            consumed_credits: created.consumed_credits,
          });
          setMessage("Waiting for the video…");
        },
        onProgress,
      }),
    Date.now(),
  );
}

// Waits again for a task this tab started: after Cancel, a time-out, a lost connection or a reload.
async function resume(task) {
  if (running) return;
  const client = await loadClient();
  if (!client || running) return;
  showTaskCard({ ...task });
  remember(current);
  showStatus("Checking…");
  setMessage("Waiting for the video…");
  await follow(
    (signal) => client.waitForTask(current.id, { signal, onProgress }),
    current.createdAt ?? Date.now(),
  );
}

// --- start -----------------------------------------------------------------------------------

// --- the proxy's daily quota (make demo with a key) -------------------------------------------

// What the proxy says is left, from its RateLimit header: `"caller";r=760;t=3600`.
function showAllowance(header) {
  const left = /;r=(\d+)/.exec(header ?? "")?.[1];
  const resets = /;t=(\d+)/.exec(header ?? "")?.[1];
  if (left === undefined) return;
  const box = $("allowance");
  const hours = Math.ceil(Number(resets) / 3600);
  box.textContent = `Credits left today for this browser session: ${left} of ${dailyCredits} (resets in about ${hours} h).`;
  box.hidden = false;
}

/** The client's fetch in proxy mode: every answer of the proxy updates what is left. */
const quotaWatchingFetch = (url, init) =>
  fetch(url, init).then((res) => {
    showAllowance(res.headers.get("ratelimit"));
    return res;
  });

// On arrival: a request the proxy refuses as invalid (nothing is forwarded or spent) answers with
// what is left, like every answer to a generate.
async function askAllowance() {
  try {
    await quotaWatchingFetch("v2/generate", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
  } catch {
    /* shown after the first generate instead */
  }
}

let dailyCredits = null;

async function readMode() {
  try {
    const res = await fetch("demo.json");
    if (res.ok) {
      const info = await res.json();
      mode = info.mode ?? mode;
      dailyCredits = info.dailyCredits ?? null;
    }
  } catch {
    /* the page works without it */
  }
  if (mode === "proxy" && dailyCredits !== null) askAllowance();
  const banner = $("mode");
  banner.textContent =
    mode === "proxy"
      ? "Real API through the local proxy: generating spends your credits."
      : mode === "sandbox"
        ? "API sandbox in this page: nothing is sent anywhere and nothing is spent. Prompts containing FAIL make the task fail."
        : "Local mock API: nothing is spent. Prompts containing FAIL make the task fail.";
  banner.className = `mode ${mode === "proxy" ? "live" : "mock"}`;
  banner.hidden = false;
}

// The client: through this page's server (mock or proxy), or the in-page sandbox of the static build.
async function makeClient() {
  const { init: initPackage, SeedanceClient } = await import("./pkg/browser/index.js");
  await initPackage();
  const baseUrl = new URL("v2", location.href).href;
  if (mode === "proxy") return new SeedanceClient({ baseUrl, fetch: quotaWatchingFetch });
  if (mode !== "sandbox") return new SeedanceClient({ baseUrl });
  return new SeedanceClient({ baseUrl, fetch: (await startSandbox()).fetch });
}

// The static build's API: the mock, running in this page (its tasks go on while no client exists).
let sandboxStarting = null;
function startSandbox() {
  sandboxStarting ??= import("./sandbox.js").then(async ({ createSandbox }) => {
    const sandbox = await createSandbox({
      base: location.href,
      videoUrl: new URL("assets/sample.mp4", location.href).href,
    });
    globalThis.seedanceSandbox = sandbox; // for a look from the console: seedanceSandbox.control("tasks")
    return sandbox;
  });
  return sandboxStarting;
}

// Pricing needs only the engine entry; the client (the full package) loads once, when first needed.
function loadClient() {
  clientLoading ??= makeClient().catch((err) => {
    clientLoading = null; // a later press tries again
    const box = $("load-error");
    box.textContent = `Could not start the API client: ${err?.message ?? String(err)}`;
    box.hidden = false;
    return null;
  });
  return clientLoading;
}

async function start() {
  const modeRead = readMode();
  try {
    await init();
    models = listModels();
  } catch (err) {
    const box = $("load-error");
    box.textContent = `Could not load seedance-wasm: ${err?.message ?? String(err)}`;
    box.hidden = false;
    $("summary").textContent = "";
    return;
  }
  fillSelect(
    controls.model,
    models.map((m) => m.id),
    labelOf,
  );
  controls.model.value = (models.find((m) => m.is_default) ?? models[0]).id;
  applyModel();

  const onEdit = (event) => {
    const name = Object.keys(controls).find((k) => controls[k] === event.target);
    if (name) {
      touched.add(name);
      if (event.type === "change") setNote(name, "");
    }
    if (event.target === controls.model && event.type === "change") applyModel({ announce: true });
    refresh();
  };
  form.addEventListener("input", onEdit);
  form.addEventListener("change", onEdit);
  form.addEventListener("focusout", (event) => {
    const name = Object.keys(controls).find((k) => controls[k] === event.target);
    if (name && !touched.has(name)) {
      touched.add(name);
      refresh();
    }
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit();
  });
  cancelButton.addEventListener("click", () => running?.controller.abort());
  checkAgainButton.addEventListener("click", () => {
    if (current?.id) resume(current);
  });
  form.removeAttribute("aria-busy");
  refresh();

  await modeRead;
  if (mode === "sandbox") await startSandbox();
  document.documentElement.dataset.client = "ready"; // the page can run tasks now
  refresh();
  const last = rememberedTasks().at(-1);
  if (last) resume(last);
  else showEarlier();
}

start();
