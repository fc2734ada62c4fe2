//! Follow-up requests: a new request linked to a completed repair whose fault came back,
//! free of charge within the service point's rework period, one open at a time, with its own
//! tracking link mailed to the customer and offers going out (the same technician first).
//! The customer opens one on their tracking link; a manager opens one for them when the
//! customer says on the next-day call that they are not satisfied.

use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::app::booking::book::{booked_answer, new_visit, Booked};
use crate::app::error::AppError;
use crate::app::lifecycle::{self, Actor};
use crate::app::planning::dispatching;
use crate::app::points::point_context;
use crate::db::links::{self, LinkKind};
use crate::db::requests::{self, RequestRow};
use crate::db::{visits, DbConnection};
use crate::domain::ids::{new_id, new_reference, new_token, token_hash};
use crate::domain::promise::add_business_minutes;
use crate::domain::status::RequestStatus;
use crate::domain::text;

/// The customer's wish to open a follow-up.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowUpInput {
    /// What is wrong now.
    #[schema(
        min_length = 3,
        max_length = 4000,
        pattern = r"^[^\x00-\x08\x0b-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x08\x0b-\x1f\x7f-\x9f]+[^\s\x00-\x1f\x7f-\x9f][^\x00-\x08\x0b-\x1f\x7f-\x9f]*$"
    )]
    pub problem: String,
}

/// Whether a follow-up may be opened on a repair now.
pub enum Openable {
    /// It may; the technician of the last completed visit is asked first.
    Yes { previous_technician: Option<i64> },
    /// It may not, and the 409 says why in words.
    No(AppError),
}

/// The rules: the repair is completed (or closed), no earlier follow-up of it is still open,
/// and its rework period (from the last completed visit) has not ended.
pub fn openable(conn: &mut DbConnection, original: &RequestRow, now: DateTime<Utc>) -> Result<Openable, AppError> {
    let status = lifecycle::status_of(original)?;
    if !matches!(status, RequestStatus::Completed | RequestStatus::Closed) {
        return Ok(Openable::No(AppError::conflict(msg!("follow-up-can-opened-once-repair"), Some(status.as_str()))));
    }
    if let Some(open) = requests::follow_ups_of(conn, original.id)?
        .into_iter()
        .find(|f| lifecycle::status_of(f).is_ok_and(|s| !s.is_finished()))
    {
        return Ok(Openable::No(AppError::conflict(
            msg!("follow-up-repair-still-open-tracked", reference = open.reference),
            Some(status.as_str()),
        )));
    }
    let ctx = point_context(conn, original.service_point_id)?;
    let last = visits::of_request(conn, original.id)?.into_iter().rev().find(|v| v.completed_at.is_some());
    let completed_at = last.as_ref().and_then(|v| v.completed_at).map(|t| t.and_utc()).unwrap_or(now);
    let rework_ends = completed_at + Duration::days(i64::from(ctx.point.rework_days));
    if now > rework_ends {
        return Ok(Openable::No(AppError::conflict(
            msg!("rework-period-repair-ended-please-book", date = crate::domain::time::local_text(rework_ends, ctx.tz)),
            Some(status.as_str()),
        )));
    }
    Ok(Openable::Yes { previous_technician: last.and_then(|v| v.technician_id) })
}

/// A stored follow-up and the raw token of its tracking link.
pub struct Opened {
    pub request: RequestRow,
    pub token: String,
}

/// Opens a follow-up of `original` that [`openable`] allowed, on behalf of `actor`: the new
/// request with its promises, tracking link and first visit, an event on both requests,
/// offers out, and the customer's mail with the new tracking link.
fn open(
    conn: &mut DbConnection,
    original: &RequestRow,
    problem: String,
    previous_technician: Option<i64>,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Opened, AppError> {
    let ctx = point_context(conn, original.service_point_id)?;
    let policy = &ctx.point.promise_policy;
    let respond_by = add_business_minutes(now, policy.respond_minutes, &policy.business_hours, ctx.tz);
    let arrive_by = add_business_minutes(now, policy.arrive_minutes, &policy.business_hours, ctx.tz);
    let resolve_by = add_business_minutes(now, policy.resolve_minutes, &policy.business_hours, ctx.tz);
    let token = new_token();
    let mut request = RequestRow {
        id: new_id(),
        reference: new_reference(),
        tracking_token: token_hash(&token),
        problem,
        window_start: None,
        window_end: None,
        status: RequestStatus::Submitted.as_str().into(),
        respond_by: respond_by.naive_utc(),
        arrive_by: arrive_by.naive_utc(),
        resolve_by: resolve_by.max(arrive_by + Duration::hours(1)).naive_utc(),
        follow_up_of: Some(original.id),
        free_of_charge: true,
        created_at: now.naive_utc(),
        updated_at: now.naive_utc(),
        booked_services: "[]".into(),
        ..original.clone()
    };
    requests::insert(conn, &request)?;
    links::insert(conn, &request.tracking_token, LinkKind::Track, request.id, None, now.naive_utc())?;
    let visit = new_visit(request.id, 1, now);
    visits::insert(conn, &visit)?;
    let detail = msg!("follow-up-free-charge-within-rework", reference = &original.reference);
    lifecycle::note(conn, request.id, actor, "booked", detail, None, now)?;
    let detail = msg!("follow-up-opened", reference = &request.reference);
    lifecycle::note(conn, original.id, actor, "follow_up", detail, None, now)?;
    dispatching::send_offers(conn, &mut request, &visit, previous_technician, now)?;
    crate::app::notices::follow_up_opened(conn, &request, original, now)?;
    Ok(Opened { request, token })
}

/// The customer opens a follow-up on their tracking link, once per repair (a cancelled one
/// counts: staff open any further one); 409 when the rules say no.
pub fn open_by_token(
    conn: &mut DbConnection,
    token: &str,
    input: &FollowUpInput,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<Booked, AppError> {
    let problem = text::bounded("problem", &input.problem, 3, 4000).map_err(|e| AppError::Validation(vec![e]))?;
    let original = requests::find_by_token(conn, token)?.ok_or(AppError::NotFound(msg!("thing-request")))?;
    requests::lock(conn, original.id)?;
    if let Some(earlier) = requests::follow_ups_of(conn, original.id)?.first() {
        return Err(AppError::conflict(
            msg!("follow-up-already-opened-call", reference = &earlier.reference),
            Some(&original.status),
        ));
    }
    let previous = match openable(conn, &original, now)? {
        Openable::Yes { previous_technician } => previous_technician,
        Openable::No(refused) => return Err(refused),
    };
    let actor = Actor::customer(original.customer_user_id);
    let opened = open(conn, &original, problem, previous, &actor, now)?;
    let time_zone = point_context(conn, opened.request.service_point_id)?.point.time_zone;
    Ok(booked_answer(&opened.request, &time_zone, public_url, &opened.token))
}

/// A manager opens a follow-up of request `original_id` for its customer (the problem as
/// the customer told it, already checked). When the rules say no, nothing is opened and the
/// answer is the reason in words.
pub fn open_for_customer(
    conn: &mut DbConnection,
    original_id: i64,
    problem: String,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Result<RequestRow, crate::domain::msg::Msg>, AppError> {
    let original = requests::find(conn, original_id)?.ok_or(AppError::NotFound(msg!("thing-request")))?;
    requests::lock(conn, original.id)?;
    match openable(conn, &original, now)? {
        Openable::Yes { previous_technician } => {
            Ok(Ok(open(conn, &original, problem, previous_technician, actor, now)?.request))
        }
        Openable::No(AppError::Conflict { message, .. }) => Ok(Err(message)),
        Openable::No(other) => Err(other),
    }
}
