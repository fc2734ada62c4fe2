//! The JSON body extractor: bounded size, and type errors reported with the field's path.

use std::future::Future;
use std::pin::Pin;

use actix_web::{dev::Payload, FromRequest, HttpRequest};
use futures_util::StreamExt;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::app::error::AppError;
use crate::domain::error::FieldError;

/// The largest JSON body any endpoint accepts.
pub const MAX_BODY: usize = 64 * 1024;

/// A JSON body of type `T`, at most [`MAX_BODY`] bytes, declared `application/json`.
pub struct ValidJson<T>(pub T);

/// True when a JSON text holds the escape `\u0000` inside a string. No field of fieldfix
/// may hold a NUL character, and PostgreSQL cannot store one in text, so such a body is
/// refused before it reaches any rule or query. (A raw NUL byte is not valid JSON at all.)
fn has_escaped_nul(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' {
            if bytes.get(i + 1) == Some(&b'u') && bytes.get(i + 2..i + 6) == Some(b"0000".as_slice()) {
                return true;
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    false
}

/// Parses JSON bytes into `T`, naming the field that failed.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(AppError::BadRequest(msg!("json-body-required")));
    }
    if has_escaped_nul(bytes) {
        return Err(AppError::BadRequest(msg!("body-contains-nul-character-u0000-which")));
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_json::Value::deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v))
        .map_err(|e| AppError::BadRequest(msg!("body-not-valid-json", cause = e.to_string())))?;
    serde_path_to_error::deserialize::<_, T>(integral(value)).map_err(|e| {
        let path = e.path().to_string();
        let field = if path == "." { "body".to_string() } else { path };
        let reason = crate::http::query::parser_reason(&e.into_inner().to_string());
        AppError::Validation(vec![FieldError::new(field, reason)])
    })
}

/// Writes every number with no fractional part (`4.0`) as the integer it is: JSON Schema,
/// and so the OpenAPI document, counts it as an integer, and integer fields take it.
fn integral(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 9.0e15 => Value::from(f as i64),
            _ => Value::Number(n),
        },
        Value::Array(items) => Value::Array(items.into_iter().map(integral).collect()),
        Value::Object(fields) => Value::Object(fields.into_iter().map(|(k, v)| (k, integral(v))).collect()),
        other => other,
    }
}

/// Refuses (415) a body not declared `application/json`: a cross-site form can send
/// `text/plain` holding JSON without a preflight, and with no session cookie the guard in
/// front lets it through (a forged sign-in into the attacker's account, for one).
pub fn require_json(req: &HttpRequest) -> Result<(), AppError> {
    let declared = req.headers().get(actix_web::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
    let essence = declared.unwrap_or_default().split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    if essence == "application/json" {
        Ok(())
    } else {
        Err(AppError::UnsupportedMediaType(msg!("send-body-as-json")))
    }
}

/// Reads a payload up to `limit` bytes; more is a 413.
pub async fn read_body(mut payload: Payload, limit: usize) -> Result<Vec<u8>, AppError> {
    let mut body = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| AppError::BadRequest(msg!("reading-body", cause = e.to_string())))?;
        if body.len() + chunk.len() > limit {
            return Err(AppError::PayloadTooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// A JSON body larger than [`MAX_BODY`] allows, read from `payload` up to `limit` bytes
/// (413 beyond, from its `Content-Length` before it is read), for the one route that takes
/// an image inside its JSON (a signature).
pub async fn json_up_to<T: DeserializeOwned>(
    req: &HttpRequest,
    payload: actix_web::web::Payload,
    limit: usize,
) -> Result<T, AppError> {
    require_json(req)?;
    let declared = req
        .headers()
        .get(actix_web::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(AppError::PayloadTooLarge);
    }
    parse_json(&read_body(payload.into_inner(), limit).await?)
}

impl<T: DeserializeOwned + 'static> FromRequest for ValidJson<T> {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let declared = req
            .headers()
            .get(actix_web::http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        let json = require_json(req);
        let payload = payload.take();
        Box::pin(async move {
            json?;
            if declared.is_some_and(|n| n > MAX_BODY) {
                return Err(AppError::PayloadTooLarge);
            }
            let bytes = read_body(payload, MAX_BODY).await?;
            parse_json(&bytes).map(ValidJson)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{has_escaped_nul, parse_json};

    #[test]
    fn integer_fields_take_numbers_without_a_fraction() {
        #[derive(serde::Deserialize)]
        struct Stars {
            stars: i32,
        }
        assert_eq!(parse_json::<Stars>(br#"{"stars": 4.0}"#).map(|s| s.stars).ok(), Some(4));
        assert!(parse_json::<Stars>(br#"{"stars": 4.5}"#).is_err());
        assert!(parse_json::<Stars>(br#"{"stars": 4} x"#).is_err(), "trailing input is not JSON");
    }

    #[test]
    fn finds_only_real_nul_escapes() {
        assert!(has_escaped_nul(br#"{"email":"a\u0000b@x.cn"}"#));
        assert!(has_escaped_nul(br#"["\\\u0000"]"#), "an escaped backslash, then the NUL escape");
        assert!(!has_escaped_nul(br#"{"note":"a\\u0000 is how JSON writes NUL"}"#), "a literal backslash");
        assert!(!has_escaped_nul(br#"{"a":"\u0001"}"#));
    }
}
