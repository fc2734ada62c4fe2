//! What a technician reads: pending offers, the fee schedule, the visits of a day.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::app::booking::input::Window;
use crate::app::error::AppError;
use crate::app::photos::store::{views_of, PhotoView};
use crate::app::points::point_context;
use crate::app::visits::lines::{lines_of, LineView};
use crate::db::visits::VisitRow;
use crate::db::{requests, technicians, users, visits, DbConnection};
use crate::dispatch::travel::{GreatCircle, LatLon};
use crate::domain::area::Location;
use crate::domain::fees::Money;
use crate::domain::time::day_start;
use crate::domain::visit_state::{state_after, QuoteStatus, VisitStatus};
use std::collections::BTreeMap;

/// An offer as the technician sees it.
#[derive(Serialize, ToSchema)]
pub struct OfferView {
    /// Offer id.
    pub id: i64,
    /// Request reference.
    pub reference: String,
    pub skill: String,
    pub problem: String,
    pub address: String,
    pub location: Location,
    /// From the technician's home base.
    pub distance_km: f64,
    /// Booked window.
    pub window: Option<Window>,
    pub proposed_start: DateTime<Utc>,
    /// The offer ends then.
    pub expires_at: DateTime<Utc>,
    /// The service point's time zone, in which the page shows these times.
    pub time_zone: String,
}

/// The technician's pending offers.
pub fn offers_of(conn: &mut DbConnection, tech: i64, now: DateTime<Utc>) -> Result<Vec<OfferView>, AppError> {
    let me = technicians::find_full(conn, tech)?.ok_or(AppError::NotFound(msg!("thing-technician")))?;
    let home = LatLon::new(me.row.home_lat, me.row.home_lon);
    let time_zone = point_context(conn, me.row.service_point_id)?.point.time_zone;
    let mut out = Vec::new();
    for o in visits::pending_offers_of(conn, tech, now.naive_utc())? {
        let Some(r) = requests::find(conn, o.request_id)? else { continue };
        out.push(OfferView {
            id: o.id,
            reference: r.reference,
            skill: r.skill_code,
            problem: r.problem,
            address: r.address,
            location: Location { lat: r.lat, lon: r.lon },
            distance_km: (GreatCircle::straight_meters(home, LatLon::new(r.lat, r.lon)) / 100.0).round() / 10.0,
            window: match (r.window_start, r.window_end) {
                (Some(a), Some(b)) => Some(Window { start: a.and_utc(), end: b.and_utc() }),
                _ => None,
            },
            proposed_start: o.proposed_start.and_utc(),
            expires_at: o.expires_at.and_utc(),
            time_zone: time_zone.clone(),
        });
    }
    Ok(out)
}

/// The fee schedule a technician prices lines from.
#[derive(Serialize, ToSchema)]
pub struct TechFees {
    /// The service point's currency.
    pub currency: String,
    /// Prices of call-out, labour per half hour and parts.
    pub schedule: crate::domain::policy::FeeSchedule,
}

/// The fee schedule of the technician's service point.
pub fn fees_of(conn: &mut DbConnection, tech: i64) -> Result<TechFees, AppError> {
    let me = technicians::find_full(conn, tech)?.ok_or(AppError::NotFound(msg!("thing-technician")))?;
    let point = point_context(conn, me.row.service_point_id)?.point;
    Ok(TechFees { currency: point.currency, schedule: point.fee_schedule })
}

/// A visit on the technician's day.
#[derive(Serialize, ToSchema)]
pub struct DayVisit {
    /// Visit id.
    pub id: i64,
    pub request_id: i64,
    pub reference: String,
    pub status: String,
    /// Planned start.
    pub scheduled_start: Option<DateTime<Utc>>,
    /// Planned end.
    pub scheduled_end: Option<DateTime<Utc>>,
    pub address: String,
    pub location: Location,
    /// Opens navigation in an Android phone's map app (`geo:`); kept for older clients.
    pub navigation_url: String,
    /// Navigation links for each kind of phone: the page offers the one its phone opens.
    pub navigation: Navigation,
    /// The product is under warranty: the covered lines come to nothing (the page says 保修).
    pub warranty_covered: bool,
    /// The fixed-price services the customer chose at booking; the quote starts from them.
    pub booked_services: Vec<crate::app::booking::prices::PriceItem>,
    pub problem: String,
    pub skill: String,
    /// none, pending (the customer has not yet approved the fees), approved, declined.
    pub quote_status: String,
    /// The service point's time zone, in which the page shows these times.
    pub time_zone: String,
    /// What was recorded on site, once an outcome is saved.
    pub outcome: Option<SavedOutcome>,
    /// The customer to call, only while the visit is still to happen or happening.
    pub customer: Option<CustomerContact>,
    /// The steps the technician may take now (`en_route`, `arrive`, `outcome`, `complete`):
    /// the page offers these and no others.
    pub next_steps: Vec<String>,
    /// For each of those steps, where the visit stands after it, so a step kept on the phone
    /// without a network shows its effect before the server has seen it.
    pub after_step: BTreeMap<String, StepEffect>,
    /// The request's photos (the customer's and the technician's), oldest first.
    pub photos: Vec<PhotoView>,
    /// The customer's messages on the request nobody has answered yet
    /// (`GET /api/requests/{request_id}/messages`).
    pub unanswered_messages: usize,
    /// What the customer is to pay now (`POST /api/visits/{id}/payment`): once the outcome is
    /// recorded and no quote waits, until it is paid. A visit done on the day stays on it while
    /// its payment is due, and once paid (what was collected that day).
    pub payment_due: Option<Money>,
    /// How she paid, once recorded.
    pub payment: Option<crate::app::evidence::payment::PaymentView>,
}

/// Navigation to a visit's address in the apps phones have.
#[derive(Serialize, ToSchema)]
pub struct Navigation {
    /// Apple Maps (an iPhone opens it; `geo:` does nothing there).
    pub apple_maps: String,
    /// Android's map app of choice.
    pub geo: String,
    /// Amap (高德地图), which Chinese technicians use; WGS-84 coordinates, said so, so Amap
    /// shifts them to its own (GCJ-02) grid instead of landing some hundred metres off.
    pub amap: String,
}

impl Navigation {
    /// The links to `at`, labelled `name` where the app shows one.
    pub fn to(at: Location, name: &str) -> Navigation {
        let label: String = form_urlencoded::byte_serialize(name.as_bytes()).collect();
        Navigation {
            apple_maps: format!("https://maps.apple.com/?daddr={:.6},{:.6}&q={label}", at.lat, at.lon),
            geo: format!("geo:{:.6},{:.6}?q={:.6},{:.6}", at.lat, at.lon, at.lat, at.lon),
            amap: format!(
                "https://uri.amap.com/marker?position={:.6},{:.6}&name={label}&coordinate=wgs84&callnative=1",
                at.lon, at.lat
            ),
        }
    }
}

/// What a step leads to.
#[derive(Serialize, ToSchema)]
pub struct StepEffect {
    /// The visit's status afterwards.
    pub status: String,
    /// The steps offered afterwards.
    pub next_steps: Vec<String>,
}

/// The steps offered in `state`, and what each leads to (an outcome kept offline is taken as
/// one without fees to approve: the server decides when it arrives).
fn steps(
    state: Option<VisitStatus>,
    outcome_recorded: bool,
    quote: QuoteStatus,
) -> (Vec<String>, BTreeMap<String, StepEffect>) {
    let Some(state) = state else { return (Vec::new(), BTreeMap::new()) };
    let now: Vec<String> = state.next_steps(outcome_recorded, quote).into_iter().map(str::to_string).collect();
    let mut after = BTreeMap::new();
    for step in &now {
        if let Some(next) = state_after(step) {
            let recorded = outcome_recorded || step == "outcome";
            let quote = if step == "outcome" { QuoteStatus::None } else { quote };
            let next_steps = next.next_steps(recorded, quote).into_iter().map(str::to_string).collect();
            after.insert(step.clone(), StepEffect { status: next.as_str().to_string(), next_steps });
        }
    }
    (now, after)
}

/// Whom the technician can call about a visit.
#[derive(Serialize, ToSchema)]
pub struct CustomerContact {
    pub name: String,
    pub phone: Option<String>,
}

/// An outcome as saved, for the technician to check (and edit while the visit is open).
#[derive(Serialize, ToSchema)]
pub struct SavedOutcome {
    pub diagnosis: String,
    pub root_cause: String,
    pub work_done: String,
    /// resolved, needs_part, second_visit, not_resolved, declined.
    pub resolution: String,
    /// The priced lines.
    pub lines: Vec<LineView>,
    /// What the customer pays.
    pub total: Money,
}

/// The visits of `days` days from `date` (today when absent) in planned order, fee lines named
/// in `lang`.
pub fn day_of(
    conn: &mut DbConnection,
    tech: i64,
    date: Option<NaiveDate>,
    days: i64,
    now: DateTime<Utc>,
    lang: crate::domain::lang::Lang,
) -> Result<Vec<DayVisit>, AppError> {
    let me = technicians::find_full(conn, tech)?.ok_or(AppError::NotFound(msg!("thing-technician")))?;
    let ctx = point_context(conn, me.row.service_point_id)?;
    let words = crate::app::words::Words::load(conn, lang)?;
    let day = date.unwrap_or_else(|| now.with_timezone(&ctx.tz).date_naive());
    let start = day_start(day, ctx.tz)?.naive_utc();
    let end = day_start(day + Duration::days(days), ctx.tz)?.naive_utc();
    let mut found = visits::busy_between(conn, &[tech], start, end)?;
    let done = crate::db::evidence::done_between(conn, tech, start, end)?;
    let currency = ctx.point.currency.clone();
    let mut due = crate::app::evidence::payment::unpaid(conn, &found, &currency)?;
    let done_due = crate::app::evidence::payment::unpaid(conn, &done, &currency)?;
    let done_ids: Vec<i64> = done.iter().map(|v| v.id).collect();
    let collected = crate::db::evidence::payments_of_visits(conn, &done_ids)?;
    let keep =
        |v: &VisitRow| done_due.iter().any(|(id, _)| *id == v.id) || collected.iter().any(|p| p.visit_id == v.id);
    found.extend(done.into_iter().filter(|v| keep(v)));
    due.extend(done_due);
    found.sort_by_key(|v| v.scheduled_start);
    let ids: Vec<i64> = found.iter().map(|v| v.id).collect();
    let all_lines = visits::lines(conn, &ids)?;
    let request_ids: Vec<i64> = found.iter().map(|v| v.request_id).collect();
    let all_photos = views_of(conn, &request_ids, None)?;
    let waiting = crate::db::messages::waiting_on(conn, &request_ids)?;
    let paid = crate::db::evidence::payments_of_visits(conn, &ids)?;
    let mut out = Vec::new();
    for v in found {
        let Some(r) = requests::find(conn, v.request_id)? else { continue };
        let customer = match v.state().filter(|s| s.is_live()) {
            Some(_) => users::find(conn, r.customer_user_id)?.map(|u| CustomerContact { name: u.name, phone: u.phone }),
            None => None,
        };
        let (next_steps, after_step) = steps(v.state(), v.resolution.is_some(), v.quote());
        let outcome = v.resolution.clone().map(|resolution| {
            let (mut lines, total) = lines_of(v.id, &all_lines, &ctx.point.currency);
            crate::app::visits::lines::name_lines(&mut lines, &ctx.point.fee_schedule, &words);
            SavedOutcome {
                diagnosis: v.diagnosis.clone().unwrap_or_default(),
                root_cause: v.root_cause.clone().unwrap_or_default(),
                work_done: v.work_done.clone().unwrap_or_default(),
                resolution,
                lines,
                total,
            }
        });
        let navigation = Navigation::to(Location { lat: r.lat, lon: r.lon }, &r.address);
        out.push(DayVisit {
            id: v.id,
            request_id: r.id,
            reference: r.reference,
            status: v.status,
            scheduled_start: v.scheduled_start.map(|t| t.and_utc()),
            scheduled_end: v.scheduled_end.map(|t| t.and_utc()),
            address: r.address,
            location: Location { lat: r.lat, lon: r.lon },
            navigation_url: format!("geo:{:.6},{:.6}?q={:.6},{:.6}", r.lat, r.lon, r.lat, r.lon),
            navigation,
            warranty_covered: r.warranty_covered,
            booked_services: crate::app::booking::prices::booked_services(&ctx.point, &r.booked_services)?,
            problem: r.problem,
            skill: r.skill_code,
            quote_status: v.quote_status,
            time_zone: ctx.point.time_zone.clone(),
            outcome,
            customer,
            next_steps,
            after_step,
            photos: all_photos.iter().filter(|(request, _)| *request == r.id).map(|(_, p)| p.clone()).collect(),
            unanswered_messages: waiting.iter().filter(|m| m.request_id == Some(r.id)).count(),
            payment_due: due.iter().find(|(id, _)| *id == v.id).map(|(_, m)| m.clone()),
            payment: paid
                .iter()
                .find(|p| p.visit_id == v.id)
                .map(|p| crate::app::evidence::payment::payment_view(p, true)),
        });
    }
    Ok(out)
}
