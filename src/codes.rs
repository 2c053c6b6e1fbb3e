//! Every error and warning code of the public contract, in one place.

/// Declares the codes once: the enum, `as_str` and `ALL` all come from this one list, so a code
/// cannot be added to one and not the others.
macro_rules! codes {
    ($($(#[$doc:meta])* $variant:ident = $name:literal,)*) => {
        /// A code that reaches JavaScript in `Issue.code` or `SeedanceError.code`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Code {
            $($(#[$doc])* $variant,)*
        }

        impl Code {
            /// Every code, in declaration order (a test compares it with the package's types).
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The code as JavaScript sees it (`INVALID_PROMPT`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }
        }
    };
}

codes! {
    // From the API.
    InvalidPrompt = "INVALID_PROMPT",
    InvalidAspectRatio = "INVALID_ASPECT_RATIO",
    InvalidDuration = "INVALID_DURATION",
    TooManyImages = "TOO_MANY_IMAGES",
    InvalidApiKey = "INVALID_API_KEY",
    InsufficientCredits = "INSUFFICIENT_CREDITS",
    TaskNotFound = "TASK_NOT_FOUND",
    InternalError = "INTERNAL_ERROR",
    // Checked before sending.
    InvalidModel = "INVALID_MODEL",
    InvalidResolution = "INVALID_RESOLUTION",
    InvalidImageUrl = "INVALID_IMAGE_URL",
    InvalidReferenceUrl = "INVALID_REFERENCE_URL",
    InvalidCallbackUrl = "INVALID_CALLBACK_URL",
    InvalidField = "INVALID_FIELD",
    BudgetExceeded = "BUDGET_EXCEEDED",
    // From the client.
    ValidationFailed = "VALIDATION_FAILED",
    TaskFailed = "TASK_FAILED",
    Timeout = "TIMEOUT",
    Aborted = "ABORTED",
    NetworkError = "NETWORK_ERROR",
    RateLimited = "RATE_LIMITED",
    InvalidResponse = "INVALID_RESPONSE",
    HttpError = "HTTP_ERROR",
    /// A call before `init()` settled (raised by the JS entry).
    NotInitialized = "NOT_INITIALIZED",
    // Warnings.
    ResolutionDowngraded = "RESOLUTION_DOWNGRADED",
    AspectRatioIgnored = "ASPECT_RATIO_IGNORED",
    UnsupportedForModel = "UNSUPPORTED_FOR_MODEL",
    UnknownField = "UNKNOWN_FIELD",
}

impl Code {
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
    pub const SERVER_ERRORS: [Code; 16] = [
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
    ];

    /// The code named by an error body, if it is one a server may send.
    pub fn from_server(text: &str) -> Option<Code> {
        Code::SERVER_ERRORS.into_iter().find(|c| c.as_str() == text)
    }
}
