//! Every error and warning code of the public contract, in one place.

/// A code that reaches JavaScript in `Issue.code` or `SeedanceError.code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    // From the API.
    InvalidPrompt,
    InvalidAspectRatio,
    InvalidDuration,
    TooManyImages,
    InvalidApiKey,
    InsufficientCredits,
    TaskNotFound,
    InternalError,
    // Checked before sending.
    InvalidModel,
    InvalidResolution,
    InvalidImageUrl,
    InvalidReferenceUrl,
    InvalidCallbackUrl,
    InvalidField,
    BudgetExceeded,
    // From the client.
    ValidationFailed,
    TaskFailed,
    Timeout,
    Aborted,
    NetworkError,
    RateLimited,
    InvalidResponse,
    HttpError,
    // Warnings.
    ResolutionDowngraded,
    AspectRatioIgnored,
    UnsupportedForModel,
    UnknownField,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::InvalidPrompt => "INVALID_PROMPT",
            Code::InvalidAspectRatio => "INVALID_ASPECT_RATIO",
            Code::InvalidDuration => "INVALID_DURATION",
            Code::TooManyImages => "TOO_MANY_IMAGES",
            Code::InvalidApiKey => "INVALID_API_KEY",
            Code::InsufficientCredits => "INSUFFICIENT_CREDITS",
            Code::TaskNotFound => "TASK_NOT_FOUND",
            Code::InternalError => "INTERNAL_ERROR",
            Code::InvalidModel => "INVALID_MODEL",
            Code::InvalidResolution => "INVALID_RESOLUTION",
            Code::InvalidImageUrl => "INVALID_IMAGE_URL",
            Code::InvalidReferenceUrl => "INVALID_REFERENCE_URL",
            Code::InvalidCallbackUrl => "INVALID_CALLBACK_URL",
            Code::InvalidField => "INVALID_FIELD",
            Code::BudgetExceeded => "BUDGET_EXCEEDED",
            Code::ValidationFailed => "VALIDATION_FAILED",
            Code::TaskFailed => "TASK_FAILED",
            Code::Timeout => "TIMEOUT",
            Code::Aborted => "ABORTED",
            Code::NetworkError => "NETWORK_ERROR",
            Code::RateLimited => "RATE_LIMITED",
            Code::InvalidResponse => "INVALID_RESPONSE",
            Code::HttpError => "HTTP_ERROR",
            Code::ResolutionDowngraded => "RESOLUTION_DOWNGRADED",
            Code::AspectRatioIgnored => "ASPECT_RATIO_IGNORED",
            Code::UnsupportedForModel => "UNSUPPORTED_FOR_MODEL",
            Code::UnknownField => "UNKNOWN_FIELD",
        }
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
