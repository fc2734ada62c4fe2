//! The priced lines of a visit as every reader sees them (request views, the technician's day,
//! the customer's record), each named in the reader's language.

use serde::Serialize;
use utoipa::ToSchema;

use crate::app::words::Words;
use crate::db::visits::LineRow;
use crate::domain::fees::Money;
use crate::domain::lang::Lang;
use crate::domain::line_kind::LineKind;
use crate::domain::policy::FeeSchedule;

/// One fee line as shown.
#[derive(Serialize, ToSchema)]
pub struct LineView {
    /// labour, part, call_out, service.
    pub kind: String,
    /// What the technician wrote on the line, as stored.
    pub description: String,
    /// The line's name in the reader's language: the call-out and labour in the catalog's
    /// words, a part or service of the fee schedule by its name there; an unlisted part as the
    /// technician typed it (then `typed`).
    pub name: String,
    /// True when `name` is the technician's own text, shown as typed.
    pub typed: bool,
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

/// The priced lines of one visit as shown (named as typed until [`name_lines`] names them),
/// and what they come to.
pub fn lines_of(visit_id: i64, lines: &[LineRow], currency: &str) -> (Vec<LineView>, Money) {
    let mine: Vec<LineView> = lines
        .iter()
        .filter(|l| l.visit_id == visit_id)
        .map(|l| LineView {
            kind: l.kind.clone(),
            description: l.description.clone(),
            name: l.description.clone(),
            typed: true,
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

/// Names `lines` in the language of `words` by the point's fee `schedule`.
pub fn name_lines<'a>(lines: impl IntoIterator<Item = &'a mut LineView>, schedule: &FeeSchedule, words: &Words) {
    for line in lines {
        let (name, typed) = line_name(&line.kind, line.item_code.as_deref(), &line.description, schedule, words);
        line.name = name;
        line.typed = typed;
    }
}

/// A fee line's name in the language of `words`, and whether it is the technician's text:
/// the call-out and labour by the catalog, a part or service of the schedule by its name in
/// that language (the English one when no Chinese was given); an unlisted part, or an item the
/// schedule no longer lists, as `typed`.
pub fn line_name(
    kind: &str,
    item_code: Option<&str>,
    typed: &str,
    schedule: &FeeSchedule,
    words: &Words,
) -> (String, bool) {
    let zh = words.lang() == Lang::Zh;
    let pick = |en: &str, chinese: Option<&String>| match chinese.filter(|_| zh) {
        Some(name) => name.clone(),
        None => en.to_string(),
    };
    let listed = match (LineKind::from_stored(kind), item_code) {
        (LineKind::CallOut, _) => Some(words.write(&msg!("fee-line-call-out"))),
        (LineKind::Labour, _) => Some(words.write(&msg!("fee-line-labour"))),
        (LineKind::Part, Some(code)) => {
            schedule.parts.iter().find(|p| p.code == code).map(|p| pick(&p.description, p.description_zh.as_ref()))
        }
        (LineKind::Service, Some(code)) => {
            schedule.services.iter().find(|s| s.code == code).map(|s| pick(&s.name, s.name_zh.as_ref()))
        }
        (LineKind::Part | LineKind::Service, None) => None,
    };
    match listed {
        Some(name) => (name, false),
        None => (typed.to_string(), true),
    }
}
