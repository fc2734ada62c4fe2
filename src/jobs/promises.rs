//! Promise clocks: a promise at risk (most of its business time gone) and a broken promise
//! are each recorded once as an event and told to the managers.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;

use crate::app::error::AppError;
use crate::app::lifecycle::{self, Actor};
use crate::app::notices;
use crate::app::points::point_context;
use crate::db::marks::{Mark, Promise};
use crate::db::requests::RequestRow;
use crate::db::schema::repair_requests;
use crate::db::{marks, DbConnection};
use crate::domain::msg::Msg;
use crate::domain::promise::add_business_minutes;
use crate::notify::staff_templates;

/// Which promises a status has already kept.
fn kept(promise: &str, status: &str) -> bool {
    match promise {
        "respond" => !matches!(status, "submitted" | "awaiting_technician"),
        "arrive" => matches!(status, "on_site" | "completed" | "needs_follow_up" | "closed"),
        _ => matches!(status, "completed" | "closed"),
    }
}

/// The moment a promise counts as at risk.
pub fn at_risk_moment(
    r: &RequestRow,
    promise: &str,
    minutes: i64,
    pct: i32,
    ctx: &crate::app::points::PointContext,
) -> DateTime<Utc> {
    let created = r.created_at.and_utc();
    match (promise, r.window_start, r.window_end) {
        ("arrive", Some(a), Some(b)) => {
            let (a, b) = (a.and_utc(), b.and_utc());
            a + Duration::seconds((b - a).num_seconds() * i64::from(pct) / 100)
        }
        _ => add_business_minutes(
            created,
            minutes * i64::from(pct) / 100,
            &ctx.point.promise_policy.business_hours,
            ctx.tz,
        ),
    }
}

/// Checks every open request's promises at `now`. Returns how many flags it raised.
pub fn run(conn: &mut DbConnection, now: DateTime<Utc>) -> Result<usize, AppError> {
    let open: Vec<RequestRow> = repair_requests::table
        .filter(repair_requests::status.ne_all(["closed", "cancelled"]))
        .select(RequestRow::as_select())
        .limit(1000)
        .load(conn)?;
    let mut raised = 0;
    for r in open {
        let ctx = point_context(conn, r.service_point_id)?;
        let policy = ctx.point.promise_policy.clone();
        for (which, deadline, minutes) in [
            (Promise::Respond, r.respond_by.and_utc(), policy.respond_minutes),
            (Promise::Arrive, r.arrive_by.and_utc(), policy.arrive_minutes),
            (Promise::Resolve, r.resolve_by.and_utc(), policy.resolve_minutes),
        ] {
            let promise = which.as_str();
            if kept(promise, &r.status) {
                continue;
            }
            let (broken, kind) = if now > deadline {
                (true, "promise_broken")
            } else if now >= at_risk_moment(&r, promise, minutes, policy.at_risk_pct, &ctx) {
                (false, "promise_at_risk")
            } else {
                continue;
            };
            let mark = if broken {
                Mark::Broken { promise: which, request_id: r.id }
            } else {
                Mark::AtRisk { promise: which, request_id: r.id }
            };
            if !marks::set(conn, mark, Some(r.id), now.naive_utc())? {
                continue;
            }
            let detail =
                promise_event(which, broken).with("deadline", crate::domain::time::local_text(deadline, ctx.tz));
            lifecycle::note(conn, r.id, &Actor::system(), kind, detail, None, now)?;
            let alert = |lang| staff_templates::promise_alert(lang, &r, promise, broken, deadline, ctx.tz);
            notices::to_managers(conn, &r, kind, &alert, now)?;
            raised += 1;
        }
    }
    Ok(raised)
}

/// The timeline's words for a promise (`respond`, `arrive` or `resolve`) at risk or broken.
fn promise_event(promise: Promise, broken: bool) -> Msg {
    match (promise, broken) {
        (Promise::Respond, false) => msg!("respond-promise-at-risk"),
        (Promise::Respond, true) => msg!("respond-promise-broken"),
        (Promise::Arrive, false) => msg!("arrive-promise-at-risk"),
        (Promise::Arrive, true) => msg!("arrive-promise-broken"),
        (Promise::Resolve, false) => msg!("resolve-promise-at-risk"),
        (Promise::Resolve, true) => msg!("resolve-promise-broken"),
    }
}
