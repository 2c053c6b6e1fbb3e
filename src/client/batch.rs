//! The batch runner's scheduling, pure: at most `concurrency` items at once, started in order,
//! each result kept at its index. The work of one item is a closure, so the schedule is tested
//! natively with a fake transport; `wasm::client` passes the real generate-and-wait.

use core::future::{poll_fn, Future};
use core::pin::Pin;
use core::task::Poll;

/// Runs `run(index)` for every index below `count`, at most `concurrency` (at least 1) at once,
/// starting them in index order. `on_done(index, &result, finished_so_far)` is called as each one
/// finishes. The results come back in index order, whatever order they finished in.
pub async fn run_pool<T, F, Fut>(
    count: usize,
    concurrency: usize,
    run: F,
    on_done: impl Fn(usize, &T, usize),
) -> Vec<T>
where
    T: Default,
    F: Fn(usize) -> Fut,
    Fut: Future<Output = T>,
{
    let mut results: Vec<T> = (0..count).map(|_| T::default()).collect();
    // The items running now, each with its index: one state machine for the whole pool.
    let mut running: Vec<(usize, Pin<Box<Fut>>)> = Vec::new();
    let (mut next, mut finished) = (0, 0);
    poll_fn(|cx| loop {
        while running.len() < concurrency.max(1) && next < count {
            running.push((next, Box::pin(run(next))));
            next += 1;
        }
        let before = finished;
        let mut i = 0;
        while i < running.len() {
            match running[i].1.as_mut().poll(cx) {
                Poll::Ready(result) => {
                    let index = running.remove(i).0;
                    finished += 1;
                    on_done(index, &result, finished);
                    results[index] = result;
                }
                Poll::Pending => i += 1,
            }
        }
        if running.is_empty() && next >= count {
            return Poll::Ready(());
        }
        if finished == before {
            return Poll::Pending;
        }
    })
    .await;
    results
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::cell::{Cell, RefCell};
    use std::sync::Arc;
    use std::task::{Context, Wake, Waker};

    struct Noop;
    impl Wake for Noop {
        fn wake(self: Arc<Self>) {}
    }

    /// Polls a future to completion on this thread (the fake transport below always wakes itself).
    fn block_on<F: Future>(future: F) -> F::Output {
        let waker = Waker::from(Arc::new(Noop));
        let mut cx = Context::from_waker(&waker);
        let mut future = core::pin::pin!(future);
        loop {
            if let Poll::Ready(value) = future.as_mut().poll(&mut cx) {
                return value;
            }
        }
    }

    /// A fake exchange that takes `polls` turns before it answers.
    async fn takes_turns(polls: usize) {
        let mut left = polls;
        poll_fn(|cx| {
            if left == 0 {
                return Poll::Ready(());
            }
            left -= 1;
            cx.waker().wake_by_ref();
            Poll::Pending
        })
        .await
    }

    /// What a batch did: its results, the start order, the most items seen running at once, and
    /// the `on_done` calls as (index, finished so far).
    type Trace = (Vec<usize>, Vec<usize>, usize, Vec<(usize, usize)>);

    /// Runs a batch whose item `i` takes `turns[i]` turns.
    fn batch(turns: &[usize], concurrency: usize) -> Trace {
        let started = RefCell::new(Vec::new());
        let (running, most) = (Cell::new(0), Cell::new(0));
        let done = RefCell::new(Vec::new());
        let results = block_on(run_pool(
            turns.len(),
            concurrency,
            |i| {
                let (started, running, most) = (&started, &running, &most);
                async move {
                    started.borrow_mut().push(i);
                    running.set(running.get() + 1);
                    most.set(most.get().max(running.get()));
                    takes_turns(turns[i]).await;
                    running.set(running.get() - 1);
                    i * 10
                }
            },
            |i, result, finished| {
                assert_eq!(*result, i * 10);
                done.borrow_mut().push((i, finished));
            },
        ));
        (results, started.into_inner(), most.get(), done.into_inner())
    }

    #[test]
    fn at_most_concurrency_at_once_started_in_order_results_by_index() {
        let (results, started, most, done) = batch(&[5, 1, 3, 0, 2, 4], 2);
        assert_eq!(results, vec![0, 10, 20, 30, 40, 50]);
        assert_eq!(started, vec![0, 1, 2, 3, 4, 5]);
        assert_eq!(most, 2);
        // Finished out of order, counted 1..=6 as they finished.
        assert_eq!(
            done.iter().map(|&(_, n)| n).collect::<Vec<_>>(),
            vec![1, 2, 3, 4, 5, 6]
        );
        assert_eq!(done[0].0, 1, "the quick item finishes first");
    }

    #[test]
    fn concurrency_is_at_least_one_and_at_most_the_count() {
        assert_eq!(batch(&[1, 1, 1], 0).2, 1);
        assert_eq!(batch(&[1, 1, 1], 64).2, 3);
        let (results, _, most, done) = batch(&[], 4);
        assert!(results.is_empty() && done.is_empty());
        assert_eq!(most, 0);
    }
}
