//! What a re-plan changes, visit by visit, for the manager to read before applying it; and a
//! previewed plan sent back, to be applied as it was shown rather than searched again.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::error::AppError;
use crate::app::points::point_context;
use crate::db::requests::RequestRow;
use crate::db::visits::VisitRow;
use crate::db::{technicians, visits, DbConnection};
use crate::dispatch::dayplan::{DayPlan, PlanId};
use crate::dispatch::dayplan_answer::DayPlanAnswer;
use crate::dispatch::model::Solution;

/// A technician named in a re-plan's preview.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct TechnicianName {
    pub id: i64,
    pub name: String,
}

/// One visit the new plan gives to another technician or another time.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct PlannedMove {
    pub visit_id: i64,
    pub request_id: i64,
    pub reference: String,
    /// Who has it now (null while nobody does).
    pub technician_before: Option<TechnicianName>,
    /// Its start now.
    pub start_before: Option<DateTime<Utc>>,
    /// Who has it in the new plan (null when the new plan leaves it out).
    pub technician_after: Option<TechnicianName>,
    /// Its start in the new plan.
    pub start_after: Option<DateTime<Utc>>,
    /// The arrival promise.
    pub arrive_by: DateTime<Utc>,
    /// True when the new start keeps the arrival promise.
    pub keeps_promise: bool,
}

/// One technician's visits in driving order, as the preview's `plan.routes` shows them.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RouteInput {
    pub technician_id: i64,
    /// Visit ids in driving order (at most 200).
    #[schema(max_items = 200)]
    pub visit_ids: Vec<i64>,
}

/// A previewed plan to apply: every route of it (visits not listed stay unserved).
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanInput {
    /// At most 200 routes, one per technician.
    #[schema(max_items = 200)]
    pub routes: Vec<RouteInput>,
}

/// A plan's (technician id, start in seconds since local midnight) of each visit of `plan`
/// in its order, `None` for a visit it leaves out.
pub type Placement = Vec<Option<(i64, i64)>>;

fn id_of(p: &PlanId) -> Option<i64> {
    match p {
        PlanId::Int(i) => Some(*i),
        PlanId::Text(t) => t.parse().ok(),
    }
}

/// Where the optimizer's `answer` puts each visit of `plan`.
pub fn placement_of(plan: &DayPlan, answer: &DayPlanAnswer) -> Placement {
    let mut at: HashMap<&PlanId, (i64, i64)> = HashMap::new();
    for route in &answer.routes {
        let Some(tech) = id_of(&route.technician) else { continue };
        for stop in &route.visits {
            at.insert(&stop.id, (tech, stop.start_s));
        }
    }
    plan.visits.iter().map(|v| at.get(&v.id).copied()).collect()
}

/// How many visits of `plan` a placement serves within their promised window.
pub fn promises_kept(plan: &DayPlan, placement: &Placement) -> usize {
    plan.visits.iter().zip(placement).filter(|(v, p)| p.is_some_and(|(_, start)| start <= v.window[1])).count()
}

/// The solution of `plan` that `input` states, or 422 naming what does not fit; 409 when it
/// names a visit the day no longer has (the day changed since the preview).
pub fn solution_of(plan: &DayPlan, input: &PlanInput) -> Result<Solution, AppError> {
    if input.routes.len() > 200 {
        return Err(AppError::invalid("routes", msg!("at-most-routes", max = 200)));
    }
    let mut routes = vec![Vec::new(); plan.technicians.len()];
    let mut served = vec![false; plan.visits.len()];
    let mut techs_seen = Vec::new();
    for (i, route) in input.routes.iter().enumerate() {
        let field = |name: &str| format!("routes[{i}].{name}");
        let Some(t) = plan.technicians.iter().position(|t| id_of(&t.id) == Some(route.technician_id)) else {
            return Err(AppError::invalid(field("technician_id"), msg!("technician-not-working-that-day")));
        };
        if techs_seen.contains(&t) {
            return Err(AppError::invalid(field("technician_id"), msg!("listed-twice")));
        }
        techs_seen.push(t);
        if route.visit_ids.len() > 200 {
            return Err(AppError::invalid(field("visit_ids"), msg!("at-most-routes", max = 200)));
        }
        for id in &route.visit_ids {
            let Some(c) = plan.visits.iter().position(|v| id_of(&v.id) == Some(*id)) else {
                return Err(AppError::conflict(msg!("day-changed-since-preview"), None));
            };
            if std::mem::replace(&mut served[c], true) {
                return Err(AppError::invalid(field("visit_ids"), msg!("listed-twice")));
            }
            routes[t].push(c);
        }
    }
    let unassigned = served.iter().enumerate().filter(|(_, s)| !**s).map(|(c, _)| c).collect();
    Ok(Solution { routes, unassigned })
}

/// The visits whose technician or start (by a minute or more) differ between `before` and
/// `after`, with their references, promises and the technicians' names.
pub fn describe(
    conn: &mut DbConnection,
    service_point_id: i64,
    date: NaiveDate,
    plan: &DayPlan,
    (before, after): (&Placement, &Placement),
) -> Result<Vec<PlannedMove>, AppError> {
    let ctx = point_context(conn, service_point_id)?;
    let midnight = crate::domain::time::day_start(date, ctx.tz)?;
    let names: HashMap<i64, String> =
        technicians::list_full(conn, Some(service_point_id))?.into_iter().map(|t| (t.row.id, t.name)).collect();
    let named = |id: i64| TechnicianName { id, name: names.get(&id).cloned().unwrap_or_default() };
    let at = |s: i64| midnight + Duration::seconds(s);
    let changed: Vec<usize> = (0..plan.visits.len())
        .filter(|&i| match (before[i], after[i]) {
            (Some(a), Some(b)) => a.0 != b.0 || (a.1 - b.1).abs() >= 60,
            (None, None) => false,
            _ => true,
        })
        .collect();
    let ids: Vec<i64> = changed.iter().filter_map(|&i| id_of(&plan.visits[i].id)).collect();
    let rows: HashMap<i64, (VisitRow, RequestRow)> =
        visits::with_requests(conn, &ids)?.into_iter().map(|(v, r)| (v.id, (v, r))).collect();
    let mut moves = Vec::new();
    for i in changed {
        let (was, will) = (before[i], after[i]);
        let Some((visit, request)) = id_of(&plan.visits[i].id).and_then(|id| rows.get(&id)).cloned() else {
            continue;
        };
        let arrive_by = request.arrive_by.and_utc();
        moves.push(PlannedMove {
            visit_id: visit.id,
            request_id: request.id,
            reference: request.reference,
            technician_before: was.map(|w| named(w.0)),
            start_before: was.map(|w| at(w.1)),
            technician_after: will.map(|w| named(w.0)),
            start_after: will.map(|w| at(w.1)),
            arrive_by,
            keeps_promise: will.is_some_and(|w| at(w.1) <= arrive_by),
        });
    }
    Ok(moves)
}
