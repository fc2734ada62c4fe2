//! The next-day calls a service point has to make: due today or overdue, the oldest due
//! first, a page at a time, of every technician's visits or of one.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::app::calls::next_day::{view, CallView};
use crate::app::error::AppError;
use crate::app::points::{chosen_point, point_context};
use crate::auth::AuthUser;
use crate::db::calls::{self, After, DueFilter};
use crate::db::{technicians, DbConnection};
use crate::domain::role::Role;

/// The calls per page when the reader does not say.
pub const DEFAULT_LIMIT: i64 = 50;
/// The most calls on one page.
pub const MAX_LIMIT: i64 = 200;

/// A technician whose visits have calls due, for the list's filter.
#[derive(Serialize, ToSchema)]
pub struct CallTechnician {
    pub id: i64,
    pub name: String,
    /// Their open calls due by the day.
    pub calls: i64,
}

/// The calls due on a day.
#[derive(Serialize, ToSchema)]
pub struct CallList {
    pub service_point_id: i64,
    /// The day, in the service point's time zone.
    pub date: NaiveDate,
    pub time_zone: String,
    /// Open calls due that day or earlier, the oldest due first (one page).
    pub calls: Vec<CallView>,
    /// How many calls the filter selects, on every page.
    pub total: i64,
    /// Pass as `cursor` for the next page; absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
    /// The technicians with calls due (whatever the filter), by name.
    pub technicians: Vec<CallTechnician>,
}

/// What the reader asks for.
#[derive(Clone, Debug, Default)]
pub struct DueQuery {
    pub service_point: Option<i64>,
    pub date: Option<NaiveDate>,
    pub technician: Option<i64>,
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

/// A page's end as a cursor: the due day, the creation in microseconds and the id.
fn cursor_of(a: &After) -> String {
    format!("{}_{}_{}", a.due_on, a.created_at.and_utc().timestamp_micros(), a.id)
}

/// Reads a cursor written by [`cursor_of`]; `None` for anything else.
pub fn parse_cursor(s: &str) -> Option<After> {
    let mut parts = s.split('_');
    let due_on = NaiveDate::parse_from_str(parts.next()?, "%Y-%m-%d").ok()?;
    let created_at = DateTime::from_timestamp_micros(parts.next()?.parse().ok()?)?.naive_utc();
    let id = parts.next()?.parse().ok()?;
    parts.next().is_none().then_some(After { due_on, created_at, id })
}

/// The open calls of the manager's service point due on `date` (today when absent) or before.
pub fn due_list(
    conn: &mut DbConnection,
    user: &AuthUser,
    q: &DueQuery,
    now: DateTime<Utc>,
) -> Result<CallList, AppError> {
    user.require(&[Role::Manager, Role::Admin])?;
    let limit = q.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(AppError::invalid("limit", msg!("must-1-200")));
    }
    let after = match &q.cursor {
        Some(c) => Some(parse_cursor(c).ok_or_else(|| AppError::invalid("cursor", msg!("cursor-not-from-list")))?),
        None => None,
    };
    let sp = chosen_point(user, conn, q.service_point)?;
    let ctx = point_context(conn, sp)?;
    let today = now.with_timezone(&ctx.tz).date_naive();
    let date = q.date.unwrap_or(today);
    let filter = DueFilter { service_point_id: sp, date, technician_id: q.technician };
    let mut rows = calls::due(conn, filter, after, limit + 1)?;
    let more = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    let next_cursor = more
        .then(|| rows.last().map(|c| cursor_of(&After { due_on: c.due_on, created_at: c.created_at, id: c.id })))
        .flatten();
    let mut out = Vec::new();
    for call in rows {
        out.push(view(conn, call, date, ctx.tz)?);
    }
    let mut technicians_out = Vec::new();
    let mut total = 0;
    for (technician, count) in calls::due_by_technician(conn, DueFilter { technician_id: None, ..filter })? {
        if q.technician.is_none() || q.technician == technician {
            total += count;
        }
        if let Some(t) = technician.and_then(|t| technicians::find_full(conn, t).transpose()).transpose()? {
            technicians_out.push(CallTechnician { id: t.row.id, name: t.name, calls: count });
        }
    }
    technicians_out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(CallList {
        service_point_id: sp,
        date,
        time_zone: ctx.point.time_zone,
        calls: out,
        total,
        next_cursor,
        technicians: technicians_out,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_refuse_anything_else() {
        let a = After {
            due_on: NaiveDate::from_ymd_opt(2026, 11, 25).expect("date"),
            created_at: DateTime::from_timestamp_micros(1_795_000_000_123_456).expect("time").naive_utc(),
            id: 77,
        };
        assert_eq!(parse_cursor(&cursor_of(&a)), Some(a));
        for bad in ["", "2026-11-25", "2026-11-25_1_2_3", "x_1_2", "2026-11-25_a_2"] {
            assert_eq!(parse_cursor(bad), None, "{bad}");
        }
    }
}
