//! Service-recovery tasks: a low rating or a customer not satisfied on the next-day call
//! opens one for the managers of the point (the follow-up tasks of the queue, grown up). Each
//! shows why it opened, the customer's own words, the phone, the visit and the technician; a
//! manager closes it with what was agreed and any goodwill gesture, which the customer's
//! timeline then says. A request with an open task stays open: it closes with its last task.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::calls::next_day::FollowUpRef;
use crate::app::error::AppError;
use crate::app::lifecycle::{self, Actor};
use crate::app::points::{chosen_point, point_context};
use crate::app::words::Words;
use crate::auth::AuthUser;
use crate::db::follow_ups::{self, TaskRow};
use crate::db::requests::RequestRow;
use crate::db::{calls, requests, technicians, users, visits, DbConnection};
use crate::domain::fees::Money;
use crate::domain::msg::Msg;
use crate::domain::role::Role;
use crate::domain::status::RequestStatus;
use crate::domain::task::{GoodwillKind, TaskState};
use crate::domain::text::{self, Checks};

/// Where the customer's words come from.
#[derive(Clone, Copy, Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum WordsSource {
    /// The comment of their rating.
    Rating,
    /// The manager's notes of the next-day call.
    Call,
}

/// What the customer said, as typed.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct CustomerWords {
    pub source: WordsSource,
    pub text: String,
    pub at: DateTime<Utc>,
}

/// A goodwill gesture as recorded.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct GoodwillView {
    pub kind: GoodwillKind,
    /// The amount, when the gesture has one.
    pub amount: Option<Money>,
}

/// One task.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct TaskView {
    pub id: i64,
    pub request_id: i64,
    /// The request's reference.
    pub reference: String,
    pub service_point_id: i64,
    /// `open` or `closed`.
    pub state: TaskState,
    /// Why it opened, in the reader's language.
    pub reason: String,
    /// The stars of the rated visit, when rated.
    pub stars: Option<i32>,
    /// The customer's words: their rating comment, the next-day call's notes (oldest first).
    pub customer_words: Vec<CustomerWords>,
    pub customer_name: String,
    /// For a `tel:` link.
    pub phone: Option<String>,
    /// The technician of the visit (full name).
    pub technician: Option<String>,
    /// The day of the visit, in the point's time zone.
    pub visit_date: Option<NaiveDate>,
    pub opened_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<DateTime<Utc>>,
    /// Who closed it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closed_by: Option<String>,
    /// What was agreed with the customer (told on their timeline).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub goodwill: Option<GoodwillView>,
    /// The managers' own notes (never shown to the customer).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// The follow-up request opened for the customer on the call, if any.
    pub follow_up: Option<FollowUpRef>,
}

/// A service point's tasks.
#[derive(Serialize, ToSchema)]
pub struct TaskList {
    pub service_point_id: i64,
    pub time_zone: String,
    pub currency: String,
    /// The state listed.
    pub state: TaskState,
    /// How many tasks of the point are open.
    pub open_count: i64,
    /// Open: the oldest first; closed: the latest closed first.
    pub tasks: Vec<TaskView>,
}

/// A goodwill gesture as the manager records it.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GoodwillInput {
    pub kind: GoodwillKind,
    /// In the point's currency, minor units (1 to 10000000): required for `refund` and
    /// `coupon`, optional for `free_visit` (its value), refused for `none`.
    #[schema(minimum = 1, maximum = 10000000)]
    pub amount_minor: Option<i64>,
}

/// How a manager closes a task.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CloseTask {
    /// What was agreed with the customer, shown on their timeline.
    #[schema(
        min_length = 1,
        max_length = 2000,
        pattern = r"^[^\x00-\x08\x0b-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x08\x0b-\x1f\x7f-\x9f]*$"
    )]
    pub outcome: String,
    pub goodwill: Option<GoodwillInput>,
    /// The managers' own notes, never shown to the customer.
    #[schema(min_length = 0, max_length = 2000, pattern = r"^[^\x00-\x08\x0b-\x1f\x7f-\x9f]*$")]
    pub notes: Option<String>,
}

/// The reason of a task in the reader's language (older tasks keep their English).
fn reason_of(task: &TaskRow, words: &Words) -> String {
    match (&task.reason_id, &task.reason_args) {
        (Some(id), Some(args)) => words.stored(id, args),
        _ => task.reason.clone(),
    }
}

/// A task as the managers see it.
pub fn view(conn: &mut DbConnection, task: TaskRow, words: &Words) -> Result<TaskView, AppError> {
    let r = requests::find(conn, task.request_id)?.ok_or(AppError::NotFound(msg!("thing-request")))?;
    let ctx = point_context(conn, r.service_point_id)?;
    let customer = users::find(conn, r.customer_user_id)?;
    let visit = match task.visit_id {
        Some(v) => visits::find(conn, v)?,
        None => visits::of_request(conn, r.id)?.into_iter().rev().find(|v| v.completed_at.is_some()),
    };
    let call = match task.call_id {
        Some(c) => calls::find(conn, c)?,
        None => None,
    };
    let mut said = Vec::new();
    let mut stars = None;
    if let Some(rating) = visit.as_ref().map(|v| visits::rating_of(conn, v.id)).transpose()?.flatten() {
        stars = Some(rating.stars);
        if !rating.comment.trim().is_empty() {
            said.push(CustomerWords {
                source: WordsSource::Rating,
                text: rating.comment,
                at: rating.created_at.and_utc(),
            });
        }
    }
    if let Some(c) = &call {
        if !c.notes.trim().is_empty() {
            let at = c.last_attempt_at.unwrap_or(task.created_at).and_utc();
            said.push(CustomerWords { source: WordsSource::Call, text: c.notes.clone(), at });
        }
    }
    said.sort_by_key(|w| w.at);
    let technician = match visit.as_ref().and_then(|v| v.technician_id) {
        Some(t) => technicians::find_full(conn, t)?.map(|t| t.name),
        None => None,
    };
    let visit_date = visit
        .as_ref()
        .and_then(|v| v.completed_at.or(v.scheduled_start))
        .map(|t| t.and_utc().with_timezone(&ctx.tz).date_naive());
    let follow_up = match call.and_then(|c| c.follow_up_request_id) {
        Some(id) => requests::find(conn, id)?.map(|f| FollowUpRef { id: f.id, reference: f.reference }),
        None => None,
    };
    let closed_by = match task.closed_by {
        Some(u) => users::find(conn, u)?.map(|u| u.name),
        None => None,
    };
    let goodwill = goodwill_of(&task);
    let state = TaskState::of_stored(&task.status);
    Ok(TaskView {
        id: task.id,
        request_id: r.id,
        reason: reason_of(&task, words),
        reference: r.reference,
        service_point_id: r.service_point_id,
        state,
        stars,
        customer_words: said,
        customer_name: customer.as_ref().map(|u| u.name.clone()).unwrap_or_default(),
        phone: customer.and_then(|u| u.phone),
        technician,
        visit_date,
        opened_at: task.created_at.and_utc(),
        closed_at: task.resolved_at.map(|t| t.and_utc()),
        closed_by,
        outcome: task.outcome.clone(),
        goodwill,
        notes: (state == TaskState::Closed && !task.note.is_empty()).then(|| task.note.clone()),
        follow_up,
    })
}

/// The goodwill of a closed task: its kind, or a compensation recorded before kinds were kept.
fn goodwill_of(task: &TaskRow) -> Option<GoodwillView> {
    let amount = match (task.compensation_minor, &task.compensation_currency) {
        (Some(a), Some(c)) => Some(Money { amount_minor: a, currency: c.clone() }),
        _ => None,
    };
    match task.goodwill_kind.as_deref().and_then(GoodwillKind::parse) {
        Some(kind) => Some(GoodwillView { kind, amount }),
        None => amount.map(|a| GoodwillView { kind: GoodwillKind::Refund, amount: Some(a) }),
    }
}

/// The tasks of the manager's service point (their first when none is asked) in `state`.
pub fn list(
    conn: &mut DbConnection,
    user: &AuthUser,
    asked: Option<i64>,
    state: TaskState,
    limit: i64,
    words: &Words,
) -> Result<TaskList, AppError> {
    user.require(&[Role::Manager, Role::Admin])?;
    let sp = chosen_point(user, conn, asked)?;
    let ctx = point_context(conn, sp)?;
    let mut tasks = Vec::new();
    for task in follow_ups::of_point(conn, sp, state, limit)? {
        tasks.push(view(conn, task, words)?);
    }
    Ok(TaskList {
        service_point_id: sp,
        time_zone: ctx.point.time_zone,
        currency: ctx.point.currency,
        state,
        open_count: follow_ups::open_count(conn, sp)?,
        tasks,
    })
}

/// Writes a manager's follow-up on the request's timeline (`detail`: what was agreed, never the
/// internal notes) and, once no task of a completed request is open, closes the request with it.
pub fn settle(
    conn: &mut DbConnection,
    request: &mut RequestRow,
    actor: &Actor,
    detail: Msg,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let done = follow_ups::open_on_request(conn, request.id)? == 0;
    if done && lifecycle::status_of(request)? == RequestStatus::Completed {
        lifecycle::transition(conn, request, RequestStatus::Closed, actor, "follow_up_recorded", detail, None, now)
    } else {
        lifecycle::note(conn, request.id, actor, "follow_up_recorded", detail, None, now)
    }
}

/// Closes a task of the manager's point (404 for another point's, like a missing one): who,
/// when, what was agreed and the goodwill; the request's timeline says what was agreed. Every
/// field is checked before anything changes; a closed task is a 409.
pub fn close(
    conn: &mut DbConnection,
    user: &AuthUser,
    id: i64,
    input: &CloseTask,
    now: DateTime<Utc>,
    words: &Words,
) -> Result<TaskView, AppError> {
    user.require(&[Role::Manager, Role::Admin])?;
    let (task, sp) = follow_ups::find(conn, id)?.ok_or(AppError::NotFound(msg!("thing-task")))?;
    user.require_manager_of_one(msg!("thing-task"), sp)?;
    let currency = point_context(conn, sp)?.point.currency;
    let mut c = Checks::default();
    let outcome = c.take(text::bounded("outcome", &input.outcome, 1, 2000)).unwrap_or_default();
    let notes = c.take(text::bounded("notes", input.notes.as_deref().unwrap_or_default(), 0, 2000)).unwrap_or_default();
    if let Some(g) = &input.goodwill {
        c.take(g.kind.check_amount("goodwill.amount_minor", g.amount_minor));
    }
    c.finish()?;
    if TaskState::of_stored(&task.status) == TaskState::Closed {
        return Err(AppError::conflict(msg!("task-already-closed"), None));
    }
    let kind = input.goodwill.as_ref().map(|g| g.kind);
    let amount = input.goodwill.as_ref().and_then(|g| g.amount_minor);
    let closing = follow_ups::Closing {
        closed_by: user.id,
        outcome: &outcome,
        notes: &notes,
        goodwill_kind: kind.map(GoodwillKind::as_str),
        goodwill: amount.map(|a| (a, currency.as_str())),
    };
    if !follow_ups::close(conn, task.id, &closing, now)? {
        return Err(AppError::conflict(msg!("task-already-closed"), None));
    }
    let agreed = msg!("typed-text", text = outcome.as_str());
    let gesture =
        kind.and_then(|k| k.words(amount.map(|a| Money { amount_minor: a, currency: currency.clone() }.to_string())));
    let detail = match gesture {
        Some(g) => msg!("task-closed-agreed-goodwill", outcome = agreed, goodwill = g),
        None => msg!("task-closed-agreed", outcome = agreed),
    };
    let mut request = requests::find(conn, task.request_id)?.ok_or(AppError::NotFound(msg!("thing-request")))?;
    settle(conn, &mut request, &Actor::user(user), detail, now)?;
    let closed = follow_ups::find(conn, task.id)?.ok_or(AppError::NotFound(msg!("thing-task")))?.0;
    view(conn, closed, words)
}
