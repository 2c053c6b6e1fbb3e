//! `client::policy`: `Retry-After` and HTTP dates at the edges of every field, against
//! milliseconds computed independently (Python's `calendar.timegm`).

use seedance_wasm::client::policy::{parse_http_date, parse_retry_after};

#[test]
fn http_dates_at_the_edges_of_each_field() {
    for (date, ms) in [
        ("Thu, 01 Jan 1970 00:00:00 GMT", 0),
        ("Wed, 31 Jan 2024 00:00:01 GMT", 1_706_659_201_000),
        ("Tue, 29 Feb 2000 23:59:59 GMT", 951_868_799_000),
        ("Mon, 01 Mar 2100 12:30:45 GMT", 4_107_587_445_000),
        ("Fri, 31 Dec 1999 23:00:00 GMT", 946_681_200_000),
        // A leap second is read as the first second of the next day, as timegm does.
        ("Sat, 31 Dec 2016 23:59:60 GMT", 1_483_228_800_000),
        // No weekday: the date alone.
        ("24 Nov 2026 21:00:05 GMT", 1_795_554_005_000),
    ] {
        assert_eq!(parse_http_date(date), Some(ms), "{date}");
    }
    for bad in [
        "Thu, 00 Jan 1970 00:00:00 GMT",
        "Thu, 32 Jan 1970 00:00:00 GMT",
        "Thu, 01 Jan 1970 24:00:00 GMT",
        "Thu, 01 Jan 1970 00:60:00 GMT",
        "Thu, 01 Jan 1970 00:00:61 GMT",
        "Thu, 01 Jan 1970 00:00:00 UTC",
        "Wed, 31 Dec 1969 23:59:59 GMT",
    ] {
        assert_eq!(parse_http_date(bad), None, "{bad}");
    }
}

#[test]
fn retry_after_in_seconds_of_several_digits() {
    assert_eq!(parse_retry_after("120", 0), Some(120_000));
    assert_eq!(parse_retry_after("0012", 0), Some(12_000));
    // A date is relative to now; one in the past means at once.
    let now = 1_795_554_000_000;
    assert_eq!(
        parse_retry_after("Tue, 24 Nov 2026 21:00:05 GMT", now),
        Some(5_000)
    );
    assert_eq!(
        parse_retry_after("Tue, 24 Nov 2026 21:00:05 GMT", now + 9_000),
        Some(0)
    );
}

/// The reply cap the client and the proxy use by default is the one docs/api.md promises; the
/// cap itself is applied by the transport, which the wasm suites test.
#[test]
fn documented_reply_cap_is_the_default() {
    use seedance_wasm::client::policy::DEFAULT_MAX_REPLY_BYTES;
    use seedance_wasm::proxy::body_limits::write_size;
    let docs = include_str!("../../docs/api.md");
    let mut size = String::new();
    write_size(&mut size, DEFAULT_MAX_REPLY_BYTES as u64);
    assert_eq!(size, "1 MiB");
    let client_option = docs
        .lines()
        .find(|l| l.trim_start().starts_with("maxReplyBytes?: number,"))
        .unwrap();
    assert!(
        client_option.ends_with(&format!("// default {size}")),
        "{client_option}"
    );
    assert!(docs.contains(&format!("`maxReplyBytes` {size} for an upstream reply")));
}

/// The wait defaults README.md states ("poll at 2 s growing to 10 s", "15 minutes by default")
/// are the ones the client uses.
#[test]
fn documented_wait_defaults_are_the_defaults() {
    use seedance_wasm::client::policy::{
        DEFAULT_MAX_POLL_INTERVAL_MS, DEFAULT_POLL_INTERVAL_MS, DEFAULT_WAIT_TIMEOUT_MS,
    };
    let readme = include_str!("../../README.md").replace('\n', " ");
    let seconds = |ms: u64| {
        assert_eq!(ms % 1000, 0);
        ms / 1000
    };
    let poll = format!(
        "poll at {} s growing to {} s",
        seconds(DEFAULT_POLL_INTERVAL_MS),
        seconds(DEFAULT_MAX_POLL_INTERVAL_MS)
    );
    assert!(readme.contains(&poll), "README.md does not say: {poll}");
    assert_eq!(DEFAULT_WAIT_TIMEOUT_MS % 60_000, 0);
    let wait = format!("({} minutes by default)", DEFAULT_WAIT_TIMEOUT_MS / 60_000);
    assert!(readme.contains(&wait), "README.md does not say: {wait}");
}

/// The option limits: waits up to seven days, poll intervals up to one day, at
/// most 64 requests at once (two by default), at most 100 retries.
#[test]
fn option_limits_are_the_specified_ones() {
    use seedance_wasm::client::policy::{
        DEFAULT_BATCH_CONCURRENCY, MAX_BATCH_CONCURRENCY, MAX_POLL_INTERVAL_LIMIT_MS,
        MAX_RETRIES_LIMIT, MAX_WAIT_TIMEOUT_MS,
    };
    const DAY_MS: u64 = 24 * 60 * 60 * 1000;
    assert_eq!(
        (MAX_WAIT_TIMEOUT_MS, MAX_POLL_INTERVAL_LIMIT_MS),
        (7 * DAY_MS, DAY_MS)
    );
    assert_eq!(
        (
            MAX_BATCH_CONCURRENCY,
            DEFAULT_BATCH_CONCURRENCY,
            MAX_RETRIES_LIMIT
        ),
        (64, 2, 100)
    );
}
