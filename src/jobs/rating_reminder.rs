//! The day after a visit, one reminder to rate it, which also explains follow-ups.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;

use crate::app::error::AppError;
use crate::app::lifecycle::{self, Actor};
use crate::app::notices;
use crate::db::links::{self, LinkKind};
use crate::db::marks::Mark;
use crate::db::schema::{ratings, visits};
use crate::db::{marks, requests, DbConnection};
use crate::domain::visit_state::VisitStatus;
use crate::notify::{sms, templates};

/// Sends due reminders; returns how many.
pub fn run(conn: &mut DbConnection, now: DateTime<Utc>) -> Result<usize, AppError> {
    let due: Vec<(i64, i64)> = visits::table
        .left_join(ratings::table)
        .filter(ratings::id.is_null())
        .filter(visits::status.eq(VisitStatus::Completed.as_str()))
        .filter(visits::rating_token.is_not_null())
        .filter(visits::completed_at.le((now - Duration::hours(24)).naive_utc()))
        .select((visits::id, visits::request_id))
        .limit(200)
        .load(conn)?;
    let mut sent = 0;
    for (visit, request_id) in due {
        let Some(r) = requests::find(conn, request_id)? else { continue };
        if !marks::set(conn, Mark::RatingReminder { visit_id: visit }, Some(request_id), now.naive_utc())? {
            continue;
        }
        let token = links::issue(conn, LinkKind::Rate, request_id, Some(visit), now.naive_utc())?;
        let mail = templates::rating_reminder(&r, &token);
        notices::to_customer(conn, &r, "rating_reminder", mail, sms::rating_reminder(&r), now)?;
        lifecycle::note(
            conn,
            r.id,
            &Actor::system(),
            "rating_reminder",
            msg!("reminded-customer-rate-visit"),
            None,
            now,
        )?;
        sent += 1;
    }
    Ok(sent)
}
