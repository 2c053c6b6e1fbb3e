//! The engine's own cost, without WebAssembly or JavaScript: `validate_json` + `to_json` (what
//! `validateRequest` runs inside the wasm) on requests given as JSON, one per line, in a file.
//! bench/run.mjs runs it on the benchmark's requests to show how much of a wasm call is the engine.
//!
//!     cargo run --release --example validate_native -- requests.jsonl [round_ms] [rounds]
//!
//! Prints one JSON line: `{"ns_per_call": median, "min": .., "max": .., "iterations": ..}`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // stops on a bad argument

use seedance_wasm::engine::validate::{validate_json, Options};
use std::time::Instant;

fn run(requests: &[String], iterations: usize) -> (f64, usize) {
    let options = Options::default();
    let mut sink = 0;
    let start = Instant::now();
    for i in 0..iterations {
        let report = validate_json(&requests[i % requests.len()], &options);
        sink += report.to_json().len();
    }
    (start.elapsed().as_secs_f64() * 1e3, sink)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .expect("usage: validate_native FILE [round_ms] [rounds]");
    let round_ms: f64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(300.0);
    let rounds: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(7);
    let text = std::fs::read_to_string(&path).expect("read the requests file");
    let requests: Vec<String> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect();
    assert!(!requests.is_empty(), "no requests in {path}");

    // Warm up, then size a round to about `round_ms`.
    let mut sink = 0;
    let mut n = requests.len();
    loop {
        let (ms, s) = run(&requests, n);
        sink += s;
        if ms >= round_ms / 4.0 || n > 1 << 30 {
            n = ((n as f64) * round_ms / ms.max(0.001)).max(requests.len() as f64) as usize;
            break;
        }
        n *= 2;
    }
    let mut samples: Vec<f64> = (0..rounds)
        .map(|_| {
            let (ms, s) = run(&requests, n);
            sink += s;
            ms * 1e6 / n as f64
        })
        .collect();
    samples.sort_by(|a, b| a.total_cmp(b));
    let median = if rounds % 2 == 1 {
        samples[rounds / 2]
    } else {
        (samples[rounds / 2 - 1] + samples[rounds / 2]) / 2.0
    };
    println!(
        "{{\"ns_per_call\":{median:.1},\"min\":{:.1},\"max\":{:.1},\"iterations\":{n},\"sink\":{}}}",
        samples[0],
        samples[rounds - 1],
        sink % 1000
    );
}
