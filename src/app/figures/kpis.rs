//! The manager's figures for a period, computed from the events (so any past period can be
//! recomputed): promise keeping, times, first-time fixes, rework, ratings, travel, per
//! service point and per technician.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use crate::app::error::AppError;
use crate::app::figures::share::{pct, percentile};
use crate::auth::AuthUser;
use crate::db::requests::{EventRow, RequestRow};
use crate::db::schema::{ratings, repair_requests, request_events, visits as visits_table};
use crate::db::visits::VisitRow;
use crate::db::{technicians, DbConnection};
use crate::domain::call::CallStatus;
use crate::domain::fees::Money;
use crate::domain::status::RequestStatus;

/// Median, 90th percentile and the share within the promise, in minutes.
#[derive(Clone, Debug, Default, Serialize, ToSchema, PartialEq)]
pub struct Timing {
    /// How many requests reached this step.
    pub count: usize,
    pub median_minutes: Option<f64>,
    /// 90th percentile minutes (linear interpolation).
    pub p90_minutes: Option<f64>,
    /// Percent of those requests that kept the promise.
    pub within_promise_pct: Option<f64>,
    /// The service point's target share for this promise, percent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_pct: Option<i32>,
}

/// Figures of one service point or technician.
#[derive(Clone, Debug, Default, Serialize, ToSchema, PartialEq)]
pub struct Figures {
    /// Requests booked in the period.
    pub requests: usize,
    /// Of those, completed (or closed).
    pub completed: usize,
    /// Of those, cancelled.
    pub cancelled: usize,
    /// Booking to a technician's acceptance.
    pub response: Timing,
    /// Booking to arrival on site.
    pub arrival: Timing,
    /// Booking to completion.
    pub resolution: Timing,
    /// Percent of completed requests fixed on the first visit.
    pub first_time_fix_pct: Option<f64>,
    /// Follow-ups opened per completed request, percent.
    pub follow_up_pct: Option<f64>,
    /// Ratings given.
    pub ratings: usize,
    /// Mean stars.
    pub mean_rating: Option<f64>,
    /// Percent of ratings with 4 or 5 stars.
    pub rating_4_5_pct: Option<f64>,
    /// Mean minutes from "on my way" to arrival.
    pub travel_minutes_per_visit: Option<f64>,
    /// Minutes spent on site.
    pub on_site_minutes: f64,
    /// Travel and on-site minutes over shift minutes in the period, percent.
    pub utilisation_pct: Option<f64>,
    /// Quotes for paid work the customers approved.
    pub quotes_approved: usize,
    /// Quotes for paid work the customers declined.
    pub quotes_declined: usize,
    /// Next-day calls counted: made, or past their first due day by the end of the period
    /// (a technician's: the calls of the visits they completed).
    pub calls: usize,
    /// Percent of those first made within one business day of the visit.
    pub called_within_day_pct: Option<f64>,
    /// Percent of the customers reached who were satisfied.
    pub call_satisfied_pct: Option<f64>,
    /// Customers' messages written in the period (a service point's; none for a technician).
    pub messages: usize,
    /// Percent of those answered within the point's `answer_minutes` of business time, of
    /// those answered or past that time (an unanswered message past it counts as missed).
    pub answered_within_target_pct: Option<f64>,
    /// Median business minutes from a customer's message to its first answer.
    pub median_answer_minutes: Option<f64>,
    /// The point's target share for answering in time, percent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer_target_pct: Option<i32>,
    /// Next-day calls of the period's requests that expired unmade (past the rework period);
    /// they count as missed in `called_within_day_pct`.
    pub calls_expired: usize,
    /// Service-recovery tasks opened in the period (a service point's; none for a technician).
    pub tasks_opened: usize,
    /// Tasks closed in the period.
    pub tasks_closed: usize,
    /// Median hours from opening to closing of the tasks closed in the period.
    pub median_hours_to_close: Option<f64>,
    /// Goodwill given on the tasks closed in the period, in the point's currency (none for a
    /// technician).
    pub goodwill_total: Option<Money>,
    /// Payments recorded on site for the period's requests (a technician's: those of their visits).
    pub payments: usize,
    /// What those payments came to, in minor units of `revenue_currency`.
    pub revenue_minor: i64,
    /// The service point's currency (ISO 4217).
    pub revenue_currency: String,
}

/// The answer of `GET /api/manage/kpis`.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Kpis {
    /// Period start.
    pub from: DateTime<Utc>,
    /// Period end (exclusive).
    pub to: DateTime<Utc>,
    /// Per service point id (JSON object keys are the ids as text).
    #[schema(value_type = BTreeMap<String, Figures>)]
    pub service_points: BTreeMap<i64, Figures>,
    /// Per technician id (as text), with the technician's name.
    #[schema(value_type = BTreeMap<String, (String, Figures)>)]
    pub technicians: BTreeMap<i64, (String, Figures)>,
}

fn timing(samples: &[(f64, bool)]) -> Timing {
    let mut minutes: Vec<f64> = samples.iter().map(|s| s.0).collect();
    minutes.sort_by(f64::total_cmp);
    let kept = samples.iter().filter(|s| s.1).count();
    Timing {
        count: samples.len(),
        median_minutes: percentile(&minutes, 0.5),
        p90_minutes: percentile(&minutes, 0.9),
        within_promise_pct: pct(kept, samples.len()),
        target_pct: None,
    }
}

fn pct_f(part: f64, whole: f64) -> Option<f64> {
    (whole > 0.0).then(|| (part * 1000.0 / whole).round() / 10.0)
}

/// Minutes of weekly shifts on the local days from `from` up to `to`.
fn shift_minutes(
    shifts: &[crate::domain::shift::Shift],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    tz: chrono_tz::Tz,
) -> f64 {
    use chrono::Datelike;
    let mut day = from.with_timezone(&tz).date_naive();
    let last = to.with_timezone(&tz).date_naive();
    let mut total = 0.0;
    while day < last {
        let weekday = day.weekday().num_days_from_monday() as i32;
        total += shifts
            .iter()
            .filter(|s| s.weekday == weekday)
            .map(|s| f64::from(s.end_minute - s.start_minute))
            .sum::<f64>();
        day = match day.succ_opt() {
            Some(d) => d,
            None => break,
        };
    }
    total
}

fn minutes(a: NaiveDateTime, b: NaiveDateTime) -> f64 {
    (b - a).num_seconds() as f64 / 60.0
}

#[derive(Default)]
struct Acc {
    requests: usize,
    completed: usize,
    cancelled: usize,
    first_time: usize,
    follow_ups: usize,
    response: Vec<(f64, bool)>,
    arrival: Vec<(f64, bool)>,
    resolution: Vec<(f64, bool)>,
    stars: Vec<i32>,
    travel: Vec<f64>,
    on_site: f64,
    quotes_approved: usize,
    quotes_declined: usize,
}

impl Acc {
    fn figures(&self) -> Figures {
        let four_five = self.stars.iter().filter(|s| **s >= 4).count();
        Figures {
            requests: self.requests,
            completed: self.completed,
            cancelled: self.cancelled,
            response: timing(&self.response),
            arrival: timing(&self.arrival),
            resolution: timing(&self.resolution),
            first_time_fix_pct: pct(self.first_time, self.completed),
            follow_up_pct: pct(self.follow_ups, self.completed),
            ratings: self.stars.len(),
            mean_rating: (!self.stars.is_empty())
                .then(|| (self.stars.iter().sum::<i32>() as f64 * 100.0 / self.stars.len() as f64).round() / 100.0),
            rating_4_5_pct: pct(four_five, self.stars.len()),
            travel_minutes_per_visit: (!self.travel.is_empty())
                .then(|| (self.travel.iter().sum::<f64>() * 10.0 / self.travel.len() as f64).round() / 10.0),
            on_site_minutes: self.on_site,
            utilisation_pct: None,
            quotes_approved: self.quotes_approved,
            quotes_declined: self.quotes_declined,
            calls: 0,
            called_within_day_pct: None,
            call_satisfied_pct: None,
            messages: 0,
            answered_within_target_pct: None,
            median_answer_minutes: None,
            answer_target_pct: None,
            calls_expired: 0,
            tasks_opened: 0,
            tasks_closed: 0,
            median_hours_to_close: None,
            goodwill_total: None,
            payments: 0,
            revenue_minor: 0,
            revenue_currency: String::new(),
        }
    }
}

/// Computes the figures of requests booked in [from, to) at these service points, as they
/// stand at `now` (a next-day call not yet due by then is not counted as missed).
pub fn compute(
    conn: &mut DbConnection,
    points: &[i64],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Kpis, AppError> {
    let requests: Vec<RequestRow> = repair_requests::table
        .filter(repair_requests::service_point_id.eq_any(points))
        .filter(repair_requests::created_at.ge(from.naive_utc()))
        .filter(repair_requests::created_at.lt(to.naive_utc()))
        .select(RequestRow::as_select())
        .load(conn)?;
    let ids: Vec<i64> = requests.iter().map(|r| r.id).collect();
    let events: Vec<EventRow> = request_events::table
        .filter(request_events::request_id.eq_any(&ids))
        .order((request_events::at, request_events::id))
        .select(EventRow::as_select())
        .load(conn)?;
    let visits: Vec<VisitRow> =
        visits_table::table.filter(visits_table::request_id.eq_any(&ids)).select(VisitRow::as_select()).load(conn)?;
    let visit_ids: Vec<i64> = visits.iter().map(|v| v.id).collect();
    let stars: Vec<(i64, i64, i32)> = ratings::table
        .filter(ratings::visit_id.eq_any(&visit_ids))
        .select((ratings::visit_id, ratings::technician_id, ratings::stars))
        .load(conn)?;
    let follow_ups: Vec<Option<i64>> = repair_requests::table
        .filter(repair_requests::follow_up_of.eq_any(&ids))
        .select(repair_requests::follow_up_of)
        .load(conn)?;
    let calls = crate::db::calls::of_requests(conn, &ids)?;
    let paid = crate::db::evidence::payments_of_visits(conn, &visit_ids)?;
    let revenue = |keep: &dyn Fn(&crate::db::evidence::PaymentRow) -> bool| {
        paid.iter().filter(|p| keep(p)).fold((0, 0), |(n, sum), p| (n + 1, sum + p.amount_minor))
    };
    let mut by_point: BTreeMap<i64, Acc> = points.iter().map(|p| (*p, Acc::default())).collect();
    let mut by_tech: BTreeMap<i64, Acc> = BTreeMap::new();
    for r in &requests {
        let mine: Vec<&EventRow> = events.iter().filter(|e| e.request_id == r.id).collect();
        let reached = |status: &str| mine.iter().find(|e| e.to_status.as_deref() == Some(status)).map(|e| e.at);
        let my_visits: Vec<&VisitRow> = visits.iter().filter(|v| v.request_id == r.id).collect();
        let tech = my_visits.iter().rev().find_map(|v| v.technician_id);
        let completed = reached("completed");
        let mut targets: Vec<&mut Acc> = Vec::new();
        let point = by_point.entry(r.service_point_id).or_default();
        targets.push(point);
        let mut tech_acc = tech.map(|t| std::mem::take(by_tech.entry(t).or_default()));
        if let Some(acc) = tech_acc.as_mut() {
            targets.push(acc);
        }
        let approved = mine.iter().filter(|e| e.kind == "quote_approved").count();
        let declined = mine.iter().filter(|e| e.kind == "quote_declined").count();
        for acc in targets {
            acc.requests += 1;
            acc.quotes_approved += approved;
            acc.quotes_declined += declined;
            if RequestStatus::parse(&r.status) == Some(RequestStatus::Cancelled) {
                acc.cancelled += 1;
            }
            if let Some(at) = reached("scheduled") {
                acc.response.push((minutes(r.created_at, at), at <= r.respond_by));
            }
            if let Some(at) = reached("on_site") {
                acc.arrival.push((minutes(r.created_at, at), at <= r.arrive_by));
            }
            if let Some(at) = completed {
                acc.completed += 1;
                acc.resolution.push((minutes(r.created_at, at), at <= r.resolve_by));
                if my_visits.len() == 1 {
                    acc.first_time += 1;
                }
                acc.follow_ups += follow_ups.iter().filter(|f| **f == Some(r.id)).count();
            }
            for v in &my_visits {
                if let (Some(a), Some(b)) = (v.en_route_at, v.arrived_at) {
                    acc.travel.push(minutes(a, b));
                }
                if let (Some(a), Some(b)) = (v.arrived_at, v.completed_at) {
                    acc.on_site += minutes(a, b);
                }
                acc.stars.extend(stars.iter().filter(|s| s.0 == v.id).map(|s| s.2));
            }
        }
        if let (Some(t), Some(acc)) = (tech, tech_acc) {
            by_tech.insert(t, acc);
        }
    }
    let busy = |acc: &Acc| acc.travel.iter().sum::<f64>() + acc.on_site;
    let mut technicians_out = BTreeMap::new();
    for (id, acc) in by_tech {
        let mut figures = acc.figures();
        let name = match technicians::find_full(conn, id)? {
            Some(t) => {
                let ctx = crate::app::points::point_context(conn, t.row.service_point_id)?;
                let tz = ctx.tz;
                (figures.payments, figures.revenue_minor) = revenue(&|p| p.technician_id == Some(id));
                figures.revenue_currency = ctx.point.currency;
                figures.utilisation_pct = pct_f(busy(&acc), shift_minutes(&t.shifts, from, to, tz));
                let theirs: Vec<&crate::db::calls::CallRow> = calls
                    .iter()
                    .filter(|c| visits.iter().any(|v| v.id == c.visit_id && v.technician_id == Some(id)))
                    .collect();
                (figures.calls, figures.called_within_day_pct, figures.call_satisfied_pct) =
                    crate::app::calls::next_day::figures(&theirs, tz, to.min(now));
                figures.calls_expired = theirs.iter().filter(|c| c.status == CallStatus::Expired.as_str()).count();
                t.name
            }
            None => String::new(),
        };
        technicians_out.insert(id, (name, figures));
    }
    let mut points_out = BTreeMap::new();
    for (id, acc) in by_point {
        let mut figures = acc.figures();
        let ctx = crate::app::points::point_context(conn, id)?;
        let (tz, policy) = (ctx.tz, &ctx.point.promise_policy);
        figures.response.target_pct = Some(policy.respond_target_pct);
        figures.arrival.target_pct = Some(policy.arrive_target_pct);
        figures.resolution.target_pct = Some(policy.resolve_target_pct);
        let shifts: f64 =
            technicians::list_full(conn, Some(id))?.iter().map(|t| shift_minutes(&t.shifts, from, to, tz)).sum();
        figures.utilisation_pct = pct_f(busy(&acc), shifts);
        let mine: Vec<&crate::db::calls::CallRow> = calls.iter().filter(|c| c.service_point_id == id).collect();
        (figures.calls, figures.called_within_day_pct, figures.call_satisfied_pct) =
            crate::app::calls::next_day::figures(&mine, tz, to.min(now));
        let answers = crate::app::messages::waiting::figures(conn, &ctx, from, to, now)?;
        figures.messages = answers.messages;
        figures.answered_within_target_pct = answers.answered_within_target_pct;
        figures.median_answer_minutes = answers.median_answer_minutes;
        figures.answer_target_pct = Some(policy.answer_target_pct);
        figures.calls_expired = mine.iter().filter(|c| c.status == CallStatus::Expired.as_str()).count();
        let tasks = crate::app::figures::recovery::task_figures(conn, id, &ctx.point.currency, from, to)?;
        (figures.tasks_opened, figures.tasks_closed) = (tasks.opened, tasks.closed);
        (figures.median_hours_to_close, figures.goodwill_total) =
            (tasks.median_hours_to_close, Some(tasks.goodwill_total));
        let of_point = |p: &crate::db::evidence::PaymentRow| {
            requests.iter().any(|r| r.id == p.request_id && r.service_point_id == id)
        };
        (figures.payments, figures.revenue_minor) = revenue(&of_point);
        figures.revenue_currency = ctx.point.currency.clone();
        points_out.insert(id, figures);
    }
    Ok(Kpis { from, to, service_points: points_out, technicians: technicians_out })
}

/// The figures of one service point, or of every point the reader may see.
pub fn for_reader(
    conn: &mut DbConnection,
    user: &AuthUser,
    service_point: Option<i64>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Kpis, AppError> {
    let points: Vec<i64> = match service_point {
        Some(sp) => {
            user.require_manager_of(sp)?;
            vec![sp]
        }
        None => crate::app::points::visible_points(user, conn)?.into_iter().map(|p| p.id).collect(),
    };
    compute(conn, &points, from, to, now)
}
