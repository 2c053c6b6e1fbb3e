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
