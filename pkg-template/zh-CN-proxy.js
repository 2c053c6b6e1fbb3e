// The proxy's sentences in Simplified Chinese (createProxyHandler, its options and answers) and
// its `locale: "auto"` (Accept-Language), added to zh-CN.js's by the entries that can run the
// proxy (Node, Workers, edge); a page never loads them. The build writes the table
// (scripts/chinese-table.mjs).
import { addMessages, hooks, localeOf, localeOption, render } from "./zh-CN.js";

addMessages(/* table */ "");

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
    body.message = render(body.message);
    body.error.message = render(body.error.message);
    if (Array.isArray(body.error.issues))
      for (const issue of body.error.issues) issue.message = render(issue.message);
  }
  return new Response(JSON.stringify(body), answer);
}

/** The hooks for one request when the proxy's `locale` ("auto": its Accept-Language) is Chinese. */
hooks.forRequest = (options, request) => {
  const locale = localeOption(options);
  if (locale !== "auto") return hooks.wants(options) ? hooks : null;
  let header;
  try {
    header = request.headers.get("accept-language");
  } catch {
    return null;
  }
  return localeOfHeader(header) === "zh-CN" ? hooks : null;
};
hooks.response = response;
