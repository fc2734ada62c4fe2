//! A QR code of the customer's tracking page, for the technician to show on site: she scans
//! it and approves the quote (or reads the receipt) on her own phone. Each code is a newly
//! issued short tracking link, like the one her text messages carry.

use chrono::{DateTime, Utc};
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};
use serde::Serialize;
use utoipa::ToSchema;

use crate::app::error::AppError;
use crate::app::visits::steps::own_visit;
use crate::auth::AuthUser;
use crate::db::{links, DbConnection};
use crate::domain::ids::VisitId;
use crate::domain::visit_state::VisitStatus;

/// The customer's tracking link and its QR code.
#[derive(Serialize, ToSchema)]
pub struct TrackingQr {
    /// The tracking page (a short link, `/t/{code}`).
    pub tracking_url: String,
    /// The QR code of `tracking_url` as an SVG image.
    pub qr_svg: String,
}

/// Issues a tracking link of the visit's request for its technician (404 for anyone else's
/// visit; 409 once the visit is cancelled). Returns the link.
pub fn issue(
    conn: &mut DbConnection,
    user: &AuthUser,
    visit_id: VisitId,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let (visit, request) = own_visit(conn, user, visit_id)?;
    if visit.state() == Some(VisitStatus::Cancelled) {
        return Err(AppError::conflict(msg!("visit-cancelled-no-link"), Some(&request.status)));
    }
    Ok(links::issue_short(conn, request.id, now.naive_utc())?)
}

/// The link at `public_url` with its QR code (error correction M, black on white).
pub fn with_code(public_url: &str, code: &str) -> Result<TrackingQr, AppError> {
    let tracking_url = format!("{}/t/{code}", public_url.trim_end_matches('/'));
    let qr = QrCode::with_error_correction_level(tracking_url.as_bytes(), EcLevel::M)
        .map_err(|e| AppError::unexpected("making a QR code", e))?;
    let qr_svg = qr.render::<svg::Color<'_>>().min_dimensions(220, 220).quiet_zone(true).build();
    Ok(TrackingQr { tracking_url, qr_svg })
}
