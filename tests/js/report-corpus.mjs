// A seeded corpus of generated requests, as JavaScript values (the glue between the caller and the
// wasm is part of what it covers): prompts of every script and length around the 2,000-character
// limit, with escapes, lone surrogates and white space only; every field right, wrong and of the
// wrong type; unknown, loose and `__proto__` keys; values JSON cannot carry; getters, `toJSON` and
// String objects; and values that are not requests at all. Plain data and no imports, so that any
// runtime can load it. `corpus(8000)` gives the same requests on every call.

/** mulberry32: a small seeded generator, so the corpus is the same on every run and machine. */
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SCRIPTS = [
  "A slow dolly shot through a neon-lit night market in the rain, ",
  "夕暮れの海辺を走る柴犬、スローモーション。",
  "在雨中的霓虹夜市里缓慢推进的镜头，蒸汽从小吃摊升起，",
  "🐕🌅🎬✨🌧️👩‍👩‍👧",
  "Café, naïve façade — 35mm, f/1.4; ",
  "비 오는 밤 시장, 네온 불빛 ",
  "ночной рынок под дождём, ",
];
const ODD_BITS = ["\n", "\t", '"', "\\", "\u0001", "\u2028", "\ud800", "\udfff", "😀", "\r\n", "/"];
const BLANKS = ["", " ", "   ", "\n\t", "\u3000", "\u00a0 ", "\ufeff", "\u2003\u2003"];
const MODELS = [
  "seedance-2.0",
  "seedance-2.0-fast",
  "seedance-2-mini",
  "seedance-3.0",
  "SEEDANCE-2.0",
  "",
];
const URLS = [
  "https://cdn.example.com/a.png",
  " https://cdn.example.com/p.jpg\t",
  "https://cdn.example.com/dance-1.mp4",
  "https://cdn.example.com/song.mp3",
  "ftp://files.example.com/x.png",
  "http://127.0.0.1:3000/cb",
  "http://localhost/cb",
  "https://[::1]/x",
  "https://hooks.example.com/s?run=42",
  "https://例え.jp/画像.png",
  "https://user:pw@cdn.example.com/a.png",
  "not a url",
  "https://10.0.0.1/a.png",
  "",
];

/** A field's generator that always gives `value`. */
const always = (value) => () => value;

/** A corpus of `count` requests, the same for the same `count` and `seed`. */
export function corpus(count, seed = 24) {
  const random = generator(seed);
  const below = (n) => Math.floor(random() * n);
  const pick = (list) => list[below(list.length)];
  const chance = (p) => random() < p;

  function text(length) {
    const script = pick(SCRIPTS);
    const mixed = chance(0.3);
    let out = "";
    // Whole code points, so that the length is in characters as the limit counts them.
    while ([...out].length < length) {
      const source = mixed ? pick(SCRIPTS) : script;
      out += chance(0.03) ? pick(ODD_BITS) : source;
    }
    return [...out].slice(0, length).join("");
  }

  function prompt() {
    const roll = random();
    if (roll < 0.05) return pick(BLANKS);
    if (roll < 0.5) return text(1 + below(80));
    if (roll < 0.8) return text(900 + below(1200)); // around the limit of 2,000
    if (roll < 0.85) return text(2000);
    if (roll < 0.88) return text(2001);
    if (roll < 0.9) return `${pick(BLANKS)}${text(5)}${pick(BLANKS)}`;
    return pick([3, null, undefined, [], {}, ["a"], true, new String("boxed"), Number.NaN]);
  }

  function urls() {
    if (chance(0.1)) return pick(["https://cdn.example.com/a.png", 7, null, {}]);
    const list = [];
    for (let n = below(6); n > 0; n--) list.push(chance(0.9) ? pick(URLS) : pick([1, null, []]));
    return list;
  }

  const FIELDS = {
    model: () => (chance(0.9) ? pick(MODELS) : pick([5, null, ["seedance-2.0"]])),
    duration: () =>
      chance(0.8) ? 3 + below(14) : pick(["10", Number.NaN, 7.5, -1, null, 1e21, Infinity, 10n]),
    resolution: () => pick(["480p", "720p", "1080p", "2k", "4k", 720, null, "720P"]),
    aspect_ratio: () =>
      pick(["16:9", "9:16", "4:3", "3:4", "1:1", "21:9", "adaptive", "2:1", 1.5, null]),
    images: urls,
    reference_video_urls: urls,
    reference_audio_urls: urls,
    callback_url: () => pick(URLS),
    public: () => pick([true, false, "yes", 1, null]),
    seed: () => below(100000),
    negative_prompt: () => text(1 + below(40)),
    camera: () => ({ move: pick(["orbit", "dolly"]), speed: random(), steps: [1, -0, 0.5] }),
    Prompt: always("loose"),
    " model": () => "seedance-2.0",
    DURATION: always(5),
    notes: () => pick([() => 1, Symbol("s"), 12n, "plain"]),
    夕暮れ: () => pick(["é", [1, 2], { "🐕": null }]),
  };
  const NAMES = Object.keys(FIELDS);

  function request() {
    const out = {};
    if (chance(0.95)) out.prompt = prompt();
    for (const name of NAMES) {
      const p = name === "model" || name === "duration" || name === "resolution" ? 0.5 : 0.12;
      if (chance(name.length < 3 || /[A-Z ]/.test(name) ? 0.03 : p)) out[name] = FIELDS[name]();
    }
    return out;
  }

  const requests = [];
  for (let i = 0; i < count; i++) {
    const roll = random();
    if (roll < 0.01) {
      requests.push(pick([null, undefined, 42, "text", [], [1, 2], true, () => 1, 10n]));
    } else if (roll < 0.02) {
      // Keys JSON.parse makes own members: `__proto__`, repeated keys, text beyond ASCII.
      const p = JSON.stringify(text(1 + below(30)));
      requests.push(JSON.parse(`{"prompt":${p},"__proto__":{"a":[1,-0,1e21]},"k":1,"k":[[]]}`));
    } else if (roll < 0.025) {
      const inner = request();
      requests.push({ prompt: "not this one", toJSON: () => inner });
    } else if (roll < 0.03) {
      const value = prompt();
      const r = request();
      Object.defineProperty(r, "prompt", { get: () => value, enumerable: true });
      requests.push(r);
    } else {
      requests.push(request());
    }
  }
  return requests;
}
