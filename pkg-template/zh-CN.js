// Simplified Chinese for every message seedance-wasm writes. Importing this module registers it;
// then `locale: "zh-CN"` (validateRequest, estimateCost, compareModels, SeedanceClient,
// createProxyHandler) gives these sentences instead of the English ones. The Node, Workers and
// edge entries import it themselves; a page imports `seedance-wasm/zh-CN` when it wants Chinese,
// so a page in English downloads none of it.
//
// Each entry is [English template, Chinese template]. The English one is the engine's sentence
// with `{}` for each value, in order; the Chinese one places value n as `{n}`, or `{fn}` for a
// field name, written with the provider's term (时长（duration）). Values are translated too when
// they are phrases of this table (types, URL problems, whole sentences), lists ("5, 10 or 15" as
// "5、10 或 15") or windows ("per day"). Codes, field names and values are never changed.
// tests/js/languages.test.mjs ties this table to the engine's sentences.

export const MESSAGES = [
  // The request as a whole.
  ["The request must be an object, not {}.", "请求必须是一个对象，而不是{1}。"],
  ["The request is not valid JSON.", "请求不是有效的 JSON。"],
  ["The request cannot be priced.", "无法为该请求计价。"],
  [
    "The request costs {} credits, over the budget of {}.",
    "该请求需要 {1} 积分，超出了 {2} 积分的预算。",
  ],
  [
    "maxCredits must be a whole, non-negative number of credits.",
    "maxCredits 必须是非负的整数积分。",
  ],
  // Fields.
  ['"{}" must be {}, not {}.', "{f1}必须是{2}，而不是{3}。"],
  ['the string "{}"', "字符串“{1}”"],
  ["A prompt is required.", "缺少提示词（prompt）。"],
  ["The prompt must not be empty or only white space.", "提示词不能为空，也不能只有空白字符。"],
  [
    "The prompt has {} characters; at most {} are allowed.",
    "提示词有 {1} 个字符，最多允许 {2} 个。",
  ],
  [
    "The prompt holds a lone surrogate (half of a UTF-16 pair), which is not text.",
    "提示词含有孤立的代理项（UTF-16 代理对的一半），不是有效文本。",
  ],
  [
    '"{}" holds a lone surrogate (half of a UTF-16 pair), which is not text.',
    "{f1}含有孤立的代理项（UTF-16 代理对的一半），不是有效文本。",
  ],
  ['Unknown model "{}"; use one of {}.', "未知的模型“{1}”，请使用以下模型之一：{2}。"],
  ["The duration for {} must be {} seconds.", "{1} 的时长必须是 {2} 秒。"],
  ["The resolution must be one of {}.", "分辨率必须是以下之一：{1}。"],
  ["{} renders {} as {} and bills it as {}.", "{1} 会将 {2} 分辨率按 {3} 生成，并按 {4} 计费。"],
  ["The aspect ratio for {} must be one of {}.", "{1} 的画幅必须是以下之一：{2}。"],
  [
    "The aspect ratio applies to text-to-video only; with images it is ignored.",
    "画幅仅适用于文生视频；提供图片时会被忽略。",
  ],
  ['Each URL in "{}" {}.', "{f1}中的 URL {2}。"],
  ["At most {} images are allowed; {} were given.", "最多允许 {1} 张图片，实际提供了 {2} 张。"],
  ['"{}" is used by {} only; {} ignores it.', "{f1}仅用于 {2}，{3} 会忽略它。"],
  ["The callback URL {}.", "回调地址（callback_url）{1}。"],
  [
    '"{}" is not a field; field names are exact and lower case ("{}").',
    "{f1}不是字段；字段名必须完全一致且为小写（应为“{2}”）。",
  ],
  ['"{}" is {}, which JSON cannot carry.', "{f1}是{2}，JSON 无法表示。"],
  ['"{}" is not a documented field; it is sent as is.', "{f1}不是文档中的字段，将按原样发送。"],
  // What is wrong with a URL (after "the URL").
  ["must be an absolute http:// or https:// URL", "必须是以 http:// 或 https:// 开头的绝对 URL"],
  ["is not a well-formed URL with a host", "不是带主机名的有效 URL"],
  [
    "must be written plainly as scheme://host/path: backslashes, other than two slashes, several @ or a percent-encoded host are read differently by different parsers",
    "必须以 scheme://host/path 的简单形式书写：反斜杠、多于或少于两个的斜杠、多个 @ 或百分号编码的主机名会被不同的解析器理解成不同的地址",
  ],
  [
    "must point to a public internet host, not localhost, a loopback, private, link-local or reserved address or name",
    "必须指向公共互联网上的主机，不能是 localhost、环回地址、私有地址、链路本地地址或保留的地址或名称",
  ],
  [
    "has a non-ASCII host; write it in its ASCII (IDNA) form: {}",
    "的主机名含有非 ASCII 字符，请改用其 ASCII（IDNA）形式：{1}",
  ],
  // The client.
  [
    "The request is not valid: {} (and {} more; see `issues`)",
    "请求无效：{1}（另有 {2} 个问题，见 issues）",
  ],
  ["The request is not valid: {}", "请求无效：{1}"],
  ["The request is not valid.", "请求无效。"],
  [
    "The request cannot be priced, so the budget of {} credits cannot be checked; it was not sent.",
    "无法为该请求计价，因此无法核对 {1} 积分的预算；请求未发送。",
  ],
  [
    "The batch costs {} credits, over the budget of {}; nothing was sent.",
    "这批请求共需 {1} 积分，超出了 {2} 积分的预算；没有发送任何请求。",
  ],
  [
    "{} The task may have been created and charged: check your tasks before sending it again.",
    "{1} 任务可能已创建并扣除积分：再次发送前请先检查你的任务。",
  ],
  ["{} The last status request failed: {}", "{1} 最近一次状态查询失败：{2}"],
  ["The operation was aborted.", "操作已中止。"],
  ["The status request got no reply in time.", "状态查询未能及时得到回复。"],
  ["The request POST /generate got no reply in time.", "请求 POST /generate 未能及时得到回复。"],
  ["The request {} got no reply ({}).", "请求 {1} 没有得到回复（{2}）。"],
  ["The request {} got no reply.", "请求 {1} 没有得到回复。"],
  ["{} No task was created.", "{1} 没有创建任务。"],
  [
    "The request {} was not sent: the server could not be reached ({}).",
    "请求 {1} 未发送：无法连接到服务器（{2}）。",
  ],
  [
    "The request {} was not sent: the server could not be reached.",
    "请求 {1} 未发送：无法连接到服务器。",
  ],
  [
    "The request {} was not sent: fetch cannot use its URL (check baseUrl) ({}).",
    "请求 {1} 未发送：fetch 无法使用它的 URL（请检查 baseUrl）（{2}）。",
  ],
  [
    "The request {} was not sent: fetch cannot use its URL (check baseUrl).",
    "请求 {1} 未发送：fetch 无法使用它的 URL（请检查 baseUrl）。",
  ],
  [
    "The API answered HTTP 404 to POST /generate: is baseUrl right?",
    "API 对 POST /generate 返回了 HTTP 404：baseUrl 是否正确？",
  ],
  [
    "The task failed without a reason. Its credits are refunded by the provider.",
    "任务失败，未说明原因。服务商会退还其积分。",
  ],
  [
    "The task failed: {}. Its credits are refunded by the provider.",
    "任务失败：{1}。服务商会退还其积分。",
  ],
  [
    "The task did not finish within {} ms; it may still be running: call waitForTask with its id to keep waiting.",
    "任务未在 {1} 毫秒内完成，可能仍在运行：用它的任务 ID 调用 waitForTask 可继续等待。",
  ],
  [
    "The API answered HTTP {} (body code {}) with {}: {}.",
    "API 返回了 HTTP {1}（响应体代码 {2}），错误码 {3}：{4}。",
  ],
  [
    "The API answered HTTP {} (body code {}) with {}.",
    "API 返回了 HTTP {1}（响应体代码 {2}），错误码 {3}。",
  ],
  [
    "The API answered HTTP {} with {} and a body that is not JSON.",
    "API 返回了 HTTP {1}，错误码 {2}，且响应体不是 JSON。",
  ],
  ["The API answered HTTP {} with {}: {}.", "API 返回了 HTTP {1}，错误码 {2}：{3}。"],
  ["The API answered HTTP {} with {}.", "API 返回了 HTTP {1}，错误码 {2}。"],
  ["The API's reply could not be read: {}.", "无法读取 API 的回复：{1}。"],
  ["the body is not a JSON object", "响应体不是 JSON 对象"],
  ['it has no "data" object', "缺少 data 对象"],
  ["it has no task_id", "缺少 task_id"],
  [
    "it reports SUCCESS but names no http(s) video URL",
    "状态为 SUCCESS，但没有给出 http(s) 视频地址",
  ],
  ["the status is not an object", "状态不是对象"],
  ["it has no status", "缺少 status"],
  ["its status is neither text nor a number", "status 既不是文本也不是数字"],
  ["it is the status of another task", "这是另一个任务的状态"],
  [
    "The API's reply was larger than maxReplyBytes; the rest was not read.",
    "API 的回复超过了 maxReplyBytes，其余部分未读取。",
  ],
  ["The callback body is not JSON.", "回调内容不是 JSON。"],
  ["The callback body could not be read: {}.", "无法读取回调内容：{1}。"],
  ["The task id must be a non-empty string.", "任务 ID 必须是非空字符串。"],
  ["runMany takes an array of requests.", "runMany 需要一个请求数组。"],
  ["Not loaded: `await init()` first.", "尚未加载：请先 `await init()`。"],
  // Options.
  ["The option apiKey contains spaces or control characters.", "选项 apiKey 含有空格或控制字符。"],
  ["The option baseUrl must not be empty.", "选项 baseUrl 不能为空。"],
  ["The option {} must be at least 1.", "选项 {1} 至少为 1。"],
  [
    'The option {} must be an absolute http(s) URL or a path such as /v2, not "{}".',
    "选项 {1} 必须是绝对的 http(s) URL 或 /v2 这样的路径，而不是“{2}”。",
  ],
  [
    'The option {} must be an absolute http(s) URL, not "{}".',
    "选项 {1} 必须是绝对的 http(s) URL，而不是“{2}”。",
  ],
  ["The option {} must be {}.", "选项 {1} 必须是{2}。"],
  [
    'The option models names an unknown model "{}"; use one of {}.',
    "选项 models 中有未知的模型“{1}”，请使用以下模型之一：{2}。",
  ],
  ["Unknown option {}; did you mean {}?", "未知的选项 {1}；你是想写 {2} 吗？"],
  [
    '{} takes an object of options, such as { apiKey: "…" }, not a {}.',
    '{1} 需要一个选项对象，例如 { apiKey: "…" }，而不是 {2}。',
  ],
  ["createProxyHandler needs the option apiKey.", "createProxyHandler 需要选项 apiKey。"],
  ["The option models must be an array of model ids.", "选项 models 必须是模型 ID 的数组。"],
  [
    'The option allowedOrigins must be an array of origins such as "https://app.example.com".',
    "选项 allowedOrigins 必须是来源地址的数组，例如“https://app.example.com”。",
  ],
  [
    "The option quota must be an object: { store, perCaller, total, timeoutMs }.",
    "选项 quota 必须是对象：{ store, perCaller, total, timeoutMs }。",
  ],
  [
    "The option quota.store must be a SpendStore: an object with reserve, adjust, put and get.",
    "选项 quota.store 必须是 SpendStore：带有 reserve、adjust、put 和 get 方法的对象。",
  ],
  [
    "The option quota.{} must be { credits, windowSeconds }: whole numbers, windowSeconds from 1 to ten years.",
    "选项 quota.{1} 必须是 { credits, windowSeconds }：均为整数，windowSeconds 为 1 秒至十年。",
  ],
  // The proxy.
  ["The body is not UTF-8 text.", "请求体不是 UTF-8 文本。"],
  [
    "A generate request must be sent with Content-Type: application/json.",
    "生成请求必须以 `Content-Type: application/json` 发送。",
  ],
  ["The model {} is not allowed here; allowed: {}.", "此处不允许使用模型 {1}；允许的模型：{2}。"],
  ["The request could not be checked.", "无法检查该请求。"],
  [
    "The upstream API answered HTTP {} with a body that is not JSON.",
    "上游 API 返回了 HTTP {1}，但响应体不是 JSON。",
  ],
  ["The upstream API did not answer in time.", "上游 API 未能及时回复。"],
  ["The request was aborted.", "请求已中止。"],
  ["The upstream API could not be reached.", "无法连接上游 API。"],
  [
    "The upstream API's reply is larger than {}; the rest was not read.",
    "上游 API 的回复大于 {1}，其余部分未读取。",
  ],
  ["The request body is larger than {}.", "请求体大于 {1}。"],
  [
    "The server is reading too many request bodies ({} at once); try again shortly.",
    "服务器正在读取的请求体过多（同时已达 {1}），请稍后重试。",
  ],
  ["The request body did not arrive within {} ms.", "请求体未在 {1} 毫秒内到达。"],
  ["The request body could not be read.", "无法读取请求体。"],
  ["The query needs a task_id.", "查询需要 task_id。"],
  ["Use POST for /generate and GET for /status.", "/generate 请使用 POST，/status 请使用 GET。"],
  ["This proxy serves /generate and /status only.", "此代理只提供 /generate 和 /status。"],
  ["This proxy does not know the caller.", "此代理无法识别调用者。"],
  [
    "The proxy could not tell who is calling (its authorize function failed).",
    "代理无法确定调用者（其 authorize 函数出错）。",
  ],
  [
    "Pages on {} may not call this proxy (see the option allowedOrigins).",
    "{1} 上的页面不能调用此代理（见选项 allowedOrigins）。",
  ],
  [
    "This request costs {} credits, more than your spending limit of {} credits {} allows.",
    "本次请求需要 {1} 积分，超过了你{3} {2} 积分的限额。",
  ],
  [
    "This request costs {} credits, more than this proxy's total spending limit of {} credits {} allows.",
    "本次请求需要 {1} 积分，超过了此代理{3} {2} 积分的总限额。",
  ],
  [
    "Your spending limit of {} credits {} would be passed: {} spent in this window, this request costs {}. It resets in {} s.",
    "将超出你{2} {1} 积分的限额：本周期已用 {3} 积分，本次请求需要 {4} 积分。{5} 秒后重置。",
  ],
  [
    "This proxy's total spending limit of {} credits {} would be passed: {} spent in this window, this request costs {}. It resets in {} s.",
    "将超出此代理{2} {1} 积分的总限额：本周期已用 {3} 积分，本次请求需要 {4} 积分。{5} 秒后重置。",
  ],
  [
    "The spending ledger could not be reached, so nothing was sent. Try again shortly.",
    "无法连接消费账本，因此没有发送任何请求。请稍后重试。",
  ],
  ["No task with this id was created by this caller.", "此调用者没有创建过该 ID 的任务。"],
  ["The proxy's code could not be loaded.", "无法加载代理的代码。"],
];

// Values that are phrases: the kinds of JSON values and what a field must be.
export const PHRASES = {
  null: "null",
  "a boolean": "布尔值",
  "a number": "数字",
  "a string": "字符串",
  "an array": "数组",
  "an object": "对象",
  "a BigInt": "BigInt 值",
  "a Symbol": "Symbol 值",
  "a function": "函数",
  "a number of seconds": "秒数",
  "an array of URL strings": "URL 字符串数组",
  "a URL string": "URL 字符串",
  "true or false": "true 或 false",
  "a non-negative number": "非负数",
  "an object of strings": "字符串组成的对象",
  "an AbortSignal": "AbortSignal",
  "per day": "每天",
  "per hour": "每小时",
  "per minute": "每分钟",
};

// The provider's terms for the request's fields.
const FIELDS = {
  prompt: "提示词",
  duration: "时长",
  resolution: "分辨率",
  aspect_ratio: "画幅",
  model: "模型",
  images: "图片",
  reference_video_urls: "参考视频",
  reference_audio_urls: "参考音频",
  callback_url: "回调地址",
  public: "是否公开",
};

const UNITS = { days: "天", hours: "小时", minutes: "分钟", seconds: "秒" };

// Each English template as the literal parts around its values.
const TEMPLATES = MESSAGES.map(([english, chinese]) => [english.split("{}"), chinese]);

/**
 * The values of `text` if it is the sentence `parts` makes, else null. Each value ends at the
 * first place its next part follows, the last at the end; a closing full stop after a value is
 * optional (a server's own sentence keeps its own). One pass over the text per template: time
 * stays linear whatever a hostile value holds.
 */
function valuesOf(parts, text) {
  if (!text.startsWith(parts[0])) return null;
  if (parts.length === 1) return text === parts[0] ? [] : null;
  const values = [];
  let at = parts[0].length;
  for (let i = 1; i < parts.length - 1; i++) {
    const end = text.indexOf(parts[i], at + 1);
    if (end < 0) return null;
    values.push(text.slice(at, end));
    at = end + parts[i].length;
  }
  let last = parts.at(-1);
  if (!text.endsWith(last) && last.endsWith(".")) last = last.slice(0, -1);
  if (!text.endsWith(last) || text.length - last.length <= at) return null;
  values.push(text.slice(at, text.length - last.length));
  return values;
}

/** A field name (`images[2]` too) as the provider's term with the wire name, else quoted. */
function field(name) {
  const m = /^([a-z_]+)(\[\d+\])?$/.exec(name);
  return m && FIELDS[m[1]] ? `${FIELDS[m[1]]}（${name}）` : `“${name}”`;
}

/** A value inside a sentence: a sentence or phrase of the tables, a list, a window, or itself. */
function value(text) {
  if (Object.hasOwn(PHRASES, text)) return PHRASES[text];
  const sentence = translate(text);
  if (sentence !== text) return sentence;
  const every = /^per (\d+) (days|hours|minutes|seconds)$/.exec(text);
  if (every) return `每 ${every[1]} ${UNITS[every[2]]}`;
  const range = /^(\d+) to (\d+)$/.exec(text);
  if (range) return `${range[1]} 至 ${range[2]}`;
  // "5, 10 or 15", "480p, 720p", "seedance-2.0, seedance-2-mini": plain items only.
  if (/^[\w.:-]+(, [\w.:-]+)*( or [\w.:-]+)?$/.test(text))
    return text.replaceAll(", ", "、").replace(" or ", " 或 ");
  const size = /^(\d+) bytes$/.exec(text);
  if (size) return `${size[1]} 字节`;
  return text;
}

/** The Chinese sentence for an English one of the package, or the sentence as it is. */
export function translate(message) {
  if (typeof message !== "string") return message;
  for (const [parts, chinese] of TEMPLATES) {
    const values = valuesOf(parts, message);
    if (!values) continue;
    const filled = chinese.replace(/\{(f?)(\d+)\}/g, (_, kind, n) => {
      const given = values[Number(n) - 1] ?? "";
      return kind === "f" ? field(given) : value(given);
    });
    // A value that is a sentence brings its own full stop.
    return filled.replace(/([。！？.!?])。$/, "$1");
  }
  return message;
}

/**
 * "zh-CN" for Chinese in the simplified script (zh, zh-CN, zh-Hans, zh-SG, zh-Hans-HK…), "en"
 * for anything else (zh-TW and zh-Hant too), never a throw.
 */
export function localeOf(tag) {
  if (typeof tag !== "string") return "en";
  const [language, ...rest] = tag.trim().toLowerCase().replaceAll("_", "-").split("-");
  if (language !== "zh") return "en";
  if (rest.includes("hans")) return "zh-CN";
  return rest.some((s) => ["hant", "tw", "hk", "mo"].includes(s)) ? "en" : "zh-CN";
}

/** The locale an `Accept-Language` header prefers (by q-value, among English and Chinese). */
export function localeOfHeader(header) {
  let best = "en";
  let bestQ = 0;
  for (const part of String(header ?? "")
    .split(",")
    .slice(0, 32)) {
    const [tag, ...params] = part.split(";");
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
    const weight = q === undefined ? 1 : Number(q);
    const language = tag.trim().toLowerCase();
    if (weight > bestQ && (language.startsWith("zh") || language.startsWith("en"))) {
      best = localeOf(language);
      bestQ = weight;
    }
  }
  return best;
}

function issuesIn(list) {
  if (Array.isArray(list)) for (const issue of list) issue.message = translate(issue.message);
}

/** A ValidationReport (or compareModels' rows) with its messages in Chinese. */
function report(value) {
  if (value !== null && typeof value === "object")
    for (const row of Array.isArray(value) ? value : [value]) {
      issuesIn(row.errors);
      issuesIn(row.warnings);
    }
  return value;
}

/** A SeedanceError (of any copy of the package) with its message and issues in Chinese. */
function error(value) {
  if (value instanceof Error && value.name === "SeedanceError") {
    value.message = translate(value.message);
    issuesIn(value.issues);
  }
  return value;
}

/** A proxy's answer with the sentences of its error envelope in Chinese (the upstream's stay). */
async function response(answer) {
  const type = answer.headers.get("content-type") ?? "";
  if (answer.status < 400 || !type.includes("json")) return answer;
  const text = await answer.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    return new Response(text, answer);
  }
  if (body?.error && typeof body.error === "object") {
    body.message = translate(body.message);
    body.error.message = translate(body.error.message);
    issuesIn(body.error.issues);
  }
  return new Response(JSON.stringify(body), answer);
}

// What the entries use (pkg-template/locale.js), found by every copy of them.
globalThis[Symbol.for("seedance-wasm.zh-CN")] = {
  wants: (locale) => localeOf(locale) === "zh-CN",
  wantsHeader: (header) => localeOfHeader(header) === "zh-CN",
  report,
  error,
  response,
};
