//! Checks every request passes before any handler runs: no control characters in the
//! address, and no change signed by the session cookie unless it is JSON sent by one of our
//! own pages (the cookie travels with forms that other sites, even a sibling port of the
//! same host, can make a browser send).

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{header, Method};
use actix_web::middleware::Next;
use actix_web::{web, Error, HttpMessage};

use crate::app::error::AppError;
use crate::http::extract::SESSION_COOKIE;
use crate::state::AppState;

/// True when a percent-encoded part of a URL decodes to a control character (NUL included).
/// Raw control bytes never get this far: the HTTP parser refuses them.
fn encodes_control_character(raw: &str) -> bool {
    let bytes = raw.as_bytes();
    bytes.windows(3).any(|w| {
        w[0] == b'%'
            && std::str::from_utf8(&w[1..3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .is_some_and(|b| b < 0x20 || b == 0x7f)
    })
}

/// `scheme://host[:port]` of a URL, lower-cased, without path or trailing slash.
fn origin_of(url: &str) -> String {
    let url = url.trim().to_ascii_lowercase();
    match url.split_once("://") {
        Some((scheme, rest)) => format!("{scheme}://{}", rest.split('/').next().unwrap_or_default()),
        None => url,
    }
}

/// Whether a cookie-signed change comes from our own pages: the browser says so
/// (`Sec-Fetch-Site: same-origin`), or its `Origin` is the public address or the very host
/// the request was sent to.
fn from_our_pages(req: &ServiceRequest, public_url: &str) -> bool {
    let text = |name: header::HeaderName| req.headers().get(name).and_then(|v| v.to_str().ok());
    if text(header::HeaderName::from_static("sec-fetch-site")) == Some("same-origin") {
        return true;
    }
    let Some(origin) = text(header::ORIGIN).map(origin_of) else { return false };
    if origin == origin_of(public_url) {
        return true;
    }
    let host = text(header::HOST).unwrap_or_default().to_ascii_lowercase();
    !host.is_empty() && origin.split_once("://").is_some_and(|(_, authority)| authority == host)
}

/// Whether the body's declared type is one a browser sends across sites only after a CORS
/// preflight (which this server never grants): JSON, or a photo's image type. The types a
/// plain form can send (`text/plain`, `multipart/form-data`, url-encoded) are not among them.
fn sends_preflighted_type(req: &ServiceRequest) -> bool {
    let declared = req.content_type().to_ascii_lowercase();
    let photo = declared.starts_with("image/") || declared == "application/octet-stream";
    declared == "application/json" || (photo && req.path().ends_with("/photos"))
}

/// Refuses what must not reach a handler; see the module's comment. A refusal is answered
/// here as problem+json, so the outer layers (headers, metrics) see it like any answer.
pub async fn check_request<B: MessageBody>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B>>, Error> {
    match refusal(&req) {
        Some(error) => Ok(req.error_response(error).map_into_right_body()),
        None => next.call(req).await.map(ServiceResponse::map_into_left_body),
    }
}

fn refusal(req: &ServiceRequest) -> Option<AppError> {
    if encodes_control_character(req.path()) || encodes_control_character(req.query_string()) {
        return Some(AppError::BadRequest(msg!("address-contains-control-character")));
    }
    let changes = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let by_cookie = req.headers().get(header::AUTHORIZATION).is_none() && req.cookie(SESSION_COOKIE).is_some();
    if !(changes && by_cookie) {
        return None;
    }
    if !sends_preflighted_type(req) {
        return Some(AppError::UnsupportedMediaType(msg!("change-made-session-cookie-must-sent-or-photo")));
    }
    let public_url = req.app_data::<web::Data<AppState>>().map(|s| s.settings.public_url.clone());
    if !from_our_pages(req, public_url.as_deref().unwrap_or_default()) {
        return Some(AppError::Forbidden(msg!("change-made-session-cookie-must-come")));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{encodes_control_character, origin_of};

    #[test]
    fn control_characters_in_addresses() {
        assert!(encodes_control_character("/api/track/a%00b"));
        assert!(encodes_control_character("q=%0a"));
        assert!(encodes_control_character("q=%7F"));
        assert!(!encodes_control_character("/api/track/a%20b"));
        assert!(!encodes_control_character("q=%e4%bd%a0"));
        assert!(!encodes_control_character("q=100%"));
    }

    #[test]
    fn origins() {
        assert_eq!(origin_of("https://Repair.example.com/"), "https://repair.example.com");
        assert_eq!(origin_of("http://127.0.0.1:8080/track/x"), "http://127.0.0.1:8080");
    }
}
