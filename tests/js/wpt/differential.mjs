// The WPT differential test of the URL rule, shared by Node and the browser run: every entry of
// urltestdata.json, the engine's verdict on its input as a URL the service fetches or calls,
// against the reference verdict (oracle.mjs). No false accept is allowed; every false reject must
// be listed below with its reason, and every listed one must still happen (no stale entries).
// Plain ES module, no Node API.
import { reference, runtimeDisagrees } from "./oracle.mjs";

/** Known false rejects: the engine refuses what a WHATWG parser reads as a public http(s) URL. */
export const KNOWN_DIFFERENCES = [
  [
    "not exactly two slashes after the scheme: WHATWG skips any run of / and \\, other parsers (curl, " +
      "Python urllib, Go net/url) read no host or another one, so the service might fetch elsewhere",
    [
      "http:foo.com",
      "http:/example.com/",
      "https:/example.com/",
      "http:example.com/",
      "https:example.com/",
      "http:@www.example.com",
      "http:/@www.example.com",
      "http:a:b@www.example.com",
      "http:/a:b@www.example.com",
      "http::b@www.example.com",
      "http:/:b@www.example.com",
      "http:a:@www.example.com",
      "http:/a:@www.example.com",
    ],
  ],
  [
    "a backslash where WHATWG reads a slash (before or right after the host): non-WHATWG parsers keep it " +
      "in the host or user info (the classic http://good\\@evil/ confusion)",
    ["http:\\\\foo.com\\", "http://example.com\\\\foo\\\\bar", "http:\\\\www.google.com\\foo"],
  ],
  [
    "a non-ASCII host: full IDNA (UTS #46) mapping needs tables larger than the engine, so it is refused " +
      "with its ASCII (xn--) form in the message (here ignored characters, an ideographic full stop, " +
      "full-width letters)",
    [
      "http://GOO\u200b\u2060\ufeffgoo.com",
      "http://www.foo\u3002bar.com",
      "http://\uff27\uff4f.com",
    ],
  ],
  [
    "an empty DNS label (.. or a name of dots): WHATWG keeps it, but no resolver can look it up",
    ["http://../", "http://foo.09.."],
  ],
];

const KNOWN = new Map(
  KNOWN_DIFFERENCES.flatMap(([reason, inputs]) => inputs.map((i) => [i, reason])),
);

/**
 * Runs every entry. `engineAccepts(input)` returns the engine's verdict (true = accepted).
 * Returns the counts and the lists a test asserts on.
 */
export function differential(entries, engineAccepts) {
  const rows = entries.map((entry) => ({
    entry,
    reference: reference(entry),
    engine: engineAccepts(entry.input),
  }));
  const falseAccepts = rows.filter((r) => r.engine && !r.reference.accept);
  const falseRejects = rows.filter((r) => !r.engine && r.reference.accept);
  const rejected = new Set(falseRejects.map((r) => r.entry.input));
  return {
    counts: {
      entries: rows.length,
      engineAccepts: rows.filter((r) => r.engine).length,
      engineRefusals: rows.filter((r) => !r.engine).length,
      referenceAccepts: rows.filter((r) => r.reference.accept).length,
      agreements: rows.filter((r) => r.engine === r.reference.accept).length,
      falseAccepts: falseAccepts.length,
      knownDifferences: falseRejects.filter((r) => KNOWN.has(r.entry.input)).length,
      runtimeDisagreesWithData: entries.filter(runtimeDisagrees).length,
    },
    falseAccepts: falseAccepts.map((r) => r.entry.input),
    unlistedRejects: falseRejects
      .filter((r) => !KNOWN.has(r.entry.input))
      .map((r) => r.entry.input),
    staleKnown: [...KNOWN.keys()].filter((input) => !rejected.has(input)),
  };
}
