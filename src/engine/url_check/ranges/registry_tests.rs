//! The registry tables against the independent copy of the same registries that the WPT
//! differential test uses (`tests/js/wpt/oracle.mjs`, written without looking at this file): every
//! block listed there is a row here with the same verdict, and every row here is listed there or
//! is one of the few rows that the oracle handles in code. A row dropped from either side fails,
//! even one that the longest-prefix match would not miss today (fec0::/10 lies in ::/0, which is
//! refused as a whole), so that the table stays the registry and not an accident of its defaults.

use super::{Reach, V4, V6};
use std::net::{Ipv4Addr, Ipv6Addr};

const ORACLE: &str = include_str!("../../../../tests/js/wpt/oracle.mjs");

/// The CIDR strings of the array `const NAME = [ ... ];` in the oracle.
fn oracle_list(name: &str) -> Vec<&'static str> {
    let start = ORACLE
        .find(&format!("const {name} = ["))
        .unwrap_or_else(|| panic!("{name} not in oracle.mjs"));
    let body = &ORACLE[start..];
    let body = &body[body.find('[').unwrap() + 1..body.find("];").unwrap()];
    body.split(',')
        .map(|s| s.trim().trim_matches('"'))
        .filter(|s| !s.is_empty())
        .collect()
}

fn v4_block(cidr: &str) -> (u128, u8) {
    let (net, len) = cidr.split_once('/').unwrap();
    let net: Ipv4Addr = net.parse().unwrap();
    (u128::from(u32::from(net)) << 96, len.parse().unwrap())
}

fn v6_block(cidr: &str) -> (u128, u8) {
    let (net, len) = cidr.split_once('/').unwrap();
    let net: Ipv6Addr = net.parse().unwrap();
    (u128::from(net), len.parse().unwrap())
}

/// The oracle's blocks of one family, each with the reach it gives them.
fn oracle_blocks(
    not_global: &str,
    global_inside: &str,
    parse: fn(&str) -> (u128, u8),
) -> Vec<(u128, u8, Reach)> {
    let mut blocks: Vec<_> = oracle_list(not_global)
        .into_iter()
        .map(|c| (parse(c), Reach::NotGlobal))
        .chain(
            oracle_list(global_inside)
                .into_iter()
                .map(|c| (parse(c), Reach::Global)),
        )
        .map(|((net, len), reach)| (net, len, reach))
        .collect();
    blocks.sort_by_key(|&(net, len, _)| (net, len));
    blocks
}

fn table_blocks(
    rows: impl Iterator<Item = (u128, u8, Reach)>,
    handled_in_code: &[(u128, u8)],
) -> Vec<(u128, u8, Reach)> {
    let mut blocks: Vec<_> = rows
        .filter(|&(net, len, _)| !handled_in_code.contains(&(net, len)))
        .collect();
    blocks.sort_by_key(|&(net, len, _)| (net, len));
    blocks
}

#[test]
fn ipv4_table_is_the_oracles_registry() {
    let handled_in_code = [
        v4_block("0.0.0.0/0"),       // the default: global (oracle: `byDefault` true)
        v4_block("192.175.48.0/24"), // AS112, global: the same as the default
        v4_block("255.255.255.255/32"), // limited broadcast, inside 240.0.0.0/4
    ];
    let rows = V4
        .iter()
        .map(|&(net, len, reach)| (u128::from(net) << 96, len, reach));
    assert_eq!(
        table_blocks(rows, &handled_in_code),
        oracle_blocks("V4_NOT_GLOBAL", "V4_GLOBAL_INSIDE", v4_block)
    );
}

#[test]
fn ipv6_table_is_the_oracles_registry() {
    let handled_in_code = [
        v6_block("::/0"),         // the default outside 2000::/3: not global
        v6_block("2000::/3"),     // global unicast (oracle: `ip >> 125n === 1n`)
        v6_block("64:ff9b::/96"), // NAT64: judged by the embedded IPv4 in both
        v6_block("2002::/16"),    // 6to4: the same
    ];
    assert_eq!(
        table_blocks(V6.iter().copied(), &handled_in_code),
        oracle_blocks("V6_NOT_GLOBAL", "V6_GLOBAL_INSIDE", v6_block)
    );
}
