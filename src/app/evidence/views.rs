//! What the request's views show of its evidence: each visit's payment and signed quote,
//! the latest payment, the receipt's address (tracking link) and the fapiao requests.

use crate::app::customers::views::RequestView;
use crate::app::error::AppError;
use crate::app::evidence::invoice::invoice_view;
use crate::app::evidence::payment::payment_view;
use crate::app::evidence::signature::signature_view;
use crate::db::{evidence, DbConnection};
use crate::domain::visit_state::VisitStatus;

/// Adds the evidence to `view`: `link` is the tracking token the reader presented (the
/// signature's and the receipt's addresses carry it), `staff` shows payment references,
/// `invoices` lists the fapiao requests (the customer's own and the point's managers).
pub fn attach(
    conn: &mut DbConnection,
    view: &mut RequestView,
    link: Option<&str>,
    staff: bool,
    invoices: bool,
) -> Result<(), AppError> {
    let payments = evidence::payments_of(conn, view.id)?;
    let signatures = evidence::signatures_of(conn, view.id)?;
    for visit in &mut view.visits {
        visit.payment = payments.iter().find(|p| p.visit_id == visit.id).map(|p| payment_view(p, staff));
        visit.signature = signatures.iter().rev().find(|s| s.visit_id == visit.id).map(|s| {
            let url = match link {
                Some(token) => format!("/api/track/{token}/signature"),
                None => format!("/api/visits/{}/signature", s.visit_id),
            };
            signature_view(s, url)
        });
    }
    view.payment = payments.last().map(|p| payment_view(p, staff));
    let done = view.visits.iter().any(|v| v.status == VisitStatus::Completed.as_str());
    view.receipt_url = link.filter(|_| done || !payments.is_empty()).map(|t| format!("/api/track/{t}/receipt"));
    if invoices {
        view.invoices = Some(evidence::invoices_of(conn, view.id)?.iter().map(invoice_view).collect());
    }
    Ok(())
}
