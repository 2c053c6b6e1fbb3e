// The demo page. It writes no rule of its own: the form's options and limits come from
// listModels(), every check and price from validateRequest() and compareModels() (all imported in
// engine.js), and the run from SeedanceClient; the package is asked for its messages in the page's
// language (`locale`). The page's own words are in i18n.js. Everything that comes from the server
// is shown with textContent, never parsed as HTML.
import { compareModels, init, isSeedanceError, listModels, validateRequest } from "./engine.js";
import { fill, LOCALES, localeFor, MESSAGES } from "./i18n.js";

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

// --- the page's language ----------------------------------------------------------------------

// The person's choice (the switch, kept in localStorage), else the browser's languages.
const LOCALE_KEY = "seedance-demo.locale";
function initialLocale() {
  try {
    const saved = localStorage.getItem(LOCALE_KEY);
    if (LOCALES.includes(saved)) return saved;
  } catch {
    /* storage refused */
  }
  return localeFor(navigator.languages?.length ? navigator.languages : [navigator.language]);
}
let locale = initialLocale();
const pkgOptions = () => ({ locale }); // the package's messages in the page's language

/** The page's sentence `key` in its language, `{name}`s filled from `values`. */
const t = (key, values) => fill(MESSAGES[locale][key] ?? key, values).join("");
/** The same, as pieces for `append`: values may be nodes. */
const tNodes = (key, values) => fill(MESSAGES[locale][key] ?? key, values);

// Each text the page writes is drawn by a function kept here, drawn again when the language
// changes: a sentence shown before the switch is then in the new language too.
const views = new Map();
function view(node, draw) {
  views.set(node, draw);
  draw(node);
}
/** Shows `text()` (a string) in `node`, again in each language. */
const say = (node, text) => view(node, (n) => (n.textContent = text()));
/** Shows `pieces()` (strings and nodes) in `node`, again in each language. */
const show = (node, pieces) => view(node, (n) => n.replaceChildren(...pieces()));

// The words in index.html: data-i18n (text), data-i18n-placeholder, -title and -aria-label.
const PAGE_VALUES = { sub: () => ({ package: el("code", { text: "seedance-wasm" }) }) };
function translatePage() {
  document.documentElement.lang = locale;
  document.title = t("title");
  for (const node of document.querySelectorAll("[data-i18n]")) {
    const key = node.dataset.i18n;
    node.replaceChildren(...tNodes(key, PAGE_VALUES[key]?.()));
  }
  for (const attr of ["placeholder", "title", "aria-label"]) {
    const data = `i18n${attr.replace(/(^|-)([a-z])/g, (_, _dash, c) => c.toUpperCase())}`;
    for (const node of document.querySelectorAll(`[data-i18n-${attr}]`))
      node.setAttribute(attr, t(node.dataset[data]));
  }
  for (const button of document.querySelectorAll("[data-locale]"))
    button.setAttribute("aria-pressed", String(button.dataset.locale === locale));
}

// The package's Chinese sentences (seedance-wasm/zh-CN registers them for `locale: "zh-CN"`),
// loaded only when the page is in Chinese: a page in English never downloads them. Should they
// fail to load, the package's messages stay in English.
let chineseLoading = null;
function packageMessagesFor(next) {
  if (next !== "zh-CN") return Promise.resolve();
  chineseLoading ??= import("./pkg/zh-CN.js").catch(() => {
    chineseLoading = null;
  });
  return chineseLoading;
}

function setLocale(next) {
  if (!LOCALES.includes(next) || next === locale) return;
  locale = next;
  try {
    localStorage.setItem(LOCALE_KEY, next);
  } catch {
    /* the choice lasts for this page only */
  }
  translatePage();
  for (const [node, draw] of views) {
    if (node.isConnected) draw(node);
    else views.delete(node);
  }
  if (models.length === 0) return;
  relabelOptions();
  refresh();
  // The package's messages once its table for the language is in.
  packageMessagesFor(next).then(() => {
    if (locale === next) refresh();
  });
}

/** "a, b and c" / "a、b和c". */
function joinList(items) {
  if (items.length < 2) return items.join("");
  return `${items.slice(0, -1).join(t("listSeparator"))}${t("listLastAnd")}${items.at(-1)}`;
}
const capitalize = (s) => s.charAt(0).toUpperCase() + s.slice(1);

// --- the form --------------------------------------------------------------------------------

const modelById = (id) => models.find((m) => m.id === id);
const labelOf = (id) => modelById(id)?.label ?? id;
const lines = (text) =>
  text
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s !== "");
const formatUsd = (usd) =>
  t("usd", {
    amount: usd.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
  });
const formatCost = (est) => t("costCredits", { credits: est.credits, usd: formatUsd(est.usd) });
const seconds = (n) => t("seconds", { n });

// What an option of a select says: "8 s", "1080p (billed as 720p)", or the value itself.
function optionText(name, value) {
  if (name === "model") return labelOf(value);
  if (name === "duration") return seconds(value);
  if (name === "resolution") {
    const billed = modelById(controls.model.value)?.billed_resolutions?.[value];
    return billed && billed !== value ? t("billedAs", { resolution: value, billed }) : value;
  }
  return value;
}
function fillSelect(name, values) {
  const select = controls[name];
  const previous = select.value;
  select.replaceChildren(
    ...values.map((v) => el("option", { value: String(v), text: optionText(name, String(v)) })),
  );
  return previous;
}
function relabelOptions() {
  for (const name of ["duration", "resolution"])
    for (const option of controls[name].options) option.text = optionText(name, option.value);
}

// The engine's defaults for a model: what it fills in for a request naming only the model.
function engineDefaults(modelId) {
  const report = validateRequest({ model: modelId, prompt: "x" }, pkgOptions());
  return report.request ?? {};
}

function setNote(name, text) {
  const note = form.querySelector(`[data-note-for="${name}"]`);
  if (note) say(note, text);
}

// Rebuilds the options that depend on the model, keeping the person's choices where still allowed
// and saying so next to the field when a choice had to change.
function applyModel({ announce = false } = {}) {
  const model = modelById(controls.model.value);
  if (!model) return;
  const defaults = engineDefaults(model.id);
  const pick = (name, previous, fallback) => {
    const select = controls[name];
    const values = [...select.options].map((o) => o.value);
    select.value = values.includes(previous)
      ? previous
      : values.includes(String(fallback))
        ? String(fallback)
        : values[0];
    const now = select.value;
    const changed = announce && previous !== "" && previous !== now;
    setNote(name, () =>
      changed
        ? t("modelChanged", {
            model: model.label,
            previous: name === "duration" ? seconds(previous) : previous,
            now: name === "duration" ? seconds(now) : now,
          })
        : "",
    );
  };

  pick("duration", fillSelect("duration", model.durations), defaults.duration);
  // Accepted resolutions: what the model renders, plus what it takes and bills as another one.
  const accepted = [...model.resolutions];
  for (const r of Object.keys(model.billed_resolutions ?? {}))
    if (!accepted.includes(r)) accepted.push(r);
  pick("resolution", fillSelect("resolution", accepted), defaults.resolution);
  pick("aspect_ratio", fillSelect("aspect_ratio", model.aspect_ratios), defaults.aspect_ratio);

  say($("images-hint"), () => t("imagesHintMax", { max: model.max_images }));
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

// The form as typed, kept in this tab: a reload (during a task or not) gives it back.
const FORM_KEY = "seedance-demo.form";
function saveForm() {
  const values = Object.fromEntries(Object.entries(controls).map(([k, c]) => [k, c.value]));
  try {
    sessionStorage.setItem(FORM_KEY, JSON.stringify(values));
  } catch {
    /* storage refused */
  }
}
function restoreForm() {
  let saved;
  try {
    saved = JSON.parse(sessionStorage.getItem(FORM_KEY) ?? "null");
  } catch {
    return;
  }
  if (typeof saved !== "object" || saved === null) return;
  const has = (select, value) => [...select.options].some((o) => o.value === value);
  if (has(controls.model, saved.model)) controls.model.value = saved.model;
  applyModel();
  for (const [name, control] of Object.entries(controls)) {
    const value = saved[name];
    if (typeof value !== "string" || name === "model") continue;
    if (control.tagName === "SELECT") {
      if (has(control, value)) control.value = value;
    } else if (value !== "") {
      control.value = value;
      touched.add(name); // what the person typed is checked as it was before the reload
    }
  }
}

// The form field an issue belongs to ("images[1]" -> images), or "" for the whole request.
function fieldOf(issueField) {
  const name = /^([a-z_]+)/.exec(issueField ?? "")?.[1] ?? "";
  return name && Object.hasOwn(controls, name) && !controls[name].disabled ? name : "";
}
const visible = (issue) => showAll || touched.has(fieldOf(issue.field));
// How a sentence names the field of an issue: "duration", "image URLs", or "request".
function fieldWord(issueField) {
  const name = /^([a-z_]+)/.exec(issueField ?? "")?.[1] ?? "";
  return Object.hasOwn(controls, name) ? t(`field.${name}`) : t("field.request");
}

// "images[1]" -> the images field, shown as "Line 2: ...".
function placeIssue(field) {
  const name = fieldOf(field);
  const list = form.querySelector(`[data-issues-for="${name}"]`);
  const line = /^[a-z_]+\[(\d+)\]/.exec(field ?? "")?.[1];
  const prefix = name
    ? line !== undefined
      ? t("lineN", { n: Number(line) + 1 })
      : ""
    : field
      ? t("fieldPrefix", { field })
      : "";
  return { list, prefix };
}

// The sentence first; the code after it, small, for whoever reports or looks it up.
function issueItem(issue, kind, prefix = "") {
  return el(
    "li",
    { class: `issue ${kind}`, "data-code": issue.code, "data-field": issue.field ?? "" },
    `${prefix}${issue.message}`,
    " ",
    el("code", { class: "code", text: issue.code }),
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
  $("cost-detail").textContent = est ? describeEstimate(est) : t("costUnknown");
}

function describeEstimate(est) {
  const billed =
    est.billed_resolution !== est.resolution
      ? t("estimateBilled", { billed: est.billed_resolution })
      : "";
  const input = MESSAGES[locale][`input.${est.input_kind}`] ? t(`input.${est.input_kind}`) : "";
  return t("estimate", {
    model: labelOf(est.model),
    duration: seconds(est.duration),
    resolution: est.resolution,
    billed,
    input: input || est.input_kind,
  });
}

// Per model, whether the request works there; each problem is said once, below the table, with
// the models it stops, and each row points to its problems by number: model-specific ones first,
// then what every model rejects (an empty prompt), once touched.
function showComparison(request) {
  const entries = compareModels(request, pkgOptions());
  const key = (i) => `${i.code}\u0000${i.field}\u0000${i.message}`;
  const everywhere = new Set(
    entries[0]?.errors
      .map(key)
      .filter((k) => entries.every((e) => e.errors.some((i) => key(i) === k))),
  );
  const blockingOf = (entry) => [
    ...entry.errors.filter((i) => !everywhere.has(key(i))),
    ...entry.errors.filter((i) => everywhere.has(key(i)) && visible(i)),
  ];
  const problems = new Map(); // key -> { issue, models, n }
  for (const entry of entries)
    for (const issue of blockingOf(entry).filter((i) => !everywhere.has(key(i)))) {
      const problem = problems.get(key(issue)) ?? { issue, models: [] };
      problem.models.push(entry.model);
      problems.set(key(issue), problem);
    }
  for (const issue of blockingOf(entries[0] ?? { errors: [] }).filter((i) =>
    everywhere.has(key(i)),
  ))
    problems.set(key(issue), { issue, models: null });
  [...problems.values()].forEach((p, i) => {
    p.n = i + 1;
  });

  const rows = entries.map((entry) => {
    const blocking = blockingOf(entry);
    let check;
    if (entry.ok) check = el("td", { class: "ok", text: t("compareOk") });
    else if (blocking.length === 0)
      check = el("td", { class: "pending", text: t("compareOkSoFar") });
    else {
      check = el(
        "td",
        { class: "bad" },
        el(
          "ul",
          { class: "reasons" },
          ...blocking.map((i) =>
            el("li", {
              "data-code": i.code,
              "data-problem": String(problems.get(key(i)).n),
              text: t("compareSee", {
                field: capitalize(fieldWord(i.field)),
                n: problems.get(key(i)).n,
              }),
            }),
          ),
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
  $("compare-problems").replaceChildren(
    ...[...problems.values()].map(({ issue, models: stopped }) =>
      el(
        "li",
        {
          class: "issue error",
          "data-code": issue.code,
          "data-models": stopped ? stopped.join(" ") : "*",
        },
        !stopped
          ? t("compareEvery", { message: issue.message })
          : stopped.length === 1 && issue.message.includes(stopped[0])
            ? issue.message // the sentence names its model already
            : t("compareSome", { models: joinList(stopped.map(labelOf)), message: issue.message }),
        " ",
        el("code", { class: "code", text: issue.code }),
      ),
    ),
  );
}

function updateCounter() {
  // The limit is the engine's (listModels); the error itself comes from validateRequest.
  const limit = modelById(controls.model.value)?.max_prompt_chars;
  const count = [...controls.prompt.value].length;
  const counter = $("prompt-count");
  counter.textContent = t("promptCount", { count, limit });
  counter.classList.toggle("over", count > limit);
}

function refresh() {
  updateCounter();
  saveForm();
  const request = buildRequest();
  const report = validateRequest(request, pkgOptions());
  lastReport = report;
  showIssues(report);
  showCost(report);
  showComparison(request);
  generateButton.disabled = !report.ok || running !== null;
  const shown = report.errors.filter(visible).length;
  const untouched = [
    ...new Set(
      report.errors
        .filter((i) => !visible(i))
        .map((i) => fieldOf(i.field))
        .filter(Boolean),
    ),
  ].map((name) => t(`field.${name}`));
  $("summary").textContent = running
    ? t("summaryRunning")
    : shown > 0
      ? shown === 1
        ? t("summaryFixOne")
        : t("summaryFixMany", { count: shown })
      : untouched.length > 0
        ? t("summaryFillIn", { fields: joinList(untouched) })
        : report.warnings.length > 0
          ? t("summaryReadyWarning")
          : t("summaryReady");
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
  return s < 90 ? seconds(s) : t("minutesSeconds", { m: Math.floor(s / 60), s: s % 60 });
};

let ticker = null;
function startClock(startedAt) {
  stopClock();
  const tick = () => {
    const elapsed = (Math.max(0, Date.now() - startedAt) / 1000).toFixed(1);
    say($("elapsed"), () => seconds(elapsed));
    if (current?.createdAt == null) return; // indeterminate until the task exists
    const typical = typicalMs(current.request);
    const since = Date.now() - current.createdAt;
    // Linear to 90 % at the typical time, then creeping towards 99 %: it never claims the end.
    $("progress").value =
      since < typical
        ? (90 * since) / typical
        : 90 + 9 * (1 - Math.exp(-(since - typical) / typical));
    const { request } = current;
    say($("progress-note"), () => {
      const about = t("typical", {
        model: labelOf(request.model),
        time: formatDuration(typical),
        seconds: seconds(request.duration),
      });
      return since < typical
        ? t("progressEstimate", {
            typical: about,
            mock: mode === "proxy" ? "" : t("mockSooner"),
          })
        : t("progressLonger", { typical: about });
    });
  };
  tick();
  ticker = setInterval(tick, 200);
}
function stopClock() {
  if (ticker !== null) clearInterval(ticker);
  ticker = null;
}

/** The card's message: `pieces()` gives its strings and nodes, in the page's language. */
function setMessage(pieces, kind = "") {
  const message = $("message");
  message.className = `message ${kind}`.trim();
  show(message, () => [].concat(pieces()));
}
const codeNote = (code) => el("code", { class: "code", text: code });

// The status in words; the service's own value stays beside it.
function showStatus(words, raw = () => "") {
  say($("task-status"), words);
  say($("task-raw-status"), raw);
  $("task-raw-status").hidden = raw() === "";
}
function showReported(status, attempt) {
  lastStatus = status;
  const raw = String(status.raw_status ?? status.status);
  const known = ["IN_PROGRESS", "SUCCESS", "FAILED"].includes(status.status);
  showStatus(
    () => t(known ? `status.${status.status}` : "status.waiting"),
    () => (attempt ? t("rawCheck", { raw, n: attempt }) : raw),
  );
  showCredits();
}

// Credits as the service reported them, and what a failure means for them.
function showCredits() {
  const credits = lastStatus?.consumed_credits ?? current?.created?.consumed_credits;
  const failed = lastStatus?.status === "FAILED";
  say($("task-credits"), () =>
    credits == null
      ? t("creditsNotYet")
      : failed
        ? t("creditsRefunded", { credits })
        : t("creditsReported", { credits }),
  );
}

function showTaskCard(task) {
  current = task;
  lastStatus = null;
  $("task").hidden = false;
  $("task-id").textContent = task.id ?? "—";
  const r = task.request;
  show($("task-request"), () => [
    el("span", {
      text: [
        labelOf(r.model),
        seconds(r.duration),
        r.resolution,
        r.aspect_ratio,
        ...["images", "reference_video_urls", "reference_audio_urls"]
          .filter((k) => r[k]?.length)
          .map((k) => t(`count.${k}`, { n: r[k].length })),
      ]
        .filter(Boolean)
        .join(" · "),
    }),
    el("q", { class: "prompt", text: r.prompt ?? "" }),
  ]);
  say($("task-price"), () => (task.estimate ? formatCost(task.estimate) : "—"));
  showCredits();
  $("progress").removeAttribute("value");
  say($("progress-note"), () => "");
  $("result").hidden = true;
  $("videos").replaceChildren();
  checkAgainButton.hidden = true;
  setMessage(() => "");
  showEarlier();
}

// Other tasks this tab left unfinished: each can be brought back into the card.
function showEarlier() {
  const others = rememberedTasks()
    .filter((t) => t.id !== current?.id)
    .reverse();
  $("earlier").hidden = others.length === 0;
  show($("earlier-list"), () =>
    others.map((task) =>
      el(
        "li",
        {},
        el("code", { text: task.id }),
        " ",
        el("span", {
          class: "hint",
          text: `${labelOf(task.request?.model)} · ${seconds(task.request?.duration)} `,
        }),
        Object.assign(
          el("button", { type: "button", class: "secondary small", text: t("checkAgain") }),
          {
            onclick: () => {
              if (!running) resume(task);
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
  const took = formatDurationLater(Date.now() - (current.createdAt ?? Date.now()));
  say($("progress-note"), () => t("progressFinished", { time: took() }));
  forget(current.id);
  const sources = (status.videos ?? []).map(safeMediaUrl).filter(Boolean);
  if (sources.length === 0) {
    setMessage(() => t("noVideo"), "error");
    return;
  }
  setMessage(
    () => (sources.length === 1 ? t("done") : t("doneMany", { n: sources.length })),
    "success",
  );
  const id = current.id;
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
      setMessage(() => t("cannotPlay"), "warning");
    });
    const caption = el("figcaption");
    show(caption, () => [
      el("a", {
        href: src,
        download: `seedance-${id}-${i + 1}.mp4`,
        "data-testid": "download",
        text: sources.length === 1 ? t("downloadOne") : t("downloadN", { n: i + 1 }),
      }),
      " · ",
      el("a", {
        href: src,
        target: "_blank",
        rel: "noopener noreferrer",
        text: t("openNewTab"),
      }),
    ]);
    return el("figure", { class: "video" }, video, caption);
  });
  $("videos").replaceChildren(...figures);
  $("result").hidden = false;
  for (const v of $("videos").querySelectorAll("video"))
    v.play().catch(() => {
      /* autoplay refused: the controls are there */
    });
}
/** A duration fixed now, written in whichever language is current when it is drawn. */
const formatDurationLater = (ms) => () => formatDuration(ms);

// How the wait ended, when it did not end with a video. With a task id the card keeps it, and
// "Check again" resumes waiting for that same task.
function showStop(err, cancelled) {
  const id = current?.id ?? err?.taskId ?? null;
  if (id && !current.id) {
    current.id = id;
    $("task-id").textContent = id;
  }
  $("progress").value = 0;
  const waited = current?.createdAt ? formatDurationLater(Date.now() - current.createdAt) : null;
  say($("progress-note"), () => (waited ? t("progressStopped", { time: waited() }) : ""));
  const lastRaw = lastStatus ? String(lastStatus.raw_status ?? lastStatus.status) : "";
  const lastReported = () => (lastRaw ? t("lastReported", { raw: lastRaw }) : "");
  const again = (why) => {
    $("task").dataset.state = "stopped";
    checkAgainButton.hidden = false;
    setMessage(() => t("mayStillFinish", { why: why() }), "warning");
  };
  if (cancelled) {
    showStatus(() => t("status.cancelled"), lastReported);
    if (id) again(() => t("stoppedWaiting"));
    else {
      $("task").dataset.state = "cancelled";
      setMessage(() => t("cancelledEarly"), "warning");
    }
    return;
  }
  // Only a task the service reported as failed is over; with any other error the page stopped
  // knowing, and the task may still finish.
  const code = isSeedanceError(err) ? err.code : "";
  const detail = err?.message ?? String(err);
  if (id && code !== "TASK_FAILED") {
    const words = ["TIMEOUT", "NETWORK_ERROR"].includes(code) ? `status.${code}` : "status.unknown";
    showStatus(
      () => t(words),
      () => code || lastReported(),
    );
    if (code === "TASK_NOT_FOUND") forget(id); // a reload would only ask again
    return again(() => (code === "TIMEOUT" ? detail : t("statusCheckFailed", { message: detail })));
  }
  $("task").dataset.state = "failed";
  showStatus(
    () => t("status.FAILED"),
    () => lastRaw || code,
  );
  if (id && code === "TASK_FAILED") forget(id);
  showCredits();
  if (isSeedanceError(err)) {
    setMessage(() => {
      const pieces = [err.message];
      if (err.taskId) pieces.push(" ", t("ofTask", { id: err.taskId }));
      pieces.push(" ", codeNote(err.code));
      if (Array.isArray(err.issues) && err.issues.length > 0) {
        pieces.push(
          el(
            "ul",
            {},
            ...err.issues.map((i) =>
              issueItem(i, "error", i.field ? t("fieldPrefix", { field: i.field }) : ""),
            ),
          ),
        );
      }
      return pieces;
    }, "error");
  } else {
    setMessage(() => t("unexpected", { message: detail }), "error");
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
  showStatus(() => t("status.submitting"));
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
          setMessage(() => t("waiting"));
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
  showStatus(() => t("status.checking"));
  setMessage(() => t("waiting"));
  await follow(
    (signal) => client.waitForTask(current.id, { signal, onProgress }),
    current.createdAt ?? Date.now(),
  );
}

// --- the proxy's daily quota (make demo with a key) -------------------------------------------

// What the proxy says is left, from its RateLimit header: `"caller";r=760;t=3600`.
function showAllowance(header) {
  const left = /;r=(\d+)/.exec(header ?? "")?.[1];
  const resets = /;t=(\d+)/.exec(header ?? "")?.[1];
  if (left === undefined) return;
  const box = $("allowance");
  const hours = Math.ceil(Number(resets) / 3600);
  say(box, () => t("allowance", { left, total: dailyCredits, hours }));
  box.hidden = false;
}

/**
 * The client's fetch in proxy mode: every answer of the proxy updates what is left, and the
 * proxy's own sentences come in the page's language (it reads Accept-Language).
 */
const quotaWatchingFetch = (url, init = {}) => {
  const headers = new Headers(init.headers);
  headers.set("accept-language", locale);
  return fetch(url, { ...init, headers }).then((res) => {
    showAllowance(res.headers.get("ratelimit"));
    return res;
  });
};

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
  say(banner, () =>
    t(mode === "proxy" ? "modeProxy" : mode === "sandbox" ? "modeSandbox" : "modeMock"),
  );
  banner.className = `mode ${mode === "proxy" ? "live" : "mock"}`;
  banner.hidden = false;
}

// A client of the full package for the page's language at the time of the call: through this
// page's server (mock or proxy), or the in-page sandbox of the static build.
async function clientMaker() {
  const { init: initPackage, SeedanceClient } = await import("./pkg/browser/index.js");
  await initPackage();
  const baseUrl = new URL("v2", location.href).href;
  const fetchFn =
    mode === "proxy"
      ? quotaWatchingFetch
      : mode === "sandbox"
        ? (await startSandbox()).fetch
        : undefined;
  return () => new SeedanceClient({ baseUrl, ...pkgOptions(), ...(fetchFn && { fetch: fetchFn }) });
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

function showLoadError(key, err) {
  const box = $("load-error");
  const message = err?.message ?? String(err);
  say(box, () => t(key, { message }));
  box.hidden = false;
}

// Pricing needs only the engine entry; the client (the full package) loads once, when first needed.
async function loadClient() {
  clientLoading ??= clientMaker().catch((err) => {
    clientLoading = null; // a later press tries again
    showLoadError("clientError", err);
    return null;
  });
  const make = await clientLoading;
  return make?.() ?? null;
}

// --- start -----------------------------------------------------------------------------------

translatePage();
for (const button of document.querySelectorAll("[data-locale]"))
  button.addEventListener("click", () => setLocale(button.dataset.locale));

async function start() {
  const modeRead = readMode();
  try {
    await Promise.all([init(), packageMessagesFor(locale)]);
    models = listModels();
  } catch (err) {
    showLoadError("loadError", err);
    $("summary").textContent = "";
    return;
  }
  fillSelect(
    "model",
    models.map((m) => m.id),
  );
  controls.model.value = (models.find((m) => m.is_default) ?? models[0]).id;
  applyModel();
  restoreForm();

  const onEdit = (event) => {
    const name = Object.keys(controls).find((k) => controls[k] === event.target);
    if (name) {
      touched.add(name);
      if (event.type === "change") setNote(name, () => "");
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
