//! The next-day call: a completed visit puts a call on its service point's list for the next
//! business day; the manager records reached or not (tried again the next business day, at
//! most three times), satisfied or not, notes. Not satisfied opens a service-recovery task
//! for the managers and, when the rules allow, a follow-up request for the customer.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::booking::rework;
use crate::app::error::AppError;
use crate::app::figures::share::pct;
use crate::app::lifecycle::{self, Actor};
use crate::app::photos::store::{views_of, PhotoView};
use crate::app::points::point_context;
use crate::auth::AuthUser;
use crate::db::calls::{self, CallRow};
use crate::db::requests::RequestRow;
use crate::db::visits::VisitRow;
use crate::db::{follow_ups, requests, technicians, users, visits, DbConnection};
use crate::domain::call::{after_attempt, called_in_time, next_business_day, CallStatus, MAX_CALL_ATTEMPTS};
use crate::domain::ids::new_id;
use crate::domain::role::Role;
use crate::domain::text::{self, Checks};

/// One call on the list.
#[derive(Serialize, ToSchema)]
pub struct CallView {
    pub id: i64,
    pub request_id: i64,
    /// The request's reference.
    pub reference: String,
    pub customer_name: String,
    /// For a `tel:` link.
    pub phone: Option<String>,
    /// The technician's first name and surname.
    pub technician: Option<String>,
    /// The technician's id (to filter the list by).
    pub technician_id: Option<i64>,
    /// The day of the visit, in the service point's time zone.
    pub visit_date: Option<NaiveDate>,
    /// Days since the day it was due (0: due today).
    pub days_overdue: i64,
    pub diagnosis: Option<String>,
    pub work_done: Option<String>,
    /// resolved, needs_part, second_visit, not_resolved, declined.
    pub resolution: Option<String>,
    pub completed_at: Option<DateTime<Utc>>,
    /// The customer's stars for the visit, once rated.
    pub rating: Option<i32>,
    /// Attempts so far (at most 3).
    pub attempts: i32,
    /// The day it is due (again), in the service point's time zone.
    pub due_on: NaiveDate,
    /// open, reached, gave_up.
    pub status: String,
    pub satisfied: Option<bool>,
    /// The manager's notes, one line per attempt.
    pub notes: String,
    /// The request's photos (the fault, before and after), oldest first.
    pub photos: Vec<PhotoView>,
    /// The follow-up request opened for the customer on this call.
    pub follow_up: Option<FollowUpRef>,
    /// In the answer of the attempt that found the customer not satisfied when no follow-up
    /// could be opened: why (one already open, the rework period over), in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub follow_up_not_opened: Option<String>,
    /// `follow_up_not_opened` as a message, for writing it in the reader's language.
    #[serde(skip)]
    pub follow_up_not_opened_message: Option<crate::domain::msg::Msg>,
}

/// A follow-up request as a call names it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct FollowUpRef {
    pub id: i64,
    pub reference: String,
}

/// What the manager records of one attempt (its schema, which says the rule of `satisfied`,
/// is written in `http::openapi`).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallInput {
    /// Whether the customer answered.
    pub reached: bool,
    /// Whether they are satisfied: required when reached, refused when not.
    pub satisfied: Option<bool>,
    /// At most 2000 characters.
    pub notes: Option<String>,
    /// What the customer says is wrong now, as the follow-up's problem (3 to 4000
    /// characters; only when not satisfied). Without it, the notes of this attempt, else the
    /// original problem.
    pub problem: Option<String>,
}

/// Puts the next-day call of a just completed visit on its service point's list; part of the
/// completion's transaction.
pub fn schedule(
    conn: &mut DbConnection,
    request: &RequestRow,
    visit: &VisitRow,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let ctx = point_context(conn, request.service_point_id)?;
    let today = now.with_timezone(&ctx.tz).date_naive();
    let due = next_business_day(today, &ctx.point.promise_policy.business_hours.days);
    calls::insert(
        conn,
        &CallRow {
            id: new_id(),
            visit_id: visit.id,
            request_id: request.id,
            service_point_id: request.service_point_id,
            first_due_on: due,
            due_on: due,
            status: CallStatus::Open.as_str().into(),
            attempts: 0,
            satisfied: None,
            notes: String::new(),
            first_attempt_at: None,
            last_attempt_at: None,
            created_at: now.naive_utc(),
            follow_up_request_id: None,
        },
    )?;
    Ok(())
}

/// A call as the managers see it; `today` in the point's time zone.
pub fn view(conn: &mut DbConnection, call: CallRow, today: NaiveDate, tz: Tz) -> Result<CallView, AppError> {
    let r = requests::find(conn, call.request_id)?.ok_or(AppError::NotFound(msg!("thing-request")))?;
    let customer = users::find(conn, r.customer_user_id)?;
    let visit = visits::find(conn, call.visit_id)?.ok_or(AppError::NotFound(msg!("thing-visit")))?;
    let technician = match visit.technician_id {
        Some(t) => technicians::find_full(conn, t)?.map(|t| t.name),
        None => None,
    };
    let visit_date = visit.completed_at.map(|t| t.and_utc().with_timezone(&tz).date_naive());
    let rating = visits::rating_of(conn, visit.id)?.map(|r| r.stars);
    let photos = views_of(conn, &[r.id], None)?.into_iter().map(|(_, p)| p).collect();
    let follow_up = match call.follow_up_request_id {
        Some(id) => requests::find(conn, id)?.map(|f| FollowUpRef { id: f.id, reference: f.reference }),
        None => None,
    };
    Ok(CallView {
        id: call.id,
        request_id: r.id,
        reference: r.reference,
        customer_name: customer.as_ref().map(|u| u.name.clone()).unwrap_or_default(),
        phone: customer.and_then(|u| u.phone),
        technician,
        technician_id: visit.technician_id,
        visit_date,
        days_overdue: (today - call.due_on).num_days().max(0),
        diagnosis: visit.diagnosis,
        work_done: visit.work_done,
        resolution: visit.resolution,
        completed_at: visit.completed_at.map(|t| t.and_utc()),
        rating,
        attempts: call.attempts,
        due_on: call.due_on,
        status: call.status,
        satisfied: call.satisfied,
        notes: call.notes,
        photos,
        follow_up,
        follow_up_not_opened: None,
        follow_up_not_opened_message: None,
    })
}

/// Records one attempt of a call of the manager's service point. A call already reached or
/// given up is a 409, so a repeated request opens no second follow-up.
pub fn record(
    conn: &mut DbConnection,
    user: &AuthUser,
    id: i64,
    input: &CallInput,
    now: DateTime<Utc>,
) -> Result<CallView, AppError> {
    user.require(&[Role::Manager, Role::Admin])?;
    let call = calls::find(conn, id)?.ok_or(AppError::NotFound(msg!("thing-call")))?;
    user.require_manager_of_one(msg!("thing-call"), call.service_point_id)?;
    let mut c = Checks::default();
    let notes = c.take(text::bounded("notes", input.notes.as_deref().unwrap_or_default(), 0, 2000)).unwrap_or_default();
    match (input.reached, input.satisfied) {
        (true, None) => c.push("satisfied", msg!("required-when-customer-was-reached")),
        (false, Some(_)) => c.push("satisfied", msg!("only-when-customer-was-reached")),
        _ => {}
    }
    let problem = match &input.problem {
        Some(_) if input.satisfied != Some(false) => {
            c.push("problem", msg!("only-when-customer-not-satisfied"));
            None
        }
        Some(p) => c.take(text::bounded("problem", p, 3, 4000)),
        None => None,
    };
    c.finish()?;
    if call.status != CallStatus::Open.as_str() {
        let done = if call.status == CallStatus::GaveUp.as_str() {
            msg!("call-state-given-up")
        } else if call.status == CallStatus::Expired.as_str() {
            msg!("call-state-expired")
        } else {
            msg!("call-state-recorded")
        };
        return Err(AppError::conflict(msg!("call-already-state", state = done), Some(&call.status)));
    }
    let ctx = point_context(conn, call.service_point_id)?;
    let today = now.with_timezone(&ctx.tz).date_naive();
    let attempts = call.attempts + 1;
    let (status, due_on) = after_attempt(input.reached, attempts, today, &ctx.point.promise_policy.business_hours.days);
    let said = notes.trim().to_string();
    let notes = match (call.notes.is_empty(), notes.is_empty()) {
        (_, true) => call.notes.clone(),
        (true, false) => notes,
        (false, false) => format!("{}\n{notes}", call.notes),
    };
    let after = CallRow {
        status: status.as_str().into(),
        attempts,
        due_on,
        satisfied: input.satisfied,
        notes,
        first_attempt_at: call.first_attempt_at.or(Some(now.naive_utc())),
        last_attempt_at: Some(now.naive_utc()),
        ..call.clone()
    };
    if !calls::record_attempt(conn, &call, &after)? {
        return Err(AppError::conflict(msg!("call-was-recorded-meanwhile"), Some(&call.status)));
    }
    let actor = Actor::user(user);
    let (answer, detail) = match (status, input.satisfied) {
        (CallStatus::Reached, Some(false)) => {
            let problem = problem.or_else(|| (said.chars().count() >= 3).then_some(said));
            not_satisfied(conn, &actor, after, problem, (today, ctx.tz), now)?
        }
        (CallStatus::Reached, _) => (view(conn, after, today, ctx.tz)?, msg!("next-day-call-customer-satisfied")),
        (CallStatus::GaveUp | CallStatus::Expired, _) => {
            (view(conn, after, today, ctx.tz)?, msg!("next-day-call-not-reached-in", attempts = MAX_CALL_ATTEMPTS))
        }
        (CallStatus::Open, _) => (
            view(conn, after, today, ctx.tz)?,
            msg!("next-day-call-not-reached-attempt", attempt = attempts, date = due_on.to_string()),
        ),
    };
    lifecycle::note(conn, call.request_id, &actor, "next_day_call", detail, None, now)?;
    Ok(answer)
}

/// The customer is not satisfied: a service-recovery task for the managers, and a follow-up
/// request for the customer when the rules allow one (else the answer and the event say
/// why). Answers the call and the event's words.
fn not_satisfied(
    conn: &mut DbConnection,
    actor: &Actor,
    mut call: CallRow,
    problem: Option<String>,
    (today, tz): (NaiveDate, Tz),
    now: DateTime<Utc>,
) -> Result<(CallView, crate::domain::msg::Msg), AppError> {
    let source = follow_ups::Source { visit_id: Some(call.visit_id), call_id: Some(call.id) };
    follow_ups::open(conn, call.request_id, &msg!("task-not-satisfied-on-call"), source, now)?;
    let problem = match problem {
        Some(p) => p,
        None => requests::find(conn, call.request_id)?.ok_or(AppError::NotFound(msg!("thing-request")))?.problem,
    };
    match rework::open_for_customer(conn, call.request_id, problem, actor, now)? {
        Ok(opened) => {
            calls::set_follow_up(conn, call.id, opened.id)?;
            call.follow_up_request_id = Some(opened.id);
            let detail = msg!("next-day-call-customer-not-satisfied", reference = &opened.reference);
            Ok((view(conn, call, today, tz)?, detail))
        }
        Err(why) => {
            let mut answer = view(conn, call, today, tz)?;
            answer.follow_up_not_opened = Some(why.to_string());
            answer.follow_up_not_opened_message = Some(why.clone());
            let detail = msg!("next-day-call-customer-not-satisfied-reason", reason = why);
            Ok((answer, detail))
        }
    }
}

/// The call figures of a service point's requests: calls counted (made, or past their first
/// due day by `until`: the period's end, or now when that is earlier), the share first made
/// within one business day, and the share of those reached who were satisfied, in percent.
pub fn figures(list: &[&CallRow], tz: Tz, until: DateTime<Utc>) -> (usize, Option<f64>, Option<f64>) {
    let end = until.with_timezone(&tz).date_naive();
    let counted: Vec<&&CallRow> =
        list.iter().filter(|c| c.first_attempt_at.is_some() || c.first_due_on < end).collect();
    let in_time = counted
        .iter()
        .filter(|c| {
            called_in_time(c.first_due_on, c.first_attempt_at.map(|t| t.and_utc().with_timezone(&tz).date_naive()))
        })
        .count();
    let reached: Vec<&&CallRow> = list.iter().filter(|c| c.status == CallStatus::Reached.as_str()).collect();
    let satisfied = reached.iter().filter(|c| c.satisfied == Some(true)).count();
    (counted.len(), pct(in_time, counted.len()), pct(satisfied, reached.len()))
}
