//! Ratings with single-use links, and follow-up requests.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::booking::{booked_answer, new_visit, Booked};
use crate::app::dispatching;
use crate::app::error::AppError;
use crate::app::lifecycle::{self, Actor};
use crate::app::points::point_context;
use crate::db::links::{self, LinkKind};
use crate::db::requests::{self, RequestRow};
use crate::db::visits::{self, RatingRow};
use crate::db::DbConnection;
use crate::domain::ids::{new_id, new_reference, new_token, token_hash};
use crate::domain::lang::{technician_for_customer, Lang};
use crate::domain::status::RequestStatus;
use crate::domain::text::{self, Checks};

/// A rating as the customer gives it.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RatingInput {
    /// Overall, 1–5.
    #[schema(minimum = 1, maximum = 5)]
    pub stars: i32,
    /// 1–5.
    #[schema(minimum = 1, maximum = 5)]
    pub punctuality: i32,
    /// 1–5.
    #[schema(minimum = 1, maximum = 5)]
    pub professionalism: i32,
    /// 1–5.
    #[schema(minimum = 1, maximum = 5)]
    pub resolution: i32,
    /// Up to 2000 characters.
    #[serde(default)]
    #[schema(min_length = 0, max_length = 2000, pattern = r"^[^\x00-\x08\x0b-\x1f\x7f-\x9f]*$")]
    pub comment: String,
}

/// What the rating link shows before rating.
#[derive(Serialize, ToSchema)]
pub struct RatingPrompt {
    /// The request's reference.
    pub reference: String,
    /// The technician as the customer is told of them (王师傅 in Chinese, else the full name).
    pub technician_first_name: Option<String>,
    /// When the visit was completed.
    pub completed_at: Option<DateTime<Utc>>,
    /// True once rated (the link is then spent).
    pub rated: bool,
}

/// Reads the prompt behind a rating link.
pub fn prompt(conn: &mut DbConnection, token: &str) -> Result<RatingPrompt, AppError> {
    let visit = visits::find_by_rating_token(conn, token)?.ok_or(AppError::NotFound("rating link"))?;
    let request = requests::find(conn, visit.request_id)?.ok_or(AppError::NotFound("request"))?;
    let name = match visit.technician_id {
        Some(t) => crate::db::technicians::find_full(conn, t)?
            .map(|t| technician_for_customer(&t.name, Lang::of_tag(&request.language))),
        None => None,
    };
    Ok(RatingPrompt {
        reference: request.reference,
        technician_first_name: name,
        completed_at: visit.completed_at.map(|t| t.and_utc()),
        rated: visits::rating_of(conn, visit.id)?.is_some(),
    })
}

/// Stores the one rating of a visit; closes a completed request; a low rating opens a
/// follow-up task for the managers.
pub fn rate(conn: &mut DbConnection, token: &str, input: &RatingInput, now: DateTime<Utc>) -> Result<(), AppError> {
    let mut c = Checks::default();
    for (field, v) in [
        ("stars", input.stars),
        ("punctuality", input.punctuality),
        ("professionalism", input.professionalism),
        ("resolution", input.resolution),
    ] {
        if !(1..=5).contains(&v) {
            c.push(field, "must be 1 to 5");
        }
    }
    let comment = c.take(text::bounded("comment", &input.comment, 0, 2000)).unwrap_or_default();
    c.finish()?;
    let visit = visits::find_by_rating_token(conn, token)?.ok_or(AppError::NotFound("rating link"))?;
    let technician_id = visit.technician_id.ok_or_else(|| AppError::conflict("this visit had no technician", None))?;
    if visits::rating_of(conn, visit.id)?.is_some() {
        return Err(AppError::conflict("this visit is already rated", None));
    }
    visits::insert_rating(
        conn,
        &RatingRow {
            id: new_id(),
            visit_id: visit.id,
            technician_id,
            stars: input.stars,
            punctuality: input.punctuality,
            professionalism: input.professionalism,
            resolution: input.resolution,
            comment,
            created_at: now.naive_utc(),
        },
    )?;
    let mut request = requests::find(conn, visit.request_id)?.ok_or(AppError::NotFound("request"))?;
    let actor = Actor::customer(request.customer_user_id);
    let detail = format!("rated {} of 5", input.stars);
    if lifecycle::status_of(&request)? == RequestStatus::Completed {
        lifecycle::transition(conn, &mut request, RequestStatus::Closed, &actor, "rated", detail, None, now)?;
    } else {
        lifecycle::note(conn, request.id, &actor, "rated", detail, None, now)?;
    }
    if input.stars <= 2 {
        crate::db::follow_ups::open(conn, request.id, &format!("low rating: {} of 5", input.stars), now)?;
        lifecycle::note(
            conn,
            request.id,
            &Actor::system(),
            "follow_up_opened",
            "a low rating needs a manager's follow-up".into(),
            None,
            now,
        )?;
        crate::app::notices::low_rating(conn, &request, input.stars, now)?;
    }
    Ok(())
}

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

/// Opens a follow-up request linked to the original; within the rework period it is free and
/// the same technician is asked first.
pub fn open_follow_up(
    conn: &mut DbConnection,
    token: &str,
    input: &FollowUpInput,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<Booked, AppError> {
    let problem = text::bounded("problem", &input.problem, 3, 4000).map_err(|e| AppError::Validation(vec![e]))?;
    let original = requests::find_by_token(conn, token)?.ok_or(AppError::NotFound("request"))?;
    let status = lifecycle::status_of(&original)?;
    if !matches!(status, RequestStatus::Completed | RequestStatus::Closed) {
        return Err(AppError::conflict(
            "a follow-up can be opened once the repair is completed",
            Some(status.as_str()),
        ));
    }
    if let Some(open) = requests::follow_ups_of(conn, original.id)?
        .into_iter()
        .find(|f| lifecycle::status_of(f).is_ok_and(|s| !s.is_finished()))
    {
        return Err(AppError::conflict(
            format!("follow-up {} of this repair is still open; it is tracked under its own link", open.reference),
            Some(status.as_str()),
        ));
    }
    let ctx = point_context(conn, original.service_point_id)?;
    let last = visits::of_request(conn, original.id)?.into_iter().rev().find(|v| v.completed_at.is_some());
    let completed_at = last.as_ref().and_then(|v| v.completed_at).map(|t| t.and_utc()).unwrap_or(now);
    let rework_ends = completed_at + Duration::days(i64::from(ctx.point.rework_days));
    if now > rework_ends {
        return Err(AppError::conflict(
            format!(
                "the rework period of this repair ended on {}; please book a new repair",
                crate::domain::time::local_text(rework_ends, ctx.tz)
            ),
            Some(status.as_str()),
        ));
    }
    let policy = &ctx.point.promise_policy;
    let respond_by =
        crate::domain::promise::add_business_minutes(now, policy.respond_minutes, &policy.business_hours, ctx.tz);
    let arrive_by =
        crate::domain::promise::add_business_minutes(now, policy.arrive_minutes, &policy.business_hours, ctx.tz);
    let resolve_by =
        crate::domain::promise::add_business_minutes(now, policy.resolve_minutes, &policy.business_hours, ctx.tz);
    let token = new_token();
    let mut request = RequestRow {
        id: new_id(),
        reference: new_reference(),
        tracking_token: token_hash(&token),
        problem,
        window_start: None,
        window_end: None,
        status: "submitted".into(),
        respond_by: respond_by.naive_utc(),
        arrive_by: arrive_by.naive_utc(),
        resolve_by: resolve_by.max(arrive_by + Duration::hours(1)).naive_utc(),
        follow_up_of: Some(original.id),
        free_of_charge: true,
        created_at: now.naive_utc(),
        updated_at: now.naive_utc(),
        ..original.clone()
    };
    requests::insert(conn, &request)?;
    links::insert(conn, &request.tracking_token, LinkKind::Track, request.id, None, now.naive_utc())?;
    let visit = new_visit(request.id, 1, now);
    visits::insert(conn, &visit)?;
    let detail = format!("follow-up of {}, free of charge within the rework period", original.reference);
    lifecycle::note(
        conn,
        request.id,
        &Actor::customer(original.customer_user_id),
        "booked",
        detail.clone(),
        None,
        now,
    )?;
    lifecycle::note(
        conn,
        original.id,
        &Actor::customer(original.customer_user_id),
        "follow_up",
        format!("follow-up {} opened", request.reference),
        None,
        now,
    )?;
    let previous = last.and_then(|v| v.technician_id);
    dispatching::send_offers(conn, &mut request, &visit, previous, now)?;
    let time_zone = point_context(conn, request.service_point_id)?.point.time_zone;
    Ok(booked_answer(&request, &time_zone, public_url, &token))
}
