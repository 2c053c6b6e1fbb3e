//! The public-host rule through the engine's JSON entry point: one public-host rule for every
//! URL the service downloads or calls, each field with its own code, and the cleaned URL sent on.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests stop at the first failure

use seedance_wasm::engine::validate::{validate_json, Options};
use seedance_wasm::json::Value;

fn errors(request: &str) -> Vec<(&'static str, String, String)> {
    validate_json(request, &Options::default())
        .errors
        .into_iter()
        .map(|i| (i.code.as_str(), i.field, i.message))
        .collect()
}

#[test]
fn media_urls_get_the_public_host_rule() {
    for (field, code, url) in [
        (
            "images",
            "INVALID_IMAGE_URL",
            "http://169.254.169.254/latest/meta-data/iam",
        ),
        (
            "images",
            "INVALID_IMAGE_URL",
            "http://[2002:7f00:1::1]/a.png",
        ),
        ("images", "INVALID_IMAGE_URL", "https://cdn.internal/a.png"),
        (
            "reference_video_urls",
            "INVALID_REFERENCE_URL",
            "http://10.0.0.5/v.mp4",
        ),
        (
            "reference_video_urls",
            "INVALID_REFERENCE_URL",
            "http://[64:ff9b:1::a9fe:a9fe]/v.mp4",
        ),
        (
            "reference_audio_urls",
            "INVALID_REFERENCE_URL",
            "http://localhost:8080/a.mp3",
        ),
        (
            "reference_audio_urls",
            "INVALID_REFERENCE_URL",
            "https://media.test/a.mp3",
        ),
    ] {
        let request = format!(
            r#"{{"prompt":"x","model":"seedance-2-mini","{field}":["https://cdn.example.com/ok","{url}"]}}"#
        );
        let got = errors(&request);
        assert_eq!(got.len(), 1, "{url}: {got:?}");
        assert_eq!(
            (got[0].0, got[0].1.as_str()),
            (code, &*format!("{field}[1]")),
            "{url}"
        );
        assert!(got[0].2.contains("public internet host"), "{}", got[0].2);
    }
}

#[test]
fn callback_urls_in_issue_10_are_refused() {
    for url in [
        "http://[2002:7f00:1::1]/",
        "http://[2002:a9fe:a9fe::1]/",
        "http://[2002:c0a8:101::1]/",
        "http://[64:ff9b:1::a9fe:a9fe]/",
        "http://[::ffff:0:127.0.0.1]/",
        "http://[100::1]/",
        "http://[2001:2::1]/",
        "http://[2001:10::1]/",
        "http://[3fff::1]/",
        "http://[5f00::1]/",
        "http://hooks.test/",
        "http://hooks.example/",
        "http://hooks.invalid/",
        "http://hooks.onion/",
        "http://hooks.internal/",
        "http://hooks.home.arpa/",
        "http://[1.2.3.4::]/",
    ] {
        let request = format!(r#"{{"prompt":"x","callback_url":"{url}"}}"#);
        let got = errors(&request);
        assert_eq!(
            got.iter().map(|e| (e.0, e.1.as_str())).collect::<Vec<_>>(),
            [("INVALID_CALLBACK_URL", "callback_url")],
            "{url}"
        );
    }
}

#[test]
fn unicode_host_message_names_the_xn_form() {
    let got = errors(r#"{"prompt":"x","callback_url":"https://münchen.de/cb"}"#);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, "INVALID_CALLBACK_URL");
    assert!(got[0].2.contains("xn--mnchen-3ya.de"), "{}", got[0].2);
    assert!(errors(r#"{"prompt":"x","callback_url":"https://xn--mnchen-3ya.de/cb"}"#).is_empty());
}

#[test]
fn the_cleaned_url_is_what_is_sent() {
    let report = validate_json(
        r#"{"prompt":"x","images":[" https://cdn.example.com/a b.png\n"],"callback_url":"\thttps://hooks.exa\tmple.com/c\r\nb "}"#,
        &Options::default(),
    );
    assert!(report.ok(), "{:?}", report.errors);
    let request = report.request.unwrap();
    assert_eq!(
        request.get("callback_url").and_then(Value::as_str),
        Some("https://hooks.example.com/cb")
    );
    assert_eq!(
        request.get("images").map(Value::to_json).as_deref(),
        Some(r#"["https://cdn.example.com/a b.png"]"#)
    );
    // The sent request passes the check again unchanged.
    let again = validate_json(&request.to_json(), &Options::default());
    assert_eq!(again.request.map(|r| r.to_json()), Some(request.to_json()));
}
