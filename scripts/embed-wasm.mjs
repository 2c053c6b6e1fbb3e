// Puts a wasm's bytes into a JavaScript file as a template literal of one character per byte
// (code points 0 to 255, UTF-8 in the file). Gzip and brotli compress it almost as well as the
// bytes themselves (base64 would cost about 4.3 kB of gzip more on the engine), and decoding is
// native (pkg-template/wasm-loader.js).
//
// No NUL byte may stand in the file (git, grep and editors would call it binary). Escaping each as
// `\0` costs 2 bytes where it stood for one (+742 B gzip on the browser entry, +318 B on the
// engine's, measured), so NUL and SWAP, a byte almost no wasm holds, trade places instead: NULs are
// written as SWAP, and the few SWAP bytes as escaped NULs (wasm-loader.js `bytesOf` swaps back).
// The other control bytes stay raw (file(1) still says "data"): escaping them all would cost
// +3.2 kB gzip on the browser entry.

/** The byte written for NUL: "z" (2 in the engine's wasm, 6 in the browser build's). */
export const SWAP = 0x7a;

const PLACEHOLDER = '"__WASM_TEXT__"';

/**
 * `bytes` as a template literal, NUL and SWAP swapped: `\`, backquote and `$` escaped, CR as `\r`
 * (a raw CR reads as LF), NUL as `\0` (`\x00` before a digit, where `\0` would be an octal escape,
 * refused there).
 */
export function wasmAsTemplate(bytes) {
  const parts = [];
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] === 0 ? SWAP : bytes[i] === SWAP ? 0 : bytes[i];
    if (byte === 0x5c || byte === 0x60 || byte === 0x24)
      parts.push(`\\${String.fromCharCode(byte)}`);
    else if (byte === 0x0d) parts.push("\\r");
    else if (byte === 0) parts.push(bytes[i + 1] >= 0x30 && bytes[i + 1] <= 0x39 ? "\\x00" : "\\0");
    else parts.push(String.fromCharCode(byte));
  }
  return `\`${parts.join("")}\``;
}

/** `code` with its one `placeholder` replaced by `literal`; throws unless there is exactly one. */
function replaceOne(code, placeholder, literal) {
  const at = code.indexOf(placeholder);
  if (at < 0 || code.indexOf(placeholder, at + 1) >= 0)
    throw new Error(`embed-wasm: expected one ${placeholder} in the entry`);
  return code.slice(0, at) + literal + code.slice(at + placeholder.length);
}

/** `code` with its one "__WASM_TEXT__" replaced by the bytes as a template literal. */
export function embedWasm(code, bytes) {
  return replaceOne(code, PLACEHOLDER, wasmAsTemplate(bytes));
}

/**
 * `code` with its one "__WASM_BASE64__" replaced by the bytes in base64 (the Node entry: plain
 * ASCII, which every tool reads as text, and Buffer decodes natively; its size costs no download).
 */
export function embedBase64(code, bytes) {
  return replaceOne(
    code,
    '"__WASM_BASE64__"',
    JSON.stringify(Buffer.from(bytes).toString("base64")),
  );
}
