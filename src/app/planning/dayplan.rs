//! A real day of a service point as a `fieldfix-dispatch-v1` problem: technicians on shift,
//! their accepted and started visits pinned to them, open visits free, the travel matrix
//! from the service point's travel model. Lets a bad plan be reproduced outside the server.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use crate::app::error::AppError;
use crate::app::points::point_context;
use crate::db::requests::RequestRow;
use crate::db::schema::{repair_requests, visits as visits_table};
use crate::db::visits::VisitRow;
use crate::db::{technicians, DbConnection};
use crate::dispatch::dayplan::{DayPlan, PlanId, PlanTechnician, PlanVisit, DAY_S, FORMAT};
use crate::dispatch::travel::{duration_matrix, LatLon};
use crate::domain::visit_state::VisitStatus;

/// Exports `date` (local to the service point) as a day-plan problem.
pub fn export_day(
    conn: &mut DbConnection,
    service_point_id: i64,
    date: NaiveDate,
    now: DateTime<Utc>,
) -> Result<DayPlan, AppError> {
    let mut plan = day_without_matrix(conn, service_point_id, date, now)?;
    let mut points: Vec<LatLon> = plan.technicians.iter().map(|t| t.home).collect();
    points.extend(plan.visits.iter().map(|v| v.location));
    plan.durations_s = Some(duration_matrix(&point_context(conn, service_point_id)?.travel, &points));
    Ok(plan)
}

/// [`export_day`] without the travel matrix (which follows from the places in it), for a
/// check that the day has not changed that runs inside a write transaction.
pub fn day_without_matrix(
    conn: &mut DbConnection,
    service_point_id: i64,
    date: NaiveDate,
    now: DateTime<Utc>,
) -> Result<DayPlan, AppError> {
    use diesel::prelude::*;
    let ctx = point_context(conn, service_point_id)?;
    let midnight = crate::domain::time::day_start(date, ctx.tz)?;
    let end = midnight + Duration::days(1);
    let secs = |t: DateTime<Utc>| (t - midnight).num_seconds().clamp(0, DAY_S);
    let weekday = date.weekday().num_days_from_monday() as i32;

    let mut plan_techs = Vec::new();
    for t in technicians::list_full(conn, Some(service_point_id))? {
        let today: Vec<_> = t.shifts.iter().filter(|s| s.weekday == weekday).collect();
        let (Some(first), Some(last)) =
            (today.iter().map(|s| s.start_minute).min(), today.iter().map(|s| s.end_minute).max())
        else {
            continue;
        };
        if !t.row.active {
            continue;
        }
        plan_techs.push(PlanTechnician {
            id: PlanId::Int(t.row.id),
            home: LatLon::new(t.row.home_lat, t.row.home_lon),
            skills: t.skills.iter().map(|s| s.0.clone()).collect(),
            shift: [i64::from(first) * 60, i64::from(last) * 60],
            matrix_index: None,
        });
    }
    let on_shift: Vec<i64> =
        plan_techs.iter().filter_map(|t| if let PlanId::Int(i) = t.id { Some(i) } else { None }).collect();

    // The point's visits of the day and its open ones, each with its request, in two queries
    // (a query per visit took most of the export's time at 2,000 visits).
    let of_point = || {
        visits_table::table
            .inner_join(repair_requests::table)
            .filter(repair_requests::service_point_id.eq(service_point_id))
            .select((VisitRow::as_select(), RequestRow::as_select()))
    };
    let live: Vec<(VisitRow, RequestRow)> = of_point()
        .filter(visits_table::status.eq_any(VisitStatus::BUSY.map(VisitStatus::as_str)))
        .filter(visits_table::scheduled_start.ge(midnight.naive_utc()))
        .filter(visits_table::scheduled_start.lt(end.naive_utc()))
        .order(visits_table::id)
        .load(conn)?;
    let open: Vec<(VisitRow, RequestRow)> =
        of_point().filter(visits_table::status.eq(VisitStatus::Open.as_str())).order(visits_table::id).load(conn)?;
    let mut plan_visits = Vec::new();
    for (v, r) in live.iter().chain(open.iter()) {
        let pinned = v.technician_id.filter(|t| on_shift.contains(t));
        let (start, finish) = match (r.window_start, r.window_end, v.scheduled_start) {
            (Some(a), Some(b), _) => (secs(a.and_utc()), secs(b.and_utc())),
            (_, _, Some(s)) => (secs(s.and_utc()), secs(r.arrive_by.and_utc().max(s.and_utc()))),
            _ => (secs(now.max(midnight)), secs(r.arrive_by.and_utc())),
        };
        if v.technician_id.is_some() && pinned.is_none() {
            continue;
        }
        if r.window_start.is_some_and(|w| w.and_utc() >= end)
            || (v.state() == Some(VisitStatus::Open) && r.arrive_by.and_utc() < midnight)
        {
            continue;
        }
        plan_visits.push(PlanVisit {
            id: PlanId::Int(v.id),
            location: LatLon::new(r.lat, r.lon),
            skill: r.skill_code.clone(),
            duration_s: i64::from(v.duration_minutes.max(1)) * 60,
            window: [start.min(finish), finish.max(start)],
            pinned_to: pinned.map(PlanId::Int),
            matrix_index: None,
        });
    }
    for (i, t) in plan_techs.iter_mut().enumerate() {
        t.matrix_index = Some(i);
    }
    let offset = plan_techs.len();
    for (i, v) in plan_visits.iter_mut().enumerate() {
        v.matrix_index = Some(offset + i);
    }
    Ok(DayPlan {
        format: FORMAT.to_string(),
        technicians: plan_techs,
        visits: plan_visits,
        durations_s: None,
        distances_m: None,
    })
}
