//! What caches may keep: nothing of the API unless an answer says otherwise. Its answers are
//! private (a tracking view, a customer's record, a technician's day, a manager's board) and
//! must not stay in a shared browser's cache or a proxy after the page is closed.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;

/// Adds `Cache-Control: no-store` to every `/api/` answer that sets no `Cache-Control` of its
/// own (photos say `private` themselves).
pub async fn no_store_on_api(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let api = req.path().starts_with("/api/");
    let mut res = next.call(req).await?;
    if api && !res.headers().contains_key(header::CACHE_CONTROL) {
        res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    Ok(res)
}
