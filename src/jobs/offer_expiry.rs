//! Offers that expire are re-offered to the next candidates; a request that nobody takes is
//! escalated to its service point's managers, once.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::app::error::AppError;
use crate::app::lifecycle::{self, Actor};
use crate::app::{notices, planning::dispatching};
use crate::db::marks::Mark;
use crate::db::schema::{offers, repair_requests};
use crate::db::{marks, requests, visits, DbConnection};
use crate::domain::visit_state::{OfferStatus, VisitStatus};
use crate::notify::staff_templates;

/// Expires due offers and moves unassigned requests on. Returns how many requests it touched.
pub fn run(conn: &mut DbConnection, now: DateTime<Utc>) -> Result<usize, AppError> {
    let due: Vec<(i64, i64)> = offers::table
        .filter(offers::status.eq(OfferStatus::Pending.as_str()))
        .filter(offers::expires_at.le(now.naive_utc()))
        .select((offers::id, offers::request_id))
        .limit(200)
        .load(conn)?;
    for (offer, request) in &due {
        if visits::answer_offer(conn, *offer, OfferStatus::Expired, now.naive_utc())? {
            lifecycle::note(
                conn,
                *request,
                &Actor::system(),
                "offer_expired",
                msg!("offer-expired-unanswered"),
                None,
                now,
            )?;
        }
    }
    let waiting: Vec<i64> = repair_requests::table
        .filter(repair_requests::status.eq_any(["submitted", "awaiting_technician", "needs_follow_up"]))
        .select(repair_requests::id)
        .limit(500)
        .load(conn)?;
    let mut touched = 0;
    for id in waiting {
        let pending = visits::offers_of_request(conn, id)?.iter().any(|o| o.state() == Some(OfferStatus::Pending));
        if pending {
            continue;
        }
        let Some(visit) =
            visits::of_request(conn, id)?.into_iter().rev().find(|v| v.state() == Some(VisitStatus::Open))
        else {
            continue;
        };
        let Some(mut request) = requests::find(conn, id)? else { continue };
        let sent = dispatching::send_offers(conn, &mut request, &visit, None, now)?;
        if sent == 0 && marks::set(conn, Mark::Escalated { visit_id: visit.id }, Some(id), now.naive_utc())? {
            let detail = msg!("nobody-accepted-service-point-s-managers");
            lifecycle::note(conn, id, &Actor::system(), "escalated", detail, None, now)?;
            notices::to_managers(
                conn,
                &request,
                "escalation",
                &|lang| staff_templates::escalation(lang, &request),
                now,
            )?;
            touched += 1;
        } else if sent > 0 {
            touched += 1;
        }
    }
    Ok(touched)
}
