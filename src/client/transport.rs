//! One HTTP exchange over `fetch`, and abortable sleeping (wasm32 only).
//!
//! Every request has its own `AbortController`, aborted when the request is dropped: the caller's
//! `AbortSignal` and the per-request timeout both end the request by winning a race against it,
//! so even a `fetch` that ignores its signal cannot make a call hang.

use core::cell::RefCell;
use core::future::{poll_fn, Future};
use core::pin::pin;
use core::task::{Poll, Waker};
use gloo_timers::future::TimeoutFuture;
use js_sys::{Function, Object, Promise, Reflect};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal};

#[wasm_bindgen]
extern "C" {
    /// The global `fetch` (window, worker, Node >= 18, Deno), bound without `window`.
    #[wasm_bindgen(catch, js_name = fetch)]
    fn global_fetch(url: &str, init: &Object) -> Result<JsValue, JsValue>;
}

/// Milliseconds since 1970, from the JS clock.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Which of two futures finished first.
pub enum Either<A, B> {
    /// The first future finished.
    Left(A),
    /// The second future finished.
    Right(B),
}

/// Runs two futures until one finishes; the other is dropped (which aborts or clears it).
pub async fn race<A: Future, B: Future>(a: A, b: B) -> Either<A::Output, B::Output> {
    let mut a = pin!(a);
    let mut b = pin!(b);
    poll_fn(|cx| {
        if let Poll::Ready(out) = a.as_mut().poll(cx) {
            return Poll::Ready(Either::Left(out));
        }
        if let Poll::Ready(out) = b.as_mut().poll(cx) {
            return Poll::Ready(Either::Right(out));
        }
        Poll::Pending
    })
    .await
}

#[derive(Default)]
struct CancelState {
    fired: bool,
    wakers: Vec<Waker>,
}

/// Watches the caller's optional `AbortSignal` for one operation; the listener is removed on drop.
pub struct Cancel {
    signal: Option<AbortSignal>,
    state: Rc<RefCell<CancelState>>,
    listener: Option<Closure<dyn FnMut()>>,
}

impl Cancel {
    /// Watches `signal` (already aborted counts); `None` never cancels.
    pub fn new(signal: Option<AbortSignal>) -> Self {
        let state = Rc::new(RefCell::new(CancelState::default()));
        let listener = signal.as_ref().map(|signal| {
            state.borrow_mut().fired = signal.aborted();
            let shared = state.clone();
            let listener = Closure::<dyn FnMut()>::new(move || {
                let wakers = {
                    let mut s = shared.borrow_mut();
                    s.fired = true;
                    core::mem::take(&mut s.wakers)
                };
                wakers.into_iter().for_each(Waker::wake);
            });
            let _ =
                signal.add_event_listener_with_callback("abort", listener.as_ref().unchecked_ref());
            listener
        });
        Cancel {
            signal,
            state,
            listener,
        }
    }

    /// Whether the caller has aborted.
    pub fn is_cancelled(&self) -> bool {
        self.state.borrow().fired
    }

    /// Finishes when the caller aborts (never, without a signal).
    pub async fn cancelled(&self) {
        poll_fn(|cx| {
            let mut s = self.state.borrow_mut();
            if s.fired {
                Poll::Ready(())
            } else {
                s.wakers.push(cx.waker().clone());
                Poll::Pending
            }
        })
        .await
    }

    /// Sleeps `ms`, or less when the caller aborts: `Err(())` then.
    pub async fn sleep(&self, ms: u64) -> Result<(), ()> {
        if self.is_cancelled() {
            return Err(());
        }
        let timer = TimeoutFuture::new(u32::try_from(ms).unwrap_or(u32::MAX));
        match race(timer, self.cancelled()).await {
            Either::Left(()) => Ok(()),
            Either::Right(()) => Err(()),
        }
    }
}

impl Drop for Cancel {
    fn drop(&mut self) {
        if let (Some(signal), Some(listener)) = (&self.signal, &self.listener) {
            let _ = signal
                .remove_event_listener_with_callback("abort", listener.as_ref().unchecked_ref());
        }
    }
}

/// A reply: its status, `Retry-After` header and whole body.
pub struct Reply {
    /// The HTTP status.
    pub status: u16,
    /// The `Retry-After` header as sent, if any.
    pub retry_after: Option<String>,
    /// The whole body as text (decoded like `Response.text()`).
    pub body: String,
}

/// Why an exchange got no usable reply.
pub enum Failure {
    /// No reply: connection refused or dropped, DNS, CORS, or an unreadable response object.
    Network(String),
    /// No reply in time (the timeout covers the headers and the whole body).
    TimedOut,
    /// The caller aborted.
    Aborted,
    /// The body grew past `Outgoing::max_reply_bytes`: reading stopped there and the stream was
    /// cancelled. The status had arrived; the reply is unusable, not missing.
    TooLarge {
        /// The status of the reply whose body was too long.
        status: u16,
    },
}

/// Aborts its controller when dropped: a request abandoned for any reason is really cancelled.
struct AbortOnDrop(AbortController);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// What one request sends.
pub struct Outgoing<'a> {
    /// The `fetch` to use; the global one when `None`.
    pub fetch: Option<&'a Function>,
    /// The HTTP method.
    pub method: &'a str,
    /// The full URL.
    pub url: &'a str,
    /// Every header to send.
    pub headers: &'a [(String, String)],
    /// The JSON body of a `POST`.
    pub body: Option<&'a str>,
    /// The deadline for the reply and its whole body.
    pub timeout_ms: u64,
    /// The most body bytes read; a longer reply is `Failure::TooLarge` and the rest is not read.
    pub max_reply_bytes: usize,
}

/// Sends one request and reads its body up to the cap; ends on reply, timeout or the caller's
/// abort, whichever comes first (the timer runs until the last byte of the body).
pub async fn exchange(request: &Outgoing<'_>, cancel: &Cancel) -> Result<Reply, Failure> {
    if cancel.is_cancelled() {
        return Err(Failure::Aborted);
    }
    let controller = AbortController::new()
        .map_err(|_| Failure::Network("AbortController is not available".into()))?;
    let signal = controller.signal();
    let init = request_init(request, &signal);
    let _guard = AbortOnDrop(controller);
    let timer = TimeoutFuture::new(u32::try_from(request.timeout_ms.max(1)).unwrap_or(u32::MAX));
    match race(
        send(request, &init, &signal),
        race(cancel.cancelled(), timer),
    )
    .await
    {
        Either::Left(Ok(Sent::Reply(reply))) => Ok(reply),
        Either::Left(Ok(Sent::TooLarge(status))) => Err(Failure::TooLarge { status }),
        Either::Left(Err(error)) => Err(Failure::Network(error_text(&error))),
        Either::Right(Either::Left(())) => Err(Failure::Aborted),
        Either::Right(Either::Right(())) => Err(Failure::TimedOut),
    }
}

/// The `RequestInit` as a plain object, so any `fetch` implementation accepts it.
fn request_init(request: &Outgoing<'_>, signal: &AbortSignal) -> Object {
    let init = Object::new();
    let headers = Object::new();
    for (name, value) in request.headers {
        set(&headers, name, &JsValue::from_str(value));
    }
    set(&init, "method", &JsValue::from_str(request.method));
    set(&init, "headers", &headers);
    if let Some(body) = request.body {
        set(&init, "body", &JsValue::from_str(body));
    }
    set(&init, "signal", signal);
    init
}

fn set(target: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

/// `target[key]`; `Err` when a getter throws.
pub fn get(target: &JsValue, key: &str) -> Result<JsValue, JsValue> {
    Reflect::get(target, &JsValue::from_str(key))
}

/// Calls a method found on a JS object and awaits what it returns.
pub async fn call_method(
    target: &JsValue,
    name: &str,
    arg: Option<&JsValue>,
) -> Result<JsValue, JsValue> {
    let method: Function = get(target, name)?.dyn_into()?;
    let returned = match arg {
        Some(arg) => method.call1(target, arg)?,
        None => method.call0(target)?,
    };
    JsFuture::from(Promise::resolve(&returned)).await
}

/// What `send` ends with: a reply, or a body past the cap (with the status that came with it).
enum Sent {
    Reply(Reply),
    TooLarge(u16),
}

#[wasm_bindgen(module = "/src/js/read_body.js")]
extern "C" {
    /// The body as text (UTF-8 decoded like `Response.text()`), or null past `cap` bytes. Read in
    /// JS from `response.body`'s reader: bytes are counted as chunks arrive and at most `cap` are
    /// kept, so nothing enters the wasm memory before the cap is checked. Past the cap, or when
    /// `signal` aborts (timeout, the caller's abort, the exchange dropped), the reader is
    /// cancelled and the rest is never read, even from a `fetch` stand-in that ignores its
    /// signal. Without a body stream, `arrayBuffer()` is checked before decoding.
    #[wasm_bindgen(catch, js_name = readCapped)]
    fn read_capped(response: &JsValue, cap: u32, signal: &AbortSignal) -> Result<Promise, JsValue>;
}

async fn send(
    request: &Outgoing<'_>,
    init: &Object,
    signal: &AbortSignal,
) -> Result<Sent, JsValue> {
    let promise = match request.fetch {
        Some(fetch) => fetch.call2(&JsValue::UNDEFINED, &JsValue::from_str(request.url), init)?,
        None => global_fetch(request.url, init)?,
    };
    let response = JsFuture::from(Promise::resolve(&promise)).await?;
    let status = get(&response, "status")?
        .as_f64()
        .filter(|s| (100.0..1000.0).contains(s));
    let status = status.ok_or_else(|| JsValue::from_str("the response has no HTTP status"))? as u16;
    let headers = get(&response, "headers")?;
    let retry_after = call_method(&headers, "get", Some(&JsValue::from_str("retry-after")))
        .await
        .ok();
    let cap = u32::try_from(request.max_reply_bytes).unwrap_or(u32::MAX);
    let body = JsFuture::from(read_capped(&response, cap, signal)?).await?;
    let Some(body) = body.as_string() else {
        return Ok(Sent::TooLarge(status));
    };
    Ok(Sent::Reply(Reply {
        status,
        retry_after: retry_after.and_then(|v| v.as_string()),
        body,
    }))
}

/// A short description of a JS error (its message), for NETWORK_ERROR messages.
fn error_text(error: &JsValue) -> String {
    get(error, "message")
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| error.as_string())
        .unwrap_or_default()
}
