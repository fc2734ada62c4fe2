//! What each reader sees of a request: staff and owners the whole of it, the tracking
//! link the customer's view.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::app::access::may_read;
use crate::app::booking::book::{Promise, WarrantyView};
use crate::app::error::AppError;
use crate::app::photos::store::{views_of, PhotoView};
use crate::app::visits::lines::{lines_of, LineView};
pub use crate::app::words::Words;
use crate::auth::AuthUser;
use crate::db::requests::{self, EventRow, RequestRow};
use crate::db::visits::{self, LineRow, VisitRow};
use crate::db::{technicians, DbConnection};
use crate::domain::area::Location;
use crate::domain::fees::{bayesian_rating, Money};
use crate::domain::ids::RequestId;
use crate::domain::lang::{technician_for_customer, Lang};
use crate::domain::role::Role;

/// One event as shown.
#[derive(Serialize, ToSchema)]
pub struct EventView {
    /// When.
    pub at: DateTime<Utc>,
    /// Who: customer, technician, manager, admin, system.
    pub actor: String,
    /// What kind of thing happened.
    pub kind: String,
    /// Status before, for a transition.
    pub from: Option<String>,
    /// Status after, for a transition.
    pub to: Option<String>,
    /// In words, in the reader's language.
    pub detail: String,
    /// Where, when known.
    pub location: Option<Location>,
    /// The stored message behind `detail` (its id and arguments), for writing it in the
    /// reader's language; events written before messages were kept have none.
    #[serde(skip)]
    pub message: Option<(String, String)>,
}

/// One visit as shown.
#[derive(Serialize, ToSchema)]
pub struct VisitView {
    pub id: i64,
    /// 1 for the first visit.
    pub seq: i32,
    /// open, planned, en_route, on_site, completed, unresolved, cancelled.
    pub status: String,
    /// Technician id (staff views only).
    pub technician_id: Option<i64>,
    /// The technician as the reader is told of them: the full name, or in Chinese the
    /// surname with 师傅 (王师傅) for a Chinese name.
    pub technician_first_name: Option<String>,
    /// Technician's rating.
    pub technician_rating: Option<f64>,
    /// Planned start.
    pub scheduled_start: Option<DateTime<Utc>>,
    /// Planned end.
    pub scheduled_end: Option<DateTime<Utc>>,
    /// Expected arrival once on the way.
    pub eta: Option<DateTime<Utc>>,
    pub diagnosis: Option<String>,
    pub root_cause: Option<String>,
    pub work_done: Option<String>,
    /// resolved, needs_part, second_visit, not_resolved.
    pub resolution: Option<String>,
    /// With `needs_part`: the day the part is expected; the next visit comes from then.
    pub part_expected_on: Option<chrono::NaiveDate>,
    /// Fee lines.
    pub lines: Vec<LineView>,
    /// What the customer pays for this visit.
    pub total: Money,
    /// none, pending, approved.
    pub quote_status: String,
    /// Meters between the arrival position and the address.
    pub arrival_distance_m: Option<f64>,
    /// How the customer paid for this visit, and the quote she signed on site (`payment`, `signature`).
    #[serde(flatten)]
    pub evidence: crate::app::evidence::views::VisitEvidence,
}

/// A request as its readers see it.
#[derive(Serialize, ToSchema)]
pub struct RequestView {
    pub id: i64,
    /// Human reference.
    pub reference: String,
    pub status: String,
    pub service_point_id: i64,
    /// The service point's time zone, in which pages show every time of the request.
    pub time_zone: String,
    /// The service point's currency.
    pub currency: String,
    pub product_category: String,
    /// Brand and model.
    pub product: String,
    pub problem: String,
    pub skill: String,
    pub address: String,
    pub location: Location,
    /// Booked window.
    pub window: Option<crate::app::booking::input::Window>,
    /// Promises.
    pub promise: Promise,
    pub warranty: WarrantyView,
    /// Free of charge (a follow-up within the rework period).
    pub free_of_charge: bool,
    /// The fixed-price services chosen at booking, at the schedule's price; paid under
    /// warranty too (the technician's quote starts from them).
    pub booked_services: Vec<crate::app::booking::prices::PriceItem>,
    /// The request this follows up.
    pub follow_up_of: Option<i64>,
    pub visits: Vec<VisitView>,
    /// Events, oldest first.
    pub events: Vec<EventView>,
    /// The rating link, once a visit is completed and not yet rated.
    pub rating_url: Option<String>,
    /// The language the request was booked in (`en` or `zh-CN`).
    pub language: String,
    /// The service point's name.
    pub service_point_name: String,
    /// The number the customer calls about this repair (empty when the point has none).
    pub service_point_phone: String,
    /// The customer's earlier requests: only on the tracking view, and only for the
    /// signed-in customer who booked it (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<Vec<crate::app::customers::history::RequestRecord>>,
    /// On the tracking view, only while the technician is on the way: their last position
    /// reported since they set off (absent before, after, or without one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub technician_position: Option<crate::app::visits::positions::PositionView>,
    /// For its service point's managers and admins: the customer's earlier requests, with
    /// visits, ratings and follow-ups (absent for other readers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub earlier_requests: Option<Vec<crate::app::customers::history::RequestRecord>>,
    /// For managers and admins: earlier repairs of the same product (the same serial number,
    /// or the same customer, category, brand and model).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product_history: Option<Vec<crate::app::customers::history::RequestRecord>>,
    /// For managers and admins: the product was repaired within the service point's rework
    /// period before this request was booked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repeat_repair: Option<bool>,
    /// The photos of the customer and the technician, oldest first; for the holder of a
    /// tracking link their addresses carry its token.
    pub photos: Vec<PhotoView>,
    /// For its point's managers and admins: the customer's name and contact as they are now
    /// (a corrected phone once confirmed). Absent for other readers (the technician reads
    /// the phone on their day's visits while the visit is open).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<CustomerContact>,
    /// The latest payment, the receipt's address and the fapiao requests (`payment`, `receipt_url`, `invoices`).
    #[serde(flatten)]
    pub evidence: crate::app::evidence::views::RequestEvidence,
}

/// Whom staff call about a request.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct CustomerContact {
    pub name: String,
    /// E.164, or null when unknown.
    pub phone: Option<String>,
    /// Null for a customer who booked by phone alone.
    pub email: Option<String>,
}

fn utc(t: Option<NaiveDateTime>) -> Option<DateTime<Utc>> {
    t.map(|t| t.and_utc())
}

/// Builds the view; `staff` shows technician ids and event positions. `link` is the
/// tracking token the reader presented: the rating link is built on it (only hashes of
/// tokens are stored, so no other token can be shown).
pub fn request_view(
    conn: &mut DbConnection,
    r: &RequestRow,
    staff: bool,
    public_url: &str,
    link: Option<&str>,
) -> Result<RequestView, AppError> {
    let visit_rows = visits::of_request(conn, r.id)?;
    let ids: Vec<i64> = visit_rows.iter().map(|v| v.id).collect();
    let lines = visits::lines(conn, &ids)?;
    let point = crate::db::service_points::find(conn, r.service_point_id)?
        .map(|p| crate::app::admin::points::view(&p))
        .transpose()?;
    let booked_services = match &point {
        Some(p) => crate::app::booking::prices::booked_services(p, &r.booked_services)?,
        None => Vec::new(),
    };
    let (currency, time_zone, point_name, point_phone) =
        point.map(|p| (p.currency, p.time_zone, p.name, p.phone)).unwrap_or_default();
    let rateable = match visit_rows.iter().rev().find(|v| v.rating_token.is_some()) {
        Some(v) => visits::rating_of(conn, v.id)?.is_none(),
        None => false,
    };
    let rating_url = link.filter(|_| rateable).map(|t| format!("{}/rate/{t}", public_url.trim_end_matches('/')));
    let mut views = Vec::new();
    for v in &visit_rows {
        views.push(visit_view(conn, v, &lines, &currency, staff)?);
    }
    let events = requests::events(conn, r.id)?.into_iter().map(|e| event_view(e, staff)).collect();
    let photos = views_of(conn, &[r.id], link)?.into_iter().map(|(_, p)| p).collect();
    Ok(RequestView {
        id: r.id,
        reference: r.reference.clone(),
        status: r.status.clone(),
        service_point_id: r.service_point_id,
        time_zone,
        currency: currency.clone(),
        product_category: r.product_category.clone(),
        product: format!("{} {}", r.product_brand, r.product_model).trim().to_string(),
        problem: r.problem.clone(),
        skill: r.skill_code.clone(),
        address: r.address.clone(),
        location: Location { lat: r.lat, lon: r.lon },
        window: match (r.window_start, r.window_end) {
            (Some(a), Some(b)) => Some(crate::app::booking::input::Window { start: a.and_utc(), end: b.and_utc() }),
            _ => None,
        },
        promise: Promise {
            respond_by: r.respond_by.and_utc(),
            arrive_by: r.arrive_by.and_utc(),
            resolve_by: r.resolve_by.and_utc(),
        },
        warranty: WarrantyView { covered: r.warranty_covered, until: r.warranty_until },
        free_of_charge: r.free_of_charge,
        booked_services,
        follow_up_of: r.follow_up_of,
        visits: views,
        events,
        rating_url,
        language: r.language.clone(),
        service_point_name: point_name,
        service_point_phone: point_phone,
        history: None,
        technician_position: None,
        earlier_requests: None,
        product_history: None,
        repeat_repair: None,
        photos,
        customer: None,
        evidence: Default::default(),
    })
}

fn visit_view(
    conn: &mut DbConnection,
    v: &VisitRow,
    lines: &[LineRow],
    currency: &str,
    staff: bool,
) -> Result<VisitView, AppError> {
    let (name, rating) = match v.technician_id {
        Some(t) => {
            let name = technicians::find_full(conn, t)?.map(|t| t.name.trim().to_string());
            let sums = visits::rating_sums(conn, &[t])?;
            let rating = sums.first().map(|s| bayesian_rating(s.1, s.2)).unwrap_or_else(|| bayesian_rating(0, 0));
            (name, Some((rating * 10.0).round() / 10.0))
        }
        None => (None, None),
    };
    let (mine, total) = lines_of(v.id, lines, currency);
    Ok(VisitView {
        id: v.id,
        seq: v.seq,
        status: v.status.clone(),
        technician_id: if staff { v.technician_id } else { None },
        technician_first_name: name,
        technician_rating: rating,
        scheduled_start: utc(v.scheduled_start),
        scheduled_end: utc(v.scheduled_end),
        eta: utc(v.eta),
        diagnosis: v.diagnosis.clone(),
        root_cause: v.root_cause.clone(),
        work_done: v.work_done.clone(),
        resolution: v.resolution.clone(),
        part_expected_on: v.part_expected_on,
        lines: mine,
        total,
        quote_status: v.quote_status.clone(),
        arrival_distance_m: if staff { v.arrival_distance_m } else { None },
        evidence: Default::default(),
    })
}

fn event_view(e: EventRow, staff: bool) -> EventView {
    EventView {
        at: e.at.and_utc(),
        actor: e.actor_role,
        kind: e.kind,
        from: e.from_status,
        to: e.to_status,
        detail: e.detail,
        location: match (staff, e.lat, e.lon) {
            (true, Some(lat), Some(lon)) => Some(Location { lat, lon }),
            _ => None,
        },
        message: e.detail_id.zip(e.detail_args),
    }
}

/// Writes what the server wrote in words (event details, the technician's name, fee lines) in
/// the reader's language; what people typed themselves stays as they typed it. An event stored
/// before its message was kept shows its English detail as it is.
pub fn in_language(conn: &mut DbConnection, view: &mut RequestView, lang: Lang) -> Result<(), AppError> {
    let words = Words::load(conn, lang)?;
    for event in &mut view.events {
        if let Some((id, args)) = &event.message {
            event.detail = words.stored(id, args);
        }
    }
    let records = view.earlier_requests.iter_mut().chain(view.product_history.iter_mut()).flatten();
    for note in records.flat_map(|r| r.follow_ups.iter_mut().flatten()) {
        if let Some((id, args)) = &note.reason_message {
            note.reason = words.stored(id, args);
        }
    }
    for visit in &mut view.visits {
        if let Some(name) = &visit.technician_first_name {
            visit.technician_first_name = Some(technician_for_customer(name, lang));
        }
    }
    if view.visits.iter().any(|v| !v.lines.is_empty()) {
        let schedule = crate::app::points::point_context(conn, view.service_point_id)?.point.fee_schedule;
        crate::app::visits::lines::name_lines(
            view.visits.iter_mut().flat_map(|v| v.lines.iter_mut()),
            &schedule,
            &words,
        );
    }
    Ok(())
}

/// The request behind a tracking link, as its customer sees it; with their earlier
/// requests when `reader` is the signed-in customer who booked it.
pub fn tracked(
    conn: &mut DbConnection,
    token: &str,
    public_url: &str,
    reader: Option<&AuthUser>,
) -> Result<RequestView, AppError> {
    let r = requests::find_by_token(conn, token)?.ok_or(AppError::NotFound(msg!("thing-request")))?;
    let mut view = request_view(conn, &r, false, public_url, Some(token))?;
    view.history = crate::app::customers::history::history_for_owner(conn, reader, &r)?;
    let visit_rows = visits::of_request(conn, r.id)?;
    view.technician_position = crate::app::visits::positions::while_on_the_way(conn, &visit_rows)?;
    let found = crate::app::evidence::views::Evidence::read(conn, r.id, Some(token), false, true)?;
    found.fill(&mut view.evidence, view.visits.iter_mut().map(|v| (v.id, v.status.as_str(), &mut v.evidence)));
    Ok(view)
}

/// A request for a signed-in reader: its customer, its technician or its point's managers;
/// anyone else is told it does not exist.
pub fn request_for(
    conn: &mut DbConnection,
    user: &AuthUser,
    id: RequestId,
    public_url: &str,
) -> Result<RequestView, AppError> {
    let r = requests::find(conn, id.get())?.ok_or(AppError::NotFound(msg!("thing-request")))?;
    if !may_read(conn, user, &r)? {
        return Err(AppError::NotFound(msg!("thing-request")));
    }
    let mut view = request_view(conn, &r, user.role != Role::Customer, public_url, None)?;
    let managing = matches!(user.role, Role::Manager | Role::Admin);
    let found = crate::app::evidence::views::Evidence::read(conn, r.id, None, user.role != Role::Customer, managing)?;
    found.fill(&mut view.evidence, view.visits.iter_mut().map(|v| (v.id, v.status.as_str(), &mut v.evidence)));
    if matches!(user.role, Role::Manager | Role::Admin) {
        view.customer = crate::db::users::find(conn, r.customer_user_id)?.map(|u| CustomerContact {
            name: u.name,
            phone: u.phone,
            email: u.email,
        });
    }
    if matches!(user.role, Role::Manager | Role::Admin) {
        let record = crate::app::customers::history::staff_record(conn, user, &r)?;
        view.earlier_requests = Some(record.earlier_requests);
        view.product_history = Some(record.product_history);
        view.repeat_repair = Some(record.repeat_repair);
    }
    Ok(view)
}
