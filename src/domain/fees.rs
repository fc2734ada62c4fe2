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

/// The kinds of line a technician records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    /// Labour, counted in started half hours at the schedule's rate.
    Labour,
    /// A part, from the schedule by code or priced on the spot.
    Part,
    /// The call-out fee of the schedule.
    CallOut,
}

impl LineKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            LineKind::Labour => "labour",
            LineKind::Part => "part",
            LineKind::CallOut => "call_out",
        }
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
    /// What the customer pays for this line.
    pub billable: Money,
}

/// Prices lines against the schedule. `covered` makes every line free to the customer.
pub fn price_lines(
    lines: &[LineInput],
    schedule: &FeeSchedule,
    currency: &str,
    covered: bool,
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
        };
        let unit = match (scheduled, &line.unit_price) {
            (Some(s), Some(given)) if given.amount_minor != s => {
                errors.push(FieldError::new(at("unit_price"), msg!("must-match-fee-schedule", schedule = s)));
                s
            }
            (Some(s), _) => s,
            (None, Some(given)) => given.amount_minor,
            (None, None) => {
                if line.part_code.is_none() {
                    errors.push(FieldError::new(at("unit_price"), msg!("unlisted-part-needs-price")));
                }
                0
            }
        };
        let total = unit.saturating_mul(i64::from(line.quantity));
        priced.push(PricedLine {
            kind: line.kind,
            description,
            quantity: line.quantity,
            unit_price: Money { amount_minor: unit, currency: currency.to_string() },
            covered,
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
    use crate::domain::policy::PartPrice;

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
        }
    }

    fn line(kind: LineKind, qty: i32, code: Option<&str>, price: Option<i64>) -> LineInput {
        LineInput {
            kind,
            description: "x".into(),
            quantity: qty,
            unit_price: price.map(|p| Money { amount_minor: p, currency: "CNY".into() }),
            part_code: code.map(str::to_string),
        }
    }

    #[test]
    fn prices_from_schedule_and_sums() {
        let lines = [
            line(LineKind::CallOut, 1, None, None),
            line(LineKind::Labour, 2, None, None),
            line(LineKind::Part, 3, Some("washer-15"), None),
        ];
        let priced = price_lines(&lines, &schedule(), "CNY", false).expect("valid");
        assert_eq!(total(&priced, "CNY").amount_minor, 5000 + 8000 + 1500);
        let covered = price_lines(&lines, &schedule(), "CNY", true).expect("valid");
        assert_eq!(total(&covered, "CNY").amount_minor, 0);
    }

    #[test]
    fn refuses_wrong_prices_and_unknown_parts() {
        let lines = [
            line(LineKind::CallOut, 1, None, Some(1)),
            line(LineKind::Part, 1, Some("nope"), None),
            line(LineKind::Part, 1, None, None),
        ];
        let errors = price_lines(&lines, &schedule(), "CNY", false).expect_err("invalid");
        assert_eq!(errors.len(), 3);
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
