//! Evidence on site and after: the quote signed on the technician's phone, the tracking QR
//! code, the payment, the signature's image, and the customer's fapiao requests as the
//! managers see them (the receipt is in `receipt`).

use actix_web::http::header::{self, CacheControl, CacheDirective};
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use crate::app::error::AppError;
use crate::app::evidence::invoice::{self, InvoiceInput, InvoiceList, InvoiceView};
use crate::app::evidence::payment::{self, PaymentInput, PaymentView};
use crate::app::evidence::qr::{self, TrackingQr};
use crate::app::evidence::signature::{self, SignedApproval};
use crate::auth::AuthUser;
use crate::domain::evidence::MAX_SIGNATURE_BODY;
use crate::domain::ids::VisitId;
use crate::http::json::{json_up_to, ValidJson};
use crate::http::query::ValidQuery;
use crate::http::track::bounded;
use crate::state::AppState;

/// Routes under /api.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/visits/{id}/quote/approve-on-site", web::post().to(approve_on_site))
        .route("/visits/{id}/tracking-qr", web::post().to(tracking_qr))
        .route("/visits/{id}/signature", web::get().to(visit_signature))
        .route("/visits/{id}/payment", web::post().to(record_payment))
        .route("/track/{token}/signature", web::get().to(tracked_signature))
        .route("/track/{token}/invoice", web::post().to(ask_for_invoice));
}

/// Routes under /api/manage (inside its managers-only scope).
pub fn manage_routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/invoices", web::get().to(list_invoices)).route("/invoices/{id}/issued", web::post().to(mark_issued));
}

/// The customer approves the pending quote by signing on the technician's phone: the
/// signature is checked (a PNG of sane size with strokes on it) and kept as evidence; the
/// timeline says she approved on site, by name.
#[utoipa::path(post, path = "/api/visits/{id}/quote/approve-on-site", request_body = SignedApproval,
    responses((status = 204), (status = 401), (status = 403), (status = 404),
        (status = 409, description = "no quote waits for approval", body = crate::http::error::Problem),
        (status = 413, description = "a body over 290 KB"),
        (status = 422, description = "not a PNG data URL, over 200 KB, not a sane size, empty, or a name that is not 1 to 100 characters", body = crate::http::error::Problem)))]
pub async fn approve_on_site(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: AuthUser,
    id: web::Path<i64>,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    user.technician()?;
    let (visit, now) = (VisitId(id.into_inner()), state.clock.now());
    let reader = user.clone();
    // Someone else's visit is 404 before its body is read or decoded.
    state.db.read(move |c| crate::app::visits::steps::own_visit(c, &reader, visit).map(|_| ())).await?;
    let body: SignedApproval = json_up_to(&req, payload, MAX_SIGNATURE_BODY).await?;
    let signed = state.photo_uploads.decode(move || signature::check(&body)).await?;
    state.db.write(move |c| signature::approve_on_site(c, &user, visit, &signed, now)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A newly issued tracking link of the visit's request with its QR code (SVG), for the
/// customer to scan on site.
#[utoipa::path(post, path = "/api/visits/{id}/tracking-qr",
    responses((status = 201, body = TrackingQr), (status = 401), (status = 403), (status = 404), (status = 409, body = crate::http::error::Problem)))]
pub async fn tracking_qr(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    user.technician()?;
    let (visit, now) = (VisitId(id.into_inner()), state.clock.now());
    let code = state.db.write(move |c| qr::issue(c, &user, visit, now)).await?;
    Ok(HttpResponse::Created().json(qr::with_code(&state.settings.public_url, &code)?))
}

fn png_answer(png: Vec<u8>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("image/png")
        .insert_header(CacheControl(vec![CacheDirective::Private, CacheDirective::NoCache]))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .body(png)
}

/// The signature of the visit's quote (PNG), for the readers of its request: its customer's
/// account, its technician, its point's managers, admins (404 for anyone else).
#[utoipa::path(get, path = "/api/visits/{id}/signature", responses((status = 200, content_type = "image/png"), (status = 401), (status = 404)))]
pub async fn visit_signature(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let visit = VisitId(id.into_inner());
    Ok(png_answer(state.db.read(move |c| signature::image_for(c, &user, visit)).await?))
}

/// The latest signature of the request's quote (PNG), for the holder of its tracking link.
#[utoipa::path(get, path = "/api/track/{token}/signature", responses((status = 200, content_type = "image/png"), (status = 404)))]
pub async fn tracked_signature(state: web::Data<AppState>, token: web::Path<String>) -> Result<HttpResponse, AppError> {
    let token = bounded(token.into_inner())?;
    Ok(png_answer(state.db.read(move |c| signature::image_by_token(c, &token)).await?))
}

/// Records how the customer paid the visit, for exactly the amount due: by its technician,
/// once the outcome is recorded and no quote waits; once.
#[utoipa::path(post, path = "/api/visits/{id}/payment", request_body = PaymentInput,
    responses((status = 201, body = PaymentView), (status = 401), (status = 403), (status = 404),
        (status = 409, description = "nothing is due yet (no outcome, a quote waiting, nothing to pay) or it is paid already", body = crate::http::error::Problem),
        (status = 422, description = "`amount_minor` is not the amount due (the message says it), or a reference over 100 characters", body = crate::http::error::Problem)))]
pub async fn record_payment(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: ValidJson<PaymentInput>,
) -> Result<HttpResponse, AppError> {
    user.technician()?;
    let (visit, now) = (VisitId(id.into_inner()), state.clock.now());
    let paid = state.db.write(move |c| payment::record(c, &user, visit, &body.0, now)).await?;
    Ok(HttpResponse::Created().json(paid))
}

/// The customer asks for a fapiao for what she paid; the service point's managers see it.
#[utoipa::path(post, path = "/api/track/{token}/invoice", request_body = InvoiceInput,
    responses((status = 201, body = InvoiceView), (status = 404),
        (status = 409, description = "nothing paid yet, one asked for already and not issued, or asked for five times", body = crate::http::error::Problem),
        (status = 422, description = "a title that is not 1 to 100 characters, a tax id whose check character is wrong, an email that is not one", body = crate::http::error::Problem)))]
pub async fn ask_for_invoice(
    state: web::Data<AppState>,
    token: web::Path<String>,
    body: ValidJson<InvoiceInput>,
) -> Result<HttpResponse, AppError> {
    let token = bounded(token.into_inner())?;
    let now = state.clock.now();
    let asked = state.db.write(move |c| invoice::ask(c, &token, &body.0, now)).await?;
    Ok(HttpResponse::Created().json(asked))
}

/// Which service point's requests, in which state.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InvoiceQuery {
    /// Service point id; the manager's first when absent.
    pub service_point: Option<i64>,
    /// `open` or `issued`; both when absent.
    #[param(pattern = "^(open|issued)$")]
    pub state: Option<String>,
}

/// A service point's fapiao requests, open ones first, with the repair and what was paid.
#[utoipa::path(get, path = "/api/manage/invoices", params(InvoiceQuery), responses((status = 200, body = InvoiceList), (status = 401), (status = 403), (status = 422)))]
pub async fn list_invoices(
    state: web::Data<AppState>,
    user: AuthUser,
    q: ValidQuery<InvoiceQuery>,
) -> Result<HttpResponse, AppError> {
    let wanted = match q.state.as_deref() {
        None | Some("") => None,
        Some(s @ ("open" | "issued")) => Some(s.to_string()),
        Some(_) => return Err(AppError::invalid("state", msg!("must-be-open-or-issued"))),
    };
    let asked = q.service_point;
    let list = state.db.read(move |c| invoice::list(c, &user, asked, wanted.as_deref())).await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Marks a fapiao request issued (the fapiao was made out and sent): 409 when it was already.
#[utoipa::path(post, path = "/api/manage/invoices/{id}/issued",
    responses((status = 200, body = InvoiceView), (status = 401), (status = 403), (status = 404), (status = 409, body = crate::http::error::Problem)))]
pub async fn mark_issued(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let (id, now) = (id.into_inner(), state.clock.now());
    let issued = state.db.write(move |c| invoice::mark_issued(c, &user, id, now)).await?;
    Ok(HttpResponse::Ok().json(issued))
}
