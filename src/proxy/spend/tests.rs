use super::*;
use crate::client::request::Unsent;

const DAY: u64 = 86_400;
// 2026-12-07 12:00:00 UTC.
const NOON_MS: u64 = 1_796_644_800_000;

fn quota(per_caller: u64, total: u64) -> Quota {
    Quota {
        per_caller: Some(Limit {
            credits: per_caller,
            window_seconds: DAY,
        }),
        total: Some(Limit {
            credits: total,
            window_seconds: 3600,
        }),
    }
}

#[test]
fn counters_are_per_window_aligned_to_the_epoch() {
    let c = counters(&quota(1000, 5000), "alice", NOON_MS);
    assert_eq!(c.len(), 2);
    assert_eq!(c[0].scope, Scope::Caller);
    assert_eq!(c[0].key, "spend:86400:1796601600:caller:alice");
    assert_eq!(c[0].window_end, 1_796_688_000); // the next 00:00 UTC
    assert_eq!(c[0].expires_at_ms, (1_796_688_000 + DAY) * 1000);
    assert_eq!(c[1].scope, Scope::Total);
    assert_eq!(c[1].key, "spend:3600:1796644800:total");
    assert_eq!(c[1].window_end, 1_796_648_400);
    // The last millisecond of a window is still in it; the next one starts a new counter.
    let before = counters(&quota(1, 1), "alice", 1_796_688_000_000 - 1);
    let after = counters(&quota(1, 1), "alice", 1_796_688_000_000);
    assert_ne!(before[0].key, after[0].key);
    assert_eq!(before[0].key, c[0].key);
}

#[test]
fn no_caller_id_reaches_another_counter() {
    let total = &counters(&quota(1, 1), "x", NOON_MS)[1].key;
    for id in ["", ":total", "total", "a:b", "x\u{0}y"] {
        let c = counters(&quota(1, 1), id, NOON_MS);
        assert_ne!(&c[0].key, total, "{id:?}");
        assert!(c[0].key.ends_with(id));
    }
    let only_total = Quota {
        per_caller: None,
        ..quota(1, 10)
    };
    let c = counters(&only_total, "a", NOON_MS);
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].scope, Scope::Total);
    assert!(counters(&Quota::default(), "a", NOON_MS).is_empty());
}

#[test]
fn a_refusal_names_the_limit_and_the_window_end() {
    let c = counters(&quota(1000, 5000), "alice", NOON_MS);
    assert_eq!(
        verdict(&c, true, &[480, 480], 480, NOON_MS),
        Verdict::Admitted
    );
    let Verdict::Over {
        refusal,
        retry_after,
    } = verdict(&c, false, &[720, 720], 480, NOON_MS)
    else {
        panic!("refused expected");
    };
    assert_eq!(refusal.status, 429);
    assert_eq!(retry_after, 12 * 3600);
    assert!(refusal.body.contains("QUOTA_EXCEEDED"), "{}", refusal.body);
    assert!(
        refusal
            .body
            .contains("Your spending limit of 1000 credits per day would be passed: 720 spent"),
        "{}",
        refusal.body
    );
    // The caller has room; the total does not: the total is named, with its own window.
    let Verdict::Over {
        refusal,
        retry_after,
    } = verdict(&c, false, &[0, 4900], 480, NOON_MS)
    else {
        panic!("refused expected");
    };
    assert_eq!(retry_after, 3600);
    assert!(
        refusal
            .body
            .contains("This proxy's total spending limit of 5000 credits per hour"),
        "{}",
        refusal.body
    );
    // A request larger than the limit itself says so.
    let Verdict::Over { refusal, .. } = verdict(&c, false, &[0, 0], 1200, NOON_MS) else {
        panic!("refused expected");
    };
    assert!(
        refusal
            .body
            .contains("This request costs 1200 credits, more than your spending limit of 1000"),
        "{}",
        refusal.body
    );
    // A store that refuses although every counter has room still refuses (it is never overruled).
    assert!(matches!(
        verdict(&c, false, &[0, 0], 10, NOON_MS),
        Verdict::Over { .. }
    ));
}

#[test]
fn windows_in_words() {
    assert_eq!(window_words(86_400), "per day");
    assert_eq!(window_words(7 * 86_400), "per 7 days");
    assert_eq!(window_words(3600), "per hour");
    assert_eq!(window_words(6 * 3600), "per 6 hours");
    assert_eq!(window_words(120), "per 2 minutes");
    assert_eq!(window_words(90), "per 90 seconds");
}

#[test]
fn headers_show_the_limit_with_the_least_left() {
    let c = counters(&quota(1000, 5000), "alice", NOON_MS);
    let h = rate_limit_headers(&c, &[480, 4900], NOON_MS);
    assert_eq!(
        h,
        vec![
            ("RateLimit-Policy".into(), "\"total\";q=5000;w=3600".into()),
            ("RateLimit".into(), "\"total\";r=100;t=3600".into()),
        ]
    );
    let h = rate_limit_headers(&c, &[900, 480], NOON_MS + 1000);
    assert_eq!(h[0].1, "\"caller\";q=1000;w=86400");
    assert_eq!(h[1].1, "\"caller\";r=100;t=43199");
    // Spent above the limit (a settlement to a higher charge) leaves 0, never a negative.
    assert_eq!(
        rate_limit_headers(&c, &[1200, 0], NOON_MS)[1].1,
        "\"caller\";r=0;t=43200"
    );
    assert!(rate_limit_headers(&[], &[], NOON_MS).is_empty());
}

fn replied(status: u16, body: &str) -> Result<Reply, Failure> {
    Ok(Reply {
        status,
        retry_after: None,
        body: body.into(),
    })
}

#[test]
fn settlement_follows_what_the_upstream_said() {
    let created = r#"{"code":200,"message":"success","data":{"task_id":"t1","status":"IN_PROGRESS","consumed_credits":240}}"#;
    assert_eq!(
        settle(&replied(200, created), 480),
        Settlement::Created {
            task_id: "t1".into(),
            delta: -240
        }
    );
    let unsaid = r#"{"code":200,"data":{"task_id":"t2"}}"#;
    assert_eq!(
        settle(&replied(200, unsaid), 480),
        Settlement::Created {
            task_id: "t2".into(),
            delta: 0
        }
    );
    let more = r#"{"code":200,"data":{"task_id":"t3","consumed_credits":500}}"#;
    assert_eq!(
        settle(&replied(200, more), 480),
        Settlement::Created {
            task_id: "t3".into(),
            delta: 20
        }
    );
    for status in [400, 401, 402, 404, 408, 422, 429] {
        assert_eq!(
            settle(&replied(status, r#"{"code":400}"#), 480),
            Settlement::Released,
            "{status}"
        );
    }
    assert_eq!(
        settle(&replied(200, r#"{"code":402,"message":"no credits"}"#), 480),
        Settlement::Released
    );
    // Not sent (upstream refused the connection): nothing can have been created.
    for unsent in [Unsent::Unreachable, Unsent::BadUrl] {
        let outcome = Err(Failure::NotSent(unsent, "ECONNREFUSED".into()));
        assert_eq!(settle(&outcome, 480), Settlement::Released);
    }
    for kept in [
        replied(500, r#"{"code":500}"#),
        replied(503, "<html>"),
        replied(200, "not json"),
        replied(200, r#"{"code":200,"data":{}}"#),
        replied(200, r#"{"code":500,"data":{"task_id":"t"}}"#),
        replied(302, ""),
        Err(Failure::TimedOut),
        Err(Failure::Aborted),
        Err(Failure::Network("reset".into())),
        Err(Failure::TooLarge { status: 200 }),
    ] {
        assert_eq!(settle(&kept, 480), Settlement::Kept);
    }
}

#[test]
fn refusals_of_the_store_and_of_ownership() {
    let r = unavailable();
    assert_eq!(r.status, 503);
    assert!(r.body.contains("QUOTA_UNAVAILABLE"));
    let r = not_owner();
    assert_eq!(r.status, 404);
    assert!(r.body.contains("TASK_NOT_FOUND"));
    assert_eq!(owner_key("n90a"), "owner:n90a");
}

#[test]
fn keys_and_headers_are_never_tagged_for_the_chinese_module() {
    // Tagging (crate::text) is for sentences: a call in Chinese keeps its counters and headers.
    let was = crate::text::set_tagged(true);
    let c = counters(&quota(1000, 5000), "alice", NOON_MS);
    let h = rate_limit_headers(&c, &[480, 4900], NOON_MS);
    let refusal = match verdict(&c, false, &[1000, 0], 10, NOON_MS) {
        Verdict::Over { refusal, .. } => refusal,
        Verdict::Admitted => panic!("over the caller's limit"),
    };
    crate::text::set_tagged(was);
    assert_eq!(c[0].key, "spend:86400:1796601600:caller:alice");
    assert_eq!(h[1].1, "\"total\";r=100;t=3600");
    assert!(refusal.body.contains("\\u0001"), "the sentence is tagged");
}
