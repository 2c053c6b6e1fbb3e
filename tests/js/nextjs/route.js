// app/api/seedance/[...path]/route.js
import { createProxyHandler } from "seedance-wasm";

let handler; // made at the first request, when the secrets are there (not during `next build`)
/** @param {Request} request */
function proxy(request) {
  handler ??= createProxyHandler({
    apiKey: process.env.SEEDANCE_API_KEY,
    upstream: process.env.SEEDANCE_BASE_URL,
    maxCredits: 500,
  });
  return handler(request);
}

export { proxy as GET, proxy as POST };
