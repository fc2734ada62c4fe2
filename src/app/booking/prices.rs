//! Prices before booking: the covering service point's call-out fee, labour rate, parts and
//! fixed-price services, and what its warranty covers, so nobody learns the cost on site.

use serde::Serialize;
use utoipa::ToSchema;

use crate::app::admin::points::ServicePointView;
use crate::app::booking::book::covering_point;
use crate::app::error::AppError;
use crate::db::{skills, DbConnection};
use crate::domain::area::Location;
use crate::domain::fees::{LineKind, Money};
use crate::domain::policy::ServicePrice;

/// Minutes of labour one unit of the labour rate pays for.
pub const LABOUR_UNIT_MINUTES: i32 = 30;

/// The labour rate.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct LabourRate {
    /// Started minutes one unit pays for (30: every started half hour).
    pub unit_minutes: i32,
    /// Price per unit, minor units.
    pub amount_minor: i64,
}

/// A priced item of the schedule: a part or a fixed-price service.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct PriceItem {
    pub code: String,
    /// Its name in English.
    pub name: String,
    /// Its name in Chinese, when the schedule has one.
    pub name_zh: Option<String>,
    pub price: Money,
}

/// What the warranty covers.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct WarrantyTerms {
    /// The kinds of fee line it covers (never `service`).
    pub covers: Vec<LineKind>,
    /// Months of cover for products not listed.
    pub default_months: i32,
    /// Months of cover per product category.
    pub months_by_category: std::collections::BTreeMap<String, i32>,
}

/// A service point's prices.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct PriceList {
    pub service_point_id: i64,
    pub service_point_name: String,
    /// ISO 4217.
    pub currency: String,
    /// Per visit, unless warranty covers it.
    pub call_out: Money,
    pub labour: LabourRate,
    pub parts: Vec<PriceItem>,
    /// The fixed-price services a booking can include (`services` of `POST /api/requests`);
    /// only those for `skill` when one is asked for. Paid under warranty too.
    pub services: Vec<PriceItem>,
    pub warranty: WarrantyTerms,
}

fn money(amount_minor: i64, currency: &str) -> Money {
    Money { amount_minor, currency: currency.to_string() }
}

/// A fixed-price service as the price list and the request show it.
pub fn service_item(s: &ServicePrice, currency: &str) -> PriceItem {
    PriceItem {
        code: s.code.clone(),
        name: s.name.clone(),
        name_zh: s.name_zh.clone(),
        price: money(s.price_minor, currency),
    }
}

/// The prices of the point covering `at`, with the services for `skill` (all without one).
pub fn prices_at(conn: &mut DbConnection, at: Location, skill: Option<&str>) -> Result<PriceList, AppError> {
    if let Some(code) = skill {
        match skills::find(conn, code)? {
            Some(s) if s.active => {}
            _ => return Err(AppError::invalid("skill", msg!("unknown-skill"))),
        }
    }
    let ctx = covering_point(conn, at)?
        .ok_or_else(|| AppError::invalid("location", msg!("address-outside-every-service-area-site")))?;
    Ok(price_list(&ctx.point, skill))
}

/// A point's price list.
pub fn price_list(p: &ServicePointView, skill: Option<&str>) -> PriceList {
    let (schedule, currency) = (&p.fee_schedule, p.currency.as_str());
    PriceList {
        service_point_id: p.id,
        service_point_name: p.name.clone(),
        currency: currency.to_string(),
        call_out: money(schedule.call_out_minor, currency),
        labour: LabourRate { unit_minutes: LABOUR_UNIT_MINUTES, amount_minor: schedule.labour_half_hour_minor },
        parts: schedule
            .parts
            .iter()
            .map(|part| PriceItem {
                code: part.code.clone(),
                name: part.description.clone(),
                name_zh: part.description_zh.clone(),
                price: money(part.price_minor, currency),
            })
            .collect(),
        services: schedule
            .services
            .iter()
            .filter(|s| skill.is_none_or(|k| s.goes_with(k)))
            .map(|s| service_item(s, currency))
            .collect(),
        warranty: WarrantyTerms {
            covers: p.warranty_policy.covers.clone(),
            default_months: p.warranty_policy.default_months,
            months_by_category: p.warranty_policy.months_by_category.clone(),
        },
    }
}

/// The services a request was booked with, priced as the point's schedule prices them now
/// (a code the schedule no longer lists is left out).
pub fn booked_services(p: &ServicePointView, stored: &str) -> Result<Vec<PriceItem>, AppError> {
    let codes: Vec<String> =
        serde_json::from_str(stored).map_err(|e| AppError::unexpected("reading a request's booked services", e))?;
    Ok(codes
        .iter()
        .filter_map(|code| p.fee_schedule.services.iter().find(|s| &s.code == code))
        .map(|s| service_item(s, &p.currency))
        .collect())
}
