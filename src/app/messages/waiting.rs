//! What managers see of the conversations: the customers waiting for an answer, oldest first,
//! with the answer clock of each; text messages no request matched; and the figures of the
//! three-minute answer for the KPIs.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::app::error::AppError;
use crate::app::figures::share::{pct, percentile};
use crate::app::messages::answer_clock::{AnswerClock, AnswerState};
use crate::app::points::{chosen_point, point_context, PointContext};
use crate::auth::AuthUser;
use crate::db::messages::{self, MessageRow};
use crate::db::{requests, DbConnection};

/// A request whose customer waits for an answer.
#[derive(Serialize, ToSchema)]
pub struct WaitingConversation {
    pub request_id: i64,
    pub reference: String,
    /// Who wrote (the customer's name).
    pub customer: String,
    /// Their latest message, as typed.
    pub last_text: String,
    /// How many of their messages wait.
    pub unanswered: usize,
    /// When the oldest was written.
    pub since: DateTime<Utc>,
    /// When it must be answered.
    pub answer_by: DateTime<Utc>,
    pub answer_state: AnswerState,
}

/// A text message from a phone no request matched.
#[derive(Serialize, ToSchema)]
pub struct UnmatchedMessage {
    pub id: i64,
    pub at: DateTime<Utc>,
    /// The sender's number.
    pub phone: String,
    /// As typed.
    pub text: String,
}

/// The messages waiting at one service point.
#[derive(Serialize, ToSchema)]
pub struct Inbox {
    pub service_point_id: i64,
    /// Business minutes to answer (the point's policy).
    pub answer_minutes: i64,
    /// Oldest first.
    pub waiting: Vec<WaitingConversation>,
    /// Of those, past two thirds of the time to answer.
    pub at_risk: usize,
    /// Of those, past the time to answer.
    pub missed: usize,
    /// The latest 50 text messages no request matched (sent to this point's number or to none).
    pub unmatched: Vec<UnmatchedMessage>,
}

/// The messages waiting at service point `sp`, seen at `now`.
pub fn inbox(conn: &mut DbConnection, sp: i64, now: DateTime<Utc>) -> Result<Inbox, AppError> {
    let ctx = point_context(conn, sp)?;
    let clock = AnswerClock { policy: &ctx.point.promise_policy, tz: ctx.tz };
    let rows = messages::waiting(conn, &[sp])?;
    let mut request_ids: Vec<i64> = Vec::new();
    for id in rows.iter().filter_map(|m| m.request_id) {
        if !request_ids.contains(&id) {
            request_ids.push(id);
        }
    }
    let found = requests::find_many(conn, &request_ids)?;
    let mut waiting = Vec::new();
    for id in request_ids {
        let mine: Vec<&MessageRow> = rows.iter().filter(|m| m.request_id == Some(id)).collect();
        let (Some(oldest), Some(latest)) = (mine.first(), mine.last()) else { continue };
        let Some(r) = found.iter().find(|r| r.id == id) else { continue };
        let since = oldest.created_at.and_utc();
        waiting.push(WaitingConversation {
            request_id: id,
            reference: r.reference.clone(),
            customer: latest.author.clone(),
            last_text: latest.body.clone(),
            unanswered: mine.len(),
            since,
            answer_by: clock.due(since),
            answer_state: clock.state(since, now),
        });
    }
    let at_risk = waiting.iter().filter(|w| w.answer_state == AnswerState::AtRisk).count();
    let missed = waiting.iter().filter(|w| w.answer_state == AnswerState::Missed).count();
    let unmatched = messages::unmatched(conn, &[sp], 50)?
        .into_iter()
        .map(|m| UnmatchedMessage {
            id: m.id,
            at: m.created_at.and_utc(),
            phone: m.phone.unwrap_or_default(),
            text: m.body,
        })
        .collect();
    Ok(Inbox {
        service_point_id: sp,
        answer_minutes: ctx.point.promise_policy.answer_minutes,
        waiting,
        at_risk,
        missed,
        unmatched,
    })
}

/// [`inbox`] of the reader's chosen point (their first when none is asked).
pub fn inbox_for(
    conn: &mut DbConnection,
    user: &AuthUser,
    asked: Option<i64>,
    now: DateTime<Utc>,
) -> Result<Inbox, AppError> {
    let sp = chosen_point(user, conn, asked)?;
    inbox(conn, sp, now)
}

/// The three-minute answer of one point over customers' messages written in [from, to).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AnswerFigures {
    /// Customers' messages written in the period.
    pub messages: usize,
    /// Percent of those answered within the promise, of those answered or past it by the end
    /// of the period.
    pub answered_within_target_pct: Option<f64>,
    /// Median business minutes to the first answer.
    pub median_answer_minutes: Option<f64>,
    /// Past the promise without an answer, or answered late.
    pub missed: usize,
}

/// The answer figures of service point `sp`, whose context the caller has read (`ctx`).
pub fn figures(
    conn: &mut DbConnection,
    ctx: &PointContext,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<AnswerFigures, AppError> {
    let sp = ctx.point.id;
    let clock = AnswerClock { policy: &ctx.point.promise_policy, tz: ctx.tz };
    let rows = messages::from_customers(conn, &[sp], from.naive_utc(), to.naive_utc())?;
    let until = to.min(now);
    let (mut counted, mut kept, mut minutes) = (0, 0, Vec::new());
    for m in &rows {
        let at = m.created_at.and_utc();
        match m.answered_at.map(|a| a.and_utc()) {
            Some(answered) => {
                counted += 1;
                kept += usize::from(clock.kept(at, answered));
                minutes.push(clock.minutes(at, answered));
            }
            None if clock.due(at) < until => counted += 1,
            None => {}
        }
    }
    minutes.sort_by(f64::total_cmp);
    Ok(AnswerFigures {
        messages: rows.len(),
        answered_within_target_pct: pct(kept, counted),
        median_answer_minutes: percentile(&minutes, 0.5).map(|m| (m * 10.0).round() / 10.0),
        missed: counted - kept,
    })
}
