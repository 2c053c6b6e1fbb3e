//! The URL rule against the cases of public-host rule: every spelling of a non-public address or name, and the older cases.

use super::*;

fn verdict(url: &str) -> Result<(), UrlProblem> {
    check_public_url(url)
}

#[test]
fn urls_need_http_and_a_host() {
    for ok in [
        "https://cdn.example.com/a.png",
        "http://1.2.3.4:8080/x?y#z",
        "HTTPS://[2001:4860::1]/v.mp4",
        "https://user:pw@ex.com/",
        "http://ex.com:/",
        "http://ex.com:00000000080/",
        "http://@ex.com/",
    ] {
        assert_eq!(verdict(ok), Ok(()), "{ok}");
    }
    for not_http in [
        "ftp://ex.com/a.png",
        "/relative.png",
        "data:image/png;base64,AAAA",
        "javascript:alert(1)",
        "not a url",
    ] {
        assert_eq!(verdict(not_http), Err(UrlProblem::NotHttp), "{not_http}");
    }
    for bad in [
        "https://",
        "https://?x",
        "http://ex.com:99999/",
        "http://ex .com/",
        "http://[::1/",
        "http://1.2.3.999/",
        "http://a..b/",
        "http://ex.com:8x/",
        "http://user@/x",
        "http://a<b.com/",
        "http://a^b.com/",
        "http://a|b.com/",
        "http://a\u{1}b.com/",
        "http://[::1]x/",
        "http://a[b].com/",
    ] {
        assert_eq!(verdict(bad), Err(UrlProblem::Malformed), "{bad}");
    }
}

#[test]
fn whatwg_cleaning_is_applied_before_the_check() {
    for ok in [
        " https://example.com/cb ",
        "\u{0}\u{1f}https://example.com/cb\u{7}",
        "https://exa\tmple.com/c\nb",
        "ht\ntp://example.com/",
        "https://example.com/a b/c?d e#f g",
        "https://example.com/x\\y",
    ] {
        assert_eq!(verdict(ok), Ok(()), "{ok:?}");
    }
    // Removing tabs and newlines can make a private host: the result is what is judged.
    for bad in [
        "http://loc\talhost/",
        "http://127.0.\n0.1/",
        "http://[::\r1]/",
    ] {
        assert_eq!(verdict(bad), Err(UrlProblem::NotPublic), "{bad:?}");
    }
    assert_eq!(clean(" \thttps://a.com/\tb c\r\n"), "https://a.com/b c");
    assert!(matches!(clean("https://a.com/"), Cow::Borrowed(_)));
}

#[test]
fn forms_that_parsers_read_differently_are_refused() {
    for ambiguous in [
        "http:example.com/",
        "http:/example.com/",
        "http:///example.com/",
        "http:\\\\example.com/",
        "http://example.com\\@127.0.0.1/",
        "http://a@b@example.com/",
        "http://%6c%6fcalhost/",
    ] {
        assert_eq!(
            verdict(ambiguous),
            Err(UrlProblem::Ambiguous),
            "{ambiguous}"
        );
    }
}

#[test]
fn hosts_the_standard_rejects_are_refused() {
    for bad in [
        "http://[1.2.3.4::]/",
        "http://[::1.2.3]/",
        "http://[1:2:3:4:5:6:7:8:9]/",
        "http://[::01.2.3.4]/",
        "http://[::1%25eth0]/",
        "http://4294967296/",
        "http://1.2.3.4.5/",
        "http://09.1/",
        "http://example.com:0/",
        "https://example.com:00000/cb",
        "http://[2606:4700::1]:0/",
    ] {
        assert_eq!(verdict(bad), Err(UrlProblem::Malformed), "{bad}");
    }
}

#[test]
fn unicode_hosts_are_refused_with_their_ascii_form() {
    let problem = verdict("https://münchen.de/cb").unwrap_err();
    assert_eq!(problem, UrlProblem::UnicodeHost("xn--mnchen-3ya.de".into()));
    assert!(problem.message().contains("xn--mnchen-3ya.de"));
    assert_eq!(verdict("https://xn--mnchen-3ya.de/cb"), Ok(()));
    assert_eq!(
        verdict("http://０Ｘｃ０．０２５０．０１/"),
        Err(UrlProblem::UnicodeHost("0xc0.0250.01".into()))
    );
    // A label longer than any DNS label is not encoded (Punycode is quadratic in its length).
    let long = ["https://", &"é".repeat(64), ".de/"].concat();
    assert_eq!(verdict(&long), Err(UrlProblem::Malformed));
}

#[test]
fn every_non_global_ipv4_spelling_is_refused() {
    for bad in [
        "http://127.0.0.1/",
        "http://127.1/",
        "http://2130706433/",
        "http://0x7f000001/",
        "http://0x7f.0.0.1/",
        "http://0177.0.0.1/",
        "http://127.0.0.1./",
        "http://0.0.0.0/",
        "http://0/",
        "http://10.1.2.3/",
        "http://100.64.0.1/",
        "http://100.127.255.255/",
        "http://169.254.169.254/latest/meta-data",
        "http://172.16.0.1/",
        "http://172.31.255.255/",
        "http://192.0.0.1/",
        "http://192.0.0.170/",
        "http://192.0.2.1/",
        "http://192.88.99.1/",
        "http://192.168.1.1/",
        "http://198.18.0.1/",
        "http://198.19.255.255/",
        "http://198.51.100.1/",
        "http://203.0.113.1/",
        "http://224.0.0.1/",
        "http://240.0.0.1/",
        "http://255.255.255.255/",
    ] {
        assert_eq!(verdict(bad), Err(UrlProblem::NotPublic), "{bad}");
    }
    for ok in [
        "http://8.8.8.8/cb",
        "http://172.32.0.1/",
        "http://100.128.0.1/",
        "http://192.0.0.9/",
        "http://134744072/",
    ] {
        assert_eq!(verdict(ok), Ok(()), "{ok}");
    }
}

#[test]
fn every_non_global_ipv6_form_is_refused() {
    for bad in [
        "http://[::1]/",
        "http://[::]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:7f00:1]/",
        "http://[::ffff:10.0.0.1]/",
        "http://[::ffff:8.8.8.8]/",
        "http://[::127.0.0.1]/",
        "http://[::ffff:0:127.0.0.1]/",
        "http://[::ffff:0:808:808]/",
        "http://[64:ff9b::a00:1]/",
        "http://[64:ff9b::a9fe:a9fe]/",
        "http://[64:ff9b:1::a9fe:a9fe]/",
        "http://[64:ff9b:1::808:808]/",
        "http://[2002:7f00:1::1]/",
        "http://[2002:a9fe:a9fe::1]/",
        "http://[2002:c0a8:101::1]/",
        "http://[2002:a00:1::]/",
        "http://[100::1]/",
        "http://[100::ffff:ffff:ffff:ffff]/",
        "http://[100:0:0:1::1]/",
        "http://[2001::1]/",
        "http://[2001:2::1]/",
        "http://[2001:2:0:ffff::1]/",
        "http://[2001:10::1]/",
        "http://[2001:1f::1]/",
        "http://[2001:db8::1]/",
        "http://[3fff::1]/",
        "http://[3fff:fff::1]/",
        "http://[5f00::1]/",
        "http://[fc00::1]/",
        "http://[fd12:3456::1]/",
        "http://[fe80::1]/",
        "http://[febf::1]/",
        "http://[fec0::1]/",
        "http://[ff02::1]/",
        "http://[4000::1]/",
    ] {
        assert_eq!(verdict(bad), Err(UrlProblem::NotPublic), "{bad}");
    }
    for ok in [
        "https://[2606:4700::1111]/cb",
        "http://[64:ff9b::808:808]/",
        "http://[2002:808:808::1]/",
        "http://[2001:20::1]/",
        "http://[2001:2f::1]/",
        "http://[2001:1::1]/",
        "http://[2001:3::1]/",
        "http://[3fff:1000::1]/",
        "http://[2001:4860::8888]/",
    ] {
        assert_eq!(verdict(ok), Ok(()), "{ok}");
    }
}

#[test]
fn reserved_and_local_names_are_refused() {
    for bad in [
        "http://localhost/cb",
        "http://LOCALHOST.:80/cb",
        "http://app.localhost/cb",
        "http://printer.local/",
        "http://db.internal/",
        "http://router.home.arpa/",
        "http://ipv4only.arpa/",
        "http://hooks.test/",
        "http://hooks.example/",
        "http://a.invalid/",
        "http://abcdefghijklmnop.onion/",
        "http://intranet/",
        "http://intranet./",
        "http://xn--.localhost/",
        "http://nas.lan/",
        "http://kubernetes.default.svc/",
        "http://api.ns.svc.cluster.local:8080/",
        "http://router.home/",
        "http://x.corp/",
        "http://wiki.intranet/",
        "http://db.private./",
    ] {
        assert_eq!(verdict(bad), Err(UrlProblem::NotPublic), "{bad}");
    }
    for ok in [
        "https://hooks.example.com/seedance",
        "https://api.example.com.:8443/x",
        "http://a.b.c.xn--pokxncvks/",
        "http://10.0.0.xn--pokxncvks/",
        "http://test.example.org/",
    ] {
        assert_eq!(verdict(ok), Ok(()), "{ok}");
    }
}

#[test]
fn messages_end_a_sentence() {
    for problem in [
        UrlProblem::NotHttp,
        UrlProblem::Malformed,
        UrlProblem::Ambiguous,
        UrlProblem::NotPublic,
        UrlProblem::UnicodeHost("xn--n3h.net".into()),
    ] {
        let message = problem.message();
        assert!(!message.is_empty() && !message.ends_with('.'), "{message}");
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod generated {
    use super::super::*;
    use proptest::prelude::*;

    proptest! {
        /// URL-shaped text of any kind gets a verdict, never a panic, and the cleaned form (what
        /// is sent on) gets the same verdict as the original.
        #[test]
        fn any_url_text_gets_a_stable_verdict(
            url in "[ \\t]?[hH][tT]{2}[pP][sS]?:[/\\\\]{0,3}[\\[\\]:@%./?#a-fx0-9\\x00-\\x20\u{80}-\u{ff}\u{3002}\u{ff10}-\u{ff5a}]{0,48}"
        ) {
            let verdict = check_public_url(&url);
            prop_assert_eq!(check_public_url(&clean(&url)), verdict);
        }

        #[test]
        fn ipv6_text_never_panics(text in "[0-9a-fA-F:.%]{0,45}") {
            let _ = ip::parse_v6(&text);
        }

        #[test]
        fn ipv4_text_never_panics(text in "[0-9a-fA-FxX.]{0,30}") {
            let _ = (ip::ends_in_number(&text), ip::parse_v4(&text));
        }

        #[test]
        fn ascii_form_is_ascii(host in "\\PC{0,30}") {
            prop_assert!(idna::ascii_form(&host).is_some_and(|a| a.is_ascii()));
        }
    }
}
