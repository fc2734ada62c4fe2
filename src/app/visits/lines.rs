//! The priced lines of a visit as every reader sees them (request views, the technician's day,
//! the customer's record).

use serde::Serialize;
use utoipa::ToSchema;

use crate::db::visits::LineRow;
use crate::domain::fees::Money;

/// One fee line as shown.
#[derive(Serialize, ToSchema)]
pub struct LineView {
    /// labour, part, call_out, service.
    pub kind: String,
    pub description: String,
    /// Units.
    pub quantity: i32,
    /// Per unit.
    pub unit_price: Money,
    /// Covered by warranty or a free follow-up.
    pub covered: bool,
    /// Covered by the product's warranty (pages show 保修 / Warranty beside it).
    pub covered_by_warranty: bool,
    /// The part's or fixed-price service's code in the fee schedule, when it is one.
    pub item_code: Option<String>,
    /// To pay.
    pub billable: Money,
}

/// The priced lines of one visit as shown, and what they come to.
pub fn lines_of(visit_id: i64, lines: &[LineRow], currency: &str) -> (Vec<LineView>, Money) {
    let mine: Vec<LineView> = lines
        .iter()
        .filter(|l| l.visit_id == visit_id)
        .map(|l| LineView {
            kind: l.kind.clone(),
            description: l.description.clone(),
            quantity: l.quantity,
            unit_price: Money { amount_minor: l.unit_price_minor, currency: l.currency.clone() },
            covered: l.covered,
            covered_by_warranty: l.covered_by_warranty,
            item_code: l.item_code.clone(),
            billable: Money { amount_minor: l.billable_minor, currency: l.currency.clone() },
        })
        .collect();
    let total =
        Money { amount_minor: mine.iter().map(|l| l.billable.amount_minor).sum(), currency: currency.to_string() };
    (mine, total)
}
