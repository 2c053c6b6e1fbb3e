// The demo page. It writes no rule of its own: the form's options come from listModels(), every
// check and price from validateRequest() and compareModels(), and the run from SeedanceClient.
// Everything that comes from the server is shown with textContent, never parsed as HTML.
import { init, listModels, validateRequest, compareModels, SeedanceClient, isSeedanceError } from "/pkg/index.js";


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

let models = [];
let running = null; // { controller } while a task runs
let lastReport = null;

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
const lines = (text) => text.split(/\r?\n/).map((s) => s.trim()).filter((s) => s !== "");
const formatUsd = (usd) => usd.toLocaleString("en-US", { style: "currency", currency: "USD" });
const formatCost = (est) => `${est.credits} credits (${formatUsd(est.usd)})`;

function fillSelect(select, values, labelFor = String) {
  const previous = select.value;
  select.replaceChildren(...values.map((v) => el("option", { value: String(v), text: labelFor(v) })));
  return previous;
}

// The engine's defaults for a model: what it fills in for a request naming only the model.
function engineDefaults(modelId) {
  const report = validateRequest({ model: modelId, prompt: "x" });
  return report.request ?? {};
}

// Rebuilds the options that depend on the model, keeping the user's choices where still allowed.
function applyModel() {
  const model = modelById(controls.model.value);
  if (!model) return;
  const defaults = engineDefaults(model.id);
  const pick = (select, previous, fallback) => {
    const values = [...select.options].map((o) => o.value);
    select.value = values.includes(previous) ? previous
      : values.includes(String(fallback)) ? String(fallback) : values[0];
  };

  const prevDuration = fillSelect(controls.duration, model.durations, (d) => `${d} s`);
  pick(controls.duration, prevDuration, defaults.duration);

  // Accepted resolutions: what the model renders, plus what it takes and bills as another one.
  const accepted = [...model.resolutions];
  for (const r of Object.keys(model.billed_resolutions ?? {})) if (!accepted.includes(r)) accepted.push(r);
  const prevResolution = fillSelect(controls.resolution, accepted, (r) => {
    const billed = model.billed_resolutions?.[r];
    return billed && billed !== r ? `${r} (billed as ${billed})` : r;
  });
  pick(controls.resolution, prevResolution, defaults.resolution);

  const prevRatio = fillSelect(controls.aspect_ratio, model.aspect_ratios);
  pick(controls.aspect_ratio, prevRatio, defaults.aspect_ratio);

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

// "images[1]" -> the images field, shown as "Line 2: ...".
function placeIssue(field) {
  const m = /^([a-z_]+)(?:\[(\d+)\])?/.exec(field ?? "");
  const name = m?.[1] ?? "";
  const list = name && Object.hasOwn(controls, name) && !controls[name].disabled
    ? form.querySelector(`[data-issues-for="${name}"]`)
    : null;
  const prefix = list && m[2] !== undefined ? `Line ${Number(m[2]) + 1}: ` : "";
  return { list: list ?? form.querySelector('[data-issues-for=""]'), prefix: list ? prefix : (field ? `${field}: ` : "") };
}

function issueItem(issue, kind, prefix = "") {
  return el("li", { class: `issue ${kind}`, "data-code": issue.code, "data-field": issue.field ?? "" },
    el("span", { class: "code", text: issue.code }), " ", `${prefix}${issue.message}`);
}

function showIssues(report) {
  for (const list of form.querySelectorAll("[data-issues-for]")) list.replaceChildren();
  for (const [kind, issues] of [["error", report.errors], ["warning", report.warnings]]) {
    for (const issue of issues) {
      const { list, prefix } = placeIssue(issue.field);
      list.append(issueItem(issue, kind, prefix));
    }
  }
  for (const [name, control] of Object.entries(controls)) {
    const bad = report.errors.some((i) => placeIssue(i.field).list.dataset.issuesFor === name);
    control.setAttribute("aria-invalid", String(bad));
  }
}

function showCost(report) {
  const est = report.estimate;
  $("cost").textContent = est ? formatCost(est) : "—";
  $("cost").classList.toggle("unknown", !est);
  if (!est) {
    $("cost-detail").textContent = "Choose a valid model, duration and resolution to see the price.";
    return;
  }
  const billed = est.billed_resolution !== est.resolution ? `, billed as ${est.billed_resolution}` : "";
  $("cost-detail").textContent =
    `${labelOf(est.model)} · ${est.duration} s · ${est.resolution}${billed} · ${est.input_kind} input`;
}

function showComparison(request) {
  const rows = compareModels(request).map((entry) => {
    const first = entry.errors[0];
    const check = entry.ok
      ? el("td", { class: "ok", text: "ok" })
      : el("td", { class: "bad", title: first?.code ?? "" }, first ? first.message : "not ok");
    const row = el("tr", { "data-model": entry.model },
      el("th", { scope: "row", text: labelOf(entry.model) }),
      el("td", { class: "num", text: entry.estimate ? String(entry.estimate.credits) : "—" }),
      check);
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
  const n = report.errors.length;
  $("summary").textContent = running ? "A task is running…"
    : n > 0 ? `Fix ${n === 1 ? "1 problem" : `${n} problems`} to continue.`
    : report.warnings.length > 0 ? "Ready, with a warning." : "Ready.";
}

// --- running a task --------------------------------------------------------------------------

let client = null; // made once the wasm is loaded (the constructor is synchronous)

let ticker = null;
let createdAt = null; // when the task was created; the progress bar is indeterminate before
function startClock(startedAt) {
  stopClock();
  createdAt = null;
  const tick = () => {
    const now = performance.now();
    $("elapsed").textContent = `${((now - startedAt) / 1000).toFixed(1)} s`;
    // Tasks take from seconds (the mock) to minutes (the real API): an estimate that keeps
    // moving but never reaches the end before the task does.
    if (createdAt !== null) {
      $("progress").value = Math.min(95, 100 * (1 - Math.exp(-(now - createdAt) / 45000)));
    }
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

function resetTaskPanel() {
  $("task").hidden = false;
  $("task").dataset.state = "starting";
  $("task-id").textContent = "—";
  $("task-status").textContent = "Submitting…";
  $("task-credits").textContent = "—";
  $("elapsed").textContent = "0.0 s";
  $("progress").removeAttribute("value"); // indeterminate until the task exists
  $("result").hidden = true;
  const video = $("video");
  video.pause();
  video.removeAttribute("src");
  video.load();
  setMessage("");
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
  $("task-status").textContent = status.status;
  $("progress").value = 100;
  if (status.consumed_credits != null) $("task-credits").textContent = String(status.consumed_credits);
  const src = safeMediaUrl(status.videos?.[0]);
  if (!src) {
    setMessage("The task succeeded but returned no playable video URL.", "error");
    return;
  }
  setMessage("Done.", "success");
  const video = $("video");
  video.src = src;
  $("video-link").href = src;
  $("result").hidden = false;
  video.play().catch(() => { /* autoplay refused: the controls are there */ });
}

function showFailure(err, cancelled) {
  $("task").dataset.state = cancelled ? "cancelled" : "failed";
  $("progress").value = 0;
  if (cancelled) {
    $("task-status").textContent = "Cancelled";
    const id = $("task-id").textContent;
    setMessage(id && id !== "—"
      ? "Stopped waiting. The task may still finish on the server."
      : "Cancelled before the task was created.", "warning");
    return;
  }
  $("task-status").textContent = "Failed";
  if (isSeedanceError(err)) {
    const parts = [`${err.code}: ${err.message}`];
    if (err.taskId) parts.push(`(task ${err.taskId})`);
    setMessage(parts.join(" "), "error");
    if (Array.isArray(err.issues) && err.issues.length > 0) {
      $("message").append(el("ul", {}, ...err.issues.map((i) => issueItem(i, "error", i.field ? `${i.field}: ` : ""))));
    }
  } else {
    setMessage(`Unexpected error: ${err?.message ?? String(err)}`, "error");
  }
}

async function submit() {
  refresh();
  if (running || !lastReport?.ok) return;
  const request = buildRequest();
  const controller = new AbortController();
  running = { controller };
  refresh();
  resetTaskPanel();
  cancelButton.disabled = false;
  cancelButton.hidden = false;
  const startedAt = performance.now();
  startClock(startedAt);
  try {
    const status = await client.run(request, {
      signal: controller.signal,
      onTaskCreated(created) {
        createdAt = performance.now();
        $("task").dataset.state = "running";
        $("task-id").textContent = String(created.task_id);
        $("task-status").textContent = String(created.status);
        if (created.consumed_credits != null) $("task-credits").textContent = String(created.consumed_credits);
        setMessage("Waiting for the video…");
      },
      onProgress(status, { attempt }) {
        $("task-status").textContent = `${status.raw_status ?? status.status} (check ${attempt})`;
        if (status.consumed_credits != null) $("task-credits").textContent = String(status.consumed_credits);
      },
    });
    stopClock();
    showSuccess(status);
  } catch (err) {
    stopClock();
    showFailure(err, controller.signal.aborted);
  } finally {
    running = null;
    cancelButton.disabled = true;
    cancelButton.hidden = true;
    refresh();
  }
}

// --- start -----------------------------------------------------------------------------------

async function showMode() {
  try {
    const res = await fetch("/demo.json");
    if (!res.ok) return;
    const { mode } = await res.json();
    const banner = $("mode");
    banner.textContent = mode === "proxy"
      ? "Real API through the local proxy: generating spends your credits."
      : "Local mock API: nothing is spent. Prompts containing FAIL make the task fail.";
    banner.className = `mode ${mode === "proxy" ? "live" : "mock"}`;
    banner.hidden = false;
  } catch { /* the page works without it */ }
}

async function start() {
  showMode();
  try {
    await init();
    models = listModels();
    client = new SeedanceClient({ baseUrl: new URL("/v2", location.href).href });
  } catch (err) {
    const box = $("load-error");
    box.textContent = `Could not load seedance-wasm: ${err?.message ?? String(err)}`;
    box.hidden = false;
    $("summary").textContent = "";
    return;
  }
  fillSelect(controls.model, models.map((m) => m.id), labelOf);
  controls.model.value = (models.find((m) => m.is_default) ?? models[0]).id;
  applyModel();

  const onEdit = (event) => {
    if (event.target === controls.model) applyModel();
    refresh();
  };
  form.addEventListener("input", onEdit);
  form.addEventListener("change", onEdit);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit();
  });
  cancelButton.addEventListener("click", () => running?.controller.abort());
  $("video").addEventListener("error", () => {
    if ($("task").dataset.state === "success" && $("video").getAttribute("src")) {
      setMessage("Done, but the video cannot be played here: use the link below.", "warning");
    }
  });
  form.removeAttribute("aria-busy");
  refresh();
}

start();
