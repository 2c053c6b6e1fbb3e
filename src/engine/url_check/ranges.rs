//! Which IP addresses are globally reachable: the IANA special-purpose address registries, written
//! once as data and read by longest-prefix match.
//!
//! Sources (checked 2025): <https://www.iana.org/assignments/iana-ipv4-special-registry/> and
//! <https://www.iana.org/assignments/iana-ipv6-special-registry/> ("Globally Reachable" column;
//! entries marked N/A are refused unless they embed an IPv4 address, which is then judged), plus
//! the multicast block 224.0.0.0/4 and, for IPv6, the address-space registry
//! (<https://www.iana.org/assignments/ipv6-address-space/>): only 2000::/3 is global unicast, so
//! everything outside it (fec0::/10 site-local, ff00::/8 multicast, unassigned space, the
//! deprecated IPv4-compatible ::/96 and SIIT ::ffff:0:0:0/96) is refused unless listed here.

/// What the registry says about a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reach {
    Global,
    NotGlobal,
    /// Reachable as far as the IPv4 address it embeds, found at this bit offset from the top.
    EmbedsV4(u8),
}
use Reach::*;

/// IPv4 blocks: (network, prefix length, reach). Longest matching prefix wins.
#[rustfmt::skip]
const V4: [(u32, u8, Reach); 20] = [
    (0x0000_0000, 0, Global),     // everything not listed below
    (0x0000_0000, 8, NotGlobal),  // 0.0.0.0/8 "this network" (RFC 791)
    (0x0A00_0000, 8, NotGlobal),  // 10.0.0.0/8 private-use (RFC 1918)
    (0x6440_0000, 10, NotGlobal), // 100.64.0.0/10 shared address space, CGNAT (RFC 6598)
    (0x7F00_0000, 8, NotGlobal),  // 127.0.0.0/8 loopback (RFC 1122)
    (0xA9FE_0000, 16, NotGlobal), // 169.254.0.0/16 link-local (RFC 3927)
    (0xAC10_0000, 12, NotGlobal), // 172.16.0.0/12 private-use (RFC 1918)
    (0xC000_0000, 24, NotGlobal), // 192.0.0.0/24 IETF protocol assignments (RFC 6890), incl. /29, .8, .170, .171
    (0xC000_0009, 32, Global),    // 192.0.0.9/32 port control protocol anycast (RFC 7723)
    (0xC000_000A, 32, Global),    // 192.0.0.10/32 TURN anycast (RFC 8155)
    (0xC000_0200, 24, NotGlobal), // 192.0.2.0/24 documentation TEST-NET-1 (RFC 5737)
    (0xC058_6300, 24, NotGlobal), // 192.88.99.0/24 deprecated 6to4 relay anycast (RFC 7526): N/A
    (0xC0A8_0000, 16, NotGlobal), // 192.168.0.0/16 private-use (RFC 1918)
    (0xC612_0000, 15, NotGlobal), // 198.18.0.0/15 benchmarking (RFC 2544)
    (0xC633_6400, 24, NotGlobal), // 198.51.100.0/24 documentation TEST-NET-2 (RFC 5737)
    (0xCB00_7100, 24, NotGlobal), // 203.0.113.0/24 documentation TEST-NET-3 (RFC 5737)
    (0xE000_0000, 4, NotGlobal),  // 224.0.0.0/4 multicast (multicast registry, not a host)
    (0xF000_0000, 4, NotGlobal),  // 240.0.0.0/4 reserved (RFC 1112)
    (0xFFFF_FFFF, 32, NotGlobal), // 255.255.255.255/32 limited broadcast (RFC 919)
    (0xC0AF_3000, 24, Global),    // 192.175.48.0/24 AS112 direct delegation (RFC 7534), listed as global
];

/// IPv6 blocks: (network, prefix length, reach). Longest matching prefix wins.
#[rustfmt::skip]
const V6: [(u128, u8, Reach); 28] = [
    (v6([0, 0, 0, 0, 0, 0, 0, 0]), 0, NotGlobal), // ::/0 outside global unicast (address-space registry)
    (v6([0x2000, 0, 0, 0, 0, 0, 0, 0]), 3, Global), // 2000::/3 global unicast
    (v6([0, 0, 0, 0, 0, 0, 0, 0]), 128, NotGlobal), // ::/128 unspecified (RFC 4291)
    (v6([0, 0, 0, 0, 0, 0, 0, 1]), 128, NotGlobal), // ::1/128 loopback (RFC 4291)
    (v6([0, 0, 0, 0, 0, 0xffff, 0, 0]), 96, NotGlobal), // ::ffff:0:0/96 IPv4-mapped (RFC 4291)
    (v6([0, 0, 0, 0, 0xffff, 0, 0, 0]), 96, NotGlobal), // ::ffff:0:0:0/96 SIIT IPv4-translated (RFC 2765)
    (v6([0x64, 0xff9b, 0, 0, 0, 0, 0, 0]), 96, EmbedsV4(96)), // 64:ff9b::/96 NAT64 well-known prefix (RFC 6052)
    (v6([0x64, 0xff9b, 1, 0, 0, 0, 0, 0]), 48, NotGlobal), // 64:ff9b:1::/48 local-use translation (RFC 8215)
    (v6([0x100, 0, 0, 0, 0, 0, 0, 0]), 64, NotGlobal), // 100::/64 discard-only (RFC 6666)
    (v6([0x100, 0, 0, 1, 0, 0, 0, 0]), 64, NotGlobal), // 100:0:0:1::/64 dummy prefix (RFC 9780)
    (v6([0x2001, 0, 0, 0, 0, 0, 0, 0]), 23, NotGlobal), // 2001::/23 IETF protocol assignments (RFC 2928)
    (v6([0x2001, 0, 0, 0, 0, 0, 0, 0]), 32, NotGlobal), // 2001::/32 Teredo (RFC 4380): N/A
    (v6([0x2001, 1, 0, 0, 0, 0, 0, 1]), 128, Global), // 2001:1::1/128 PCP anycast (RFC 7723)
    (v6([0x2001, 1, 0, 0, 0, 0, 0, 2]), 128, Global), // 2001:1::2/128 TURN anycast (RFC 8155)
    (v6([0x2001, 1, 0, 0, 0, 0, 0, 3]), 128, Global), // 2001:1::3/128 DNS-SD SRP anycast (RFC 9665)
    (v6([0x2001, 2, 0, 0, 0, 0, 0, 0]), 48, NotGlobal), // 2001:2::/48 benchmarking (RFC 5180)
    (v6([0x2001, 3, 0, 0, 0, 0, 0, 0]), 32, Global), // 2001:3::/32 AMT (RFC 7450)
    (v6([0x2001, 4, 0x112, 0, 0, 0, 0, 0]), 48, Global), // 2001:4:112::/48 AS112-v6 (RFC 7535)
    (v6([0x2001, 0x10, 0, 0, 0, 0, 0, 0]), 28, NotGlobal), // 2001:10::/28 deprecated ORCHID (RFC 4843)
    (v6([0x2001, 0x20, 0, 0, 0, 0, 0, 0]), 28, Global), // 2001:20::/28 ORCHIDv2 (RFC 7343)
    (v6([0x2001, 0x30, 0, 0, 0, 0, 0, 0]), 28, Global), // 2001:30::/28 drone remote ID (RFC 9374)
    (v6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 0]), 32, NotGlobal), // 2001:db8::/32 documentation (RFC 3849)
    (v6([0x2002, 0, 0, 0, 0, 0, 0, 0]), 16, EmbedsV4(16)), // 2002::/16 6to4 (RFC 3056): N/A, judged by its IPv4
    (v6([0x3fff, 0, 0, 0, 0, 0, 0, 0]), 20, NotGlobal), // 3fff::/20 documentation (RFC 9637)
    (v6([0x5f00, 0, 0, 0, 0, 0, 0, 0]), 16, NotGlobal), // 5f00::/16 segment routing SIDs (RFC 9602)
    (v6([0xfc00, 0, 0, 0, 0, 0, 0, 0]), 7, NotGlobal), // fc00::/7 unique-local (RFC 4193)
    (v6([0xfe80, 0, 0, 0, 0, 0, 0, 0]), 10, NotGlobal), // fe80::/10 link-local unicast (RFC 4291)
    (v6([0xfec0, 0, 0, 0, 0, 0, 0, 0]), 10, NotGlobal), // fec0::/10 deprecated site-local (RFC 3879)
];

/// An IPv6 address written as its eight groups.
const fn v6(groups: [u16; 8]) -> u128 {
    let mut ip = 0u128;
    let mut i = 0;
    while i < 8 {
        ip = ip << 16 | groups[i] as u128;
        i += 1;
    }
    ip
}

// The tables above are read at compile time only: the wasm holds them packed as bytes, each
// block as its prefix length, its reach (0 not global, 1 global, else the bit offset of the
// embedded IPv4) and the bytes of its network that the prefix covers, big-endian. Looking them
// up byte by byte needs no 128-bit arithmetic, which wasm lacks and the compiler would expand.

/// An IPv4 table with each network as the top 32 bits of a 128-bit one.
const fn widen<const N: usize>(table: [(u32, u8, Reach); N]) -> [(u128, u8, Reach); N] {
    let mut out = [(0, 0, NotGlobal); N];
    let mut i = 0;
    while i < N {
        out[i] = ((table[i].0 as u128) << 96, table[i].1, table[i].2);
        i += 1;
    }
    out
}

/// The number of bytes that hold the first `len` bits.
const fn prefix_bytes(len: u8) -> usize {
    (len as usize).div_ceil(8)
}

/// The size of a table packed.
const fn packed_len(table: &[(u128, u8, Reach)]) -> usize {
    let (mut n, mut i) = (0, 0);
    while i < table.len() {
        n += 2 + prefix_bytes(table[i].1);
        i += 1;
    }
    n
}

/// A table packed as bytes (the format above).
const fn pack<const N: usize>(table: &[(u128, u8, Reach)]) -> [u8; N] {
    let mut out = [0u8; N];
    let (mut at, mut i) = (0, 0);
    while i < table.len() {
        let (net, len, reach) = table[i];
        out[at] = len;
        out[at + 1] = match reach {
            NotGlobal => 0,
            Global => 1,
            EmbedsV4(offset) => {
                assert!(offset > 1 && offset % 8 == 0);
                offset
            }
        };
        let bytes = net.to_be_bytes();
        let mut b = 0;
        while b < prefix_bytes(len) {
            out[at + 2 + b] = bytes[b];
            b += 1;
        }
        at += 2 + prefix_bytes(len);
        i += 1;
    }
    out
}

const V4_PACKED: [u8; packed_len(&widen(V4))] = pack(&widen(V4));
const V6_PACKED: [u8; packed_len(&V6)] = pack(&V6);

/// The reach byte of the longest listed prefix that contains `ip` (big-endian bytes) in a packed
/// table; not global when none does.
fn lookup(mut table: &[u8], ip: &[u8]) -> u8 {
    let mut best = (0, 0);
    while let [len, reach, rest @ ..] = table {
        let (net, rest) = rest.split_at(prefix_bytes(*len));
        let full = usize::from(len / 8);
        let bits = len % 8;
        let same =
            ip[..full] == net[..full] && (bits == 0 || (ip[full] ^ net[full]) >> (8 - bits) == 0);
        if same && *len >= best.0 {
            best = (*len, *reach);
        }
        table = rest;
    }
    best.1
}

/// True when the IPv4 address is globally reachable.
pub fn is_global_v4(ip: u32) -> bool {
    lookup(&V4_PACKED, &ip.to_be_bytes()) == 1
}

/// True when the IPv6 address is globally reachable (an embedded IPv4 is judged by its own rule).
pub fn is_global_v6(ip: u128) -> bool {
    let bytes = ip.to_be_bytes();
    match lookup(&V6_PACKED, &bytes) {
        0 => false,
        1 => true,
        offset => {
            let at = usize::from(offset / 8);
            let mut v4 = [0; 4];
            v4.copy_from_slice(&bytes[at..at + 4]);
            is_global_v4(u32::from_be_bytes(v4))
        }
    }
}

#[cfg(test)]
mod registry_tests;

#[cfg(test)]
mod tests {
    use super::*;

    fn v6(groups: [u16; 8]) -> u128 {
        groups.iter().fold(0, |n, &g| n << 16 | u128::from(g))
    }

    #[test]
    fn ipv4_registry_blocks() {
        for private in [
            0x0000_0000u32,
            0x0A01_0203,
            0x6440_0001,
            0x647F_FFFF,
            0x7F00_0001,
            0xA9FE_A9FE,
            0xAC1F_FFFF,
            0xC000_0008,
            0xC000_00AA,
            0xC000_0201,
            0xC058_6301,
            0xC0A8_0101,
            0xC613_0001,
            0xC633_6401,
            0xCB00_7101,
            0xE000_0001,
            0xF000_0001,
            0xFFFF_FFFF,
        ] {
            assert!(!is_global_v4(private), "{private:#x}");
        }
        for public in [
            0x0808_0808u32,
            0xAC20_0001,
            0x6480_0000,
            0x643F_FFFF,
            0xC000_0009,
            0xC000_000A,
            0xC0AF_3001,
            0x0101_0101,
        ] {
            assert!(is_global_v4(public), "{public:#x}");
        }
    }

    #[test]
    fn ipv6_registry_blocks() {
        for private in [
            [0, 0, 0, 0, 0, 0, 0, 0],
            [0, 0, 0, 0, 0, 0, 0, 1],
            [0, 0, 0, 0, 0, 0xffff, 0x0808, 0x0808], // IPv4-mapped, even of a public address
            [0, 0, 0, 0, 0xffff, 0, 0x7f00, 1],      // SIIT
            [0, 0, 0, 0, 0, 0, 0x0808, 0x0808],      // IPv4-compatible (deprecated)
            [0x64, 0xff9b, 0, 0, 0, 0, 0xa9fe, 0xa9fe],
            [0x64, 0xff9b, 1, 0, 0, 0, 0x0808, 0x0808],
            [0x100, 0, 0, 0, 0, 0, 0, 1],
            [0x100, 0, 0, 1, 0, 0, 0, 1],
            [0x2001, 0, 0, 0, 0, 0, 0, 1],
            [0x2001, 1, 0, 0, 0, 0, 0, 4],
            [0x2001, 2, 0, 0, 0, 0, 0, 1],
            [0x2001, 0x10, 0, 0, 0, 0, 0, 1],
            [0x2001, 0x1f, 0xffff, 0, 0, 0, 0, 1],
            [0x2001, 0xdb8, 0, 0, 0, 0, 0, 1],
            [0x2002, 0x7f00, 1, 0, 0, 0, 0, 1],
            [0x2002, 0xa9fe, 0xa9fe, 0, 0, 0, 0, 1],
            [0x2002, 0xc0a8, 0x0101, 0, 0, 0, 0, 1],
            [0x3fff, 0, 0, 0, 0, 0, 0, 1],
            [0x3fff, 0x0fff, 0, 0, 0, 0, 0, 1],
            [0x5f00, 0, 0, 0, 0, 0, 0, 1],
            [0xfc00, 0, 0, 0, 0, 0, 0, 1],
            [0xfdff, 0, 0, 0, 0, 0, 0, 1],
            [0xfe80, 0, 0, 0, 0, 0, 0, 1],
            [0xfec0, 0, 0, 0, 0, 0, 0, 1],
            [0xff02, 0, 0, 0, 0, 0, 0, 1],
            [0x4000, 0, 0, 0, 0, 0, 0, 1],
        ] {
            assert!(!is_global_v6(v6(private)), "{private:x?}");
        }
        for public in [
            [0x2606, 0x4700, 0, 0, 0, 0, 0, 0x1111],
            [0x64, 0xff9b, 0, 0, 0, 0, 0x0808, 0x0808],
            [0x2002, 0x0808, 0x0808, 0, 0, 0, 0, 1],
            [0x2001, 1, 0, 0, 0, 0, 0, 1],
            [0x2001, 3, 0, 0, 0, 0, 0, 1],
            [0x2001, 0x20, 0, 0, 0, 0, 0, 1],
            [0x2001, 0x2f, 0, 0, 0, 0, 0, 1],
            [0x2001, 0x4860, 0, 0, 0, 0, 0, 0x8888],
            [0x3fff, 0x1000, 0, 0, 0, 0, 0, 1],
        ] {
            assert!(is_global_v6(v6(public)), "{public:x?}");
        }
    }
}
