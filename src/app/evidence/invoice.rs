//! The customer asks for a 发票 (fapiao) for what she paid, from her tracking link; the
//! service point's managers see the requests and mark each issued once they have made it
//! out (fieldfix does not issue fapiao itself: that is the tax system's).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::error::AppError;
use crate::app::lifecycle::{self, Actor};
use crate::auth::AuthUser;
use crate::db::evidence::{self, InvoiceRow, INVOICE_OPEN};
use crate::db::{requests, DbConnection};
use crate::domain::evidence::credit_code;
use crate::domain::ids::new_id;
use crate::domain::text::{self, Checks};

/// The most invoice requests one repair may have had (a wrong title is asked for again after
/// the first is issued; no more than this).
const MAX_INVOICES_PER_REQUEST: i64 = 5;
/// The most a manager's list shows.
const LIST_LIMIT: i64 = 500;

/// What the fapiao is made out to.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InvoiceInput {
    /// The buyer's name on the fapiao: a company's name, or 个人 / a person's name (1 to 100
    /// characters, one line).
    #[schema(
        min_length = 1,
        max_length = 100,
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
    )]
    pub title: String,
    /// A company's unified social credit code (统一社会信用代码): 18 characters of
    /// `[0-9A-HJ-NPQRTUWXY]` whose last is the check character of the others (GB 32100-2015;
    /// a wrong check character is 422). Omitted for a person.
    #[schema(pattern = r"^\s*[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{18}\s*$")]
    #[serde(default)]
    pub tax_id: Option<String>,
    /// Where the electronic fapiao is sent; without it, the service point sends it as it
    /// reaches the customer.
    #[schema(format = "email", max_length = 254)]
    #[serde(default)]
    pub email: Option<String>,
}

/// A request for a fapiao as its readers see it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct InvoiceView {
    pub id: i64,
    /// The repair request it is for.
    pub request_id: i64,
    pub title: String,
    pub tax_id: Option<String>,
    pub email: Option<String>,
    /// `open` (asked for) or `issued`.
    pub state: String,
    pub created_at: DateTime<Utc>,
    pub issued_at: Option<DateTime<Utc>>,
}

/// The view of a stored request.
pub fn invoice_view(row: &InvoiceRow) -> InvoiceView {
    InvoiceView {
        id: row.id,
        request_id: row.request_id,
        title: row.title.clone(),
        tax_id: row.tax_id.clone(),
        email: row.email.clone(),
        state: row.state.clone(),
        created_at: row.created_at.and_utc(),
        issued_at: row.issued_at.map(|t| t.and_utc()),
    }
}

/// Asks for a fapiao for the request of a tracking link, once something was paid: 409 while
/// one is open, or when nothing was paid.
pub fn ask(
    conn: &mut DbConnection,
    token: &str,
    input: &InvoiceInput,
    now: DateTime<Utc>,
) -> Result<InvoiceView, AppError> {
    let mut c = Checks::default();
    let title = c.take(text::line("title", &input.title, 1, 100));
    let tax_id = match input.tax_id.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => c.take(credit_code("tax_id", t)).map(Some),
        None => Some(None),
    };
    let email = match input.email.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
        Some(e) => c.take(text::email("email", e)).map(Some),
        None => Some(None),
    };
    c.finish()?;
    let (Some(title), Some(tax_id), Some(email)) = (title, tax_id, email) else {
        return Err(AppError::internal("checks passed without values"));
    };
    let request = requests::find_by_token(conn, token)?.ok_or(AppError::NotFound(msg!("thing-request")))?;
    requests::lock(conn, request.id)?;
    let conflict = |m| AppError::conflict(m, Some(&request.status));
    if evidence::payments_of(conn, request.id)?.is_empty() {
        return Err(conflict(msg!("invoice-after-payment")));
    }
    let earlier = evidence::invoices_of(conn, request.id)?;
    if earlier.iter().any(|i| i.state == INVOICE_OPEN) {
        return Err(conflict(msg!("invoice-asked-already")));
    }
    if evidence::count_invoices(conn, request.id)? >= MAX_INVOICES_PER_REQUEST {
        return Err(conflict(msg!("invoice-asked-too-often", count = MAX_INVOICES_PER_REQUEST)));
    }
    let row = InvoiceRow {
        id: new_id(),
        request_id: request.id,
        service_point_id: request.service_point_id,
        title,
        tax_id,
        email,
        state: INVOICE_OPEN.to_string(),
        created_at: now.naive_utc(),
        issued_at: None,
        issued_by: None,
    };
    if !evidence::insert_invoice(conn, &row)? {
        return Err(conflict(msg!("invoice-asked-already")));
    }
    let actor = Actor::customer(request.customer_user_id);
    lifecycle::note(conn, request.id, &actor, "invoice_requested", msg!("customer-asked-invoice"), None, now)?;
    Ok(invoice_view(&row))
}

/// An invoice request in a manager's list, with the repair it is for and what was paid.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct InvoiceItem {
    #[serde(flatten)]
    pub invoice: InvoiceView,
    /// The repair's reference.
    pub reference: String,
    /// The customer's name.
    pub customer: String,
    /// What was paid on the repair, by visit.
    pub payments: Vec<crate::app::evidence::payment::PaymentView>,
}

/// The answer of `GET /api/manage/invoices`.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct InvoiceList {
    pub service_point_id: i64,
    /// Open ones first, oldest first within each state; at most 500.
    pub invoices: Vec<InvoiceItem>,
}

/// A service point's invoice requests, for its managers (their first point when none is
/// named) and admins; `state` keeps one state.
pub fn list(
    conn: &mut DbConnection,
    user: &AuthUser,
    service_point: Option<i64>,
    state: Option<&str>,
) -> Result<InvoiceList, AppError> {
    let point = crate::app::points::chosen_point(user, conn, service_point)?;
    let mut invoices = Vec::new();
    for row in evidence::invoices_of_point(conn, point, state, LIST_LIMIT)? {
        let Some(r) = requests::find(conn, row.request_id)? else { continue };
        let customer = crate::db::users::find(conn, r.customer_user_id)?.map(|u| u.name).unwrap_or_default();
        let payments = evidence::payments_of(conn, r.id)?
            .iter()
            .map(|p| crate::app::evidence::payment::payment_view(p, true))
            .collect();
        invoices.push(InvoiceItem { invoice: invoice_view(&row), reference: r.reference, customer, payments });
    }
    Ok(InvoiceList { service_point_id: point, invoices })
}

/// Marks a request issued: by a manager of its point (404 for another point's), 409 when it
/// was issued already.
pub fn mark_issued(
    conn: &mut DbConnection,
    user: &AuthUser,
    id: i64,
    now: DateTime<Utc>,
) -> Result<InvoiceView, AppError> {
    let row = evidence::find_invoice(conn, id)?.ok_or(AppError::NotFound(msg!("thing-invoice")))?;
    user.require_manager_of_one(msg!("thing-invoice"), row.service_point_id)?;
    if !evidence::mark_issued(conn, id, user.id, now.naive_utc())? {
        return Err(AppError::conflict(msg!("invoice-issued-already"), Some(&row.state)));
    }
    lifecycle::note(conn, row.request_id, &Actor::user(user), "invoice_issued", msg!("invoice-issued"), None, now)?;
    let row = evidence::find_invoice(conn, id)?.ok_or(AppError::NotFound(msg!("thing-invoice")))?;
    Ok(invoice_view(&row))
}
