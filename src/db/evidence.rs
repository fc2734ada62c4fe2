//! The evidence a customer keeps (see the migration `evidence`): signatures of quotes signed
//! on site, payments, and requests for a 发票.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{invoice_requests, payments, quote_signatures};
use super::DbConnection;

/// A signature to store, or as stored without its image.
#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = quote_signatures)]
pub struct SignatureRow {
    pub id: i64,
    pub visit_id: i64,
    pub request_id: i64,
    pub signer_name: String,
    pub png: Vec<u8>,
    pub width: i32,
    pub height: i32,
    pub technician_id: Option<i64>,
    /// What the quote came to when she signed it.
    pub amount_minor: i64,
    pub currency: String,
    pub signed_at: NaiveDateTime,
}

/// A signature as listed: who signed which visit's quote, when, for how much.
#[derive(Clone, Debug, Queryable)]
pub struct SignatureMeta {
    pub id: i64,
    pub visit_id: i64,
    pub signer_name: String,
    pub amount_minor: i64,
    pub currency: String,
    pub signed_at: NaiveDateTime,
}

/// A payment.
/// `None` is inserted as NULL, so the insert stays prepared (see `requests::RequestRow`).
#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = payments, treat_none_as_default_value = false)]
pub struct PaymentRow {
    pub id: i64,
    pub visit_id: i64,
    pub request_id: i64,
    pub technician_id: Option<i64>,
    pub method: String,
    pub amount_minor: i64,
    pub currency: String,
    pub reference: Option<String>,
    pub recorded_by: i64,
    pub paid_at: NaiveDateTime,
}

/// A request for a 发票.
/// `None` is inserted as NULL, so the insert stays prepared (see `requests::RequestRow`).
#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = invoice_requests, treat_none_as_default_value = false)]
pub struct InvoiceRow {
    pub id: i64,
    pub request_id: i64,
    pub service_point_id: i64,
    pub title: String,
    pub tax_id: Option<String>,
    pub email: Option<String>,
    /// `open` or `issued`.
    pub state: String,
    pub created_at: NaiveDateTime,
    pub issued_at: Option<NaiveDateTime>,
    pub issued_by: Option<i64>,
}

/// The state of an invoice request the managers have not issued yet.
pub const INVOICE_OPEN: &str = "open";
/// The state of an issued one.
pub const INVOICE_ISSUED: &str = "issued";

/// Stores a signature.
pub fn insert_signature(conn: &mut DbConnection, row: &SignatureRow) -> QueryResult<()> {
    diesel::insert_into(quote_signatures::table).values(row).execute(conn).map(|_| ())
}

/// The signatures of a request's visits, oldest first, without their images.
pub fn signatures_of(conn: &mut DbConnection, request_id: i64) -> QueryResult<Vec<SignatureMeta>> {
    quote_signatures::table
        .filter(quote_signatures::request_id.eq(request_id))
        .order((quote_signatures::signed_at.asc(), quote_signatures::id.asc()))
        .select((
            quote_signatures::id,
            quote_signatures::visit_id,
            quote_signatures::signer_name,
            quote_signatures::amount_minor,
            quote_signatures::currency,
            quote_signatures::signed_at,
        ))
        .load(conn)
}

/// The latest signature's image of a request, or of one visit: (request id, PNG).
pub fn latest_signature(
    conn: &mut DbConnection,
    request_id: Option<i64>,
    visit_id: Option<i64>,
) -> QueryResult<Option<(i64, Vec<u8>)>> {
    let mut query = quote_signatures::table
        .order((quote_signatures::signed_at.desc(), quote_signatures::id.desc()))
        .select((quote_signatures::request_id, quote_signatures::png))
        .into_boxed();
    if let Some(r) = request_id {
        query = query.filter(quote_signatures::request_id.eq(r));
    }
    if let Some(v) = visit_id {
        query = query.filter(quote_signatures::visit_id.eq(v));
    }
    query.first(conn).optional()
}

/// Stores a payment; false when the visit was paid already (its unique key refused it).
pub fn insert_payment(conn: &mut DbConnection, row: &PaymentRow) -> QueryResult<bool> {
    let n = match conn {
        DbConnection::Pg(c) => {
            diesel::insert_into(payments::table).values(row).on_conflict(payments::visit_id).do_nothing().execute(c)?
        }
        DbConnection::Sqlite(c) => {
            diesel::insert_into(payments::table).values(row).on_conflict(payments::visit_id).do_nothing().execute(c)?
        }
    };
    Ok(n == 1)
}

/// The payments of these visits.
pub fn payments_of_visits(conn: &mut DbConnection, visit_ids: &[i64]) -> QueryResult<Vec<PaymentRow>> {
    if visit_ids.is_empty() {
        return Ok(Vec::new());
    }
    payments::table.filter(payments::visit_id.eq_any(visit_ids)).select(PaymentRow::as_select()).load(conn)
}

/// The payments of a request, oldest first.
pub fn payments_of(conn: &mut DbConnection, request_id: i64) -> QueryResult<Vec<PaymentRow>> {
    payments::table
        .filter(payments::request_id.eq(request_id))
        .order(payments::paid_at.asc())
        .select(PaymentRow::as_select())
        .load(conn)
}

/// Stores an invoice request; false when one is open for the request already (the partial
/// unique index refused it).
pub fn insert_invoice(conn: &mut DbConnection, row: &InvoiceRow) -> QueryResult<bool> {
    let n = match conn {
        DbConnection::Pg(c) => {
            diesel::insert_into(invoice_requests::table).values(row).on_conflict_do_nothing().execute(c)?
        }
        DbConnection::Sqlite(c) => {
            diesel::insert_into(invoice_requests::table).values(row).on_conflict_do_nothing().execute(c)?
        }
    };
    Ok(n == 1)
}

/// The invoice requests of a repair request, oldest first.
pub fn invoices_of(conn: &mut DbConnection, request_id: i64) -> QueryResult<Vec<InvoiceRow>> {
    invoice_requests::table
        .filter(invoice_requests::request_id.eq(request_id))
        .order(invoice_requests::created_at.asc())
        .select(InvoiceRow::as_select())
        .load(conn)
}

/// How many invoice requests a repair request has had.
pub fn count_invoices(conn: &mut DbConnection, request_id: i64) -> QueryResult<i64> {
    invoice_requests::table.filter(invoice_requests::request_id.eq(request_id)).count().get_result(conn)
}

/// One invoice request.
pub fn find_invoice(conn: &mut DbConnection, id: i64) -> QueryResult<Option<InvoiceRow>> {
    invoice_requests::table.find(id).select(InvoiceRow::as_select()).first(conn).optional()
}

/// A service point's invoice requests (of one state when given), open ones first, oldest
/// first within each; at most `limit`.
pub fn invoices_of_point(
    conn: &mut DbConnection,
    service_point: i64,
    state: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<InvoiceRow>> {
    let mut query = invoice_requests::table
        .filter(invoice_requests::service_point_id.eq(service_point))
        .order((invoice_requests::state.desc(), invoice_requests::created_at.asc()))
        .limit(limit)
        .select(InvoiceRow::as_select())
        .into_boxed();
    if let Some(s) = state {
        query = query.filter(invoice_requests::state.eq(s.to_string()));
    }
    query.load(conn)
}

/// Marks an open invoice request issued; false when it was not open any more.
pub fn mark_issued(conn: &mut DbConnection, id: i64, by: i64, now: NaiveDateTime) -> QueryResult<bool> {
    let n = diesel::update(
        invoice_requests::table.filter(invoice_requests::id.eq(id)).filter(invoice_requests::state.eq(INVOICE_OPEN)),
    )
    .set((
        invoice_requests::state.eq(INVOICE_ISSUED),
        invoice_requests::issued_at.eq(Some(now)),
        invoice_requests::issued_by.eq(Some(by)),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// A technician's visits done (completed or unresolved) in [from, to), oldest first: those
/// whose payment may still be recorded.
pub fn done_between(
    conn: &mut DbConnection,
    technician_id: i64,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> QueryResult<Vec<super::visits::VisitRow>> {
    use super::schema::visits;
    use crate::domain::visit_state::VisitStatus;
    visits::table
        .filter(visits::technician_id.eq(technician_id))
        .filter(visits::status.eq_any([VisitStatus::Completed.as_str(), VisitStatus::Unresolved.as_str()]))
        .filter(visits::completed_at.ge(from))
        .filter(visits::completed_at.lt(to))
        .order(visits::completed_at.asc())
        .select(super::visits::VisitRow::as_select())
        .load(conn)
}
