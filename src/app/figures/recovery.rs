//! Service-recovery figures of a service point: tasks opened and closed in a period, the
//! median hours a task stayed open, and the goodwill given.

use chrono::{DateTime, Utc};

use crate::app::error::AppError;
use crate::app::figures::share::percentile;
use crate::db::{follow_ups, DbConnection};
use crate::domain::fees::Money;

/// The task figures of a service point for a period.
pub struct TaskFigures {
    pub opened: usize,
    pub closed: usize,
    pub median_hours_to_close: Option<f64>,
    pub goodwill_total: Money,
}

/// The task figures of service point `id` for [from, to): opened and closed in the period (by
/// their own times, not the request's booking), the median hours from opening to closing of
/// those closed, and the goodwill total of those closed, in `currency`.
pub fn task_figures(
    conn: &mut DbConnection,
    id: i64,
    currency: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<TaskFigures, AppError> {
    let (from, to) = (from.naive_utc(), to.naive_utc());
    let rows = follow_ups::for_figures(conn, &[id], from, to)?;
    let opened = rows.iter().filter(|r| r.1 >= from && r.1 < to).count();
    let closed: Vec<_> = rows.iter().filter(|r| r.2.is_some_and(|c| c >= from && c < to)).collect();
    let mut hours: Vec<f64> =
        closed.iter().filter_map(|r| r.2.map(|c| (c - r.1).num_seconds() as f64 / 3600.0)).collect();
    hours.sort_by(f64::total_cmp);
    let total: i64 = closed.iter().filter_map(|r| r.3).sum();
    Ok(TaskFigures {
        opened,
        closed: closed.len(),
        median_hours_to_close: percentile(&hours, 0.5).map(|h| (h * 10.0).round() / 10.0),
        goodwill_total: Money { amount_minor: total, currency: currency.to_string() },
    })
}
