//! The customer approves the quote on the technician's phone by signing with a finger. The
//! signature is a PNG (checked from its header, decoded within a memory limit, re-encoded,
//! so nothing but its pixels is kept) stored in the database beside the photos: every
//! instance serves it, a backup holds it, and it is shown on the tracking page and the
//! receipt. The timeline says the quote was approved on site, and by whom.

use std::io::Cursor;

use chrono::{DateTime, Utc};
use image::codecs::png::PngEncoder;
use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageFormat, ImageReader, Limits};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::access::may_read;
use crate::app::error::AppError;
use crate::app::lifecycle::{self, Actor};
use crate::app::visits::steps::own_visit;
use crate::auth::AuthUser;
use crate::db::evidence::{self, SignatureMeta, SignatureRow};
use crate::db::{requests, visits, DbConnection};
use crate::domain::evidence::{signature_png, signature_size_refusal, SIGNATURE_DECODE_ALLOC, SIGNATURE_MAX_SIDE};
use crate::domain::ids::{new_id, VisitId};
use crate::domain::text::{self, Checks};
use crate::domain::visit_state::QuoteStatus;

/// The fewest drawn pixels a signature has: an empty canvas is not a signature.
const MIN_INKED_PIXELS: usize = 30;

/// The customer's approval, signed on the technician's phone.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignedApproval {
    /// The signature as `data:image/png;base64,...`: a PNG of at most 200 KB, 16 to 4000 px a
    /// side and at most 4 megapixels, with strokes on it.
    #[schema(max_length = 280_000, pattern = r"^data:image/png;base64,[A-Za-z0-9+/]+={0,2}$")]
    pub signature_png: String,
    /// The signer's name, as she writes it (1 to 100 characters, one line).
    #[schema(
        min_length = 1,
        max_length = 100,
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
    )]
    pub name: String,
}

/// A signature checked and re-encoded, ready to store.
pub struct Signature {
    pub name: String,
    pub png: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// A signature as the request's readers see it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct SignatureView {
    /// Who signed, as she wrote it.
    pub name: String,
    /// When.
    pub signed_at: DateTime<Utc>,
    /// What the quote came to when she signed it.
    pub amount: crate::domain::fees::Money,
    /// The image (PNG), on the reader's own route.
    pub url: String,
    /// The visit whose quote it approved.
    pub visit_id: i64,
}

/// The view of a stored signature, its image at `url`.
pub fn signature_view(s: &SignatureMeta, url: String) -> SignatureView {
    SignatureView {
        name: s.signer_name.clone(),
        signed_at: s.signed_at.and_utc(),
        amount: crate::domain::fees::Money { amount_minor: s.amount_minor, currency: s.currency.clone() },
        url,
        visit_id: s.visit_id,
    }
}

fn unreadable(e: impl std::fmt::Display) -> AppError {
    AppError::invalid("signature_png", msg!("image-could-not-read", cause = e.to_string()))
}

/// Checks the fields and the image: a PNG by its first bytes, of sane dimensions read from
/// its header, decoded within [`SIGNATURE_DECODE_ALLOC`], with ink on it; re-encoded as PNG.
/// CPU-bound: run it on a decoder, outside any transaction.
pub fn check(input: &SignedApproval) -> Result<Signature, AppError> {
    let mut c = Checks::default();
    let name = c.take(text::line("name", &input.name, 1, 100));
    let bytes = c.take(signature_png("signature_png", &input.signature_png));
    c.finish()?;
    let (Some(name), Some(bytes)) = (name, bytes) else {
        return Err(AppError::internal("checks passed without values"));
    };
    let mut reader = ImageReader::with_format(Cursor::new(&bytes), ImageFormat::Png);
    let mut limits = Limits::default();
    limits.max_image_width = Some(SIGNATURE_MAX_SIDE);
    limits.max_image_height = Some(SIGNATURE_MAX_SIDE);
    limits.max_alloc = Some(SIGNATURE_DECODE_ALLOC);
    reader.limits(limits);
    let decoder = reader.into_decoder().map_err(unreadable)?;
    let (width, height) = decoder.dimensions();
    if let Some(reason) = signature_size_refusal(width, height) {
        return Err(AppError::invalid("signature_png", reason));
    }
    let rgba = DynamicImage::from_decoder(decoder).map_err(unreadable)?.into_rgba8();
    let inked = rgba.pixels().filter(|p| p.0[3] > 32 && (p.0[0] < 200 || p.0[1] < 200 || p.0[2] < 200)).count();
    if inked < MIN_INKED_PIXELS {
        return Err(AppError::invalid("signature_png", msg!("signature-empty")));
    }
    let mut png = Vec::new();
    PngEncoder::new(&mut png)
        .write_image(rgba.as_raw(), width, height, image::ExtendedColorType::Rgba8)
        .map_err(|e| AppError::unexpected("encoding a signature as PNG", e))?;
    Ok(Signature { name, png, width, height })
}

/// Approves the visit's pending quote with the customer's signature: by the visit's
/// technician (404 for anyone else's visit), 409 when no quote waits.
pub fn approve_on_site(
    conn: &mut DbConnection,
    user: &AuthUser,
    visit_id: VisitId,
    signature: &Signature,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let (mut visit, request) = own_visit(conn, user, visit_id)?;
    if visit.quote() != QuoteStatus::Pending {
        return Err(AppError::conflict(msg!("there-no-quote-waiting-approval"), Some(&request.status)));
    }
    let currency = crate::app::points::point_context(conn, request.service_point_id)?.point.currency;
    let amount = visits::lines(conn, &[visit.id])?.iter().map(|l| l.billable_minor).sum();
    visit.quote_status = QuoteStatus::Approved.as_str().into();
    visit.quote_approved_at = Some(now.naive_utc());
    visits::save(conn, &visit)?;
    evidence::insert_signature(
        conn,
        &SignatureRow {
            id: new_id(),
            visit_id: visit.id,
            request_id: request.id,
            signer_name: signature.name.clone(),
            png: signature.png.clone(),
            width: i32::try_from(signature.width).unwrap_or(i32::MAX),
            height: i32::try_from(signature.height).unwrap_or(i32::MAX),
            technician_id: visit.technician_id,
            amount_minor: amount,
            currency,
            signed_at: now.naive_utc(),
        },
    )?;
    lifecycle::note(
        conn,
        request.id,
        &Actor::customer(request.customer_user_id),
        "quote_approved",
        msg!("customer-approved-quote-on-site", name = &signature.name),
        None,
        now,
    )
}

/// The latest signature of the request of a tracking link (404 when none).
pub fn image_by_token(conn: &mut DbConnection, token: &str) -> Result<Vec<u8>, AppError> {
    let r = requests::find_by_token(conn, token)?.ok_or(AppError::NotFound(msg!("thing-signature")))?;
    let (_, png) =
        evidence::latest_signature(conn, Some(r.id), None)?.ok_or(AppError::NotFound(msg!("thing-signature")))?;
    Ok(png)
}

/// The latest signature of a visit's quote, for the readers of its request (its customer's
/// account, its technician, its point's managers, admins); 404 for anyone else.
pub fn image_for(conn: &mut DbConnection, user: &AuthUser, visit_id: VisitId) -> Result<Vec<u8>, AppError> {
    let missing = || AppError::NotFound(msg!("thing-signature"));
    let (request_id, png) = evidence::latest_signature(conn, None, Some(visit_id.get()))?.ok_or_else(missing)?;
    let r = requests::find(conn, request_id)?.ok_or_else(missing)?;
    if !may_read(conn, user, &r)? {
        return Err(missing());
    }
    Ok(png)
}
