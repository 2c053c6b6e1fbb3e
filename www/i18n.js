// Every sentence, label and hint of the demo page, one table per language with the same keys
// (tests/js/demo-languages.test.mjs ties them: same keys, same {placeholders}). The package's own
// messages (issues, errors) are not here: the page asks the package for them in its language
// (`locale`). Chinese uses the provider's terms (提示词, 时长, 分辨率, 画幅, 模型, 图片, 参考视频,
// 参考音频, 回调地址, 积分, 任务) and Chinese punctuation; a space only between Chinese and Latin
// letters or digits.

/** The languages the page speaks: the package's locale names. */
export const LOCALES = ["en", "zh-CN"];

export const MESSAGES = {
  en: {
    title: "Seedance 2.0 video generator · seedance-wasm demo",
    heading: "Seedance 2.0 video generator",
    sub: "Every check and price on this page comes from {package}, running in your browser.",
    language: "Language",
    loading: "Loading…",

    "label.prompt": "Prompt",
    "label.model": "Model",
    "label.duration": "Duration (seconds)",
    "label.resolution": "Resolution",
    "label.aspect_ratio": "Aspect ratio",
    "label.images": "Image URLs",
    "label.reference_video_urls": "Reference video URLs",
    "label.reference_audio_urls": "Reference audio URLs",
    "label.callback_url": "Callback URL",
    // The fields as a sentence names them ("Fill in the prompt").
    "field.prompt": "prompt",
    "field.model": "model",
    "field.duration": "duration",
    "field.resolution": "resolution",
    "field.aspect_ratio": "aspect ratio",
    "field.images": "image URLs",
    "field.reference_video_urls": "reference video URLs",
    "field.reference_audio_urls": "reference audio URLs",
    "field.callback_url": "callback URL",
    "field.request": "request",

    promptPlaceholder: "Describe the video: what is seen, what happens, the setting and the style.",
    promptCount: "{count} / {limit} characters",
    imagesHint: "One per line. With images the video starts from them (image-to-video).",
    imagesHintMax:
      "One per line, up to {max}. With images the video starts from them (image-to-video).",
    onePerLine: "One per line.",
    callbackHint: "Optional. Must be reachable from the public internet.",
    seconds: "{n} s",
    minutesSeconds: "{m} min {s} s",
    billedAs: "{resolution} (billed as {billed})",
    modelChanged: "{model} has no {previous}: changed to {now}.",
    lineN: "Line {n}: ",
    fieldPrefix: "{field}: ",
    listSeparator: ", ",
    listLastAnd: " and ",

    generate: "Generate video",
    summaryRunning: "A task is running…",
    summaryFixOne: "Fix 1 problem to continue.",
    summaryFixMany: "Fix {count} problems to continue.",
    summaryFillIn: "Fill in the {fields} to continue.",
    summaryReadyWarning: "Ready, with a warning.",
    summaryReady: "Ready.",

    costTitle: "Cost",
    costCredits: "{credits} credits ({usd})",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a dollar sign, then the {amount} placeholder
    usd: "${amount}",
    costUnknown: "Choose a valid model, duration and resolution to see the price.",
    estimate: "{model} · {duration} · {resolution}{billed} · {input}",
    estimateBilled: ", billed as {billed}",
    "input.text": "text input",
    "input.image": "image input",
    "input.video": "reference video input",
    compareCaption: "The same request on every model",
    compareModel: "Model",
    compareCredits: "Credits",
    compareCheck: "Check",
    compareOk: "ok",
    compareOkSoFar: "ok so far",
    compareSee: "{field} (see {n})",
    compareProblems: "Problems with this request",
    compareEvery: "Every model: {message}",
    compareSome: "{models}: {message}",

    taskTitle: "Task",
    taskId: "Task id",
    taskStatus: "Status",
    taskRawTitle: "The status as the service reported it",
    taskRequest: "Request",
    taskPrice: "Price",
    taskCredits: "Credits",
    taskElapsed: "Elapsed",
    "count.images": "images: {n}",
    "count.reference_video_urls": "reference videos: {n}",
    "count.reference_audio_urls": "reference audio: {n}",
    progressLabel: "Estimated progress",
    cancel: "Cancel",
    checkAgain: "Check again",
    expiryNote:
      "The service keeps result videos for about 24 hours: download the ones you want to keep.",
    earlierTitle: "Earlier unfinished tasks in this tab",

    "status.IN_PROGRESS": "Generating",
    "status.SUCCESS": "Done",
    "status.FAILED": "Failed",
    "status.waiting": "Waiting",
    "status.submitting": "Submitting…",
    "status.checking": "Checking…",
    "status.cancelled": "Cancelled",
    "status.TIMEOUT": "Stopped waiting (time limit)",
    "status.NETWORK_ERROR": "Connection lost",
    "status.unknown": "Could not check the task",
    rawCheck: "{raw} · check {n}",
    lastReported: "last reported {raw}",

    creditsNotYet: "not reported yet",
    creditsRefunded:
      "{credits} deducted when the task was created, refunded because it failed (the service's rule).",
    creditsReported: "{credits} (as reported by the service)",

    typical: "{model} usually takes about {time} for {seconds} of video",
    mockSooner: " (the mock API here finishes much sooner)",
    progressEstimate: "Estimate: {typical}{mock}; the service reports no progress of its own.",
    progressLonger: "Taking longer than usual: {typical}. Still waiting.",
    progressFinished: "Finished after {time}.",
    progressStopped: "Not waiting any more, {time} after the task was created.",

    waiting: "Waiting for the video…",
    done: "Done.",
    doneMany: "Done: {n} videos.",
    noVideo: "The task succeeded but returned no playable video URL.",
    cannotPlay: "Done, but a video cannot be played here: use its download link.",
    downloadOne: "Download the video",
    downloadN: "Download video {n}",
    openNewTab: "open in a new tab",
    mayStillFinish:
      "{why} The task may still finish on the service: “Check again” waits for it again.",
    stoppedWaiting: "Stopped waiting.",
    cancelledEarly: "Cancelled before the task was created.",
    statusCheckFailed: "The status check failed: {message}",
    ofTask: "(task {id})",
    unexpected: "Unexpected error: {message}",

    modeProxy: "Real API through the local proxy: generating spends your credits.",
    modeSandbox:
      "API sandbox in this page: nothing is sent anywhere and nothing is spent. Prompts containing FAIL make the task fail.",
    modeMock: "Local mock API: nothing is spent. Prompts containing FAIL make the task fail.",
    allowance:
      "Credits left today for this browser session: {left} of {total} (resets in about {hours} h).",
    clientError: "Could not start the API client: {message}",
    loadError: "Could not load seedance-wasm: {message}",
  },

  "zh-CN": {
    title: "Seedance 2.0 视频生成 · seedance-wasm 演示",
    heading: "Seedance 2.0 视频生成",
    sub: "本页的每项检查和价格都来自在你的浏览器中运行的 {package}。",
    language: "语言",
    loading: "加载中…",

    "label.prompt": "提示词",
    "label.model": "模型",
    "label.duration": "时长（秒）",
    "label.resolution": "分辨率",
    "label.aspect_ratio": "画幅",
    "label.images": "图片 URL",
    "label.reference_video_urls": "参考视频 URL",
    "label.reference_audio_urls": "参考音频 URL",
    "label.callback_url": "回调地址",
    "field.prompt": "提示词",
    "field.model": "模型",
    "field.duration": "时长",
    "field.resolution": "分辨率",
    "field.aspect_ratio": "画幅",
    "field.images": "图片 URL",
    "field.reference_video_urls": "参考视频 URL",
    "field.reference_audio_urls": "参考音频 URL",
    "field.callback_url": "回调地址",
    "field.request": "请求",

    promptPlaceholder: "描述视频：画面里有什么、发生了什么、场景和风格。",
    promptCount: "{count} / {limit} 字符",
    imagesHint: "每行一个。有图片时，视频从图片开始（图生视频）。",
    imagesHintMax: "每行一个，最多 {max} 张。有图片时，视频从图片开始（图生视频）。",
    onePerLine: "每行一个。",
    callbackHint: "可选。须公网可访问。",
    seconds: "{n} 秒",
    minutesSeconds: "{m} 分 {s} 秒",
    billedAs: "{resolution}（按 {billed} 计费）",
    modelChanged: "{model} 不支持 {previous}，已改为 {now}。",
    lineN: "第 {n} 行：",
    fieldPrefix: "{field}：",
    listSeparator: "、",
    listLastAnd: "和",

    generate: "生成视频",
    summaryRunning: "任务进行中…",
    summaryFixOne: "请先解决 1 个问题。",
    summaryFixMany: "请先解决 {count} 个问题。",
    summaryFillIn: "请填写{fields}后继续。",
    summaryReadyWarning: "可以生成，但有提醒。",
    summaryReady: "可以生成。",

    costTitle: "费用",
    costCredits: "{credits} 积分（{usd}）",
    usd: "{amount} 美元",
    costUnknown: "请选择有效的模型、时长和分辨率以查看价格。",
    estimate: "{model} · {duration} · {resolution}{billed} · {input}",
    estimateBilled: "，按 {billed} 计费",
    "input.text": "文生视频",
    "input.image": "图生视频",
    "input.video": "含参考视频输入",
    compareCaption: "同一请求在各模型上的结果",
    compareModel: "模型",
    compareCredits: "积分",
    compareCheck: "检查",
    compareOk: "可用",
    compareOkSoFar: "目前可用",
    compareSee: "{field}（见 {n}）",
    compareProblems: "此请求的问题",
    compareEvery: "所有模型：{message}",
    compareSome: "{models}：{message}",

    taskTitle: "任务",
    taskId: "任务 ID",
    taskStatus: "状态",
    taskRawTitle: "服务返回的原始状态",
    taskRequest: "请求",
    taskPrice: "价格",
    taskCredits: "积分",
    taskElapsed: "已用时间",
    "count.images": "图片 {n} 张",
    "count.reference_video_urls": "参考视频 {n} 个",
    "count.reference_audio_urls": "参考音频 {n} 个",
    progressLabel: "预计进度",
    cancel: "取消",
    checkAgain: "再次查询",
    expiryNote: "服务只保留生成的视频约 24 小时，请下载需要保留的视频。",
    earlierTitle: "此标签页中先前未完成的任务",

    "status.IN_PROGRESS": "生成中",
    "status.SUCCESS": "已完成",
    "status.FAILED": "失败",
    "status.waiting": "等待中",
    "status.submitting": "提交中…",
    "status.checking": "查询中…",
    "status.cancelled": "已取消",
    "status.TIMEOUT": "已停止等待（超时）",
    "status.NETWORK_ERROR": "连接中断",
    "status.unknown": "无法查询任务",
    rawCheck: "{raw} · 第 {n} 次查询",
    lastReported: "最后状态 {raw}",

    creditsNotYet: "尚未返回",
    creditsRefunded: "创建任务时扣除 {credits} 积分，任务失败后已退还（服务的规则）。",
    creditsReported: "{credits}（服务返回）",

    typical: "{model} 生成 {seconds}的视频通常需要约 {time}",
    mockSooner: "（此处的模拟 API 会快得多）",
    progressEstimate: "估计：{typical}{mock}；服务本身不报告进度。",
    progressLonger: "比平时慢：{typical}。仍在等待。",
    progressFinished: "用时 {time}完成。",
    progressStopped: "已停止等待，距任务创建 {time}。",

    waiting: "正在等待视频…",
    done: "完成。",
    doneMany: "完成：共 {n} 个视频。",
    noVideo: "任务成功，但没有返回可播放的视频 URL。",
    cannotPlay: "已完成，但视频无法在此播放，请使用下载链接。",
    downloadOne: "下载视频",
    downloadN: "下载视频 {n}",
    openNewTab: "在新标签页中打开",
    mayStillFinish: "{why}任务可能仍会在服务端完成，点击“再次查询”可继续等待。",
    stoppedWaiting: "已停止等待。",
    cancelledEarly: "任务创建前已取消。",
    statusCheckFailed: "状态查询失败：{message}",
    ofTask: "（任务 {id}）",
    unexpected: "意外错误：{message}",

    modeProxy: "经本地代理调用真实 API：生成视频会消耗你的积分。",
    modeSandbox: "本页内的 API 沙盒：不发送任何内容，也不消耗积分。提示词含 FAIL 时任务会失败。",
    modeMock: "本地模拟 API：不消耗积分。提示词含 FAIL 时任务会失败。",
    allowance: "此浏览器会话今日剩余积分：{left} / {total}（约 {hours} 小时后重置）。",
    clientError: "无法启动 API 客户端：{message}",
    loadError: "无法加载 seedance-wasm：{message}",
  },
};

/**
 * The page's language for a browser's `navigator.languages`: the first of them the page speaks
 * (any Chinese is zh-CN, any English en), else English.
 */
export function localeFor(languages) {
  for (const tag of languages ?? []) {
    const primary = String(tag).toLowerCase().split("-")[0];
    if (primary === "zh") return "zh-CN";
    if (primary === "en") return "en";
  }
  return "en";
}

/**
 * The pieces of `template` with each `{name}` replaced by `values[name]`: strings, and nodes
 * where a value is one (for `node.append(...)`).
 */
export function fill(template, values = {}) {
  return template
    .split(/(\{[a-zA-Z]+\})/)
    .filter((piece) => piece !== "")
    .map((piece) => {
      const name = /^\{([a-zA-Z]+)\}$/.exec(piece)?.[1];
      return name !== undefined && Object.hasOwn(values, name) ? values[name] : piece;
    });
}

/** The `{name}` placeholders of a template, sorted: what a translation must keep. */
export const placeholdersOf = (template) =>
  [...template.matchAll(/\{([a-zA-Z]+)\}/g)].map((m) => m[1]).sort();
