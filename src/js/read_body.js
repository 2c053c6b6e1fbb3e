// A reply body under a byte cap, read outside the wasm memory (see src/client/transport.rs).
export async function readCapped(response, cap, signal) {
  const body = response.body;
  if (!body?.getReader) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    return bytes.length > cap ? null : new TextDecoder().decode(bytes);
  }
  const reader = body.getReader();
  const stop = () => reader.cancel().catch(() => {});
  signal.addEventListener("abort", stop);
  const chunks = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!ArrayBuffer.isView(value)) throw new TypeError("the response body stream gave no bytes");
      size += value.byteLength;
      if (size > cap) return stop(), null;
      chunks.push(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    }
  } finally {
    signal.removeEventListener("abort", stop);
  }
  const all = new Uint8Array(size);
  size = 0;
  for (const chunk of chunks) all.set(chunk, size), (size += chunk.length);
  return new TextDecoder().decode(all);
}
