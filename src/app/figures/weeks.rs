//! A service point's figures week by week, for the charts of the board.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::app::error::AppError;
use crate::app::figures::kpis::{compute, Figures};
use crate::auth::AuthUser;
use crate::db::DbConnection;

/// One week of a service point's figures, for the charts of the board.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct WeekFigures {
    /// Local Monday midnight.
    pub start: DateTime<Utc>,
    /// The next Monday midnight (the running week counts what it has so far).
    pub end: DateTime<Utc>,
    /// The figures of requests booked that week.
    pub figures: Figures,
}

/// A service point's figures week by week, with the promises they are held to.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct WeeklyKpis {
    pub service_point_id: i64,
    /// Its time zone (weeks start on its local Monday).
    pub time_zone: String,
    /// Promised response in business minutes.
    pub respond_minutes: i64,
    /// Promised arrival in business minutes.
    pub arrive_minutes: i64,
    /// Business minutes to answer a customer's message.
    pub answer_minutes: i64,
    /// Target share of messages answered in time, percent.
    pub answer_target_pct: i32,
    /// Target share of ratings with 4 or 5 stars, percent (the platforms' satisfaction line).
    pub rating_target_pct: i32,
    /// Oldest week first; the last one is the running week.
    pub weeks: Vec<WeekFigures>,
}

/// The last `weeks` weeks (the running one included) of one service point.
pub fn weekly(
    conn: &mut DbConnection,
    service_point_id: i64,
    weeks: u32,
    now: DateTime<Utc>,
) -> Result<WeeklyKpis, AppError> {
    use chrono::Datelike;
    let ctx = crate::app::points::point_context(conn, service_point_id)?;
    let today = now.with_timezone(&ctx.tz).date_naive();
    let monday = today - chrono::Duration::days(i64::from(today.weekday().num_days_from_monday()));
    let mut out = Vec::new();
    for back in (0..i64::from(weeks)).rev() {
        let first = monday - chrono::Duration::weeks(back);
        let start = crate::domain::time::day_start(first, ctx.tz)?;
        let end = crate::domain::time::day_start(first + chrono::Duration::weeks(1), ctx.tz)?;
        let mut k = compute(conn, &[service_point_id], start, end, now)?;
        let figures = k.service_points.remove(&service_point_id).unwrap_or_default();
        out.push(WeekFigures { start, end, figures });
    }
    let policy = &ctx.point.promise_policy;
    Ok(WeeklyKpis {
        service_point_id,
        time_zone: ctx.point.time_zone.clone(),
        respond_minutes: policy.respond_minutes,
        arrive_minutes: policy.arrive_minutes,
        answer_minutes: policy.answer_minutes,
        answer_target_pct: policy.answer_target_pct,
        rating_target_pct: crate::domain::policy::RATING_TARGET_PCT,
        weeks: out,
    })
}

/// [`weekly`] for the reader's chosen service point (their first when none is asked).
pub fn weekly_for(
    conn: &mut DbConnection,
    user: &AuthUser,
    asked: Option<i64>,
    weeks: u32,
    now: DateTime<Utc>,
) -> Result<WeeklyKpis, AppError> {
    let sp = crate::app::points::chosen_point(user, conn, asked)?;
    weekly(conn, sp, weeks, now)
}
