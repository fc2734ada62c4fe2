//! The one error of the use cases, and the error policy of the layers:
//!
//! - `domain` rules return [`crate::domain::error::FieldError`] / [`Invalid`];
//! - `db` returns diesel's `QueryResult` or [`DbError`]; `auth` returns [`AccessError`];
//!   `notify` returns [`NotifyError`];
//! - use cases (and jobs) return [`AppError`], which keeps the cause of anything unexpected;
//! - only `http::error` turns an `AppError` into an HTTP answer (problem+json), logging the
//!   whole cause chain of a 500.
//!
//! `anyhow` is used only outside the request path (the command line).

use crate::auth::AccessError;
use crate::db::DbError;
use crate::domain::error::{FieldError, Invalid};
use crate::domain::msg::Msg;
use crate::notify::NotifyError;

/// A cause kept for the log.
pub type Cause = Box<dyn std::error::Error + Send + Sync>;

/// Everything a use case can answer instead of success.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Input that parsed but breaks a rule (422), every field listed.
    #[error("the request has invalid fields")]
    Validation(Vec<FieldError>),
    /// Input that could not be read at all (400).
    #[error("{0}")]
    BadRequest(Msg),
    /// No valid session (401).
    #[error("sign in first")]
    Unauthorized,
    /// Wrong email or password (401) that never says which.
    #[error("wrong email or password")]
    BadCredentials,
    /// A sign-in link that is used, expired or unknown (401), never saying which.
    #[error("this sign-in link is used or expired; ask for a new one")]
    LinkInvalid,
    /// A sign-in code by text message that is wrong, used, expired or unknown (401), never
    /// saying which.
    #[error("this code is wrong, used or expired; ask for a new one")]
    CodeInvalid,
    /// Signed in, but not allowed (403).
    #[error("{0}")]
    Forbidden(Msg),
    /// No such thing, or not visible to the caller (404).
    #[error("{0} not found")]
    NotFound(Msg),
    /// The state does not allow this (409), with the current state when there is one.
    #[error("{message}")]
    Conflict {
        /// What went wrong.
        message: Msg,
        /// The state the thing is in now.
        current_status: Option<String>,
    },
    /// A body of a type this endpoint does not take (415).
    #[error("{0}")]
    UnsupportedMediaType(Msg),
    /// Too large a body (413).
    #[error("the request body is too large")]
    PayloadTooLarge,
    /// A known address that does not take this method (405), with the methods it takes.
    #[error("this address does not take this method; it takes {0}")]
    MethodNotAllowed(String),
    /// Too many attempts (429), with a `Retry-After` of this many seconds.
    #[error("too many attempts, try again in {0} seconds")]
    TooManyRequests(u64),
    /// This instance is too busy for this now (503), with a `Retry-After` of this many seconds.
    #[error("{what}")]
    Busy {
        /// What is busy, and when to try again.
        what: Msg,
        /// Seconds to wait.
        retry_after: u64,
    },
    /// The database could not be reached or failed.
    #[error(transparent)]
    Db(#[from] DbError),
    /// Anything else that went wrong on our side; the cause is kept for the log.
    #[error("{context}")]
    Unexpected {
        /// What was being done.
        context: String,
        /// Why it failed, when another error is behind it.
        #[source]
        cause: Option<Cause>,
    },
}

impl AppError {
    /// A 429 that asks the client to wait `wait`.
    pub fn too_many(wait: chrono::Duration) -> Self {
        AppError::TooManyRequests(crate::auth::rate::retry_after_seconds(wait))
    }

    /// A 409 for a refused state change.
    pub fn conflict(message: Msg, current: Option<&str>) -> Self {
        AppError::Conflict { message, current_status: current.map(str::to_string) }
    }

    /// A 422 for a single field.
    pub fn invalid(field: impl Into<String>, reason: Msg) -> Self {
        AppError::Validation(vec![FieldError::new(field, reason)])
    }

    /// What a person is told, before it is rendered in their language (a 500 is told only
    /// that it was logged).
    pub fn detail(&self) -> Msg {
        match self {
            AppError::Validation(_) => msg!("request-has-invalid-fields"),
            AppError::BadRequest(m) | AppError::Forbidden(m) | AppError::UnsupportedMediaType(m) => m.clone(),
            AppError::Busy { what, .. } => what.clone(),
            AppError::Conflict { message, .. } => message.clone(),
            AppError::Unauthorized => msg!("sign-in-first"),
            AppError::BadCredentials => msg!("wrong-email-password"),
            AppError::LinkInvalid => msg!("sign-in-link-used-or-expired"),
            AppError::CodeInvalid => msg!("code-wrong-used-or-expired"),
            AppError::NotFound(thing) => msg!("not-found", thing = thing.clone()),
            AppError::PayloadTooLarge => msg!("request-body-too-large"),
            AppError::MethodNotAllowed(methods) => msg!("address-does-not-take-method-takes", methods = methods),
            AppError::TooManyRequests(seconds) => msg!("too-many-attempts-try-again-in", seconds = *seconds),
            AppError::Db(_) | AppError::Unexpected { .. } => msg!("something-went-wrong-our-side-has"),
        }
    }

    /// Something that cannot happen unless our own data or code is wrong.
    pub fn internal(context: impl Into<String>) -> Self {
        AppError::Unexpected { context: context.into(), cause: None }
    }

    /// An unexpected failure of `cause` while doing `context`; the cause stays in the chain.
    pub fn unexpected(context: impl Into<String>, cause: impl Into<Cause>) -> Self {
        AppError::Unexpected { context: context.into(), cause: Some(cause.into()) }
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        AppError::Db(DbError::Query(e))
    }
}

impl From<Invalid> for AppError {
    fn from(e: Invalid) -> Self {
        AppError::Validation(e.0)
    }
}

impl From<FieldError> for AppError {
    fn from(e: FieldError) -> Self {
        AppError::Validation(vec![e])
    }
}

impl From<AccessError> for AppError {
    fn from(e: AccessError) -> Self {
        match e {
            AccessError::Unauthorized => AppError::Unauthorized,
            AccessError::Forbidden(reason) => AppError::Forbidden(reason),
            AccessError::NotFound(what) => AppError::NotFound(what),
        }
    }
}

impl From<NotifyError> for AppError {
    fn from(e: NotifyError) -> Self {
        match e {
            NotifyError::Db(e) => AppError::from(e),
            other => AppError::unexpected("queueing a message", other),
        }
    }
}

impl From<crate::auth::password::HashError> for AppError {
    fn from(e: crate::auth::password::HashError) -> Self {
        AppError::unexpected("hashing a password", e)
    }
}

impl From<tokio::task::JoinError> for AppError {
    fn from(e: tokio::task::JoinError) -> Self {
        AppError::unexpected("a computation off the request thread", e)
    }
}
