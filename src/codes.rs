//! Every error and warning code of the public contract, in one place.

/// Declares the codes once: the enum, `as_str` and `ALL` all come from this one list, so a code
/// cannot be added to one and not the others. A code marked `(not_engine)` is one the engine never
/// raises (the client's, the proxy's, the JS entries'): the engine's wasm leaves out its text.
macro_rules! codes {
    (@text $name:literal) => { $name };
    (@text $name:literal not_engine) => { not_engine_text!($name) };
    ($($(#[$doc:meta])* $variant:ident = $name:literal $(($only:ident))?,)*) => {
        /// A code that reaches JavaScript in `Issue.code` or `SeedanceError.code`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        pub enum Code {
            $($(#[$doc])* #[cfg_attr(feature = "serde", serde(rename = $name))] $variant,)*
        }

        impl Code {
            /// Every code, in declaration order (a test compares it with the package's types).
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// Every code's text in this build, one after another, in declaration order.
            const NAMES: &'static str = concat!($(codes!(@text $name $($only)?),)*);

            /// Where each code's text ends in [`Code::NAMES`].
            const ENDS: [u16; Code::ALL.len()] = ends(&[$(codes!(@text $name $($only)?),)*]);
        }
    };
}

/// The text of a code marked `(not_engine)`: empty in the wasm without the client (the engine's),
/// which raises none of them (engine entry -187 B gzip).
#[cfg(any(feature = "client", not(target_arch = "wasm32")))]
macro_rules! not_engine_text {
    ($name:literal) => {
        $name
    };
}

/// The text of a code marked `(not_engine)`: empty in the wasm without the client (the engine's),
/// which raises none of them (engine entry -187 B gzip).
#[cfg(not(any(feature = "client", not(target_arch = "wasm32"))))]
macro_rules! not_engine_text {
    ($name:literal) => {
        ""
    };
}

codes! {
    // From the API.
    /// The prompt is missing, not text, blank or too long.
    InvalidPrompt = "INVALID_PROMPT",
    /// An `aspect_ratio` the model does not offer.
    InvalidAspectRatio = "INVALID_ASPECT_RATIO",
    /// A `duration` the model does not offer.
    InvalidDuration = "INVALID_DURATION",
    /// More `images` than the model takes.
    TooManyImages = "TOO_MANY_IMAGES",
    /// The API key is missing or refused (401).
    InvalidApiKey = "INVALID_API_KEY" (not_engine),
    /// The account has too few credits for the task (402).
    InsufficientCredits = "INSUFFICIENT_CREDITS" (not_engine),
    /// No task with that id (404).
    TaskNotFound = "TASK_NOT_FOUND" (not_engine),
    /// The service failed (500).
    InternalError = "INTERNAL_ERROR" (not_engine),
    // Checked before sending.
    /// A `model` that is not in the catalogue, or one a proxy does not allow.
    InvalidModel = "INVALID_MODEL",
    /// A `resolution` the model does not offer.
    InvalidResolution = "INVALID_RESOLUTION",
    /// An `images` entry that is not a public http(s) URL.
    InvalidImageUrl = "INVALID_IMAGE_URL",
    /// A `reference_video_urls` or `reference_audio_urls` entry that is not a public http(s) URL.
    InvalidReferenceUrl = "INVALID_REFERENCE_URL",
    /// A `callback_url` that is not a public http(s) URL.
    InvalidCallbackUrl = "INVALID_CALLBACK_URL",
    /// A known field of the wrong type, a request that is not an object or not readable, or a bad
    /// option.
    InvalidField = "INVALID_FIELD",
    /// The estimate is above `maxCredits`.
    BudgetExceeded = "BUDGET_EXCEEDED",
    // From the client.
    /// The request was not sent: it has errors (in `issues`).
    ValidationFailed = "VALIDATION_FAILED" (not_engine),
    /// The task ended as `FAILED` (the message has the server's reason).
    TaskFailed = "TASK_FAILED" (not_engine),
    /// A deadline passed: an HTTP request's, a wait's, or a proxy's for a request body.
    Timeout = "TIMEOUT" (not_engine),
    /// The caller's `AbortSignal` fired.
    Aborted = "ABORTED" (not_engine),
    /// No reply: connection refused or dropped, DNS, CORS.
    NetworkError = "NETWORK_ERROR" (not_engine),
    /// Too many requests (429 after the retries), or a proxy too busy to read the body.
    RateLimited = "RATE_LIMITED" (not_engine),
    /// A reply that cannot be read (not JSON, truncated, too large, missing fields).
    InvalidResponse = "INVALID_RESPONSE" (not_engine),
    /// Any other HTTP error status.
    HttpError = "HTTP_ERROR" (not_engine),
    /// A call before `init()` settled (raised by the JS entry).
    NotInitialized = "NOT_INITIALIZED" (not_engine),
    /// `init()` could not load or compile its wasm (raised by the JS entry, src/js/init.js).
    InitFailed = "INIT_FAILED" (not_engine),
    // From a proxy with a quota.
    /// A proxy refused a generate that would pass a spending limit (429, with `retryAfterSeconds`).
    QuotaExceeded = "QUOTA_EXCEEDED" (not_engine),
    /// A proxy's spending ledger failed or did not answer in time: nothing was sent (503).
    QuotaUnavailable = "QUOTA_UNAVAILABLE" (not_engine),
    // Warnings.
    /// Warning: the model renders the requested resolution at a lower one (Mini at 1080p).
    ResolutionDowngraded = "RESOLUTION_DOWNGRADED",
    /// Warning: `aspect_ratio` with `images`, where the images decide.
    AspectRatioIgnored = "ASPECT_RATIO_IGNORED",
    /// Warning: reference videos or audio on a model that ignores them.
    UnsupportedForModel = "UNSUPPORTED_FOR_MODEL",
    /// Warning: a field the engine does not know, sent as it is (a proxy drops it unless told not to).
    UnknownField = "UNKNOWN_FIELD",
}

/// The running sums of the texts' lengths.
const fn ends<const N: usize>(names: &[&str; N]) -> [u16; N] {
    let mut out = [0; N];
    let (mut end, mut i) = (0, 0);
    while i < N {
        end += names[i].len() as u16;
        out[i] = end;
        i += 1;
    }
    out
}

impl Code {
    /// The code as JavaScript sees it (`INVALID_PROMPT`). A slice of one text: a `match` would
    /// keep a pointer and a length per code in the wasm.
    pub fn as_str(self) -> &'static str {
        let i = self as usize;
        let start = match i {
            0 => 0,
            _ => Code::ENDS[i - 1],
        };
        Code::NAMES
            .get(usize::from(start)..usize::from(Code::ENDS[i]))
            .unwrap_or_default()
    }

    /// Whether the code names a warning (the request is still sent) rather than an error.
    pub fn is_warning(self) -> bool {
        matches!(
            self,
            Code::ResolutionDowngraded
                | Code::AspectRatioIgnored
                | Code::UnsupportedForModel
                | Code::UnknownField
        )
    }

    /// Error codes a server (the API or a proxy of this package) may name in an error body.
    pub const SERVER_ERRORS: [Code; 18] = [
        Code::InvalidPrompt,
        Code::InvalidAspectRatio,
        Code::InvalidDuration,
        Code::TooManyImages,
        Code::InvalidApiKey,
        Code::InsufficientCredits,
        Code::TaskNotFound,
        Code::InternalError,
        Code::InvalidModel,
        Code::InvalidResolution,
        Code::InvalidImageUrl,
        Code::InvalidReferenceUrl,
        Code::InvalidCallbackUrl,
        Code::InvalidField,
        Code::BudgetExceeded,
        Code::RateLimited,
        Code::QuotaExceeded,
        Code::QuotaUnavailable,
    ];

    /// The code named by an error body, if it is one a server may send.
    pub fn from_server(text: &str) -> Option<Code> {
        Code::SERVER_ERRORS.into_iter().find(|c| c.as_str() == text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_code_is_its_own_slice_of_the_names() {
        let joined: String = Code::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(joined, Code::NAMES);
        assert!(Code::ALL.iter().all(|c| !c.as_str().is_empty()));
        assert_eq!(Code::InvalidPrompt.as_str(), "INVALID_PROMPT");
        assert_eq!(Code::BudgetExceeded.as_str(), "BUDGET_EXCEEDED");
        assert_eq!(Code::UnknownField.as_str(), "UNKNOWN_FIELD");
    }
}
