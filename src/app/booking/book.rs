//! Booking a repair: coverage, warranty, promises, the first visit, offers (the input is
//! checked in `check`).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::booking::check::CheckedBooking;
use crate::app::error::AppError;
use crate::app::lifecycle::{self, Actor};
use crate::app::planning::dispatching::{self, VISIT_MINUTES};
use crate::app::points::{context_of, PointContext};
use crate::db::links::{self, LinkKind};
use crate::db::requests::{self, RequestRow};
use crate::db::service_points::{self, ServicePointRow};
use crate::db::visits::{self, VisitRow};
use crate::db::{skills, users, DbConnection};
use crate::dispatch::ranking::Candidate;
use crate::domain::area::{Coverage, Location};
use crate::domain::fees::warranty;
use crate::domain::ids::{new_id, new_reference, new_token, token_hash};
use crate::domain::msg::Arg;
use crate::domain::promise::add_business_minutes;
use crate::domain::visit_state::{QuoteStatus, VisitStatus};

/// The promises made at booking.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct Promise {
    /// A technician will have accepted by then.
    pub respond_by: DateTime<Utc>,
    /// A technician will be on site by then.
    pub arrive_by: DateTime<Utc>,
    /// The repair will be done by then.
    pub resolve_by: DateTime<Utc>,
}

/// Warranty cover as decided at booking.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct WarrantyView {
    /// True when the repair is covered.
    pub covered: bool,
    /// Last covered day.
    pub until: Option<NaiveDate>,
}

/// The answer to a booking.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct Booked {
    /// Request id.
    pub id: i64,
    /// Human reference.
    pub reference: String,
    pub status: String,
    /// Promises.
    pub promise: Promise,
    pub warranty: WarrantyView,
    /// The customer's tracking link.
    pub tracking_url: String,
    /// The service point's time zone, in which pages show the promised times.
    #[serde(default)]
    pub time_zone: String,
}

/// The service point whose coverage contains `at` (the nearest centre when several do),
/// with its context.
pub fn covering_point(conn: &mut DbConnection, at: Location) -> Result<Option<PointContext>, AppError> {
    let mut best: Option<(f64, ServicePointRow)> = None;
    for p in service_points::list_active(conn)? {
        let coverage = Coverage::from_json(&p.coverage)
            .map_err(|e| AppError::internal(format!("stored coverage of service point {}: {}", p.id, e.reason)))?;
        if coverage.covers(at) {
            let d = (p.center_lat - at.lat).powi(2) + (p.center_lon - at.lon).powi(2);
            if best.as_ref().is_none_or(|(bd, _)| d < *bd) {
                best = Some((d, p));
            }
        }
    }
    best.map(|b| context_of(&b.1)).transpose()
}

/// What a booking learns from a read before its write: the service point and the ranked
/// technicians to offer the visit to. Ranking is the slow part of a booking; done here, it
/// runs outside the write transaction (on SQLite, outside the single writer's turn).
pub struct BookingPlan {
    ctx: PointContext,
    ranked: Vec<Candidate>,
}

/// Reads what a booking needs: coverage, skill, the service point and the ranking.
pub fn plan(conn: &mut DbConnection, b: &CheckedBooking, now: DateTime<Utc>) -> Result<BookingPlan, AppError> {
    let input = b;
    let ctx = covering_point(conn, input.at()?)?
        .ok_or_else(|| AppError::invalid("location", msg!("address-outside-every-service-area-site")))?;
    match skills::find(conn, input.skill.trim())? {
        Some(s) if s.active => {}
        _ => return Err(AppError::invalid("skill", msg!("unknown-skill-named", skill = format!("{:?}", input.skill)))),
    }
    check_services(&ctx, b)?;
    let (draft, _) = request_row(b, &ctx, 0, now)?;
    let (ranked, _) = dispatching::rank_for(conn, &ctx, &draft, None, dispatching::RANKED_FOR_OFFERS, now)?;
    if input.window.is_some() && ranked.is_empty() {
        return Err(AppError::conflict(msg!("window-no-longer-available-choose-another"), None));
    }
    Ok(BookingPlan { ctx, ranked })
}

/// Every chosen service is in the covering point's fee schedule and goes with the skill.
fn check_services(ctx: &PointContext, b: &CheckedBooking) -> Result<(), AppError> {
    let mut c = crate::domain::text::Checks::default();
    for (i, code) in b.services.iter().enumerate() {
        match ctx.point.fee_schedule.services.iter().find(|s| &s.code == code) {
            Some(s) if s.goes_with(b.skill.trim()) => {}
            Some(_) => c.push(format!("services[{i}]"), msg!("service-not-for-this-repair")),
            None => c.push(format!("services[{i}]"), msg!("not-in-fee-schedule")),
        }
    }
    Ok(c.finish()?)
}

/// Plans and stores a booking in the caller's transaction (tools and the demo history).
pub fn book(
    conn: &mut DbConnection,
    b: &CheckedBooking,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<Booked, AppError> {
    let planned = plan(conn, b, now)?;
    store(conn, b, planned, public_url, now)
}

/// Stores a planned booking and sends the first offers, in the caller's transaction. A
/// wished window is checked again here, since a technician may have been scheduled into it
/// since the plan was read; offers go to the planned technicians who are still active.
pub fn store(
    conn: &mut DbConnection,
    b: &CheckedBooking,
    planned: BookingPlan,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<Booked, AppError> {
    let BookingPlan { ctx, ranked } = planned;
    let input = b;
    // With an email, the customer is whoever booked with it, else a phone-only customer of
    // this phone (who now gets the email); without one, the latest customer of this phone.
    let known = match &b.email {
        Some(email) => match users::find_by_email(conn, email)? {
            Some(u) => Some(u),
            None => users::find_customer_by_phone(conn, b.phone.e164())?.filter(|u| u.email.is_none()),
        },
        None => users::find_customer_by_phone(conn, b.phone.e164())?,
    };
    let customer_id = match known {
        Some(u) => {
            if let Some(email) = &b.email {
                users::set_email_if_none(conn, u.id, email)?;
            }
            u.id
        }
        None => {
            let id = new_id();
            users::insert(
                conn,
                &users::NewUser {
                    id,
                    email: b.email.as_deref(),
                    name: &b.name,
                    phone: Some(b.phone.e164()),
                    role: "customer",
                    password_hash: None,
                    active: true,
                    created_at: now.naive_utc(),
                },
            )?;
            id
        }
    };
    let (mut request, token) = request_row(b, &ctx, customer_id, now)?;
    if input.window.is_some() {
        let (still, _) = dispatching::rank_for(conn, &ctx, &request, None, 1, now)?;
        if still.is_empty() {
            return Err(AppError::conflict(msg!("window-no-longer-available-choose-another"), None));
        }
    }
    requests::insert(conn, &request)?;
    links::insert(conn, &request.tracking_token, LinkKind::Track, request.id, None, now.naive_utc())?;
    let visit = new_visit(request.id, 1, now);
    visits::insert(conn, &visit)?;
    let detail = if request.warranty_covered {
        msg!("booked-warranty-covers-repair")
    } else {
        msg!("booked-warranty-does-not-cover-repair")
    };
    let detail = detail.with("name", b.name.as_str()).with("skill", Arg::Skill(request.skill_code.clone()));
    lifecycle::note(conn, request.id, &Actor::customer(customer_id), "booked", detail, input.location, now)?;
    dispatching::send_offers_to(conn, &ctx, &mut request, &visit, ranked, None, now)?;
    crate::app::notices::booked(conn, &request, &b.name, ctx.tz, now)?;
    Ok(booked_answer(&request, &ctx.point.time_zone, public_url, &token))
}

/// The request row of a booking at a service point, with its promises and warranty, and
/// the tracking token whose hash the row keeps.
fn request_row(
    b: &CheckedBooking,
    ctx: &PointContext,
    customer_id: i64,
    now: DateTime<Utc>,
) -> Result<(RequestRow, String), AppError> {
    let input = b;
    let at = input.at()?;
    let policy = &ctx.point.promise_policy;
    let hours = &policy.business_hours;
    let respond_by = add_business_minutes(now, policy.respond_minutes, hours, ctx.tz);
    let arrive_by = match input.window {
        Some(w) => w.end,
        None => add_business_minutes(now, policy.arrive_minutes, hours, ctx.tz),
    };
    let resolve_by =
        add_business_minutes(now, policy.resolve_minutes, hours, ctx.tz).max(arrive_by + Duration::hours(1));
    let today = now.with_timezone(&ctx.tz).date_naive();
    let category = input.product.category.trim().to_lowercase();
    let (covered, until) = warranty(&ctx.point.warranty_policy, &category, input.product.purchased_on, today);
    let token = new_token();
    let row = RequestRow {
        id: new_id(),
        reference: new_reference(),
        tracking_token: token_hash(&token),
        service_point_id: ctx.point.id,
        customer_user_id: customer_id,
        language: b.language.clone(),
        product_category: category,
        product_brand: input.product.brand.trim().to_string(),
        product_model: input.product.model.trim().to_string(),
        product_serial: input.product.serial.trim().to_string(),
        purchased_on: input.product.purchased_on,
        order_ref: input.product.order_ref.trim().to_string(),
        problem: input.problem.trim().to_string(),
        skill_code: input.skill.trim().to_string(),
        min_level: 1,
        address: input.address.trim().to_string(),
        lat: at.lat,
        lon: at.lon,
        window_start: input.window.map(|w| w.start.naive_utc()),
        window_end: input.window.map(|w| w.end.naive_utc()),
        status: "submitted".into(),
        warranty_covered: covered,
        warranty_until: until,
        respond_by: respond_by.naive_utc(),
        arrive_by: arrive_by.naive_utc(),
        resolve_by: resolve_by.naive_utc(),
        follow_up_of: None,
        free_of_charge: false,
        created_at: now.naive_utc(),
        updated_at: now.naive_utc(),
        booked_services: serde_json::to_string(&input.services)
            .map_err(|e| AppError::unexpected("writing the chosen services", e))?,
    };
    Ok((row, token))
}

/// A fresh open visit.
pub fn new_visit(request_id: i64, seq: i32, now: DateTime<Utc>) -> VisitRow {
    VisitRow {
        id: new_id(),
        request_id,
        seq,
        technician_id: None,
        status: VisitStatus::Open.as_str().into(),
        scheduled_start: None,
        scheduled_end: None,
        duration_minutes: VISIT_MINUTES as i32,
        eta: None,
        en_route_at: None,
        arrived_at: None,
        arrived_lat: None,
        arrived_lon: None,
        arrival_distance_m: None,
        completed_at: None,
        diagnosis: None,
        root_cause: None,
        work_done: None,
        resolution: None,
        quote_status: QuoteStatus::None.as_str().into(),
        quote_approved_at: None,
        rating_token: None,
        created_at: now.naive_utc(),
        part_expected_on: None,
    }
}

/// The booking answer of a stored request, with the tracking link of `token`.
pub fn booked_answer(r: &RequestRow, time_zone: &str, public_url: &str, token: &str) -> Booked {
    Booked {
        time_zone: time_zone.to_string(),
        id: r.id,
        reference: r.reference.clone(),
        status: r.status.clone(),
        promise: Promise {
            respond_by: r.respond_by.and_utc(),
            arrive_by: r.arrive_by.and_utc(),
            resolve_by: r.resolve_by.and_utc(),
        },
        warranty: WarrantyView { covered: r.warranty_covered, until: r.warranty_until },
        tracking_url: format!("{}/track/{token}", public_url.trim_end_matches('/')),
    }
}
