//! Problems in the reader's language: an error answer (problem+json) to a request whose
//! `Accept-Language` prefers Chinese is written again from its messages (kept by
//! `http::error` in the answer's extensions) in Chinese: `title`, `detail` and every field
//! `reason`. No text is ever matched; the pages send their chosen language with every call.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderMap, ACCEPT_LANGUAGE};
use actix_web::middleware::Next;

use crate::http::error::ProblemMessages;
use crate::i18n::Lang;

/// The language a request asks for (English when it names none of ours).
pub fn request_lang(headers: &HeaderMap) -> Lang {
    named_lang(headers).unwrap_or(Lang::En)
}

/// The language a request names, when it names one (`None` without `Accept-Language`).
pub fn named_lang(headers: &HeaderMap) -> Option<Lang> {
    headers.get(ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).map(Lang::from_accept_language)
}

/// Writes problem answers in the reader's language; everything else passes untouched.
pub async fn localize_problems(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let lang = request_lang(req.headers());
    let res = next.call(req).await?.map_into_boxed_body();
    if lang == Lang::En {
        return Ok(res);
    }
    let Some(body) = res.response().extensions().get::<ProblemMessages>().map(|p| p.body(lang)) else {
        return Ok(res);
    };
    Ok(res.map_body(|_, _| BoxBody::new(body)))
}
