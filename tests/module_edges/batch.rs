//! `client::batch`: the pool under an executor that polls only when woken, as a browser's does.

use seedance_wasm::client::batch::run_pool;
use std::future::{ready, Future};
use std::pin::pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

struct Flag(AtomicBool);

impl Wake for Flag {
    fn wake(self: Arc<Self>) {
        self.0.store(true, Ordering::SeqCst);
    }
}

/// Polls `future` again only after its waker was called; a `Pending` with no wake would hang a
/// real executor, so it fails here.
fn run_strictly<F: Future>(future: F) -> F::Output {
    let flag = Arc::new(Flag(AtomicBool::new(false)));
    let waker = Waker::from(flag.clone());
    let mut cx = Context::from_waker(&waker);
    let mut future = pin!(future);
    for _ in 0..1000 {
        if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
        assert!(
            flag.0.swap(false, Ordering::SeqCst),
            "Pending without a wake: it would hang"
        );
    }
    panic!("no result after 1000 polls");
}

/// Items that finish at once, one at a time: the pool starts the next itself instead of waiting
/// for a wake that no item will send.
#[test]
fn items_that_finish_at_once_do_not_stall_the_pool() {
    let finished = std::cell::RefCell::new(Vec::new());
    let results = run_strictly(run_pool(
        3,
        1,
        |i| ready(i * 10),
        |i, _, n| finished.borrow_mut().push((i, n)),
    ));
    assert_eq!(results, [0, 10, 20]);
    assert_eq!(finished.into_inner(), [(0, 1), (1, 2), (2, 3)]);
}
