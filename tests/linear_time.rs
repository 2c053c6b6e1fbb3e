//! Time is linear in the size of the input: for every JSON shape an attacker can choose (many
//! distinct keys, keys near the known ones, repeated keys, long arrays, nesting, escapes, lone
//! surrogates, long Unicode hosts), checking a body of twice the size takes about twice as long,
//! in `validate_json` and in the proxy's `check_generate`. Quadratic code shows as a ratio of 4.
//!
//! Timed as the best of a few runs, so a busy machine makes a run slower but not the ratio worse;
//! a ratio over the limit is measured again before the test fails.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests stop at the first failure

use seedance_wasm::engine::validate::{validate_json, Options};
use seedance_wasm::proxy::{check_generate, Policy};
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[path = "support/hostile_bodies.rs"]
mod hostile_bodies;
use hostile_bodies::{body_of_shape, SHAPES};

/// Held by each test while it times: tests run on parallel threads, and two timing at once on a
/// small machine measure each other.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Largest allowed ratio of the time for twice the input to the time for the input.
const MAX_RATIO: f64 = 2.5;

fn best_of(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .unwrap()
}

/// The time of `f` on the body of `shape` at `size` bytes and at twice that, as a ratio.
fn ratio(shape: &str, size: usize, f: &dyn Fn(&str)) -> (f64, Duration, Duration) {
    let small = body_of_shape(shape, size);
    let large = body_of_shape(shape, 2 * size);
    let t_small = best_of(3, || f(&small));
    let t_large = best_of(3, || f(&large));
    // Below a few milliseconds the clock, the allocator and the machine's load say more than the
    // algorithm (a release build checks these sizes in about that).
    let floor = Duration::from_millis(5);
    let r = t_large.max(floor).as_secs_f64() / t_small.max(floor).as_secs_f64();
    (r, t_small, t_large)
}

fn assert_linear(what: &str, f: &dyn Fn(&str)) {
    let _timing = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    // 128 and 256 KiB: large enough that quadratic work shows (x4), small enough for a debug build.
    let size = 128 * 1024;
    for &shape in SHAPES {
        let mut measured = ratio(shape, size, f);
        for _ in 0..3 {
            if measured.0 <= MAX_RATIO {
                break;
            }
            measured = ratio(shape, size, f);
        }
        let (r, small, large) = measured;
        eprintln!("{what} {shape}: {small:?} -> {large:?} (x{r:.2})");
        assert!(
            r <= MAX_RATIO,
            "{what}, {shape}: twice the input took {r:.2} times as long ({small:?} -> {large:?})"
        );
    }
}

#[test]
fn validate_json_takes_linear_time_for_every_shape() {
    assert_linear("validate_json", &|body| {
        validate_json(body, &Options::default());
    });
}

#[test]
fn the_proxy_checks_every_shape_in_linear_time() {
    let closed = Policy::default();
    assert_linear("check_generate", &|body| {
        let _ = check_generate(body.as_bytes(), &closed);
    });
    let open = Policy {
        forward_unknown_fields: true,
        ..Policy::default()
    };
    assert_linear("check_generate (forwardUnknownFields)", &|body| {
        let _ = check_generate(body.as_bytes(), &open);
    });
}

#[test]
fn the_largest_body_of_any_shape_is_checked_quickly() {
    // 1 MiB, the proxy's default maxBodyBytes. Generous for a debug build on a busy machine; the
    // quadratic code took 37 s on 90,000 keys.
    let _timing = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    for &shape in SHAPES {
        let body = body_of_shape(shape, 1024 * 1024);
        let took = best_of(1, || {
            let _ = check_generate(body.as_bytes(), &Policy::default());
        });
        assert!(took < Duration::from_secs(3), "{shape}: {took:?}");
    }
}
