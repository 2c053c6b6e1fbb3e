//! `url_check`: the edges of the registry blocks, through the public URL rule.

use seedance_wasm::engine::url_check::{check_public_url, UrlProblem};

fn verdict(url: &str) -> Result<(), UrlProblem> {
    check_public_url(url)
}

/// Each host (IPv6 in brackets) in a URL gets `expected`.
fn judge(hosts: &[&str], expected: Result<(), UrlProblem>) {
    for host in hosts {
        assert_eq!(verdict(&format!("http://{host}/v.mp4")), expected, "{host}");
    }
}

/// 100.64.0.0/10 (shared address space, CGNAT) is refused to its last address, and its
/// neighbours are public: a /16 would let 100.65.0.0 to 100.127.255.255 through, a wider block
/// would refuse 100.128.0.0.
#[test]
fn cgnat_is_the_whole_slash_10() {
    let inside = [
        "100.64.0.0",
        "100.65.0.1",
        "100.100.100.100",
        "100.127.255.255",
    ];
    judge(&inside, Err(UrlProblem::NotPublic));
    judge(&["100.63.255.255", "100.128.0.0"], Ok(()));
}

/// fec0::/10 (deprecated site-local) is refused from its first to its last address.
#[test]
fn site_local_ipv6_is_refused() {
    let inside = [
        "[fec0::]",
        "[fec0::1]",
        "[fedc:ba98::1]",
        "[feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]",
    ];
    judge(&inside, Err(UrlProblem::NotPublic));
}

/// A URL of nothing but spaces and controls is cleaned to nothing (the scan stops at its end).
#[test]
fn blank_urls_clean_to_nothing() {
    use seedance_wasm::engine::url_check::clean;
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
        ("ΕΛΛΗΝΙΚΑ.gr", "xn--mxahgifdar.gr"), // Greek capitals
        ("ÀÉÎÕÜ.fr", "xn--0casp2a9a.fr"),     // Latin-1 capitals
        ("a×b.com", "xn--ab-rha.com"),
        ("a\u{3a2}.gr", "xn--a-4kb.gr"), // U+03A2, unassigned among the Greek capitals: kept             // × is not a capital: kept
        ("ЀЁЂ.ru", "xn--51acd.ru"),      // Cyrillic capitals U+0400 to U+040F
        ("ＥＸＡＭＰＬＥ．ｃｏｍ", "example.com"), // full-width letters and full stop
        ("a｡b。c", "a.b.c"),             // half-width and ideographic full stops
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
    let bad = [
        "[::1.2:3.4]",
        "[::ffff:1.2.3:4]",
        "[1:2:3:4:5:6:1.2.3.4.5]",
        "[1:2:3:4:5:6:1.2.3.4.]",
    ];
    judge(&bad, Err(UrlProblem::Malformed));
    // The same forms written correctly parse (and are judged by their range).
    judge(&["[::ffff:1.2.3.4]"], Err(UrlProblem::NotPublic));
    judge(&["[2001:4860:1:2:3:4:8.8.8.8]"], Ok(()));
}

/// Ports up to 65535 and IPv4 parts up to 255 (in IPv6) are accepted; one more is malformed.
#[test]
fn numeric_limits_are_inclusive() {
    let good = [
        "example.com:65535",
        "example.com:065535",
        "[64:ff9b::8.8.255.255]",
        "8.8.255.255",
    ];
    judge(&good, Ok(()));
    judge(
        &["[64:ff9b::255.255.255.254]", "255.255.255.254"],
        Err(UrlProblem::NotPublic),
    );
    let bad = ["example.com:65536", "[64:ff9b::8.8.256.255]", "8.8.255.256"];
    judge(&bad, Err(UrlProblem::Malformed));
}

/// RFC 3492's sample strings (section 7.1), each as a host label: the refusal names the label's
/// Punycode form, as Python's `punycode` codec writes it for the label with ASCII lower-cased.
#[test]
fn rfc_3492_samples_as_host_labels() {
    #[rustfmt::skip]
    let samples = [
        ("\u{644}\u{64a}\u{647}\u{645}\u{627}\u{628}\u{62a}\u{643}\u{644}\u{645}\u{648}\u{634}\u{639}\u{631}\u{628}\u{64a}\u{61f}", "egbpdaj6bu4bxfgehfvwxn"), // (A)
        ("\u{4ed6}\u{4eec}\u{4e3a}\u{4ec0}\u{4e48}\u{4e0d}\u{8bf4}\u{4e2d}\u{6587}", "ihqwcrb4cv8a8dqg056pqjye"), // (B)
        ("\u{4ed6}\u{5011}\u{7232}\u{4ec0}\u{9ebd}\u{4e0d}\u{8aaa}\u{4e2d}\u{6587}", "ihqwctvzc91f659drss3x8bo0yb"), // (C)
        ("Pro\u{10d}prost\u{11b}nemluv\u{ed}\u{10d}esky", "proprostnemluvesky-uyb24dma41a"), // (D)
        ("\u{5dc}\u{5de}\u{5d4}\u{5d4}\u{5dd}\u{5e4}\u{5e9}\u{5d5}\u{5d8}\u{5dc}\u{5d0}\u{5de}\u{5d3}\u{5d1}\u{5e8}\u{5d9}\u{5dd}\u{5e2}\u{5d1}\u{5e8}\u{5d9}\u{5ea}", "4dbcagdahymbxekheh6e0a7fei0b"), // (E)
        ("\u{92f}\u{939}\u{932}\u{94b}\u{917}\u{939}\u{93f}\u{928}\u{94d}\u{926}\u{940}\u{915}\u{94d}\u{92f}\u{94b}\u{902}\u{928}\u{939}\u{940}\u{902}\u{92c}\u{94b}\u{932}\u{938}\u{915}\u{924}\u{947}\u{939}\u{948}\u{902}", "i1baa7eci9glrd9b2ae1bj0hfcgg6iyaf8o0a1dig0cd"), // (F)
        ("\u{306a}\u{305c}\u{307f}\u{3093}\u{306a}\u{65e5}\u{672c}\u{8a9e}\u{3092}\u{8a71}\u{3057}\u{3066}\u{304f}\u{308c}\u{306a}\u{3044}\u{306e}\u{304b}", "n8jok5ay5dzabd5bym9f0cm5685rrjetr6pdxa"), // (G)
        ("\u{c138}\u{acc4}\u{c758}\u{baa8}\u{b4e0}\u{c0ac}\u{b78c}\u{b4e4}\u{c774}\u{d55c}\u{ad6d}\u{c5b4}\u{b97c}\u{c774}\u{d574}\u{d55c}\u{b2e4}\u{ba74}\u{c5bc}\u{b9c8}\u{b098}\u{c88b}\u{c744}\u{ae4c}", "989aomsvi5e83db1d2a355cv1e0vak1dwrv93d5xbh15a0dt30a5jpsd879ccm6fea98c"), // (H)
        ("\u{43f}\u{43e}\u{447}\u{435}\u{43c}\u{443}\u{436}\u{435}\u{43e}\u{43d}\u{438}\u{43d}\u{435}\u{433}\u{43e}\u{432}\u{43e}\u{440}\u{44f}\u{442}\u{43f}\u{43e}\u{440}\u{443}\u{441}\u{441}\u{43a}\u{438}", "b1abfaaepdrnnbgefbadotcwatmq2g4l"), // (I)
        ("Porqu\u{e9}nopuedensimplementehablarenEspa\u{f1}ol", "porqunopuedensimplementehablarenespaol-fmd56a"), // (J)
        ("T\u{1ea1}isaoh\u{1ecd}kh\u{f4}ngth\u{1ec3}ch\u{1ec9}n\u{f3}iti\u{1ebf}ngVi\u{1ec7}t", "tisaohkhngthchnitingvit-kjcr8268qyxafd2f1b9g"), // (K)
        ("3\u{5e74}B\u{7d44}\u{91d1}\u{516b}\u{5148}\u{751f}", "3b-ww4c5e180e575a65lsy2b"), // (L)
        ("\u{5b89}\u{5ba4}\u{5948}\u{7f8e}\u{6075}-with-SUPER-MONKEYS", "-with-super-monkeys-pc58ag80a8qai00g7n9n"), // (M)
        ("Hello-Another-Way-\u{305d}\u{308c}\u{305e}\u{308c}\u{306e}\u{5834}\u{6240}", "hello-another-way--fc4qua05auwb3674vfr0b"), // (N)
        ("\u{3072}\u{3068}\u{3064}\u{5c4b}\u{6839}\u{306e}\u{4e0b}2", "2-u9tlzr9756bt3uc0v"), // (O)
        ("Maji\u{3067}Koi\u{3059}\u{308b}5\u{79d2}\u{524d}", "majikoi5-783gue6qz075azm5e"), // (P)
        ("\u{30d1}\u{30d5}\u{30a3}\u{30fc}de\u{30eb}\u{30f3}\u{30d0}", "de-jg4avhby1noc0d"), // (Q)
        ("\u{305d}\u{306e}\u{30b9}\u{30d4}\u{30fc}\u{30c9}\u{3067}", "d9juau41awczczp"), // (R)
    ];
    for (label, punycode) in samples {
        assert_eq!(
            verdict(&format!("https://{label}.example/")),
            Err(UrlProblem::UnicodeHost(format!("xn--{punycode}.example"))),
            "{punycode}"
        );
    }
}

/// A port after a bracketed IPv6 address is the port, not part of the address.
#[test]
fn ipv6_hosts_take_a_port() {
    judge(&["[2001:4860::1]:8080", "[2001:4860::1]:"], Ok(()));
    judge(&["[::1]:8080"], Err(UrlProblem::NotPublic));
    judge(&["[2001:4860::1]:80x"], Err(UrlProblem::Malformed));
}

/// IPv4 parts before the last are bytes whatever the count of parts; with a `::` in the middle,
/// at most seven groups are written.
#[test]
fn short_ipv4_forms_and_compressed_ipv6_keep_their_limits() {
    judge(
        &["1.300.1", "300.1", "1.2.256.1"],
        Err(UrlProblem::Malformed),
    );
    judge(&["1.2.65535", "8.8.2056"], Ok(()));
    judge(
        &["[1:2:3:4:5:6::7:8]", "[1::2:3:4:5:6:7:8]"],
        Err(UrlProblem::Malformed),
    );
    judge(&["[2001:4860::7:8]", "[2001:4860:1:2:3::8]"], Ok(()));
}
