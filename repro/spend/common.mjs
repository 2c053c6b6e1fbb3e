// Shared by the spending-control reproductions: the built package and the mock API on loopback.
import { loadPackage, newKey, startMock } from "../../tests/js/support.mjs";
export const pkg = await loadPackage();
export { newKey, startMock };
export const DAY = { windowSeconds: 86400 };
export const FIVE = { prompt: "spend", duration: 5 }; // 240 credits

export async function read(res) {
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch {}
  return { status: res.status, headers: res.headers, text, json, code: json?.error?.code };
}
export const generateReq = (body = FIVE, headers = {}) =>
  new Request("http://proxy.test/v2/generate", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
export const statusReq = (rawQuery, headers = {}) =>
  new Request(`http://proxy.test/v2/status?${rawQuery}`, { headers });
