//! Fees: outcome lines priced from the fee schedule, warranty cover, and the quote total.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::error::FieldError;
use crate::domain::policy::{FeeSchedule, WarrantyPolicy};

/// An amount of money in minor units (fen, cents) with its ISO 4217 currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Money {
    /// Minor units.
    pub amount_minor: i64,
    /// ISO 4217 code.
    #[schema(pattern = r"^[A-Z]{3}$")]
    pub currency: String,
}

impl std::fmt::Display for Money {
    /// `90.00 CNY`: major units with two decimals, as event details and mails show money.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sign = if self.amount_minor < 0 { "-" } else { "" };
        let abs = self.amount_minor.unsigned_abs();
        write!(f, "{sign}{}.{:02} {}", abs / 100, abs % 100, self.currency)
    }
}

pub use super::line_kind::LineKind;

/// What covers a visit's lines: the product's warranty (for the kinds the point's policy
/// names) or a free follow-up of a repair that did not hold. Neither covers a service.
#[derive(Clone, Copy, Debug)]
pub struct Cover<'a> {
    /// The product is under warranty.
    pub warranty: bool,
    /// The kinds the point's warranty covers.
    pub warranty_covers: &'a [LineKind],
    /// A free follow-up visit.
    pub free_follow_up: bool,
}

impl Cover<'_> {
    /// Nothing covered.
    pub const NONE: Cover<'static> = Cover { warranty: false, warranty_covers: &[], free_follow_up: false };

    /// (covered at all, covered by the warranty) for a line of `kind`.
    pub fn of(&self, kind: LineKind) -> (bool, bool) {
        if kind == LineKind::Service {
            return (false, false);
        }
        let by_warranty = self.warranty && self.warranty_covers.contains(&kind);
        (by_warranty || self.free_follow_up, by_warranty)
    }
}

/// A line as the technician sends it.
#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LineInput {
    /// Labour, part or call-out.
    pub kind: LineKind,
    /// What was done or fitted.
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
    )]
    pub description: String,
    /// Units (half hours for labour), 1–100.
    #[schema(minimum = 1, maximum = 100)]
    pub quantity: i32,
    /// Price per unit; taken from the fee schedule when absent (required for unlisted parts).
    pub unit_price: Option<Money>,
    /// A part code from the fee schedule.
    #[schema(pattern = r"^[^\x00]*$")]
    pub part_code: Option<String>,
    /// A fixed-price service's code from the fee schedule (required for a service line).
    #[serde(default)]
    #[schema(pattern = r"^[^\x00]*$")]
    pub service_code: Option<String>,
}

/// A priced line.
#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct PricedLine {
    pub kind: LineKind,
    pub description: String,
    /// Units.
    pub quantity: i32,
    /// Price per unit.
    pub unit_price: Money,
    /// True when warranty or a free follow-up covers it.
    pub covered: bool,
    /// True when the product's warranty covers it.
    pub covered_by_warranty: bool,
    /// The part's or service's code in the fee schedule.
    pub item_code: Option<String>,
    /// What the customer pays for this line.
    pub billable: Money,
}

/// Prices lines against the schedule; `cover` zeroes what warranty or a free follow-up covers.
pub fn price_lines(
    lines: &[LineInput],
    schedule: &FeeSchedule,
    currency: &str,
    cover: Cover<'_>,
) -> Result<Vec<PricedLine>, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut priced = Vec::new();
    if lines.len() > 50 {
        errors.push(FieldError::new("lines", msg!("most-50-lines")));
        return Err(errors);
    }
    for (i, line) in lines.iter().enumerate() {
        let at = |f: &str| format!("lines[{i}].{f}");
        let description = match crate::domain::text::line(&at("description"), &line.description, 1, 200) {
            Ok(d) => d,
            Err(e) => {
                errors.push(e);
                String::new()
            }
        };
        if !(1..=100).contains(&line.quantity) {
            errors.push(FieldError::new(at("quantity"), msg!("must-1-100")));
        }
        if let Some(p) = &line.unit_price {
            if p.currency != currency {
                errors.push(FieldError::new(at("unit_price.currency"), msg!("must-be-value", value = currency)));
            }
            if !(0..=100_000_000).contains(&p.amount_minor) {
                errors.push(FieldError::new(at("unit_price.amount_minor"), msg!("must-0-100000000")));
            }
        }
        let scheduled = match line.kind {
            LineKind::Labour => Some(schedule.labour_half_hour_minor),
            LineKind::CallOut => Some(schedule.call_out_minor),
            LineKind::Part => match &line.part_code {
                Some(code) => match schedule.parts.iter().find(|p| &p.code == code) {
                    Some(p) => Some(p.price_minor),
                    None => {
                        errors.push(FieldError::new(at("part_code"), msg!("not-in-fee-schedule")));
                        None
                    }
                },
                None => None,
            },
            LineKind::Service => {
                match line.service_code.as_deref().map(|c| schedule.services.iter().find(|s| s.code == c)) {
                    Some(Some(service)) => Some(service.price_minor),
                    Some(None) => {
                        errors.push(FieldError::new(at("service_code"), msg!("not-in-fee-schedule")));
                        None
                    }
                    None => {
                        errors.push(FieldError::new(at("service_code"), msg!("service-line-needs-code")));
                        None
                    }
                }
            }
        };
        if line.service_code.is_some() && line.kind != LineKind::Service {
            errors.push(FieldError::new(at("service_code"), msg!("only-service-line-has-code")));
        }
        let unit = match (scheduled, &line.unit_price) {
            (Some(s), Some(given)) if given.amount_minor != s => {
                errors.push(FieldError::new(at("unit_price"), msg!("must-match-fee-schedule", schedule = s)));
                s
            }
            (Some(s), _) => s,
            (None, Some(given)) => given.amount_minor,
            (None, None) => {
                if line.part_code.is_none() && line.kind == LineKind::Part {
                    errors.push(FieldError::new(at("unit_price"), msg!("unlisted-part-needs-price")));
                }
                0
            }
        };
        let total = unit.saturating_mul(i64::from(line.quantity));
        let (covered, covered_by_warranty) = cover.of(line.kind);
        let item_code = match line.kind {
            LineKind::Part => line.part_code.clone(),
            LineKind::Service => line.service_code.clone(),
            LineKind::Labour | LineKind::CallOut => None,
        };
        priced.push(PricedLine {
            kind: line.kind,
            description,
            quantity: line.quantity,
            unit_price: Money { amount_minor: unit, currency: currency.to_string() },
            covered,
            covered_by_warranty,
            item_code,
            billable: Money { amount_minor: if covered { 0 } else { total }, currency: currency.to_string() },
        });
    }
    if errors.is_empty() {
        Ok(priced)
    } else {
        Err(errors)
    }
}

/// The customer's total of priced lines.
pub fn total(lines: &[PricedLine], currency: &str) -> Money {
    Money { amount_minor: lines.iter().map(|l| l.billable.amount_minor).sum(), currency: currency.to_string() }
}

/// Warranty cover: (covered, last covered day) from the category's months and the purchase date.
pub fn warranty(
    policy: &WarrantyPolicy,
    category: &str,
    purchased_on: Option<NaiveDate>,
    today: NaiveDate,
) -> (bool, Option<NaiveDate>) {
    let Some(bought) = purchased_on else { return (false, None) };
    let months = policy.months_for(category).max(0) as u32;
    let until = bought.checked_add_months(Months::new(months)).and_then(|d| d.pred_opt());
    match until {
        Some(u) => (today <= u, Some(u)),
        None => (false, None),
    }
}

/// The Bayesian average of ratings: `prior_weight` phantom ratings of `prior` pull a
/// technician with few ratings toward the middle, so one 5-star visit does not outrank forty.
pub fn bayesian_rating(sum: i64, count: i64) -> f64 {
    const PRIOR: f64 = 4.0;
    const WEIGHT: f64 = 5.0;
    (PRIOR * WEIGHT + sum as f64) / (WEIGHT + count as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::policy::{PartPrice, ServicePrice};

    fn schedule() -> FeeSchedule {
        FeeSchedule {
            call_out_minor: 5000,
            labour_half_hour_minor: 4000,
            parts: vec![PartPrice {
                code: "washer-15".into(),
                description: "Washer".into(),
                description_zh: None,
                price_minor: 500,
            }],
            services: vec![ServicePrice {
                code: "fit-faucet".into(),
                name: "Fit a new faucet".into(),
                name_zh: Some("安装新龙头".into()),
                price_minor: 8000,
                skills: vec!["plumbing".into()],
            }],
        }
    }

    const WARRANTY: Cover<'static> = Cover {
        warranty: true,
        warranty_covers: &[LineKind::CallOut, LineKind::Labour, LineKind::Part],
        free_follow_up: false,
    };

    fn line(kind: LineKind, qty: i32, code: Option<&str>, price: Option<i64>) -> LineInput {
        LineInput {
            kind,
            description: "x".into(),
            quantity: qty,
            unit_price: price.map(|p| Money { amount_minor: p, currency: "CNY".into() }),
            part_code: code.map(str::to_string),
            service_code: None,
        }
    }

    #[test]
    fn prices_from_schedule_and_sums() {
        let lines = [
            line(LineKind::CallOut, 1, None, None),
            line(LineKind::Labour, 2, None, None),
            line(LineKind::Part, 3, Some("washer-15"), None),
        ];
        let priced = price_lines(&lines, &schedule(), "CNY", Cover::NONE).expect("valid");
        assert_eq!(total(&priced, "CNY").amount_minor, 5000 + 8000 + 1500);
        let covered = price_lines(&lines, &schedule(), "CNY", WARRANTY).expect("valid");
        assert_eq!(total(&covered, "CNY").amount_minor, 0);
        assert!(covered.iter().all(|l| l.covered_by_warranty));
    }

    #[test]
    fn warranty_covers_the_fault_never_a_chosen_service() {
        let mut fit = line(LineKind::Service, 1, None, None);
        fit.service_code = Some("fit-faucet".into());
        let lines = [line(LineKind::CallOut, 1, None, None), line(LineKind::Labour, 1, None, None), fit];
        let priced = price_lines(&lines, &schedule(), "CNY", WARRANTY).expect("valid");
        assert_eq!(total(&priced, "CNY").amount_minor, 8000);
        assert_eq!(priced[2].item_code.as_deref(), Some("fit-faucet"));
        assert!(!priced[2].covered && !priced[2].covered_by_warranty);
        let labour_only = Cover { warranty_covers: &[LineKind::Labour], ..WARRANTY };
        let priced = price_lines(&lines, &schedule(), "CNY", labour_only).expect("valid");
        assert_eq!(total(&priced, "CNY").amount_minor, 5000 + 8000);
        let follow_up = Cover { free_follow_up: true, ..Cover::NONE };
        let priced = price_lines(&lines, &schedule(), "CNY", follow_up).expect("valid");
        assert_eq!((total(&priced, "CNY").amount_minor, priced[0].covered_by_warranty), (8000, false));
    }

    #[test]
    fn refuses_wrong_prices_and_unknown_parts() {
        let lines = [
            line(LineKind::CallOut, 1, None, Some(1)),
            line(LineKind::Part, 1, Some("nope"), None),
            line(LineKind::Part, 1, None, None),
            line(LineKind::Service, 1, None, None),
        ];
        let errors = price_lines(&lines, &schedule(), "CNY", Cover::NONE).expect_err("invalid");
        assert_eq!(errors.len(), 4);
    }

    #[test]
    fn warranty_by_months() {
        let policy = WarrantyPolicy::default();
        let bought = NaiveDate::from_ymd_opt(2025, 6, 1);
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).expect("date");
        assert_eq!(warranty(&policy, "faucet", bought, today), (true, NaiveDate::from_ymd_opt(2027, 5, 31)));
        assert!(!warranty(&policy, "kettle", bought, today).0);
        assert_eq!(warranty(&policy, "faucet", None, today), (false, None));
    }

    #[test]
    fn bayesian_pulls_toward_prior() {
        assert!((bayesian_rating(0, 0) - 4.0).abs() < 1e-9);
        assert!(bayesian_rating(5, 1) < bayesian_rating(200, 40));
    }
}
