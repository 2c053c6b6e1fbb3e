// Puts a wasm's bytes into a JavaScript file as a template literal of one character per byte
// (code points 0 to 255, UTF-8 in the file). Gzip and brotli compress it almost as well as the
// bytes themselves (base64 would cost about 4.3 kB of gzip more on the engine), and decoding is
// native (pkg-template/wasm-loader.js).

const PLACEHOLDER = '"__WASM_TEXT__"';

/** `bytes` as a template literal: `\`, backquote and `$` escaped, CR as `\r` (a raw CR reads as LF). */
export function wasmAsTemplate(bytes) {
  const parts = [];
  for (const byte of bytes) {
    if (byte === 0x5c || byte === 0x60 || byte === 0x24)
      parts.push(`\\${String.fromCharCode(byte)}`);
    else if (byte === 0x0d) parts.push("\\r");
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
