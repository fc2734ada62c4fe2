//! The customer's answer to a quote for paid work: approve it, or decline it and pay only
//! what the service point's policy allows for the visit (the call-out; nothing under
//! warranty), after which the technician records that reduced outcome and completes.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::app::error::AppError;
use crate::app::lifecycle::{self, Actor};
use crate::db::{requests, visits, DbConnection};
use crate::domain::fees::{LineKind, PricedLine};
use crate::domain::text::{self, Checks};
use crate::domain::visit_state::QuoteStatus;

/// The customer approves the pending quote of the request's current visit.
pub fn approve_quote(conn: &mut DbConnection, token: &str, now: DateTime<Utc>) -> Result<(), AppError> {
    let request = requests::find_by_token(conn, token)?.ok_or(AppError::NotFound(msg!("thing-request")))?;
    let mut visit = visits::of_request(conn, request.id)?
        .into_iter()
        .find(|v| v.quote() == QuoteStatus::Pending)
        .ok_or_else(|| AppError::conflict(msg!("there-no-quote-waiting-approval"), Some(&request.status)))?;
    visit.quote_status = QuoteStatus::Approved.as_str().into();
    visit.quote_approved_at = Some(now.naive_utc());
    visits::save(conn, &visit)?;
    lifecycle::note(
        conn,
        request.id,
        &Actor::customer(request.customer_user_id),
        "quote_approved",
        msg!("customer-approved-quote"),
        None,
        now,
    )
}

/// Why the customer says no (optional).
#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeclineInput {
    /// In the customer's words, up to 500 characters.
    #[serde(default)]
    #[schema(min_length = 0, max_length = 500, pattern = r"^[^\x00-\x08\x0b-\x1f\x7f-\x9f]*$")]
    pub reason: Option<String>,
}

/// The customer declines the pending quote: the technician is told at once and records the
/// reduced outcome (call-out only) before completing.
pub fn decline_quote(
    conn: &mut DbConnection,
    token: &str,
    input: &DeclineInput,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut c = Checks::default();
    let reason = c.take(text::bounded("reason", input.reason.as_deref().unwrap_or(""), 0, 500)).unwrap_or_default();
    c.finish()?;
    let request = requests::find_by_token(conn, token)?.ok_or(AppError::NotFound(msg!("thing-request")))?;
    let mut visit = visits::of_request(conn, request.id)?
        .into_iter()
        .find(|v| v.quote() == QuoteStatus::Pending)
        .ok_or_else(|| AppError::conflict(msg!("there-no-quote-waiting-answer"), Some(&request.status)))?;
    visit.quote_status = QuoteStatus::Declined.as_str().into();
    visits::save(conn, &visit)?;
    let detail = if reason.is_empty() {
        msg!("customer-declined-quote")
    } else {
        msg!("customer-declined-quote-reason", reason = &reason)
    };
    lifecycle::note(conn, request.id, &Actor::customer(request.customer_user_id), "quote_declined", detail, None, now)?;
    if let Some(tech) = visit.technician_id {
        crate::app::notices::quote_declined(conn, &request, tech, &reason, now)?;
    }
    Ok(())
}

/// True when stored lines charge nothing but the call-out.
pub fn reduced(lines: &[crate::db::visits::LineRow]) -> bool {
    lines.iter().all(|l| l.kind == LineKind::CallOut.as_str() || l.billable_minor == 0)
}

/// After a declined quote only the call-out may be charged, and the resolution `declined`
/// is for that case only.
pub fn check_reduced_outcome(c: &mut Checks, declined: bool, resolution_declined: bool, lines: &[PricedLine]) {
    if declined {
        for (i, line) in lines.iter().enumerate() {
            if line.kind != LineKind::CallOut && line.billable.amount_minor > 0 {
                c.push(format!("lines[{i}]"), msg!("customer-declined-paid-work-only-call"));
            }
        }
    } else if resolution_declined {
        c.push("resolution", msg!("only-visit-whose-quote-customer-declined"));
    }
}
