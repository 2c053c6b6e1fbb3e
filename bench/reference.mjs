// What a user would write without seedance-wasm: a zod (v4) schema with the same rules, and a price
// function from the provider's price table. The benchmark times this against `validateRequest`,
// after checking that both agree on ok/not-ok and on credits for every request of the set.
//
// Written the way an app developer would: one table per model, `z.looseObject` (unknown fields pass
// through), `z.url` for media URLs, a `superRefine` for the rules that depend on the model, and
// `Math.ceil(rate * seconds)` for the price (every rate here is a multiple of 1/4, so the float
// product is exact). It returns the zod issues as they come; it does not build the normalised
// request, the English messages or the warnings the engine also returns.
import { z } from "zod";

const RATIOS = ["16:9", "9:16", "4:3", "3:4"];

/** Per model: accepted durations, resolution → billed resolution, ratios, credits per second. */
export const MODELS = {
  "seedance-2.0": {
    durations: [5, 10, 15],
    resolutions: { "480p": "480p", "720p": "720p", "1080p": "1080p" },
    ratios: RATIOS,
    maxImages: 4,
    referenceVideo: false,
    perSecond: { "480p": 48, "720p": 48, "1080p": 48 },
  },
  "seedance-2.0-fast": {
    durations: [5, 10, 15],
    resolutions: { "480p": "480p", "720p": "720p", "1080p": "1080p" },
    ratios: RATIOS,
    maxImages: 4,
    referenceVideo: false,
    perSecond: { "480p": 32, "720p": 32, "1080p": 32 },
  },
  "seedance-2-mini": {
    durations: [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
    resolutions: { "480p": "480p", "720p": "720p", "1080p": "720p" },
    ratios: [...RATIOS, "1:1", "21:9", "adaptive"],
    maxImages: 4,
    referenceVideo: true,
    perSecond: { "480p": 14.25, "720p": 30.75 },
    perSecondWithVideo: { "480p": 9, "720p": 18.75 },
  },
};
const DEFAULT_MODEL = "seedance-2.0";

// Hosts a callback can never reach from the provider's servers. `new URL` has already turned
// `2130706433` or `0x7f.1` into `127.0.0.1`, so plain prefix tests are enough for IPv4.
const PRIVATE_V4 = [
  [0, 8],
  [10 << 24, 8],
  [(100 << 24) | (64 << 16), 10],
  [127 << 24, 8],
  [(169 << 24) | (254 << 16), 16],
  [(172 << 24) | (16 << 16), 12],
  [192 << 24, 24],
  [(192 << 24) | 512, 24],
  [(192 << 24) | (88 << 16) | (99 << 8), 24],
  [(192 << 24) | (168 << 16), 16],
  [(198 << 24) | (18 << 16), 15],
  [(198 << 24) | (51 << 16) | (100 << 8), 24],
  [(203 << 24) | (113 << 8), 24],
  [224 << 24, 4],
  [240 << 24, 4],
];
const PRIVATE_NAMES = /(^|\.)(localhost|local|internal|localdomain|home\.arpa|lan)\.?$/;

function isPublicHost(hostname) {
  const v4 = hostname.match(/^(\d+)\.(\d+)\.(\d+)\.(\d+)$/);
  if (v4) {
    const ip = ((+v4[1] << 24) | (+v4[2] << 16) | (+v4[3] << 8) | +v4[4]) >>> 0;
    return !PRIVATE_V4.some(([net, bits]) => ip >>> (32 - bits) === (net >>> 0) >>> (32 - bits));
  }
  if (hostname.startsWith("[")) {
    const h = hostname.slice(1, -1);
    if (h === "::" || h === "::1" || /^f[cd]|^fe[89ab]|^fe[c-f]|^ff|^2001:db8:/.test(h))
      return false;
    const mapped = h.match(/^::ffff:([0-9a-f]+):([0-9a-f]+)$/);
    if (mapped) {
      const hi = parseInt(mapped[1], 16),
        lo = parseInt(mapped[2], 16);
      return isPublicHost(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
    }
    return true;
  }
  return hostname.includes(".") && !PRIVATE_NAMES.test(hostname);
}

const mediaUrl = z.url({ protocol: /^https?$/ });
const callbackUrl = mediaUrl.refine(
  (u) => isPublicHost(new URL(u).hostname),
  "must be a public host",
);
const codePoints = (s) => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

export const requestSchema = z
  .looseObject({
    prompt: z
      .string()
      .refine((s) => s.trim().length > 0, "The prompt must not be empty")
      .refine((s) => codePoints(s) <= 2000, "The prompt is longer than 2000 characters"),
    model: z.enum(Object.keys(MODELS)).nullish(),
    duration: z.number().int().nullish(),
    resolution: z.string().nullish(),
    aspect_ratio: z.string().nullish(),
    images: z.array(mediaUrl).nullish(),
    reference_video_urls: z.array(mediaUrl).nullish(),
    reference_audio_urls: z.array(mediaUrl).nullish(),
    callback_url: callbackUrl.nullish(),
    public: z.boolean().nullish(),
  })
  .superRefine((req, ctx) => {
    const m = MODELS[req.model ?? DEFAULT_MODEL];
    if (req.duration != null && !m.durations.includes(req.duration)) {
      ctx.addIssue({
        code: "custom",
        path: ["duration"],
        message: `Duration must be one of ${m.durations.join(", ")}`,
      });
    }
    if (req.resolution != null && !(req.resolution in m.resolutions)) {
      ctx.addIssue({ code: "custom", path: ["resolution"], message: "Unsupported resolution" });
    }
    if (req.aspect_ratio != null && !m.ratios.includes(req.aspect_ratio)) {
      ctx.addIssue({ code: "custom", path: ["aspect_ratio"], message: "Unsupported aspect ratio" });
    }
    if ((req.images?.length ?? 0) > m.maxImages) {
      ctx.addIssue({ code: "custom", path: ["images"], message: `At most ${m.maxImages} images` });
    }
  });

/**
 * Credits for a request, or `null` when the inputs that set the price (model, duration,
 * resolution, reference videos) are not valid, whatever the other fields say.
 */
export function price(req) {
  if (req === null || typeof req !== "object" || Array.isArray(req)) return null;
  const id = req.model ?? DEFAULT_MODEL;
  const m = Object.hasOwn(MODELS, id) ? MODELS[id] : undefined;
  if (!m) return null;
  const duration = req.duration ?? 5;
  if (typeof duration !== "number" || !m.durations.includes(duration)) return null;
  const resolution = req.resolution ?? "720p";
  if (typeof resolution !== "string" || !Object.hasOwn(m.resolutions, resolution)) return null;
  const videos = req.reference_video_urls;
  if (videos != null && !Array.isArray(videos)) return null;
  const billed = m.resolutions[resolution];
  const withVideo = m.referenceVideo && videos?.length > 0;
  const rate = withVideo ? m.perSecondWithVideo[billed] : m.perSecond[billed];
  return Math.ceil(rate * duration);
}

/** The reference's answer to `validateRequest`: ok, the zod issues, and the credits. */
export function referenceValidate(req) {
  const parsed = requestSchema.safeParse(req);
  return {
    ok: parsed.success,
    issues: parsed.success ? [] : parsed.error.issues,
    credits: price(req),
  };
}
