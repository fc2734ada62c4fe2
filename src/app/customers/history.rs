//! A customer's record: their requests with visits and ratings, their products with the
//! repair history of each, as the customer sees it (`/me`) and as staff see it beside a
//! new request.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::app::error::AppError;
use crate::app::visits::lines::lines_of;
use crate::auth::AuthUser;
use crate::db::history::{self, FollowUpRow};
use crate::db::requests::RequestRow;
use crate::db::{service_points, technicians, visits, DbConnection};
use crate::domain::area::Location;
use crate::domain::fees::Money;
use crate::domain::lang::{technician_for_customer, Lang};
use crate::domain::rework::is_repeat_repair;
use crate::domain::role::Role;

/// How many requests a record holds at most (the newest).
pub const RECORD_LIMIT: i64 = 200;

/// A product as the customer described it when booking.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ProductRecord {
    /// Category such as `faucet`.
    pub category: String,
    pub brand: String,
    pub model: String,
    /// Serial number, empty when not given.
    pub serial: String,
    /// Order number of the purchase, empty when not given.
    pub order_ref: String,
    /// Purchase date, when given.
    pub purchased_on: Option<NaiveDate>,
}

/// One visit of an earlier request.
#[derive(Debug, Serialize, ToSchema)]
pub struct VisitRecord {
    /// 1 for the first visit.
    pub seq: i32,
    pub status: String,
    pub scheduled_start: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
    pub technician_first_name: Option<String>,
    pub diagnosis: Option<String>,
    pub work_done: Option<String>,
    /// resolved, needs_part, second_visit, not_resolved, declined.
    pub resolution: Option<String>,
    /// What the customer paid for this visit.
    pub total: Money,
    /// Stars the customer gave this visit, once rated.
    pub stars: Option<i32>,
}

/// A manager's follow-up of an earlier request (staff only).
#[derive(Debug, Serialize, ToSchema)]
pub struct FollowUpNote {
    /// Why it was opened.
    pub reason: String,
    /// open or resolved.
    pub status: String,
    /// What the manager recorded.
    pub note: String,
    /// Goodwill compensation, when one was given.
    pub compensation: Option<Money>,
    pub created_at: DateTime<Utc>,
    /// The stored message behind `reason` (id and arguments), for the reader's language.
    #[serde(skip)]
    pub reason_message: Option<(String, String)>,
}

/// One request in a customer's record.
#[derive(Debug, Serialize, ToSchema)]
pub struct RequestRecord {
    pub id: i64,
    /// Human reference.
    pub reference: String,
    pub status: String,
    /// When it was booked.
    pub created_at: DateTime<Utc>,
    pub product: ProductRecord,
    pub problem: String,
    /// Skill code.
    pub skill: String,
    pub address: String,
    pub location: Location,
    /// The request this one followed up, when it is a follow-up.
    pub follow_up_of: Option<i64>,
    pub visits: Vec<VisitRecord>,
    /// Stars of the latest rated visit.
    pub rating: Option<i32>,
    /// Managers' follow-ups (staff views only; absent for customers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub follow_ups: Option<Vec<FollowUpNote>>,
}

/// A product of the customer with its repair history.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProductHistory {
    /// As described at the latest booking for it.
    pub product: ProductRecord,
    /// Skill code of the latest booking, for booking again.
    pub skill: String,
    /// Address of the latest booking, for booking again.
    pub address: String,
    pub location: Location,
    /// Last day under warranty, as decided at the latest booking.
    pub warranty_until: Option<NaiveDate>,
    /// Days of warranty left from today (0 once expired), when there is a warranty date.
    pub warranty_days_left: Option<i64>,
    /// Its repairs, newest first.
    pub repairs: Vec<RequestRecord>,
}

/// What makes two requests the same product: the serial number when there is one, else
/// category, brand and model.
fn product_key(r: &RequestRow) -> String {
    if r.product_serial.is_empty() {
        format!("model:{}|{}|{}", r.product_category, r.product_brand.to_lowercase(), r.product_model.to_lowercase())
    } else {
        format!("serial:{}", r.product_serial.to_lowercase())
    }
}

fn follow_up_note(f: FollowUpRow) -> FollowUpNote {
    FollowUpNote {
        reason: f.reason,
        reason_message: f.reason_id.zip(f.reason_args),
        status: f.status,
        note: f.note,
        compensation: match (f.compensation_minor, f.compensation_currency) {
            (Some(amount_minor), Some(currency)) => Some(Money { amount_minor, currency }),
            _ => None,
        },
        created_at: f.created_at.and_utc(),
    }
}

/// The records of these requests, in the given order; `staff` adds the follow-ups.
pub fn records(conn: &mut DbConnection, rows: Vec<RequestRow>, staff: bool) -> Result<Vec<RequestRecord>, AppError> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let all_visits = history::visits_of(conn, &ids)?;
    let visit_ids: Vec<i64> = all_visits.iter().map(|v| v.id).collect();
    let lines = visits::lines(conn, &visit_ids)?;
    let stars: BTreeMap<i64, i32> = history::stars_of(conn, &visit_ids)?.into_iter().collect();
    let mut follow_ups: BTreeMap<i64, Vec<FollowUpNote>> = BTreeMap::new();
    if staff {
        for f in history::follow_ups_of(conn, &ids)? {
            follow_ups.entry(f.request_id).or_default().push(follow_up_note(f));
        }
    }
    let mut currencies: BTreeMap<i64, String> = BTreeMap::new();
    let mut names: BTreeMap<i64, Option<String>> = BTreeMap::new();
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let currency = match currencies.get(&r.service_point_id) {
            Some(c) => c.clone(),
            None => {
                let c = service_points::find(conn, r.service_point_id)?.map(|p| p.currency).unwrap_or_default();
                currencies.insert(r.service_point_id, c.clone());
                c
            }
        };
        let mut visit_records = Vec::new();
        for v in all_visits.iter().filter(|v| v.request_id == r.id) {
            let name = match v.technician_id {
                Some(t) => match names.get(&t) {
                    Some(n) => n.clone(),
                    None => {
                        let n = technicians::find_full(conn, t)?.map(|t| t.name);
                        names.insert(t, n.clone());
                        n
                    }
                },
                None => None,
            };
            // Named as everywhere a customer reads a technician (王师傅 in Chinese).
            let name = name.map(|n| technician_for_customer(&n, Lang::of_tag(&r.language)));
            let (_, total) = lines_of(v.id, &lines, &currency);
            visit_records.push(VisitRecord {
                seq: v.seq,
                status: v.status.clone(),
                scheduled_start: v.scheduled_start.map(|t| t.and_utc()),
                completed_at: v.completed_at.map(|t| t.and_utc()),
                technician_first_name: name,
                diagnosis: v.diagnosis.clone(),
                work_done: v.work_done.clone(),
                resolution: v.resolution.clone(),
                total,
                stars: stars.get(&v.id).copied(),
            });
        }
        let rating = visit_records.iter().rev().find_map(|v| v.stars);
        out.push(RequestRecord {
            id: r.id,
            reference: r.reference,
            status: r.status,
            created_at: r.created_at.and_utc(),
            product: ProductRecord {
                category: r.product_category,
                brand: r.product_brand,
                model: r.product_model,
                serial: r.product_serial,
                order_ref: r.order_ref,
                purchased_on: r.purchased_on,
            },
            problem: r.problem,
            skill: r.skill_code,
            address: r.address,
            location: Location { lat: r.lat, lon: r.lon },
            follow_up_of: r.follow_up_of,
            visits: visit_records,
            rating,
            follow_ups: if staff { Some(follow_ups.remove(&r.id).unwrap_or_default()) } else { None },
        });
    }
    Ok(out)
}

/// Every request of the signed-in customer, newest first.
pub fn my_requests(conn: &mut DbConnection, user: &AuthUser) -> Result<Vec<RequestRecord>, AppError> {
    user.require(&[Role::Customer])?;
    let rows = history::requests_of_customer(conn, user.id, RECORD_LIMIT)?;
    records(conn, rows, false)
}

/// A new tracking link for one of the signed-in customer's requests (only the hashes of
/// links are kept, so /me asks for a fresh one to open a repair); 404 for another's.
pub fn tracking_link(
    conn: &mut DbConnection,
    user: &AuthUser,
    id: i64,
    public_url: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<String, AppError> {
    user.require(&[Role::Customer])?;
    let r = crate::db::requests::find(conn, id)?
        .filter(|r| r.customer_user_id == user.id)
        .ok_or(AppError::NotFound(msg!("thing-request")))?;
    let token = crate::domain::ids::new_token();
    let hash = crate::domain::ids::token_hash(&token);
    crate::db::links::insert(conn, &hash, crate::db::links::LinkKind::Track, r.id, None, now.naive_utc())?;
    Ok(format!("{}/track/{token}", public_url.trim_end_matches('/')))
}

/// The signed-in customer's products, the most recently repaired first, each with its
/// repairs. `today` counts the warranty left.
pub fn my_products(
    conn: &mut DbConnection,
    user: &AuthUser,
    today: NaiveDate,
) -> Result<Vec<ProductHistory>, AppError> {
    user.require(&[Role::Customer])?;
    let rows = history::requests_of_customer(conn, user.id, RECORD_LIMIT)?;
    let mut order: Vec<String> = Vec::new();
    let mut groups: BTreeMap<String, Vec<RequestRow>> = BTreeMap::new();
    for r in rows {
        let key = product_key(&r);
        if !groups.contains_key(&key) {
            order.push(key.clone());
        }
        groups.entry(key).or_default().push(r);
    }
    let mut out = Vec::with_capacity(order.len());
    for key in order {
        let rows = groups.remove(&key).unwrap_or_default();
        let Some(latest) = rows.first().cloned() else { continue };
        let order_ref = rows.iter().map(|r| r.order_ref.clone()).find(|o| !o.is_empty()).unwrap_or_default();
        let purchased_on = rows.iter().find_map(|r| r.purchased_on);
        let warranty_until = rows.iter().find_map(|r| r.warranty_until);
        out.push(ProductHistory {
            product: ProductRecord {
                category: latest.product_category.clone(),
                brand: latest.product_brand.clone(),
                model: latest.product_model.clone(),
                serial: latest.product_serial.clone(),
                order_ref,
                purchased_on,
            },
            skill: latest.skill_code.clone(),
            address: latest.address.clone(),
            location: Location { lat: latest.lat, lon: latest.lon },
            warranty_until,
            warranty_days_left: warranty_until.map(|u| (u - today).num_days().max(0)),
            repairs: records(conn, rows, false)?,
        });
    }
    Ok(out)
}

/// The customer's other requests, for the tracking view of `r`: only when the signed-in
/// reader is the customer who booked it; None otherwise.
pub fn history_for_owner(
    conn: &mut DbConnection,
    user: Option<&AuthUser>,
    r: &RequestRow,
) -> Result<Option<Vec<RequestRecord>>, AppError> {
    match user {
        Some(u) if u.role == Role::Customer && u.id == r.customer_user_id => {
            let rows = history::requests_of_customer(conn, u.id, RECORD_LIMIT)?
                .into_iter()
                .filter(|o| o.id != r.id && o.created_at <= r.created_at)
                .collect();
            Ok(Some(records(conn, rows, false)?))
        }
        _ => Ok(None),
    }
}

/// What a manager sees of the customer and the product beside a request.
pub struct StaffRecord {
    /// The customer's requests booked before this one, newest first.
    pub earlier_requests: Vec<RequestRecord>,
    /// Earlier requests for the same product (same serial, or same customer and model).
    pub product_history: Vec<RequestRecord>,
    /// The product was repaired within the rework period before this request.
    pub repeat_repair: bool,
}

/// The record of `r`'s customer and product, for its managers: only requests of the service
/// points `reader` may see (a manager learns nothing of another point's requests).
pub fn staff_record(conn: &mut DbConnection, reader: &AuthUser, r: &RequestRow) -> Result<StaffRecord, AppError> {
    let visible = |o: &RequestRow| reader.role == Role::Admin || reader.service_points.contains(&o.service_point_id);
    let earlier: Vec<RequestRow> = history::requests_of_customer(conn, r.customer_user_id, RECORD_LIMIT)?
        .into_iter()
        .filter(|o| o.id != r.id && o.created_at <= r.created_at && visible(o))
        .collect();
    let product_rows: Vec<RequestRow> =
        history::same_product(conn, r, RECORD_LIMIT)?.into_iter().filter(|o| visible(o)).collect();
    let product_ids: Vec<i64> = product_rows.iter().map(|p| p.id).collect();
    let completions = history::visits_of(conn, &product_ids)?.into_iter().filter_map(|v| v.completed_at);
    let rework_days = service_points::find(conn, r.service_point_id)?.map(|p| p.rework_days).unwrap_or(0);
    let repeat_repair = is_repeat_repair(r.created_at, completions, rework_days);
    Ok(StaffRecord {
        earlier_requests: records(conn, earlier, true)?,
        product_history: records(conn, product_rows, true)?,
        repeat_repair,
    })
}
