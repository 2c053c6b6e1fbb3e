//! `url_check`: the edges of the registry blocks, through the public URL rule.

use seedance_wasm::url_check::{check_public_url, UrlProblem};

fn verdict(url: &str) -> Result<(), UrlProblem> {
    check_public_url(url)
}

/// 100.64.0.0/10 (shared address space, CGNAT) is refused to its last address, and its
/// neighbours are public: a /16 would let 100.65.0.0 to 100.127.255.255 through, a wider block
/// would refuse 100.128.0.0.
#[test]
fn cgnat_is_the_whole_slash_10() {
    for inside in [
        "100.64.0.0",
        "100.65.0.1",
        "100.100.100.100",
        "100.127.255.255",
    ] {
        assert_eq!(
            verdict(&format!("http://{inside}/v.mp4")),
            Err(UrlProblem::NotPublic),
            "{inside}"
        );
    }
    for outside in ["100.63.255.255", "100.128.0.0"] {
        assert_eq!(
            verdict(&format!("http://{outside}/v.mp4")),
            Ok(()),
            "{outside}"
        );
    }
}

/// fec0::/10 (deprecated site-local) is refused from its first to its last address.
#[test]
fn site_local_ipv6_is_refused() {
    for inside in [
        "fec0::",
        "fec0::1",
        "fedc:ba98::1",
        "feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
    ] {
        assert_eq!(
            verdict(&format!("http://[{inside}]/v.mp4")),
            Err(UrlProblem::NotPublic),
            "{inside}"
        );
    }
}

/// A URL of nothing but spaces and controls is cleaned to nothing (the scan stops at its end).
#[test]
fn blank_urls_clean_to_nothing() {
    use seedance_wasm::url_check::clean;
    for blank in ["", " ", "\u{0}\t\n ", "     "] {
        assert_eq!(clean(blank), "", "{blank:?}");
        assert_eq!(verdict(blank), Err(UrlProblem::NotHttp), "{blank:?}");
    }
    assert_eq!(
        clean("  \u{1}https://a.example/ \u{7f}"),
        "https://a.example/ \u{7f}"
    );
}

/// The `xn--` form a refusal names, for hosts that exercise each mapping and a Punycode digit
/// that ends exactly at its threshold (RFC 3492's sample H). Expected values are from Python's
/// `punycode` codec on the lower-cased labels.
#[test]
fn unicode_hosts_are_named_in_their_ascii_form() {
    for (host, ascii) in [
        ("ΕΛΛΗΝΙΚΑ.gr", "xn--mxahgifdar.gr"),      // Greek capitals
        ("ÀÉÎÕÜ.fr", "xn--0casp2a9a.fr"),          // Latin-1 capitals
        ("a×b.com", "xn--ab-rha.com"),             // × is not a capital: kept
        ("ЀЁЂ.ru", "xn--51acd.ru"),                // Cyrillic capitals U+0400 to U+040F
        ("ＥＸＡＭＰＬＥ．ｃｏｍ", "example.com"), // full-width letters and full stop
        ("a｡b。c", "a.b.c"),                       // half-width and ideographic full stops
        (
            "세계의모든사람들이한국어를이해한다면얼마나좋을까.example",
            "xn--989aomsvi5e83db1d2a355cv1e0vak1dwrv93d5xbh15a0dt30a5jpsd879ccm6fea98c.example",
        ),
    ] {
        assert_eq!(
            verdict(&format!("https://{host}/v.mp4")),
            Err(UrlProblem::UnicodeHost(ascii.to_owned())),
            "{host}"
        );
    }
    // Characters UTS #46 ignores are dropped.
    assert_eq!(
        verdict("https://ex\u{200B}am\u{2060}p\u{FEFF}l\u{FE0F}e\u{AD}。com/"),
        Err(UrlProblem::UnicodeHost("example.com".to_owned()))
    );
}

/// An embedded IPv4 address in IPv6 takes exactly four parts separated by dots, and nothing
/// else: a colon among them, or a fifth part after the last group, is malformed.
#[test]
fn ipv6_with_embedded_ipv4_is_strict() {
    for bad in [
        "::1.2:3.4",
        "::ffff:1.2.3:4",
        "1:2:3:4:5:6:1.2.3.4.5",
        "1:2:3:4:5:6:1.2.3.4.",
    ] {
        assert_eq!(
            verdict(&format!("http://[{bad}]/")),
            Err(UrlProblem::Malformed),
            "{bad}"
        );
    }
    // The same forms written correctly parse (and are judged by their range).
    assert_eq!(
        verdict("http://[::ffff:1.2.3.4]/"),
        Err(UrlProblem::NotPublic)
    );
    assert_eq!(verdict("http://[2001:4860:1:2:3:4:8.8.8.8]/"), Ok(()));
}

/// Ports up to 65535 and IPv4 parts up to 255 (in IPv6) are accepted; one more is malformed.
#[test]
fn numeric_limits_are_inclusive() {
    assert_eq!(verdict("http://example.com:65535/"), Ok(()));
    assert_eq!(verdict("http://example.com:065535/"), Ok(()));
    assert_eq!(
        verdict("http://example.com:65536/"),
        Err(UrlProblem::Malformed)
    );
    assert_eq!(
        verdict("http://[64:ff9b::255.255.255.254]/"),
        Err(UrlProblem::NotPublic)
    );
    assert_eq!(verdict("http://[64:ff9b::8.8.255.255]/"), Ok(()));
    assert_eq!(
        verdict("http://[64:ff9b::8.8.256.255]/"),
        Err(UrlProblem::Malformed)
    );
    assert_eq!(
        verdict("http://255.255.255.254/"),
        Err(UrlProblem::NotPublic)
    );
    assert_eq!(verdict("http://8.8.255.255/"), Ok(()));
    assert_eq!(verdict("http://8.8.255.256/"), Err(UrlProblem::Malformed));
}
