//! HEAD is answered wherever GET is: the request is routed as a GET, and the HTTP layer
//! sends the GET answer's status and headers without its body.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;

/// Routes a HEAD request as a GET (the connection still knows it was HEAD and drops the body).
pub async fn route_head_as_get(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if req.method() == Method::HEAD {
        req.head_mut().method = Method::GET;
    }
    next.call(req).await
}
