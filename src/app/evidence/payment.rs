//! The customer pays on site and the technician records how: cash, WeChat Pay, Alipay, a
//! card or a transfer, for exactly what the visit's priced lines come to. Paying online
//! through a provider is not part of fieldfix.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::error::AppError;
use crate::app::lifecycle::{self, Actor};
use crate::app::visits::quotes::reduced;
use crate::app::visits::steps::own_visit;
use crate::auth::AuthUser;
use crate::db::evidence::{self, PaymentRow};
use crate::db::visits::{self, VisitRow};
use crate::db::DbConnection;
use crate::domain::evidence::PaymentMethod;
use crate::domain::fees::Money;
use crate::domain::ids::{new_id, VisitId};
use crate::domain::text::{self, Checks};
use crate::domain::visit_state::{QuoteStatus, VisitStatus};

/// A payment as the technician records it.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PaymentInput {
    /// How the customer paid.
    pub method: PaymentMethod,
    /// What she paid, in minor units: exactly the amount due (`payment_due` of the visit on
    /// `GET /api/tech/visits`), else 422 naming it.
    #[schema(minimum = 0, maximum = 1_000_000_000_000i64)]
    pub amount_minor: i64,
    /// The payment's own reference, e.g. the WeChat Pay transaction number (at most 100
    /// characters, one line).
    #[schema(min_length = 0, max_length = 100, pattern = r"^[^\x00-\x1f\x7f-\x9f]*$")]
    #[serde(default)]
    pub reference: Option<String>,
}

/// A payment as its readers see it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct PaymentView {
    /// cash, wechat, alipay, card or transfer.
    pub method: String,
    /// Minor units.
    pub amount_minor: i64,
    /// ISO 4217 code.
    pub currency: String,
    /// When it was recorded.
    pub at: DateTime<Utc>,
    /// The payment's reference, for staff (absent for the customer and when none was given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The visit it paid.
    pub visit_id: i64,
}

/// The view of a stored payment; `staff` shows its reference.
pub fn payment_view(p: &PaymentRow, staff: bool) -> PaymentView {
    PaymentView {
        method: p.method.clone(),
        amount_minor: p.amount_minor,
        currency: p.currency.clone(),
        at: p.paid_at.and_utc(),
        reference: if staff { p.reference.clone() } else { None },
        visit_id: p.visit_id,
    }
}

/// What the customer owes for a visit now: its outcome recorded, no quote waiting, the
/// billable lines' sum above zero. Else why nothing can be paid yet (409).
pub fn amount_due(
    conn: &mut DbConnection,
    visit: &VisitRow,
    currency: &str,
    request_status: &str,
) -> Result<Money, AppError> {
    let conflict = |m| AppError::conflict(m, Some(request_status));
    let state = visit.state();
    if !matches!(state, Some(VisitStatus::OnSite | VisitStatus::Completed | VisitStatus::Unresolved))
        || visit.resolution.is_none()
    {
        return Err(conflict(msg!("payment-after-outcome")));
    }
    let lines = visits::lines(conn, &[visit.id])?;
    match visit.quote() {
        QuoteStatus::Pending => return Err(conflict(msg!("customer-must-approve-quote-before-payment"))),
        QuoteStatus::Declined if !reduced(&lines) => {
            return Err(conflict(msg!("customer-declined-paid-work-record-outcome")))
        }
        _ => {}
    }
    let due = lines.iter().map(|l| l.billable_minor).sum::<i64>();
    if due <= 0 {
        return Err(conflict(msg!("nothing-to-pay-for-visit")));
    }
    Ok(Money { amount_minor: due, currency: currency.to_string() })
}

/// Records the customer's payment of a visit: by its technician, once, for exactly what is
/// due. The timeline says how she paid.
pub fn record(
    conn: &mut DbConnection,
    user: &AuthUser,
    visit_id: VisitId,
    input: &PaymentInput,
    now: DateTime<Utc>,
) -> Result<PaymentView, AppError> {
    let mut c = Checks::default();
    let reference = c.take(text::line("reference", input.reference.as_deref().unwrap_or(""), 0, 100));
    c.finish()?;
    let (visit, request) = own_visit(conn, user, visit_id)?;
    crate::db::requests::lock(conn, request.id)?;
    if let Some(paid) = evidence::payments_of_visits(conn, &[visit.id])?.first() {
        let method = PaymentMethod::parse(&paid.method).map_or(msg!("state-changed"), PaymentMethod::words);
        return Err(AppError::conflict(msg!("visit-paid-already", method = method), Some(&request.status)));
    }
    let currency = crate::app::points::point_context(conn, request.service_point_id)?.point.currency;
    let due = amount_due(conn, &visit, &currency, &request.status)?;
    if input.amount_minor != due.amount_minor {
        return Err(AppError::invalid("amount_minor", msg!("amount-must-be-amount-due", amount = due.to_string())));
    }
    let row = PaymentRow {
        id: new_id(),
        visit_id: visit.id,
        request_id: request.id,
        technician_id: visit.technician_id,
        method: input.method.as_str().to_string(),
        amount_minor: due.amount_minor,
        currency: due.currency.clone(),
        reference: reference.filter(|r| !r.is_empty()),
        recorded_by: user.id,
        paid_at: now.naive_utc(),
    };
    if !evidence::insert_payment(conn, &row)? {
        return Err(AppError::conflict(
            msg!("visit-paid-already", method = input.method.words()),
            Some(&request.status),
        ));
    }
    lifecycle::note(
        conn,
        request.id,
        &Actor::user(user),
        "paid",
        msg!("paid-by-method", amount = due.to_string(), method = input.method.words()),
        None,
        now,
    )?;
    Ok(payment_view(&row, true))
}

/// The amount still to pay for each of these visits, by visit id: those whose outcome is
/// recorded, with no quote waiting, something to pay and no payment yet.
pub fn unpaid(conn: &mut DbConnection, found: &[VisitRow], currency: &str) -> Result<Vec<(i64, Money)>, AppError> {
    let ids: Vec<i64> = found.iter().map(|v| v.id).collect();
    let paid = evidence::payments_of_visits(conn, &ids)?;
    let mut out = Vec::new();
    for v in found.iter().filter(|v| v.resolution.is_some() && !paid.iter().any(|p| p.visit_id == v.id)) {
        if let Ok(due) = amount_due(conn, v, currency, "") {
            out.push((v.id, due));
        }
    }
    Ok(out)
}
