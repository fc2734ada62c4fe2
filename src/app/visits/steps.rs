//! Running a visit: on the way, arrived, outcome and fees, quote approval, done (calling a
//! request off is in `cancel`).

use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::app::booking::book::new_visit;
use crate::app::error::AppError;
use crate::app::lifecycle::{self, Actor};
use crate::app::planning::dispatching;
use crate::app::points::point_context;
use crate::auth::AuthUser;
use crate::db::links::{self, LinkKind};
use crate::db::requests::{self, RequestRow};
use crate::db::visits::{self, LineRow, VisitRow};
use crate::db::DbConnection;
use crate::dispatch::travel::{GreatCircle, LatLon, TravelModel};
use crate::domain::area::Location;
use crate::domain::fees::{price_lines, total, Cover, LineInput};
use crate::domain::ids::{new_id, new_token, token_hash, VisitId};
use crate::domain::msg::Msg;
use crate::domain::status::RequestStatus;
use crate::domain::text::{self, Checks};
use crate::domain::visit_state::{QuoteStatus, VisitStatus};

/// Arrivals farther than this from the address are flagged.
pub const FAR_ARRIVAL_M: f64 = 500.0;

/// The technician's position, sent with each step.
#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StepInput {
    /// Where the technician is.
    pub position: Option<Location>,
}

/// How a visit ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Resolution {
    /// Fixed.
    Resolved,
    /// A part must be ordered; another visit follows.
    NeedsPart,
    /// Another visit is needed for another reason.
    SecondVisit,
    /// Could not be fixed.
    NotResolved,
    /// The customer declined the paid work; nothing more is done.
    Declined,
}

impl Resolution {
    fn as_str(self) -> &'static str {
        match self {
            Resolution::Resolved => "resolved",
            Resolution::NeedsPart => "needs_part",
            Resolution::SecondVisit => "second_visit",
            Resolution::NotResolved => "not_resolved",
            Resolution::Declined => "declined",
        }
    }
}

/// What the technician found and did.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomeInput {
    /// What was wrong.
    #[schema(
        min_length = 1,
        max_length = 2000,
        pattern = r"^[^\x00-\x08\x0b-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x08\x0b-\x1f\x7f-\x9f]*$"
    )]
    pub diagnosis: String,
    /// Why, e.g. `installation error`.
    #[schema(
        min_length = 1,
        max_length = 500,
        pattern = r"^[^\x00-\x08\x0b-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x08\x0b-\x1f\x7f-\x9f]*$"
    )]
    pub root_cause: String,
    /// What was done.
    #[schema(min_length = 0, max_length = 2000, pattern = r"^[^\x00-\x08\x0b-\x1f\x7f-\x9f]*$")]
    pub work_done: String,
    /// Fees.
    pub lines: Vec<LineInput>,
    /// How it ended.
    pub resolution: Resolution,
    /// With `needs_part`: the day the part is expected (today to 60 days ahead); the next
    /// visit is offered from then.
    #[serde(default)]
    pub part_expected_on: Option<chrono::NaiveDate>,
}

/// A technician's own visit and its request, or 404 (never revealing others' visits).
pub fn own_visit(
    conn: &mut DbConnection,
    user: &AuthUser,
    visit_id: VisitId,
) -> Result<(VisitRow, RequestRow), AppError> {
    let tech = user.technician()?;
    let visit = visits::find(conn, visit_id.get())?
        .filter(|v| v.technician_id == Some(tech))
        .ok_or(AppError::NotFound(msg!("thing-visit")))?;
    let request = requests::find(conn, visit.request_id)?.ok_or(AppError::NotFound(msg!("thing-request")))?;
    Ok((visit, request))
}

fn require_visit_status(visit: &VisitRow, expected: VisitStatus, action: Msg) -> Result<(), AppError> {
    if visit.state() == Some(expected) {
        Ok(())
    } else {
        let now = visit.state().map_or(msg!("state-changed"), VisitStatus::words);
        Err(AppError::conflict(msg!("cannot-visit-now", action = action, state = now), Some(&visit.status)))
    }
}

fn position(input: &StepInput) -> Result<Option<Location>, AppError> {
    input.position.map(|p| p.validated("position")).transpose().map_err(|e| AppError::Validation(vec![e]))
}

/// On the way: sets an ETA from the position (or home) to the address; 409 naming the other
/// request while the technician is on the way to another visit.
pub fn en_route(
    conn: &mut DbConnection,
    user: &AuthUser,
    visit_id: VisitId,
    input: &StepInput,
    now: DateTime<Utc>,
) -> Result<VisitRow, AppError> {
    let at = position(input)?;
    let (mut visit, mut request) = own_visit(conn, user, visit_id)?;
    require_visit_status(&visit, VisitStatus::Planned, msg!("visit-action-start-way"))?;
    let tech = user.technician()?;
    // One visit on the way at a time: the position is kept once per technician, and each
    // customer sees it while their visit is the one on the way. The technician's row is
    // locked so that two set-offs at once take turns.
    visits::lock_technician(conn, tech, now.naive_utc())?;
    if let Some(other) = visits::en_route_of(conn, tech)?.into_iter().find(|v| v.id != visit.id) {
        let reference = requests::find(conn, other.request_id)?.map(|r| r.reference).unwrap_or_default();
        return Err(AppError::conflict(msg!("already-on-the-way-to", reference = reference), Some(&visit.status)));
    }
    let ctx = point_context(conn, request.service_point_id)?;
    let from = match at {
        Some(p) => LatLon::new(p.lat, p.lon),
        None => {
            let t = crate::db::technicians::find_full(conn, user.technician()?)?
                .ok_or(AppError::NotFound(msg!("thing-technician")))?;
            LatLon::new(t.row.home_lat, t.row.home_lon)
        }
    };
    let eta = now + Duration::seconds(ctx.travel.seconds(from, LatLon::new(request.lat, request.lon)));
    lifecycle::transition(
        conn,
        &mut request,
        RequestStatus::EnRoute,
        &Actor::user(user),
        "en_route",
        msg!("way-expected", time = crate::domain::time::local_text(eta, ctx.tz)),
        at,
        now,
    )?;
    if let Some(p) = at {
        crate::db::technicians::set_position(conn, user.technician()?, p.lat, p.lon, now.naive_utc())?;
    }
    visit.status = VisitStatus::EnRoute.as_str().into();
    visit.en_route_at = Some(now.naive_utc());
    visit.eta = Some(eta.naive_utc());
    visits::save(conn, &visit)?;
    crate::app::notices::on_the_way(conn, &request, user.technician()?, eta, now)?;
    Ok(visit)
}

/// Arrived: records the position and flags an arrival far from the address.
pub fn arrive(
    conn: &mut DbConnection,
    user: &AuthUser,
    visit_id: VisitId,
    input: &StepInput,
    now: DateTime<Utc>,
) -> Result<VisitRow, AppError> {
    let at = position(input)?;
    let (mut visit, mut request) = own_visit(conn, user, visit_id)?;
    require_visit_status(&visit, VisitStatus::EnRoute, msg!("visit-action-arrive"))?;
    let distance =
        at.map(|p| GreatCircle::straight_meters(LatLon::new(p.lat, p.lon), LatLon::new(request.lat, request.lon)));
    let detail = match distance {
        Some(d) if d > FAR_ARRIVAL_M => msg!("arrived-but-km-from-address", km = format!("{:.1}", d / 1000.0)),
        Some(_) => msg!("arrived-address"),
        None => msg!("arrived-no-position-sent"),
    };
    lifecycle::transition(conn, &mut request, RequestStatus::OnSite, &Actor::user(user), "arrived", detail, at, now)?;
    visit.status = VisitStatus::OnSite.as_str().into();
    visit.arrived_at = Some(now.naive_utc());
    visit.arrived_lat = at.map(|p| p.lat);
    visit.arrived_lon = at.map(|p| p.lon);
    visit.arrival_distance_m = distance;
    visits::save(conn, &visit)?;
    Ok(visit)
}

/// Records the outcome and prices the lines; billable work waits for the customer's approval.
pub fn record_outcome(
    conn: &mut DbConnection,
    user: &AuthUser,
    visit_id: VisitId,
    input: &OutcomeInput,
    now: DateTime<Utc>,
) -> Result<VisitRow, AppError> {
    let mut c = Checks::default();
    let diagnosis = c.take(text::bounded("diagnosis", &input.diagnosis, 1, 2000));
    let root_cause = c.take(text::bounded("root_cause", &input.root_cause, 1, 500));
    let work_done = c.take(text::bounded("work_done", &input.work_done, 0, 2000));
    let (mut visit, request) = own_visit(conn, user, visit_id)?;
    let ctx = point_context(conn, request.service_point_id)?;
    let cover = Cover {
        warranty: request.warranty_covered,
        warranty_covers: &ctx.point.warranty_policy.covers,
        free_follow_up: request.free_of_charge,
    };
    let priced = match price_lines(&input.lines, &ctx.point.fee_schedule, &ctx.point.currency, cover) {
        Ok(p) => Some(p),
        Err(errors) => {
            for e in errors {
                c.push(e.field, e.reason);
            }
            None
        }
    };
    let declined = visit.quote() == QuoteStatus::Declined;
    if let Some(p) = &priced {
        crate::app::visits::quotes::check_reduced_outcome(
            &mut c,
            declined,
            input.resolution == Resolution::Declined,
            p,
        );
    }
    let today = now.with_timezone(&ctx.tz).date_naive();
    let needs_part = input.resolution == Resolution::NeedsPart;
    crate::app::visits::part::check_part_date(&mut c, needs_part, input.part_expected_on, today);
    c.finish()?;
    require_visit_status(&visit, VisitStatus::OnSite, msg!("visit-action-record-outcome"))?;
    if !crate::db::evidence::payments_of_visits(conn, &[visit.id])?.is_empty() {
        return Err(AppError::conflict(msg!("paid-outcome-stays"), Some(&request.status)));
    }
    visit.part_expected_on = input.part_expected_on;
    let priced = priced.unwrap_or_default();
    let rows: Vec<LineRow> = priced
        .iter()
        .map(|l| LineRow {
            id: new_id(),
            visit_id: visit.id,
            kind: l.kind.as_str().to_string(),
            description: l.description.clone(),
            quantity: l.quantity,
            unit_price_minor: l.unit_price.amount_minor,
            currency: l.unit_price.currency.clone(),
            covered: l.covered,
            billable_minor: l.billable.amount_minor,
            covered_by_warranty: l.covered_by_warranty,
            item_code: l.item_code.clone(),
        })
        .collect();
    visits::replace_lines(conn, visit.id, &rows)?;
    let due = total(&priced, &ctx.point.currency);
    visit.diagnosis = diagnosis;
    visit.root_cause = root_cause;
    visit.work_done = work_done;
    visit.resolution = Some(input.resolution.as_str().to_string());
    visit.quote_status = if declined {
        QuoteStatus::Declined
    } else if due.amount_minor > 0 {
        QuoteStatus::Pending
    } else {
        QuoteStatus::None
    }
    .as_str()
    .into();
    visit.quote_approved_at = None;
    visits::save(conn, &visit)?;
    let detail = if declined {
        msg!("reduced-outcome-recorded-after-customer-declined", amount = due.to_string())
    } else if due.amount_minor > 0 {
        msg!("outcome-recorded-quote-sent-approval", amount = due.to_string())
    } else if priced.iter().any(|l| l.covered) {
        msg!("outcome-recorded-all-work-covered-nothing")
    } else {
        msg!("outcome-recorded-nothing-to-pay")
    };
    lifecycle::note(conn, request.id, &Actor::user(user), "outcome", detail, None, now)?;
    if due.amount_minor > 0 && !declined {
        crate::app::notices::quote(conn, &request, &priced, &due, now)?;
    }
    Ok(visit)
}

/// Done: resolved visits complete the request; unresolved ones open another visit.
pub fn complete(
    conn: &mut DbConnection,
    user: &AuthUser,
    visit_id: VisitId,
    now: DateTime<Utc>,
) -> Result<VisitRow, AppError> {
    let (mut visit, mut request) = own_visit(conn, user, visit_id)?;
    require_visit_status(&visit, VisitStatus::OnSite, msg!("visit-action-complete"))?;
    let Some(resolution) = visit.resolution.clone() else {
        return Err(AppError::conflict(msg!("record-outcome-before-completing"), Some(&request.status)));
    };
    if visit.quote() == QuoteStatus::Pending {
        return Err(AppError::conflict(msg!("customer-must-approve-quote-before-visit"), Some(&request.status)));
    }
    if visit.quote() == QuoteStatus::Declined
        && !crate::app::visits::quotes::reduced(&visits::lines(conn, &[visit.id])?)
    {
        return Err(AppError::conflict(msg!("customer-declined-paid-work-record-outcome"), Some(&request.status)));
    }
    visit.completed_at = Some(now.naive_utc());
    if resolution == "resolved" || resolution == "declined" {
        // Only a finished repair is rated: an unfinished one would be judged half done.
        let rating_token = new_token();
        visit.rating_token = Some(token_hash(&rating_token));
        links::insert(conn, &token_hash(&rating_token), LinkKind::Rate, request.id, Some(visit.id), now.naive_utc())?;
        visit.status = VisitStatus::Completed.as_str().into();
        visits::save(conn, &visit)?;
        let detail = if resolution == "declined" {
            msg!("visit-completed-without-paid-work-customer")
        } else {
            msg!("repair-completed")
        };
        lifecycle::transition(
            conn,
            &mut request,
            RequestStatus::Completed,
            &Actor::user(user),
            "completed",
            detail,
            None,
            now,
        )?;
        let (lines, total) = stored_lines(conn, &visit, &request)?;
        let diagnosis = visit.diagnosis.clone().unwrap_or_default();
        crate::app::notices::completed(conn, &request, &diagnosis, &lines, &total, &rating_token, now)?;
    } else {
        visit.status = VisitStatus::Unresolved.as_str().into();
        visits::save(conn, &visit)?;
        lifecycle::transition(
            conn,
            &mut request,
            RequestStatus::NeedsFollowUp,
            &Actor::user(user),
            "unresolved",
            msg!("not-fixed-yet-another-visit-being", resolution = resolution.clone()),
            None,
            now,
        )?;
        if let (Some(day), true) = (visit.part_expected_on, resolution == "needs_part") {
            let ctx = point_context(conn, request.service_point_id)?;
            crate::app::visits::part::wait_for_part(conn, &ctx, &mut request, day, &Actor::user(user), now)?;
        }
        let next = new_visit(request.id, visit.seq + 1, now);
        visits::insert(conn, &next)?;
        dispatching::send_offers(conn, &mut request, &next, Some(user.technician()?), now)?;
    }
    crate::app::calls::next_day::schedule(conn, &request, &visit, now)?;
    Ok(visit)
}

/// The stored lines of a visit as priced lines, with the customer's total.
fn stored_lines(
    conn: &mut DbConnection,
    visit: &VisitRow,
    request: &RequestRow,
) -> Result<(Vec<crate::domain::fees::PricedLine>, crate::domain::fees::Money), AppError> {
    use crate::domain::fees::{LineKind, Money, PricedLine};
    let currency = point_context(conn, request.service_point_id)?.point.currency;
    let lines: Vec<PricedLine> = visits::lines(conn, &[visit.id])?
        .into_iter()
        .map(|l| PricedLine {
            kind: LineKind::from_stored(&l.kind),
            description: l.description,
            quantity: l.quantity,
            unit_price: Money { amount_minor: l.unit_price_minor, currency: l.currency.clone() },
            covered: l.covered,
            covered_by_warranty: l.covered_by_warranty,
            item_code: l.item_code,
            billable: Money { amount_minor: l.billable_minor, currency: l.currency },
        })
        .collect();
    let total = total(&lines, &currency);
    Ok((lines, total))
}
