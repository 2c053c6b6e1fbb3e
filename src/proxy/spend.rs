//! The proxy's spending decisions, pure: which counters a generate reserves in (per caller, total),
//! the window each belongs to, what a store's answer means (admitted, or over which limit and
//! until when), what is settled after the upstream answered, and the `RateLimit` headers.
//!
//! A store (JS: memory, Redis, Durable Object, Deno KV) only does the atomic arithmetic these
//! decisions ask for: "add `amount` to every counter if each stays within its limit". It never
//! decides anything, so every store behaves the same.

use crate::client::request::{Failure, Reply};
use crate::codes::Code;
use crate::json::{self, u64_text, Value};
use crate::proxy::refusal::{refusal, Refusal};
use crate::text::{fill, text};

/// A spending limit: at most `credits` in each fixed window of `window_seconds`, aligned to the
/// Unix epoch (86400 resets at 00:00 UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    /// Credits that may be reserved in one window.
    pub credits: u64,
    /// The window's length in seconds (at least 1).
    pub window_seconds: u64,
}

/// The limits a proxy enforces (`quota.perCaller`, `quota.total`); either may be absent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Quota {
    /// Each caller's own limit.
    pub per_caller: Option<Limit>,
    /// The limit of all callers together.
    pub total: Option<Limit>,
}

/// Which limit a counter holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// `quota.perCaller`, for one caller.
    Caller,
    /// `quota.total`, for every caller.
    Total,
}

impl Scope {
    /// The name of the limit in the `RateLimit` headers.
    pub fn name(self) -> &'static str {
        match self {
            Scope::Caller => "caller",
            Scope::Total => "total",
        }
    }
}

/// One counter of the current window, as a store sees it: a key, the most it may hold, and when
/// it may be forgotten.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counter {
    /// The limit it holds.
    pub scope: Scope,
    /// The store key: the window and the caller are in it, so a new window is a new counter.
    pub key: String,
    /// Credits it may hold.
    pub limit: u64,
    /// The window's length, for the headers.
    pub window_seconds: u64,
    /// When the window ends (seconds since 1970).
    pub window_end: u64,
    /// When the store may drop it (ms since 1970): the window's end and a day, so that a late
    /// settlement still finds it.
    pub expires_at_ms: u64,
}

/// How long a store keeps which caller created a task (7 days: results expire after about one).
pub const OWNER_TTL_MS: u64 = 7 * 86_400_000;

/// The counters a generate by `caller` reserves in at `now_ms`: the caller's first, then the total.
pub fn counters(quota: &Quota, caller: &str, now_ms: u64) -> Vec<Counter> {
    let now = now_ms / 1000;
    let mut out = Vec::new();
    for (scope, limit) in [
        (Scope::Caller, quota.per_caller),
        (Scope::Total, quota.total),
    ] {
        let Some(limit) = limit else { continue };
        let window = limit.window_seconds.max(1);
        let start = now - now % window;
        let mut key = text(&[
            "spend:",
            &u64_text(window),
            ":",
            &u64_text(start),
            ":",
            scope.name(),
        ]);
        // The caller last and whole: no id can be read as another's key or as the total's.
        if scope == Scope::Caller {
            key.push(':');
            key.push_str(caller);
        }
        out.push(Counter {
            scope,
            key,
            limit: limit.credits,
            window_seconds: window,
            window_end: start.saturating_add(window),
            expires_at_ms: start
                .saturating_add(window)
                .saturating_add(86_400)
                .saturating_mul(1000),
        });
    }
    out
}

/// The store key of the record of who created `task_id`.
pub fn owner_key(task_id: &str) -> String {
    let mut key = String::from("owner:");
    key.push_str(task_id);
    key
}

/// What a reservation came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Reserved in every counter.
    Admitted,
    /// Refused: the answer to give (429 `QUOTA_EXCEEDED`) and its `Retry-After` in seconds.
    Over {
        /// The 429 in the API's envelope.
        refusal: Refusal,
        /// Seconds to the end of the window of the limit that refused.
        retry_after: u64,
    },
}

/// Reads a store's answer to "reserve `amount` in `counters`": `admitted` and the counters' values
/// (after the reservation when admitted, as they are when refused). A refusal names the first
/// limit that `amount` would pass.
pub fn verdict(
    counters: &[Counter],
    admitted: bool,
    spent: &[u64],
    amount: u64,
    now_ms: u64,
) -> Verdict {
    if admitted {
        return Verdict::Admitted;
    }
    let over = counters
        .iter()
        .zip(spent)
        .find(|(c, s)| s.saturating_add(amount) > c.limit)
        .or_else(|| counters.first().zip(spent.first()));
    let Some((counter, spent)) = over else {
        return Verdict::Admitted;
    };
    let retry_after = counter.window_end.saturating_sub(now_ms / 1000).max(1);
    let (credits, window) = (
        u64_text(counter.limit),
        window_words(counter.window_seconds),
    );
    let (cost, spent, resets) = (u64_text(amount), u64_text(*spent), u64_text(retry_after));
    // One whole template per case: the Chinese module translates templates, not pieces.
    let refusal = match (amount > counter.limit, counter.scope) {
        (true, scope) => refusal(
            429,
            Code::QuotaExceeded,
            match scope {
                Scope::Caller => "This request costs {} credits, more than your spending limit of {} credits {} allows.",
                Scope::Total => "This request costs {} credits, more than this proxy's total spending limit of {} credits {} allows.",
            },
            &[&cost, &credits, &window],
        ),
        (false, scope) => refusal(
            429,
            Code::QuotaExceeded,
            match scope {
                Scope::Caller => "Your spending limit of {} credits {} would be passed: {} spent in this window, this request costs {}. It resets in {} s.",
                Scope::Total => "This proxy's total spending limit of {} credits {} would be passed: {} spent in this window, this request costs {}. It resets in {} s.",
            },
            &[&credits, &window, &spent, &cost, &resets],
        ),
    };
    Verdict::Over {
        refusal,
        retry_after,
    }
}

/// "per day", "per 6 hours", "per 90 seconds".
fn window_words(seconds: u64) -> String {
    for (unit, every, every_n) in [
        (86_400, "per day", "per {} days"),
        (3_600, "per hour", "per {} hours"),
        (60, "per minute", "per {} minutes"),
    ] {
        if seconds == unit {
            return fill(every, &[]);
        }
        if seconds.is_multiple_of(unit) {
            return fill(every_n, &[&u64_text(seconds / unit)]);
        }
    }
    fill("per {} seconds", &[&u64_text(seconds)])
}

/// The 503 when the store failed, is unreachable or did not answer in time: nothing is forwarded.
pub fn unavailable() -> Refusal {
    refusal(
        503,
        Code::QuotaUnavailable,
        "The spending ledger could not be reached, so nothing was sent. Try again shortly.",
        &[],
    )
}

/// The `RateLimit-Policy` and `RateLimit` headers (IETF HTTPAPI rate-limit header fields, in
/// credits) for the counter with the least left, from the counters' values.
pub fn rate_limit_headers(
    counters: &[Counter],
    spent: &[u64],
    now_ms: u64,
) -> Vec<(String, String)> {
    let least = counters
        .iter()
        .zip(spent)
        .min_by_key(|(c, s)| c.limit.saturating_sub(**s));
    let Some((counter, spent)) = least else {
        return Vec::new();
    };
    let name = counter.scope.name();
    let reset = counter.window_end.saturating_sub(now_ms / 1000).max(1);
    vec![
        (
            "RateLimit-Policy".into(),
            text(&[
                "\"",
                name,
                "\";q=",
                &u64_text(counter.limit),
                ";w=",
                &u64_text(counter.window_seconds),
            ]),
        ),
        (
            "RateLimit".into(),
            text(&[
                "\"",
                name,
                "\";r=",
                &u64_text(counter.limit.saturating_sub(*spent)),
                ";t=",
                &u64_text(reset),
            ]),
        ),
    ]
}

/// What happens to a reservation once the upstream answered a generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settlement {
    /// The task was created: the spend stays, changed by `delta` credits to what the reply says it
    /// consumed; the caller owns `task_id`.
    Created {
        /// The created task.
        task_id: String,
        /// `consumed_credits` minus the estimate (0 when the reply does not say).
        delta: i64,
    },
    /// The upstream refused (any 4xx), or the request was not sent: nothing was created, the
    /// reservation is given back.
    Released,
    /// Unknown (timeout, network error, 5xx, unreadable reply): the task may have been created
    /// and charged, so the reservation stays.
    Kept,
}

/// Decides the settlement of a reservation of `estimate` credits from the upstream's outcome.
pub fn settle(outcome: &Result<Reply, Failure>, estimate: u64) -> Settlement {
    let reply = match outcome {
        Ok(reply) => reply,
        // Nothing left the proxy: nothing can have been created.
        Err(Failure::NotSent(..)) => return Settlement::Released,
        Err(_) => return Settlement::Kept,
    };
    if (400..500).contains(&reply.status) {
        return Settlement::Released;
    }
    let envelope_code = json::parse(&reply.body)
        .ok()
        .and_then(|v| v.get("code").and_then(Value::as_i64));
    if (200..300).contains(&reply.status) && envelope_code.is_some_and(|c| (400..500).contains(&c))
    {
        // An error under HTTP 200 that the API itself calls a refusal.
        return Settlement::Released;
    }
    match crate::client::response::task_created(reply.status, &reply.body) {
        Ok((task_id, consumed)) => Settlement::Created {
            task_id,
            delta: consumed.map_or(0, |c| {
                i64::try_from(c)
                    .unwrap_or(i64::MAX)
                    .saturating_sub(estimate as i64)
            }),
        },
        Err(_) => Settlement::Kept,
    }
}

/// The answer to a status request for a task that `caller` did not create (or nobody recorded):
/// 404, as for a task that does not exist, so that ids cannot be probed.
pub fn not_owner() -> Refusal {
    refusal(
        404,
        Code::TaskNotFound,
        "No task with this id was created by this caller.",
        &[],
    )
}

#[cfg(test)]
mod tests;
