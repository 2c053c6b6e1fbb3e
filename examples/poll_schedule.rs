//! What the default wait costs: status requests sent and how late the end of a task is noticed,
//! on a simulated clock driven by the client's own schedule (`policy::poll_interval_ms` with
//! `DEFAULT_POLL_INTERVAL_MS` and `DEFAULT_MAX_POLL_INTERVAL_MS`), step for step as
//! `Config::wait` in src/client/api.rs does it: a first poll at once, then after each poll number
//! `polls` a sleep of `poll_interval_ms(polls - 1, first, max)`, cut short by the wait's deadline.
//!
//!     cargo run --example poll_schedule
//!
//! Requests are taken to answer instantly (a real status call adds its own latency to each step).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // stops on a bad argument

use seedance_wasm::client::policy::{
    poll_interval_ms, DEFAULT_MAX_POLL_INTERVAL_MS, DEFAULT_POLL_INTERVAL_MS,
    DEFAULT_WAIT_TIMEOUT_MS,
};

/// The outcome of one simulated wait.
struct Wait {
    /// Status requests sent.
    requests: u32,
    /// When the wait saw the task finished (ms after the wait began), if before the deadline.
    noticed_at: Option<u64>,
    /// When each request was sent.
    times: Vec<u64>,
}

/// Simulates `Config::wait` for a task that finishes `task_ms` after the wait begins.
fn simulate(task_ms: u64, first: u64, max: u64, timeout: u64) -> Wait {
    let deadline = timeout;
    let mut now = 0u64;
    let mut polls: u32 = 0;
    let mut times = Vec::new();
    loop {
        if now >= deadline {
            return Wait {
                requests: polls,
                noticed_at: None,
                times,
            };
        }
        // One status request; it reports SUCCESS once the task is done.
        times.push(now);
        polls += 1;
        if now >= task_ms {
            return Wait {
                requests: polls,
                noticed_at: Some(now),
                times,
            };
        }
        let interval = poll_interval_ms(polls.saturating_sub(1), first, max);
        let remaining = deadline.saturating_sub(now);
        now += interval.min(remaining);
        if polls > 100_000 {
            unreachable!("the schedule always advances");
        }
    }
}

fn seconds(ms: u64) -> String {
    let tenths = ms.div_ceil(100);
    format!("{}.{} s", tenths / 10, tenths % 10)
}

fn main() {
    let (first, max, timeout) = (
        DEFAULT_POLL_INTERVAL_MS,
        DEFAULT_MAX_POLL_INTERVAL_MS,
        DEFAULT_WAIT_TIMEOUT_MS,
    );
    println!(
        "== Polling cost of the default wait (simulated clock; first interval {} ms, growing x1.5 up to {} ms, deadline {} min)",
        first,
        max,
        timeout / 60_000
    );
    let schedule: Vec<String> = simulate(u64::MAX, first, max, timeout)
        .times
        .iter()
        .take(10)
        .map(|t| seconds(*t))
        .collect();
    println!("   polls at: {} ...", schedule.join(", "));
    println!();
    println!(
        "{:>12}  {:>16}  {:>12}  {:>14}",
        "task length", "status requests", "noticed at", "late by"
    );
    for task_s in [5u64, 30, 120] {
        let task_ms = task_s * 1000;
        let w = simulate(task_ms, first, max, timeout);
        let noticed = w.noticed_at.expect("a task under the deadline is noticed");
        println!(
            "{:>12}  {:>16}  {:>12}  {:>14}",
            format!("{task_s} s"),
            w.requests,
            seconds(noticed),
            seconds(noticed - task_ms)
        );
    }
    // Over every task length from 1 s to 5 min in 100 ms steps: the worst and the mean lateness.
    let (mut worst, mut total, mut count) = (0u64, 0u64, 0u64);
    for task_ms in (1000..=300_000).step_by(100) {
        let w = simulate(task_ms, first, max, timeout);
        let late = w.noticed_at.expect("noticed") - task_ms;
        worst = worst.max(late);
        total += late;
        count += 1;
    }
    println!(
        "{:>12}  {:>16}  {:>12}  {:>14}",
        "1 s..5 min",
        "-",
        "-",
        format!("mean {}, max {}", seconds(total / count), seconds(worst))
    );
}
