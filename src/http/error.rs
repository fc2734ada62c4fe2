//! The only place where errors become HTTP answers: RFC 9457 problem+json with explicit
//! statuses, and an opaque 500 whose whole cause chain is logged.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

use crate::app::error::AppError;
use crate::db::DbError;
use crate::domain::error::FieldError;

/// One refused field, as the OpenAPI document shows it.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct FieldErrorDoc {
    /// A JSON path such as `customer.email` or `lines[2].quantity`.
    field: String,
    /// What is wrong, in words a client can show.
    reason: String,
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
    #[schema(value_type = Vec<FieldErrorDoc>)]
    pub errors: Vec<FieldError>,
    /// The current state for a 409.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_status: Option<String>,
}

/// "context: cause: cause of the cause …" for the log.
pub(crate) fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut next = error.source();
    while let Some(cause) = next {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        next = cause.source();
    }
    text
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Unauthorized | AppError::BadCredentials | AppError::LinkInvalid => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Conflict { .. } => StatusCode::CONFLICT,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            AppError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Db(DbError::Query(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            ))) => StatusCode::CONFLICT,
            AppError::Db(_) | AppError::Unexpected { .. } => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        let detail = if status == StatusCode::INTERNAL_SERVER_ERROR {
            tracing::error!(error = %chain(self), "request failed");
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
        if let AppError::Busy { retry_after, .. } = self {
            response.insert_header(("Retry-After", retry_after.to_string()));
        }
        if let AppError::MethodNotAllowed(allow) = self {
            response.insert_header(("Allow", allow.as_str()));
        }
        response.body(body)
    }
}

#[cfg(test)]
mod tests {
    use super::chain;
    use crate::app::error::AppError;

    #[test]
    fn the_log_keeps_every_cause() {
        let io = std::io::Error::other("disk full");
        let e = AppError::unexpected("writing the backup", io);
        assert_eq!(chain(&e), "writing the backup: disk full");
    }
}
