// The requests the validation benchmark cycles through: what a form or a batch script really sends,
// valid and invalid, on all three models, with images, reference videos, unknown fields and the
// usual mistakes. Plain data (no imports), so Node and the browser page load the same file.

const longPrompt =
  "A slow dolly shot through a neon-lit night market in the rain, reflections on wet stones, steam rising from food stalls, ".repeat(
    20,
  ); // ~2,400 characters
const unicodePrompt =
  "夕暮れの海辺を走る柴犬、スローモーション 🐕🌅 — cinematic, 35mm, shallow depth of field";

/** `length` characters (code points) of `unit` repeated, ending in a letter (no trailing space). */
function prompt(unit, length) {
  const chars = [...unit];
  const out = Array.from({ length }, (_, i) => chars[i % chars.length]);
  out[length - 1] = "x";
  return out.join("");
}
/** What people write in each script; the emoji unit mixes one- and two-unit characters. */
const SCRIPTS = {
  ASCII: "A slow dolly shot through a neon-lit night market in the rain, steam rising. ",
  Chinese: "在雨中的霓虹夜市里缓慢推进的镜头，蒸汽从小吃摊升起，湿漉漉的石板路倒映着灯光。",
  emoji: "🐕🌅🎬✨🌧️🏮",
  mixed: "夕暮れの海辺 a Shiba Inu 🐕 runs, 慢动作, golden light — ",
};

/**
 * One request per script and length, each timed on its own against the reference: the cost per
 * prompt character, which must not depend on the script (`make bench` budget: 1.00 of the
 * reference for every row).
 */
export const LONG_PROMPTS = [1000, 2000].flatMap((length) =>
  Object.entries(SCRIPTS).map(([script, unit]) => [
    `${length.toLocaleString("en-US")} characters, ${script}`,
    { prompt: prompt(unit, length), model: "seedance-2-mini", duration: 8 },
  ]),
);

/** `[name, request]` pairs; each is valid or invalid on purpose (see the names). */
export const REQUESTS = [
  ["default text-to-video", { prompt: "A cat surfing a wave at sunset, golden hour, wide shot" }],
  [
    "long Chinese prompt (800 characters)",
    { prompt: prompt(SCRIPTS.Chinese, 800), model: "seedance-2-mini", duration: 10 },
  ],
  [
    "long Chinese prompt, 1080p (1,500 characters)",
    { prompt: prompt(SCRIPTS.Chinese, 1500), resolution: "1080p", duration: 10 },
  ],
  ["long mixed prompt (1,200 characters)", { prompt: prompt(SCRIPTS.mixed, 1200) }],
  [
    "fast 10s 1080p 9:16",
    {
      prompt: "Timelapse of clouds over a mountain ridge",
      model: "seedance-2.0-fast",
      duration: 10,
      resolution: "1080p",
      aspect_ratio: "9:16",
    },
  ],
  [
    "mini 8s 720p",
    {
      prompt: "A paper boat drifting down a gutter stream",
      model: "seedance-2-mini",
      duration: 8,
      resolution: "720p",
      aspect_ratio: "21:9",
    },
  ],
  [
    "mini 1080p (downgraded)",
    {
      prompt: unicodePrompt,
      model: "seedance-2-mini",
      duration: 5,
      resolution: "1080p",
      aspect_ratio: "1:1",
    },
  ],
  [
    "mini 2 reference videos",
    {
      prompt: "Same choreography, in a snowy forest",
      model: "seedance-2-mini",
      duration: 15,
      resolution: "480p",
      reference_video_urls: [
        "https://cdn.example.com/dance-1.mp4",
        "https://cdn.example.com/dance-2.mp4",
      ],
    },
  ],
  [
    "mini video+audio+image",
    {
      prompt: "Lip-sync the portrait to the song",
      model: "seedance-2-mini",
      duration: 12,
      resolution: "720p",
      images: ["https://cdn.example.com/portrait.jpg"],
      reference_video_urls: ["https://cdn.example.com/ref.mp4"],
      reference_audio_urls: ["https://cdn.example.com/song.mp3"],
      callback_url: "https://hooks.example.com/seedance?run=42",
      public: false,
    },
  ],
  [
    "2.0 two images + ratio",
    {
      prompt: "Animate the sketch into a watercolor scene",
      model: "seedance-2.0",
      duration: 15,
      resolution: "480p",
      images: ["https://cdn.example.com/a.png", "https://cdn.example.com/b.png"],
      aspect_ratio: "4:3",
    },
  ],
  [
    "unknown fields",
    {
      prompt: "Drone shot of a lighthouse in a storm",
      seed: 1234,
      negative_prompt: "blurry, low quality",
      camera: { move: "orbit", speed: 0.5 },
    },
  ],
  [
    "2.0 reference video (ignored)",
    {
      prompt: "A robot waving",
      reference_video_urls: ["https://cdn.example.com/wave.mp4"],
      duration: 10,
    },
  ],
  [
    "callback + public",
    {
      prompt: "Product shot of a sneaker rotating",
      callback_url: "https://api.example.com/webhooks/video",
      public: true,
      resolution: "1080p",
    },
  ],
  ["bad: blank prompt", { prompt: "   ", model: "seedance-2.0" }],
  ["bad: missing prompt", { model: "seedance-2.0-fast", duration: 5 }],
  ["bad: prompt too long", { prompt: longPrompt, model: "seedance-2-mini", duration: 6 }],
  ["bad: unknown model", { prompt: "A fox in the snow", model: "seedance-3.0", duration: 5 }],
  ["bad: duration 8 on 2.0", { prompt: "A fox in the snow", duration: 8 }],
  [
    "bad: duration as string",
    { prompt: "A fox in the snow", model: "seedance-2-mini", duration: "10" },
  ],
  ["bad: resolution 4k", { prompt: "A fox in the snow", resolution: "4k" }],
  [
    "bad: 1:1 on fast",
    { prompt: "A fox in the snow", model: "seedance-2.0-fast", aspect_ratio: "1:1" },
  ],
  [
    "bad: 5 images",
    { prompt: "Slideshow", images: [1, 2, 3, 4, 5].map((i) => `https://cdn.example.com/${i}.jpg`) },
  ],
  [
    "bad: ftp image",
    {
      prompt: "Animate this",
      images: ["ftp://files.example.com/x.png", "https://cdn.example.com/ok.png"],
    },
  ],
  [
    "bad: loopback callback",
    { prompt: "A fox in the snow", callback_url: "http://127.0.0.1:3000/cb" },
  ],
  ["bad: public as string", { prompt: "A fox in the snow", public: "yes" }],
  [
    "bad: many at once",
    {
      prompt: "",
      model: "seedance-2-mini",
      duration: 20,
      resolution: "2k",
      images: "https://cdn.example.com/a.png",
      callback_url: "http://localhost/cb",
      public: 1,
    },
  ],
];
