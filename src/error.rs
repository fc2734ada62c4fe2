//! The one error type of the HTTP layer and its mapping to RFC 9457 problem+json.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

use crate::db::DbError;

/// One reason a field was refused.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct FieldError {
    /// A JSON path such as `customer.email` or `lines[2].quantity`.
    pub field: String,
    /// What is wrong, in words a client can show.
    pub reason: String,
}

impl FieldError {
    /// A field error from a path and a reason.
    pub fn new(field: impl Into<String>, reason: impl Into<String>) -> Self {
        FieldError { field: field.into(), reason: reason.into() }
    }
}

/// Everything a use case or handler can answer instead of success.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Input that parsed but breaks a rule; 422 with the fields.
    #[error("the request has invalid fields")]
    Validation(Vec<FieldError>),
    /// Input that could not be read at all; 400.
    #[error("{0}")]
    BadRequest(String),
    /// No valid session; 401.
    #[error("sign in first")]
    Unauthorized,
    /// Wrong email or password; 401 that never says which.
    #[error("wrong email or password")]
    BadCredentials,
    /// Signed in, but not allowed; 403.
    #[error("{0}")]
    Forbidden(String),
    /// No such thing (or not visible to the caller); 404.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The state does not allow this; 409, with the current state when there is one.
    #[error("{message}")]
    Conflict {
        /// What went wrong.
        message: String,
        /// The state the thing is in now.
        current_status: Option<String>,
    },
    /// Too large a body; 413.
    #[error("the request body is too large")]
    PayloadTooLarge,
    /// Too many attempts; 429 with a `Retry-After` of this many seconds.
    #[error("too many attempts, try again in {0} seconds")]
    TooManyRequests(u64),
    /// The database could not be reached or failed.
    #[error(transparent)]
    Db(#[from] DbError),
    /// Anything else that went wrong on our side.
    #[error("{0}")]
    Internal(String),
}

impl AppError {
    /// A 429 that asks the client to wait `wait`.
    pub fn too_many(wait: chrono::Duration) -> Self {
        AppError::TooManyRequests(crate::auth::rate::retry_after_seconds(wait))
    }

    /// A 409 for a refused state change.
    pub fn conflict(message: impl Into<String>, current: Option<&str>) -> Self {
        AppError::Conflict { message: message.into(), current_status: current.map(str::to_string) }
    }

    /// A 422 for a single field.
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        AppError::Validation(vec![FieldError::new(field, reason)])
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        AppError::Db(DbError::Query(e))
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        AppError::Internal(format!("blocking pool: {e}"))
    }
}

/// The problem+json body.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem.
    #[serde(rename = "type")]
    pub kind: String,
    /// A short summary.
    pub title: String,
    /// The HTTP status.
    pub status: u16,
    /// What happened, for a person.
    pub detail: String,
    /// Field-level reasons for a 422.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// The current state for a 409.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_status: Option<String>,
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Unauthorized | AppError::BadCredentials => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Conflict { .. } => StatusCode::CONFLICT,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Db(DbError::Query(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            ))) => StatusCode::CONFLICT,
            AppError::Db(_) | AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        let detail = if status == StatusCode::INTERNAL_SERVER_ERROR {
            tracing::error!(error = %self, cause = ?self, "request failed");
            "something went wrong on our side; it has been logged".to_string()
        } else if status == StatusCode::CONFLICT && matches!(self, AppError::Db(_)) {
            "this conflicts with something that already exists".to_string()
        } else {
            self.to_string()
        };
        let (errors, current_status) = match self {
            AppError::Validation(errors) => (errors.clone(), None),
            AppError::Conflict { current_status, .. } => (Vec::new(), current_status.clone()),
            _ => (Vec::new(), None),
        };
        let title = status.canonical_reason().unwrap_or("Error").to_string();
        let problem =
            Problem { kind: "about:blank".to_string(), title, status: status.as_u16(), detail, errors, current_status };
        let body = serde_json::to_string(&problem).unwrap_or_default();
        let mut response = HttpResponse::build(status);
        response.content_type("application/problem+json");
        if let AppError::TooManyRequests(seconds) = self {
            response.insert_header(("Retry-After", seconds.to_string()));
        }
        response.body(body)
    }
}
