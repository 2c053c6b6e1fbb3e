// The reference verdict for the WPT differential test, written independently of the engine: the
// runtime's own WHATWG parser (`new URL()`), or the test data itself where it has no base, plus an
// IP-range and reserved-name classifier. Plain ES module, no Node API: it also runs in browsers.
//
// Ranges: IANA IPv4 and IPv6 special-purpose address registries (entries not globally reachable;
// N/A entries refused unless they embed an IPv4 address), 224.0.0.0/4 multicast, and for IPv6 only
// 2000::/3 is global unicast (IANA IPv6 address space registry).

const V4_NOT_GLOBAL = [
  "0.0.0.0/8",
  "10.0.0.0/8",
  "100.64.0.0/10",
  "127.0.0.0/8",
  "169.254.0.0/16",
  "172.16.0.0/12",
  "192.0.0.0/24",
  "192.0.2.0/24",
  "192.88.99.0/24",
  "192.168.0.0/16",
  "198.18.0.0/15",
  "198.51.100.0/24",
  "203.0.113.0/24",
  "224.0.0.0/4",
  "240.0.0.0/4",
];
const V4_GLOBAL_INSIDE = ["192.0.0.9/32", "192.0.0.10/32"];
const V6_NOT_GLOBAL = [
  "::/128",
  "::1/128",
  "::ffff:0:0/96",
  "::ffff:0:0:0/96",
  "64:ff9b:1::/48",
  "100::/64",
  "100:0:0:1::/64",
  "2001::/23",
  "2001::/32",
  "2001:2::/48",
  "2001:10::/28",
  "2001:db8::/32",
  "3fff::/20",
  "5f00::/16",
  "fc00::/7",
  "fe80::/10",
  "fec0::/10",
];
const V6_GLOBAL_INSIDE = [
  "2001:1::1/128",
  "2001:1::2/128",
  "2001:1::3/128",
  "2001:3::/32",
  "2001:4:112::/48",
  "2001:20::/28",
  "2001:30::/28",
];
const RESERVED_TLDS = [
  "localhost",
  "local",
  "internal",
  "arpa",
  "test",
  "example",
  "invalid",
  "onion",
  "alt",
  "localdomain",
  "lan",
  "home",
  "svc",
  "corp",
  "intranet",
  "private",
];

const v4Number = (text) => text.split(".").reduce((n, part) => n * 256n + BigInt(part), 0n);

/** An IPv6 address as the URL serialiser writes it (hex groups, at most one `::`) to a BigInt. */
function v6Number(text) {
  const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
  const groups = (s) => (s ? s.split(":") : []);
  const h = groups(head);
  const t = tail === undefined ? [] : groups(tail);
  const all = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill("0"), ...t];
  if (all.length !== 8) throw new Error(`not a serialised IPv6 address: ${text}`);
  return all.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
}

const cidr = (bits, parse) => (entry) => {
  const [net, len] = entry.split("/");
  return { net: parse(net), len: BigInt(len), bits };
};
const inBlock =
  (ip) =>
  ({ net, len, bits }) =>
    ip >> (bits - len) === net >> (bits - len);
const V4_BLOCKS = [
  V4_NOT_GLOBAL.map(cidr(32n, v4Number)),
  V4_GLOBAL_INSIDE.map(cidr(32n, v4Number)),
];
const V6_BLOCKS = [
  V6_NOT_GLOBAL.map(cidr(128n, v6Number)),
  V6_GLOBAL_INSIDE.map(cidr(128n, v6Number)),
];

/** Longest match of two lists (listed outside, listed inside): true when global. */
function global(ip, [notGlobal, globalInside], byDefault) {
  // biome-ignore lint/complexity/useMathMinMax: the lengths are BigInts, which Math.max refuses
  const longest = (list) => list.filter(inBlock(ip)).reduce((m, b) => (b.len > m ? b.len : m), -1n);
  const [bad, good] = [longest(notGlobal), longest(globalInside)];
  if (bad < 0n && good < 0n) return byDefault;
  return good > bad;
}

export function isGlobalV4(text) {
  return global(v4Number(text), V4_BLOCKS, true);
}

const v4Text = (n) => [24n, 16n, 8n, 0n].map((s) => (n >> s) & 255n).join(".");

export function isGlobalV6(text) {
  const ip = v6Number(text);
  // 64:ff9b::/96 (NAT64) and 2002::/16 (6to4) are judged by the IPv4 address they embed.
  if (ip >> 32n === 0x0064ff9b0000000000000000n) return isGlobalV4(v4Text(ip & 0xffffffffn));
  if (ip >> 112n === 0x2002n) return isGlobalV4(v4Text((ip >> 80n) & 0xffffffffn));
  return global(ip, V6_BLOCKS, ip >> 125n === 1n); // by default only 2000::/3 is global
}

/** True when a serialised WHATWG hostname names a public host. */
export function isPublicHost(hostname) {
  if (hostname.startsWith("[")) return isGlobalV6(hostname.slice(1, -1));
  if (/^\d+\.\d+\.\d+\.\d+$/.test(hostname)) return isGlobalV4(hostname);
  const name = hostname.endsWith(".") ? hostname.slice(0, -1) : hostname;
  const labels = name.split(".");
  return labels.length > 1 && !RESERVED_TLDS.includes(labels[labels.length - 1]);
}

/** `new URL(input, base)`, or null when it throws. */
function parse(input, base) {
  try {
    return new URL(input, base ?? undefined);
  } catch {
    return null;
  }
}

/**
 * The reference verdict on `entry.input` used alone (no base), as a URL the service fetches:
 * `{ accept, why, source }`. The test data is the reference where it describes that same parse:
 * for entries without a base, and for those whose base the runtime does not use (its parse with
 * the base equals its parse without); there the runtime's disagreements are counted, not followed.
 * Otherwise the runtime's own `new URL(input)` decides.
 */
export function reference(entry) {
  const alone = parse(entry.input);
  const baseUnused =
    entry.base === null || (alone && parse(entry.input, entry.base)?.href === alone.href);
  let parsed;
  let source;
  if (baseUnused) {
    source = "data";
    if (entry.failure) return { accept: false, why: "the URL fails to parse", source };
    parsed = { protocol: entry.protocol, hostname: entry.hostname, port: entry.port };
  } else {
    source = "runtime";
    if (!alone) return { accept: false, why: "not an absolute URL", source };
    parsed = alone;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    return { accept: false, why: "not http(s)", source };
  }
  if (parsed.port === "0") return { accept: false, why: "port 0", source };
  const accept = isPublicHost(parsed.hostname);
  return { accept, why: accept ? "public host" : "non-public host", source };
}

/** True when the runtime's own `new URL(input, base)` disagrees with the test data. */
export function runtimeDisagrees(entry) {
  let href = null;
  try {
    href = new URL(entry.input, entry.base ?? undefined).href;
  } catch {
    // a failure
  }
  return href !== (entry.failure ? null : entry.href);
}
