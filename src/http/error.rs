//! The only place where errors become HTTP answers: RFC 9457 problem+json with explicit
//! statuses, and an opaque 500 whose whole cause chain is logged.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

use crate::app::error::AppError;
use crate::db::DbError;
use crate::domain::error::FieldError;
use crate::domain::lang::Lang;
use crate::domain::msg::Msg;
use crate::i18n::render;

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
    pub errors: Vec<RenderedFieldError>,
    /// The current state for a 409.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_status: Option<String>,
}

/// One refused field with its reason written out.
#[derive(Serialize)]
pub struct RenderedFieldError {
    field: String,
    reason: String,
}

/// A problem before it is written in a language: kept in the answer's extensions, so the
/// language middleware (`http::lang`) writes it for the reader from its messages.
#[derive(Clone, Debug)]
pub struct ProblemMessages {
    status: StatusCode,
    detail: Msg,
    errors: Vec<FieldError>,
    current_status: Option<String>,
}

impl ProblemMessages {
    /// The problem+json body in `lang`: English titles are the status's reason phrase, other
    /// languages get the catalog's sentence for the status.
    pub fn body(&self, lang: Lang) -> String {
        let title = match lang {
            Lang::En => self.status.canonical_reason().unwrap_or("Error").to_string(),
            _ => render(&status_title(self.status), lang),
        };
        let problem = Problem {
            kind: "about:blank".to_string(),
            title,
            status: self.status.as_u16(),
            detail: render(&self.detail, lang),
            errors: self
                .errors
                .iter()
                .map(|e| RenderedFieldError { field: e.field.clone(), reason: render(&e.reason, lang) })
                .collect(),
            current_status: self.current_status.clone(),
        };
        serde_json::to_string(&problem).unwrap_or_default()
    }
}

fn status_title(status: StatusCode) -> Msg {
    match status.as_u16() {
        401 => msg!("status-401"),
        403 => msg!("status-403"),
        404 => msg!("status-404"),
        405 => msg!("status-405"),
        409 => msg!("status-409"),
        413 => msg!("status-413"),
        415 => msg!("status-415"),
        422 => msg!("status-422"),
        429 => msg!("status-429"),
        500..=599 => msg!("status-500"),
        _ => msg!("status-400"),
    }
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
            AppError::Unauthorized | AppError::BadCredentials | AppError::LinkInvalid | AppError::CodeInvalid => {
                StatusCode::UNAUTHORIZED
            }
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
            msg!("something-went-wrong-our-side-has")
        } else if status == StatusCode::CONFLICT && matches!(self, AppError::Db(_)) {
            msg!("conflicts-something-that-already-exists")
        } else {
            self.detail()
        };
        let (errors, current_status) = match self {
            AppError::Validation(errors) => (errors.clone(), None),
            AppError::Conflict { current_status, .. } => (Vec::new(), current_status.clone()),
            _ => (Vec::new(), None),
        };
        let messages = ProblemMessages { status, detail, errors, current_status };
        let body = messages.body(Lang::En);
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
        let mut response = response.body(body);
        response.extensions_mut().insert(messages);
        response
    }
}

#[cfg(test)]
mod tests {
    use actix_web::ResponseError;
    use serde_json::Value;

    use super::{chain, ProblemMessages};
    use crate::app::error::AppError;
    use crate::domain::error::FieldError;
    use crate::domain::lang::Lang;

    fn problem(e: &AppError, lang: Lang) -> Value {
        let response = e.error_response();
        let body = response.extensions().get::<ProblemMessages>().map(|p| p.body(lang)).unwrap_or_default();
        serde_json::from_str(&body).unwrap_or_default()
    }

    #[test]
    fn every_text_of_a_problem_is_written_in_the_readers_language() {
        let e = AppError::Validation(vec![
            FieldError::new("customer.phone", msg!("not-phone-number")),
            FieldError::new("customer.name", msg!("needs-least-characters", min = 2)),
        ]);
        let zh = problem(&e, Lang::Zh);
        assert_eq!(zh["title"], "有些内容需要修改");
        assert_eq!(zh["detail"], "有些内容需要修改");
        assert_eq!(zh["errors"][0]["field"], "customer.phone");
        assert_eq!(zh["errors"][0]["reason"], "不是有效的电话号码");
        assert_eq!(zh["errors"][1]["reason"], "至少需要 2 个字符");
        let en = problem(&e, Lang::En);
        assert_eq!(en["title"], "Unprocessable Entity");
        assert_eq!(en["detail"], "the request has invalid fields");
        assert_eq!(en["errors"][1]["reason"], "needs at least 2 characters");
    }

    #[test]
    fn a_missing_thing_is_named_in_the_readers_language() {
        let e = AppError::NotFound(msg!("thing-visit"));
        assert_eq!(problem(&e, Lang::Zh)["detail"], "找不到该上门");
        assert_eq!(problem(&e, Lang::En)["detail"], "visit not found");
        assert_eq!(e.to_string(), "visit not found");
    }

    #[test]
    fn the_log_keeps_every_cause() {
        let io = std::io::Error::other("disk full");
        let e = AppError::unexpected("writing the backup", io);
        assert_eq!(chain(&e), "writing the backup: disk full");
    }
}
