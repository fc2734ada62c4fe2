//! Photos of a request: where an upload goes and whether it may (a short read before the
//! slow decoding), storing it (one short write), listing them and reading one back, each
//! for the request's customer, its technician and its point's managers only.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::app::access::may_read;
use crate::app::error::AppError;
use crate::app::lifecycle::{self, Actor};
use crate::app::photos::images::Processed;
use crate::auth::AuthUser;
use crate::db::photos::{self, NewPhoto, PhotoMeta};
use crate::db::{requests, visits, DbConnection};
use crate::domain::ids::{new_token, VisitId};
use crate::domain::msg::Msg;
use crate::domain::photo::{Stage, TakenBy, MAX_CUSTOMER_PHOTOS, MAX_TECHNICIAN_PHOTOS};
use crate::domain::role::Role;
use crate::domain::status::RequestStatus;
use crate::domain::visit_state::VisitStatus;

/// A stored photo's addresses, as the upload answers them.
#[derive(Serialize, ToSchema)]
pub struct Uploaded {
    /// Random and unguessable (256 bits).
    pub id: String,
    /// The re-encoded image (JPEG, at most 2048 px on the long side, no EXIF).
    pub url: String,
    /// The thumbnail (JPEG, at most 320 px on the long side).
    pub thumbnail_url: String,
}

/// A photo as listed with its request.
#[derive(Clone, Serialize, ToSchema)]
pub struct PhotoView {
    pub id: String,
    pub url: String,
    pub thumbnail_url: String,
    /// customer or technician.
    pub taken_by: String,
    /// booking, follow_up (the customer's), before or after (the technician's).
    pub stage: String,
    /// The visit a technician's photo was taken on.
    pub visit_id: Option<i64>,
    pub created_at: DateTime<Utc>,
}

/// Where an accepted upload goes.
#[derive(Clone, Copy, Debug)]
pub struct Target {
    pub request_id: i64,
    pub visit_id: Option<i64>,
    pub taken_by: TakenBy,
    pub stage: Stage,
    /// The user adding it: the request's customer, or the visit's technician.
    pub by_user: i64,
    /// The photos of this place stored when the target was read.
    pub stored: i64,
}

/// The addresses of a photo: on the tracking token for its holder (an `<img>` cannot send
/// a bearer token), else for a signed-in reader.
fn urls(id: &str, link: Option<&str>) -> (String, String) {
    let url = match link {
        Some(token) => format!("/api/track/{token}/photos/{id}"),
        None => format!("/api/photos/{id}"),
    };
    (url.clone(), format!("{url}/thumbnail"))
}

/// The upload's answer.
pub fn uploaded(id: String, link: Option<&str>) -> Uploaded {
    let (url, thumbnail_url) = urls(&id, link);
    Uploaded { id, url, thumbnail_url }
}

fn view(p: PhotoMeta, link: Option<&str>) -> PhotoView {
    let (url, thumbnail_url) = urls(&p.id, link);
    PhotoView {
        id: p.id,
        url,
        thumbnail_url,
        taken_by: p.taken_by,
        stage: p.stage,
        visit_id: p.visit_id,
        created_at: p.created_at.and_utc(),
    }
}

/// The photos of these requests, oldest first, with the addresses for this reader.
pub fn views_of(
    conn: &mut DbConnection,
    request_ids: &[i64],
    link: Option<&str>,
) -> Result<Vec<(i64, PhotoView)>, AppError> {
    Ok(photos::of_requests(conn, request_ids)?.into_iter().map(|p| (p.request_id, view(p, link))).collect())
}

/// The most photos of a target's place (its request, or its visit and stage), and the place
/// in words.
pub fn limit_of(t: &Target) -> (i64, Msg) {
    match t.taken_by {
        TakenBy::Customer => (MAX_CUSTOMER_PHOTOS, msg!("photos-per-request")),
        TakenBy::Technician => (MAX_TECHNICIAN_PHOTOS, msg!("photos-per-visit-and-stage")),
    }
}

/// The photos stored in the target's place, or 409 when it is full.
fn room_left(conn: &mut DbConnection, t: &Target) -> Result<i64, AppError> {
    let (max, per) = limit_of(t);
    let stored = photos::count(conn, t.request_id, t.visit_id, t.stage.as_str())?;
    if stored >= max {
        return Err(AppError::conflict(msg!("at-most-photos-per", max = max, per = per), None));
    }
    Ok(stored)
}

/// Where the customer's upload on a tracking link goes: the fault of the booking, or of the
/// follow-up this request is; refused once the request is closed or cancelled, or full.
pub fn customer_target(conn: &mut DbConnection, token: &str) -> Result<Target, AppError> {
    let r = requests::find_by_token(conn, token)?.ok_or(AppError::NotFound(msg!("thing-request")))?;
    if matches!(RequestStatus::parse(&r.status), Some(RequestStatus::Closed | RequestStatus::Cancelled)) {
        return Err(AppError::conflict(
            msg!(
                "photos-cannot-added-request-now",
                state = RequestStatus::parse(&r.status).map_or(msg!("request-state-closed"), RequestStatus::words)
            ),
            Some(&r.status),
        ));
    }
    let stage = if r.follow_up_of.is_some() { Stage::FollowUp } else { Stage::Booking };
    let mut target = Target {
        request_id: r.id,
        visit_id: None,
        taken_by: TakenBy::Customer,
        stage,
        by_user: r.customer_user_id,
        stored: 0,
    };
    target.stored = room_left(conn, &target)?;
    Ok(target)
}

/// Where a technician's upload goes: their own visit, while it is to happen or happening.
pub fn technician_target(
    conn: &mut DbConnection,
    user: &AuthUser,
    visit_id: VisitId,
    stage: Stage,
) -> Result<Target, AppError> {
    let tech = user.technician()?;
    let visit = visits::find(conn, visit_id.get())?
        .filter(|v| v.technician_id == Some(tech))
        .ok_or(AppError::NotFound(msg!("thing-visit")))?;
    if !matches!(visit.state(), Some(VisitStatus::Planned | VisitStatus::EnRoute | VisitStatus::OnSite)) {
        return Err(AppError::conflict(
            msg!(
                "photos-cannot-added-visit-now",
                state = visit.state().map_or(msg!("request-state-closed"), VisitStatus::words)
            ),
            Some(&visit.status),
        ));
    }
    let mut target = Target {
        request_id: visit.request_id,
        visit_id: Some(visit.id),
        taken_by: TakenBy::Technician,
        stage,
        by_user: user.id,
        stored: 0,
    };
    target.stored = room_left(conn, &target)?;
    Ok(target)
}

/// Stores a processed photo and puts it on the request's timeline; the limit is checked
/// again with the request's row locked, so two uploads at once cannot both take the last
/// place.
pub fn store(conn: &mut DbConnection, t: &Target, p: &Processed, now: DateTime<Utc>) -> Result<String, AppError> {
    requests::lock(conn, t.request_id)?;
    room_left(conn, t)?;
    let id = new_token();
    photos::insert(
        conn,
        &NewPhoto {
            id: &id,
            request_id: t.request_id,
            visit_id: t.visit_id,
            taken_by: t.taken_by.as_str(),
            stage: t.stage.as_str(),
            bytes: &p.full,
            thumbnail: &p.thumbnail,
            created_at: now.naive_utc(),
        },
    )?;
    let actor = match t.taken_by {
        TakenBy::Customer => Actor::customer(t.by_user),
        TakenBy::Technician => Actor { user_id: Some(t.by_user), role: Role::Technician.as_str() },
    };
    let detail = match t.stage {
        Stage::Booking | Stage::FollowUp => msg!("photo-fault-added"),
        Stage::Before => msg!("photo-before-work-added"),
        Stage::After => msg!("photo-after-work-added"),
    };
    lifecycle::note(conn, t.request_id, &actor, "photo_added", detail, None, now)?;
    Ok(id)
}

/// An image for the holder of the request's tracking link: (content type, bytes).
pub fn image_by_token(
    conn: &mut DbConnection,
    token: &str,
    photo: &str,
    thumbnail: bool,
) -> Result<(String, Vec<u8>), AppError> {
    let r = requests::find_by_token(conn, token)?.ok_or(AppError::NotFound(msg!("thing-photo")))?;
    match photos::image(conn, photo, thumbnail)? {
        Some((request_id, content_type, bytes)) if request_id == r.id => Ok((content_type, bytes)),
        _ => Err(AppError::NotFound(msg!("thing-photo"))),
    }
}

/// An image for a signed-in reader of its request; anyone else is told it does not exist.
pub fn image_for(
    conn: &mut DbConnection,
    user: &AuthUser,
    photo: &str,
    thumbnail: bool,
) -> Result<(String, Vec<u8>), AppError> {
    let (request_id, content_type, bytes) =
        photos::image(conn, photo, thumbnail)?.ok_or(AppError::NotFound(msg!("thing-photo")))?;
    let r = requests::find(conn, request_id)?.ok_or(AppError::NotFound(msg!("thing-photo")))?;
    if !may_read(conn, user, &r)? {
        return Err(AppError::NotFound(msg!("thing-photo")));
    }
    Ok((content_type, bytes))
}
