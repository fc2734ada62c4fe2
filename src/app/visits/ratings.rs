//! Ratings with single-use links.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::error::AppError;
use crate::app::lifecycle::{self, Actor};
use crate::db::requests;
use crate::db::visits::{self, RatingRow};
use crate::db::DbConnection;
use crate::domain::ids::new_id;
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
    let visit = visits::find_by_rating_token(conn, token)?.ok_or(AppError::NotFound(msg!("thing-rating-link")))?;
    let request = requests::find(conn, visit.request_id)?.ok_or(AppError::NotFound(msg!("thing-request")))?;
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

/// Stores the one rating of a visit; closes a completed request, unless the rating is low (2
/// stars or fewer: it opens a task for the managers) or a task is open on it already: the
/// request then closes with its last task.
pub fn rate(conn: &mut DbConnection, token: &str, input: &RatingInput, now: DateTime<Utc>) -> Result<(), AppError> {
    let mut c = Checks::default();
    for (field, v) in [
        ("stars", input.stars),
        ("punctuality", input.punctuality),
        ("professionalism", input.professionalism),
        ("resolution", input.resolution),
    ] {
        if !(1..=5).contains(&v) {
            c.push(field, msg!("must-1-5"));
        }
    }
    let comment = c.take(text::bounded("comment", &input.comment, 0, 2000)).unwrap_or_default();
    c.finish()?;
    let visit = visits::find_by_rating_token(conn, token)?.ok_or(AppError::NotFound(msg!("thing-rating-link")))?;
    let technician_id = visit.technician_id.ok_or_else(|| AppError::conflict(msg!("visit-had-no-technician"), None))?;
    if visits::rating_of(conn, visit.id)?.is_some() {
        return Err(AppError::conflict(msg!("visit-already-rated"), None));
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
    let mut request = requests::find(conn, visit.request_id)?.ok_or(AppError::NotFound(msg!("thing-request")))?;
    let actor = Actor::customer(request.customer_user_id);
    let detail = msg!("rated-of-5", stars = input.stars);
    let low = input.stars <= 2;
    // A request with a task open (or about to be) stays open until the managers close it.
    let waits = low || crate::db::follow_ups::open_on_request(conn, request.id)? > 0;
    if lifecycle::status_of(&request)? == RequestStatus::Completed && !waits {
        lifecycle::transition(conn, &mut request, RequestStatus::Closed, &actor, "rated", detail, None, now)?;
    } else {
        lifecycle::note(conn, request.id, &actor, "rated", detail, None, now)?;
    }
    if low {
        let source = crate::db::follow_ups::Source { visit_id: Some(visit.id), call_id: None };
        crate::db::follow_ups::open(conn, request.id, &msg!("task-low-rating", stars = input.stars), source, now)?;
        lifecycle::note(
            conn,
            request.id,
            &Actor::system(),
            "follow_up_opened",
            msg!("low-rating-needs-manager-s-follow"),
            None,
            now,
        )?;
        crate::app::notices::low_rating(conn, &request, input.stars, now)?;
    }
    Ok(())
}
