// Deno: denoKvStore gives a counter back to 0: is the key gone?  deno run --unstable-kv -A kv-zero-counter.mjs
const { denoKvStore } = await import(new URL("../../pkg/node.js", import.meta.url).href);
const path = await Deno.makeTempFile();
const kv = await Deno.openKv(path);
const store = denoKvStore(kv);
const c = [{ key: "spend:60:0:caller:x", limit: 100, expiresAt: Date.now() + 60_000 }, { key: "spend:60:0:total", limit: 100, expiresAt: Date.now() + 60_000 }];
console.log("reserve", JSON.stringify(await store.reserve(c, 40)));
await store.adjust(c, -40);
console.log("after give-back:", (await kv.get(["seedance", c[0].key])).value, (await kv.get(["seedance", c[1].key])).value);
console.log("reserve again", JSON.stringify(await store.reserve(c, 100)));
kv.close(); await Deno.remove(path);
