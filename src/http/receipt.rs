//! The receipt of a tracking link: a PDF to keep, or a printable page.

use actix_web::http::header;
use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::app::error::AppError;
use crate::app::evidence::{receipt, receipt_html, receipt_pdf};
use crate::domain::lang::Lang;
use crate::http::query::ValidQuery;
use crate::http::track::bounded;
use crate::state::AppState;

/// Routes under /api.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/track/{token}/receipt", web::get().to(get_receipt));
}

/// How the receipt is written.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReceiptQuery {
    /// `pdf` (the default) or `html` (a printable page).
    #[param(pattern = "^(pdf|html)$")]
    pub format: Option<String>,
    /// `en` or `zh-CN`; the language the repair was booked in when absent.
    #[param(pattern = "^(en|zh-CN)$")]
    pub lang: Option<String>,
}

/// The receipt once a visit is completed or paid: reference, service point and its phone,
/// technician, date, each fee line (quantity, unit price, amount, the warranty's mark), the
/// total, the payment, the signed quote and the number of photos, in the customer's
/// language. A PDF (`application/pdf`, Chinese in an embedded subset of Noto Sans CJK SC)
/// by default, a printable page with `format=html`.
#[utoipa::path(get, path = "/api/track/{token}/receipt", params(ReceiptQuery),
    responses((status = 200, description = "The receipt", content(("application/pdf"), ("text/html"))), (status = 404),
        (status = 409, description = "no visit completed and nothing paid yet", body = crate::http::error::Problem), (status = 422, body = crate::http::error::Problem)))]
pub async fn get_receipt(
    state: web::Data<AppState>,
    token: web::Path<String>,
    q: ValidQuery<ReceiptQuery>,
) -> Result<HttpResponse, AppError> {
    let token = bounded(token.into_inner())?;
    let html = match q.format.as_deref() {
        None | Some("" | "pdf") => false,
        Some("html") => true,
        Some(_) => return Err(AppError::invalid("format", msg!("must-be-pdf-or-html"))),
    };
    let lang = match q.lang.as_deref() {
        None | Some("") => None,
        Some(tag @ ("en" | "zh-CN")) => Some(Lang::of_tag(tag)),
        Some(_) => return Err(AppError::invalid("lang", msg!("must-be-en-or-zh-cn"))),
    };
    let now = state.clock.now();
    let lookup = token.clone();
    let written = state
        .db
        .read(move |c| {
            let booked = crate::db::requests::find_by_token(c, &lookup)?.map(|r| Lang::of_tag(&r.language));
            receipt::by_token(c, &lookup, lang.or(booked).unwrap_or(Lang::En), now)
        })
        .await?;
    if html {
        let pdf = format!("/api/track/{token}/receipt?lang={}", if written.lang == Lang::Zh { "zh-CN" } else { "en" });
        let page = receipt_html::render(&written, &pdf)?;
        return Ok(HttpResponse::Ok().content_type("text/html; charset=utf-8").body(page));
    }
    let name =
        format!("receipt-{}.pdf", written.reference.replace(|c: char| !c.is_ascii_alphanumeric() && c != '-', ""));
    let pdf = tokio::task::spawn_blocking(move || receipt_pdf::render(&written)).await??;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .body(pdf))
}
