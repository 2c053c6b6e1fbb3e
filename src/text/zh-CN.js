// The package's sentences in Simplified Chinese, beside the English templates of the Rust sources
// (src/text.rs writes them; the build ships only the Chinese, keyed by a short hash of the English:
// scripts/chinese-table.mjs). Each entry is [English template, Chinese template]: the English one
// is the engine's, with `{}` for each value in order; the Chinese one places value n as `{n}`,
// `{fn}` for a field name, written with the provider's term (时长（duration）), or `{rn}` for words
// that stay exactly as given (a server's or a runtime's). Phrases used as
// values ("a number", "per day") are entries too. Lists ("5, 10 or 15" as "5、10 或 15"), ranges and
// byte counts inside values are written by pkg-template/zh-CN.js. Codes, field names and values are
// never changed. tests/js/languages.test.mjs ties this table to the sentences of src/.

/** What a page that checks requests meets: validateRequest, estimateCost, compareModels. */
export const ENGINE = [
  ["Not loaded: `await init()` first.", "尚未加载：请先 `await init()`。"],
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
  ['"{}" must be {}, not {}.', "{f1}必须是{2}，而不是{3}。"],
  ['the string "{}"', "字符串“{1}”"],
  ["A prompt is required.", "缺少提示词（prompt）。"],
  ["The prompt must not be empty or only white space.", "提示词不能为空，也不能只有空白字符。"],
  [
    "The prompt has {} characters; at most {} are allowed.",
    "提示词有 {1} 个字符，最多允许 {2} 个。",
  ],
  ["The prompt{}", "提示词{1}"],
  [
    " holds a lone surrogate (half of a UTF-16 pair), which is not text.",
    "含有孤立的代理项（UTF-16 代理对的一半），不是有效文本。",
  ],
  ['"{}"{}', "{f1}{2}"],
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
  ["null", "null"],
  ["a boolean", "布尔值"],
  ["a number", "数字"],
  ["a string", "字符串"],
  ["an array", "数组"],
  ["an object", "对象"],
  ["a BigInt", "BigInt 值"],
  ["a Symbol", "Symbol 值"],
  ["a function", "函数"],
  ["a number of seconds", "秒数"],
  ["an array of URL strings", "URL 字符串数组"],
  ["a URL string", "URL 字符串"],
  ["true or false", "true 或 false"],
  ["a non-negative number", "非负数"],
  ["an object of strings", "字符串组成的对象"],
  ["an AbortSignal", "AbortSignal"],
];

/** What a page or server that sends requests meets besides: SeedanceClient and its options. */
export const CLIENT = [
  [
    "createProxyHandler runs on a server, where the API key stays secret: create the handler in Node, Deno, Bun, Cloudflare Workers or an Edge runtime, and point the page's SeedanceClient at it with baseUrl. (On a server, this is the browser entry: bundle with the node, workerd or edge-light condition.)",
    "createProxyHandler 在服务器上运行，API 密钥留在服务器上：请在 Node、Deno、Bun、Cloudflare Workers 或 Edge 运行时中创建它，并用 baseUrl 让页面的 SeedanceClient 指向它。（若在服务器上看到此消息，说明加载的是浏览器入口：请用 node、workerd 或 edge-light 条件打包。）",
  ],
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
  ["The request {} got no reply{}.", "请求 {1} 没有得到回复{2}。"],
  [
    "The request {} was not sent: the server could not be reached{}.",
    "请求 {1} 未发送：无法连接到服务器{2}。",
  ],
  [
    "The request {} was not sent: fetch cannot use its URL (check baseUrl){}.",
    "请求 {1} 未发送：fetch 无法使用它的 URL（请检查 baseUrl）{2}。",
  ],
  [" ({})", "（{r1}）"],
  ["The API answered HTTP {}{} with {}{}.", "API 返回了 HTTP {1}{2}，错误码 {3}{4}。"],
  [" (body code {})", "（响应体代码 {1}）"],
  [": {}", "：{r1}"],
  [" and a body that is not JSON", "，且响应体不是 JSON"],
  ["{} No task was created.", "{1} 没有创建任务。"],
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
];

/** What only a server meets: createProxyHandler, its options and its answers. */
export const PROXY = [
  ["per day", "每天"],
  ["per hour", "每小时"],
  ["per minute", "每分钟"],
  ["per {} days", "每 {1} 天"],
  ["per {} hours", "每 {1} 小时"],
  ["per {} minutes", "每 {1} 分钟"],
  ["per {} seconds", "每 {1} 秒"],
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
