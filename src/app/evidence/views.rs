//! What the request's views show of its evidence: each visit's payment and signed quote,
//! the latest payment, the receipt's address (tracking link) and the fapiao requests.

use serde::Serialize;
use utoipa::ToSchema;

use crate::app::error::AppError;
use crate::app::evidence::invoice::{invoice_view, InvoiceView};
use crate::app::evidence::payment::{payment_view, PaymentView};
use crate::app::evidence::signature::{signature_view, SignatureView};
use crate::db::evidence::{self, PaymentRow, SignatureMeta};
use crate::db::DbConnection;
use crate::domain::visit_state::VisitStatus;

/// A visit's evidence in the request views.
#[derive(Serialize, ToSchema, Default)]
pub struct VisitEvidence {
    /// How the customer paid for this visit, once she did.
    pub payment: Option<PaymentView>,
    /// The quote she signed on the technician's phone, if she approved it so.
    pub signature: Option<SignatureView>,
}

/// A request's evidence in the request views.
#[derive(Serialize, ToSchema, Default)]
pub struct RequestEvidence {
    /// The latest payment of the request (`method`, `amount_minor`, `currency`, `at`), once paid.
    pub payment: Option<PaymentView>,
    /// On the tracking view, once a visit is completed or paid: the receipt (PDF; the
    /// printable page with `?format=html`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub receipt_url: Option<String>,
    /// The fapiao requests, on the tracking view and for the point's managers and admins.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invoices: Option<Vec<InvoiceView>>,
}

/// A request's evidence as read for one reader: `link` is the tracking token presented (the
/// signature's and the receipt's addresses carry it), `staff` shows payment references,
/// `invoices` lists the fapiao requests (the customer's own and the point's managers).
pub struct Evidence {
    payments: Vec<PaymentRow>,
    signatures: Vec<SignatureMeta>,
    invoices: Option<Vec<InvoiceView>>,
    link: Option<String>,
    staff: bool,
}

impl Evidence {
    /// Reads the evidence of request `request_id`.
    pub fn read(
        conn: &mut DbConnection,
        request_id: i64,
        link: Option<&str>,
        staff: bool,
        invoices: bool,
    ) -> Result<Evidence, AppError> {
        let invoices = match invoices {
            true => Some(evidence::invoices_of(conn, request_id)?.iter().map(invoice_view).collect()),
            false => None,
        };
        Ok(Evidence {
            payments: evidence::payments_of(conn, request_id)?,
            signatures: evidence::signatures_of(conn, request_id)?,
            invoices,
            link: link.map(str::to_string),
            staff,
        })
    }

    /// Fills the request's evidence and each visit's, given as (id, status, its evidence).
    pub fn fill<'a>(
        self,
        request: &mut RequestEvidence,
        visits: impl Iterator<Item = (i64, &'a str, &'a mut VisitEvidence)>,
    ) {
        let mut done = false;
        for (id, status, visit) in visits {
            done |= status == VisitStatus::Completed.as_str();
            visit.payment = self.payments.iter().find(|p| p.visit_id == id).map(|p| payment_view(p, self.staff));
            visit.signature = self.signatures.iter().rev().find(|s| s.visit_id == id).map(|s| {
                let url = match &self.link {
                    Some(token) => format!("/api/track/{token}/signature"),
                    None => format!("/api/visits/{}/signature", s.visit_id),
                };
                signature_view(s, url)
            });
        }
        request.payment = self.payments.last().map(|p| payment_view(p, self.staff));
        let ready = done || !self.payments.is_empty();
        request.receipt_url = self.link.filter(|_| ready).map(|t| format!("/api/track/{t}/receipt"));
        request.invoices = self.invoices;
    }
}
