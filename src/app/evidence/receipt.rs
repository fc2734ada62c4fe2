//! The receipt the customer keeps: what was done and charged, line by line with the
//! warranty's mark, the total, how and when she paid, the quote she signed and how many
//! photos the repair keeps; in her language. Gathered here in one read, written out as a
//! PDF (`receipt_pdf`) or a printable page (`receipt_html`).

use chrono::{DateTime, Utc};

use crate::app::error::AppError;
use crate::app::visits::lines::line_name;
use crate::app::words::Words;
use crate::db::{evidence, photos, requests, technicians, visits, DbConnection};
use crate::domain::evidence::PaymentMethod;
use crate::domain::fees::Money;
use crate::domain::lang::{technician_for_customer, Lang};
use crate::domain::time::local_text;
use crate::domain::visit_state::VisitStatus;

/// One fee line as the receipt shows it.
pub struct ReceiptLine {
    pub description: String,
    pub quantity: String,
    pub unit_price: String,
    pub amount: String,
    /// The warranty's mark (保修 / Warranty) when the product's warranty covers it, or the
    /// free follow-up's when that does.
    pub warranty: Option<String>,
}

/// The quote she signed on site.
pub struct ReceiptSignature {
    /// The PNG she drew.
    pub png: Vec<u8>,
    pub width: u32,
    pub height: u32,
    /// "Quote approved on site by 王芳, 2026-11-24 10:19".
    pub caption: String,
}

/// Everything a receipt says, written in the reader's language.
pub struct Receipt {
    pub lang: Lang,
    pub title: String,
    pub reference: String,
    /// (label, value) rows at the top: reference, service point, its phone, technician, date.
    pub facts: Vec<(String, String)>,
    /// Item, quantity, unit price, amount.
    pub columns: [String; 4],
    pub lines: Vec<ReceiptLine>,
    pub total_label: String,
    pub total: String,
    /// "Paid in cash, 2026-11-24 10:20: 150.00 CNY" for each payment, or "not paid yet".
    pub payments: Vec<String>,
    pub signature: Option<ReceiptSignature>,
    /// "Photos kept with this repair: 3".
    pub photos: String,
    /// What the receipt is not (a fapiao), and when it was written.
    pub footer: String,
    /// The printable page's Print button and its link to the PDF.
    pub print_label: String,
    pub pdf_label: String,
}

/// The receipt of the request of a tracking link in `lang`: once a visit is completed or
/// something was paid (409 before).
pub fn by_token(conn: &mut DbConnection, token: &str, lang: Lang, now: DateTime<Utc>) -> Result<Receipt, AppError> {
    let r = requests::find_by_token(conn, token)?.ok_or(AppError::NotFound(msg!("thing-request")))?;
    let all_visits = visits::of_request(conn, r.id)?;
    let paid = evidence::payments_of(conn, r.id)?;
    let done = all_visits.iter().any(|v| v.state() == Some(VisitStatus::Completed) || v.completed_at.is_some());
    if !done && paid.is_empty() {
        return Err(AppError::conflict(msg!("receipt-after-completion"), Some(&r.status)));
    }
    let ctx = crate::app::points::point_context(conn, r.service_point_id)?;
    let (tz, point) = (ctx.tz, ctx.point);
    let words = Words::load(conn, lang)?;
    let say = |m: crate::domain::msg::Msg| words.write(&m);
    let money = |minor: i64| Money { amount_minor: minor, currency: point.currency.clone() }.to_string();
    let ids: Vec<i64> = all_visits.iter().map(|v| v.id).collect();
    let stored = visits::lines(conn, &ids)?;
    let lines = all_visits
        .iter()
        .flat_map(|v| stored.iter().filter(move |l| l.visit_id == v.id))
        .map(|l| ReceiptLine {
            description: match line_name(&l.kind, l.item_code.as_deref(), &l.description, &point.fee_schedule, &words) {
                (name, false) => name,
                (typed, true) => format!("{typed} ({})", say(msg!("fee-line-typed-mark"))),
            },
            quantity: l.quantity.to_string(),
            unit_price: money(l.unit_price_minor),
            amount: money(l.billable_minor),
            warranty: if l.covered_by_warranty {
                Some(say(msg!("receipt-warranty-mark")))
            } else {
                l.covered.then(|| say(msg!("receipt-free-mark")))
            },
        })
        .collect();
    let total = money(stored.iter().map(|l| l.billable_minor).sum());
    let worked = all_visits.iter().rev().find(|v| v.resolution.is_some()).or(all_visits.last());
    let technician = match worked.and_then(|v| v.technician_id) {
        Some(t) => technicians::find_full(conn, t)?.map(|t| technician_for_customer(t.name.trim(), lang)),
        None => None,
    };
    let when = paid.last().map(|p| p.paid_at).or(worked.and_then(|v| v.completed_at)).unwrap_or(now.naive_utc());
    let mut facts = vec![
        (say(msg!("receipt-reference")), r.reference.clone()),
        (say(msg!("receipt-service-point")), point.name.clone()),
    ];
    if !point.phone.is_empty() {
        facts.push((say(msg!("receipt-phone")), point.phone.clone()));
    }
    facts.push((say(msg!("receipt-technician")), technician.unwrap_or_else(|| "-".into())));
    facts.push((say(msg!("receipt-date")), local_text(when.and_utc(), tz)));
    facts.push((say(msg!("receipt-product")), format!("{} {}", r.product_brand, r.product_model).trim().to_string()));
    let mut payments: Vec<String> = paid
        .iter()
        .map(|p| {
            let method = PaymentMethod::parse(&p.method).map_or_else(|| p.method.clone(), |m| say(m.words()));
            say(msg!(
                "receipt-paid",
                method = method,
                time = local_text(p.paid_at.and_utc(), tz),
                amount = money(p.amount_minor)
            ))
        })
        .collect();
    if payments.is_empty() {
        payments.push(say(msg!("receipt-not-paid")));
    }
    let signature = match evidence::latest_signature(conn, Some(r.id), None)? {
        Some((_, png)) => {
            let meta = evidence::signatures_of(conn, r.id)?.pop();
            let (width, height) = image::ImageReader::with_format(std::io::Cursor::new(&png), image::ImageFormat::Png)
                .into_dimensions()
                .unwrap_or((400, 200));
            meta.map(|m| ReceiptSignature {
                png,
                width,
                height,
                caption: say(msg!(
                    "receipt-signed",
                    name = m.signer_name,
                    time = local_text(m.signed_at.and_utc(), tz),
                    amount = money(m.amount_minor)
                )),
            })
        }
        None => None,
    };
    let photo_count = photos::of_requests(conn, &[r.id])?.len();
    Ok(Receipt {
        lang,
        title: say(msg!("receipt-title")),
        reference: r.reference,
        facts,
        columns: [
            say(msg!("receipt-item")),
            say(msg!("receipt-quantity")),
            say(msg!("receipt-unit-price")),
            say(msg!("receipt-amount")),
        ],
        lines,
        total_label: say(msg!("receipt-total")),
        total,
        payments,
        signature,
        photos: say(msg!("receipt-photos", count = photo_count)),
        footer: say(msg!("receipt-footer", time = local_text(now, tz))),
        print_label: say(msg!("receipt-print")),
        pdf_label: say(msg!("receipt-download-pdf")),
    })
}
