//! The policies a service point is held to and charges by: promises, fees, warranty.

use serde::{Deserialize, Serialize};

use super::error::FieldError;
use crate::domain::shift::parse_clock;

/// Business hours in which promise clocks run, in the service point's time zone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BusinessHours {
    /// Weekdays open (0 = Monday).
    #[schema(schema_with = weekdays)]
    pub days: Vec<i32>,
    /// Opening time, `HH:MM`.
    #[schema(pattern = r"^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$", example = "08:00")]
    pub open: String,
    /// Closing time, `HH:MM`.
    #[schema(pattern = r"^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$", example = "08:00")]
    pub close: String,
}

/// The schema of `BusinessHours::days`: one to seven weekday numbers, 0 = Monday … 6 = Sunday.
fn weekdays() -> utoipa::openapi::schema::Array {
    let day = utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::Integer)
        .minimum(Some(0))
        .maximum(Some(6));
    utoipa::openapi::schema::ArrayBuilder::new()
        .items(day)
        .min_items(Some(1))
        .max_items(Some(7))
        .description(Some("Weekdays open (0 = Monday … 6 = Sunday)."))
        .build()
}

/// The share of ratings with 4 or 5 stars platforms hold a service point to, percent.
pub const RATING_TARGET_PCT: i32 = 70;

/// What a service point promises, and the share of requests that must keep each promise.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PromisePolicy {
    /// Business minutes from booking until a technician has accepted.
    #[schema(minimum = 1, maximum = 43200)]
    pub respond_minutes: i64,
    /// Business minutes from booking until a technician is on site (when no window is booked).
    #[schema(minimum = 1, maximum = 43200)]
    pub arrive_minutes: i64,
    /// Business minutes from booking until the repair is completed.
    #[schema(minimum = 1, maximum = 43200)]
    pub resolve_minutes: i64,
    /// Target share (percent) of requests responded within the promise.
    #[schema(minimum = 1, maximum = 100)]
    pub respond_target_pct: i32,
    /// Target share (percent) of requests reached on site within the promise.
    #[schema(minimum = 1, maximum = 100)]
    pub arrive_target_pct: i32,
    /// Target share (percent) of requests resolved within the promise.
    #[schema(minimum = 1, maximum = 100)]
    pub resolve_target_pct: i32,
    /// Share of a promise's time after which it counts as at risk.
    #[schema(minimum = 1, maximum = 100)]
    pub at_risk_pct: i32,
    /// When the clocks run.
    pub business_hours: BusinessHours,
    /// How many times a customer may move a request's visit (0 to 20; default 3).
    #[serde(default = "default_max_reschedules")]
    #[schema(minimum = 0, maximum = 20)]
    pub max_reschedules: i64,
    /// Until how many minutes before its start a customer may move a visit (0 to 10080;
    /// default 120).
    #[serde(default = "default_reschedule_notice")]
    #[schema(minimum = 0, maximum = 10080)]
    pub reschedule_notice_minutes: i64,
    /// Business minutes within which a person answers a customer's message (1 to 1440;
    /// default 3, the platforms' rule).
    #[serde(default = "default_answer_minutes")]
    #[schema(minimum = 1, maximum = 1440)]
    pub answer_minutes: i64,
    /// Target share (percent) of customers' messages answered within `answer_minutes`
    /// (default 80).
    #[serde(default = "default_answer_target")]
    #[schema(minimum = 1, maximum = 100)]
    pub answer_target_pct: i32,
}

fn default_answer_minutes() -> i64 {
    3
}

fn default_answer_target() -> i32 {
    80
}

fn default_max_reschedules() -> i64 {
    crate::domain::reschedule::MAX_RESCHEDULES
}

fn default_reschedule_notice() -> i64 {
    crate::domain::reschedule::MIN_NOTICE_MINUTES
}

impl Default for PromisePolicy {
    fn default() -> Self {
        PromisePolicy {
            respond_minutes: 15,
            arrive_minutes: 240,
            resolve_minutes: 480,
            respond_target_pct: 80,
            arrive_target_pct: 80,
            resolve_target_pct: 70,
            at_risk_pct: 80,
            business_hours: BusinessHours {
                days: vec![0, 1, 2, 3, 4, 5, 6],
                open: "08:00".into(),
                close: "20:00".into(),
            },
            max_reschedules: default_max_reschedules(),
            reschedule_notice_minutes: default_reschedule_notice(),
            answer_minutes: default_answer_minutes(),
            answer_target_pct: default_answer_target(),
        }
    }
}

impl PromisePolicy {
    /// The point's rule for customers moving their visit.
    pub fn reschedule_rule(&self) -> crate::domain::reschedule::RescheduleRule {
        crate::domain::reschedule::RescheduleRule {
            max_moves: self.max_reschedules,
            notice_minutes: self.reschedule_notice_minutes,
        }
    }

    /// Checks the ranges.
    pub fn validate(&self, field: &str) -> Result<(), FieldError> {
        if !(0..=20).contains(&self.max_reschedules) {
            return Err(FieldError::new(format!("{field}.max_reschedules"), msg!("must-0-20")));
        }
        if !(0..=7 * 24 * 60).contains(&self.reschedule_notice_minutes) {
            return Err(FieldError::new(format!("{field}.reschedule_notice_minutes"), msg!("must-0-10080")));
        }
        if !(1..=24 * 60).contains(&self.answer_minutes) {
            return Err(FieldError::new(format!("{field}.answer_minutes"), msg!("must-1-1440-minutes")));
        }
        for (name, v) in [
            ("respond_minutes", self.respond_minutes),
            ("arrive_minutes", self.arrive_minutes),
            ("resolve_minutes", self.resolve_minutes),
        ] {
            if !(1..=60 * 24 * 30).contains(&v) {
                return Err(FieldError::new(format!("{field}.{name}"), msg!("must-1-43200-minutes")));
            }
        }
        for (name, v) in [
            ("respond_target_pct", self.respond_target_pct),
            ("arrive_target_pct", self.arrive_target_pct),
            ("resolve_target_pct", self.resolve_target_pct),
            ("at_risk_pct", self.at_risk_pct),
            ("answer_target_pct", self.answer_target_pct),
        ] {
            if !(1..=100).contains(&v) {
                return Err(FieldError::new(format!("{field}.{name}"), msg!("must-1-100")));
            }
        }
        let hours = &self.business_hours;
        let open = parse_clock(&hours.open);
        let close = parse_clock(&hours.close);
        match (open, close) {
            (Some(o), Some(c)) if o < c => {}
            _ => return Err(FieldError::new(format!("{field}.business_hours"), msg!("open-close-must-hh-mm-open"))),
        }
        if hours.days.is_empty() || hours.days.len() > 7 || hours.days.iter().any(|d| !(0..=6).contains(d)) {
            return Err(FieldError::new(format!("{field}.business_hours.days"), msg!("must-list-weekdays-0-6")));
        }
        Ok(())
    }
}

/// One priced part a technician can pick from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PartPrice {
    /// Short code such as `washer-15`.
    #[schema(min_length = 1, max_length = 64, pattern = r"^[^\x00]*$")]
    pub code: String,
    /// What it is.
    #[schema(min_length = 1, max_length = 200, pattern = r"^[^\x00]*$")]
    pub description: String,
    /// What it is, in Chinese (the technician's page shows it in Chinese; optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(min_length = 1, max_length = 200, pattern = r"^[^\x00]*$")]
    pub description_zh: Option<String>,
    /// Price per unit in minor units of the service point's currency.
    #[schema(minimum = 0, maximum = 100000000)]
    pub price_minor: i64,
}

/// A fixed-price service a customer can choose at booking (fitting a new faucet, a yearly
/// clean): charged at its price even under warranty, which covers faults, not extras.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ServicePrice {
    /// Short code such as `fit-faucet`.
    #[schema(min_length = 1, max_length = 64, pattern = r"^[^\x00]*$")]
    pub code: String,
    /// Its name.
    #[schema(min_length = 1, max_length = 200, pattern = r"^[^\x00]*$")]
    pub name: String,
    /// Its name in Chinese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(min_length = 1, max_length = 200, pattern = r"^[^\x00]*$")]
    pub name_zh: Option<String>,
    /// The price, minor units of the service point's currency.
    #[schema(minimum = 0, maximum = 100000000)]
    pub price_minor: i64,
    /// The skills (problems) it goes with; empty for every one.
    #[serde(default)]
    #[schema(max_items = 50)]
    pub skills: Vec<String>,
}

impl ServicePrice {
    /// Whether it goes with a repair needing `skill`.
    pub fn goes_with(&self, skill: &str) -> bool {
        self.skills.is_empty() || self.skills.iter().any(|s| s == skill)
    }
}

/// What a service point charges when the work is not covered.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FeeSchedule {
    /// The call-out fee per visit, minor units.
    #[schema(minimum = 0, maximum = 100000000)]
    pub call_out_minor: i64,
    /// Labour per started half hour, minor units.
    #[schema(minimum = 0, maximum = 100000000)]
    pub labour_half_hour_minor: i64,
    /// Parts with prices.
    #[schema(max_items = 500)]
    pub parts: Vec<PartPrice>,
    /// Fixed-price services customers can choose at booking.
    #[serde(default)]
    #[schema(max_items = 100)]
    pub services: Vec<ServicePrice>,
}

impl Default for FeeSchedule {
    fn default() -> Self {
        FeeSchedule { call_out_minor: 5000, labour_half_hour_minor: 6000, parts: Vec::new(), services: Vec::new() }
    }
}

impl FeeSchedule {
    /// Checks prices (0 to 1,000,000.00) and at most 500 parts with distinct codes.
    pub fn validate(&self, field: &str) -> Result<(), FieldError> {
        let in_range = |v: i64| (0..=100_000_000).contains(&v);
        if !in_range(self.call_out_minor) || !in_range(self.labour_half_hour_minor) {
            return Err(FieldError::new(field, msg!("prices-must-0-100000000-minor-units")));
        }
        if self.parts.len() > 500 {
            return Err(FieldError::new(format!("{field}.parts"), msg!("most-500-parts")));
        }
        let mut codes = std::collections::HashSet::new();
        for (i, p) in self.parts.iter().enumerate() {
            let zh_len = p.description_zh.as_deref().map_or(1, |d| d.chars().count());
            let (code_len, description_len) = (p.code.chars().count(), p.description.chars().count());
            if !(1..=64).contains(&code_len) || !(1..=200).contains(&description_len) || !(1..=200).contains(&zh_len) {
                return Err(FieldError::new(format!("{field}.parts[{i}]"), msg!("code-description-must-1-64-200")));
            }
            if !in_range(p.price_minor) {
                return Err(FieldError::new(format!("{field}.parts[{i}].price_minor"), msg!("must-0-100000000")));
            }
            if !codes.insert(p.code.as_str()) {
                return Err(FieldError::new(format!("{field}.parts[{i}].code"), msg!("listed-twice")));
            }
        }
        self.validate_services(field)
    }

    /// Checks at most 100 services with distinct codes, names 1-200 and prices in range.
    fn validate_services(&self, field: &str) -> Result<(), FieldError> {
        if self.services.len() > 100 {
            return Err(FieldError::new(format!("{field}.services"), msg!("most-100-services")));
        }
        let mut codes = std::collections::HashSet::new();
        for (i, s) in self.services.iter().enumerate() {
            let at = |f: &str| format!("{field}.services[{i}].{f}");
            let zh_len = s.name_zh.as_deref().map_or(1, |d| d.chars().count());
            if !(1..=64).contains(&s.code.chars().count()) {
                return Err(FieldError::new(at("code"), msg!("must-1-64-characters")));
            }
            if !(1..=200).contains(&s.name.chars().count()) || !(1..=200).contains(&zh_len) {
                return Err(FieldError::new(at("name"), msg!("must-1-200-characters")));
            }
            if !(0..=100_000_000).contains(&s.price_minor) {
                return Err(FieldError::new(at("price_minor"), msg!("must-0-100000000")));
            }
            if s.skills.len() > 50 || s.skills.iter().any(|k| !(1..=40).contains(&k.chars().count())) {
                return Err(FieldError::new(at("skills"), msg!("most-50-skills-codes")));
            }
            if !codes.insert(s.code.as_str()) {
                return Err(FieldError::new(at("code"), msg!("listed-twice")));
            }
        }
        Ok(())
    }
}

/// How long products are covered, by category.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WarrantyPolicy {
    /// Months of cover for categories not listed.
    #[schema(minimum = 0, maximum = 120)]
    pub default_months: i32,
    /// Months of cover per product category (e.g. `faucet` → 24).
    pub months_by_category: std::collections::BTreeMap<String, i32>,
    /// The kinds of fee line the warranty covers (default call-out, labour and parts); never
    /// `service`: a fixed-price service the customer chose is paid under warranty too.
    #[serde(default = "WarrantyPolicy::fault_lines")]
    pub covers: Vec<crate::domain::line_kind::LineKind>,
}

impl Default for WarrantyPolicy {
    fn default() -> Self {
        let mut months = std::collections::BTreeMap::new();
        for (category, m) in [("faucet", 24), ("water_heater", 36), ("washing_machine", 24), ("air_conditioner", 36)] {
            months.insert(category.to_string(), m);
        }
        WarrantyPolicy { default_months: 12, months_by_category: months, covers: WarrantyPolicy::fault_lines() }
    }
}

impl WarrantyPolicy {
    /// Checks months are 0 to 120 and at most 200 categories.
    pub fn validate(&self, field: &str) -> Result<(), FieldError> {
        if self.months_by_category.len() > 200 {
            return Err(FieldError::new(field, msg!("most-200-categories")));
        }
        let months = std::iter::once(self.default_months).chain(self.months_by_category.values().copied());
        for m in months {
            if !(0..=120).contains(&m) {
                return Err(FieldError::new(field, msg!("months-must-0-120")));
            }
        }
        use crate::domain::line_kind::LineKind;
        if self.covers.contains(&LineKind::Service) {
            return Err(FieldError::new(format!("{field}.covers"), msg!("warranty-never-covers-service")));
        }
        if self.covers.len() > 3 {
            return Err(FieldError::new(format!("{field}.covers"), msg!("listed-twice")));
        }
        Ok(())
    }

    /// What a warranty covers unless the point says otherwise: the fault's lines.
    pub fn fault_lines() -> Vec<crate::domain::line_kind::LineKind> {
        use crate::domain::line_kind::LineKind;
        vec![LineKind::CallOut, LineKind::Labour, LineKind::Part]
    }

    /// Months of cover for a category.
    pub fn months_for(&self, category: &str) -> i32 {
        self.months_by_category.get(category).copied().unwrap_or(self.default_months)
    }
}
