//! Admin use cases for service points and skills.

use chrono::{DateTime, Utc};
use geo::Centroid;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::error::AppError;
use crate::db::service_points::{self, ServicePointRow};
use crate::db::skills::{self, SkillRow};
use crate::db::DbConnection;
use crate::domain::area::{Coverage, Location};
use crate::domain::ids::new_id;
use crate::domain::policy::{FeeSchedule, PromisePolicy, WarrantyPolicy};
use crate::domain::text::{self, Checks};

/// A service point as the admin writes it.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ServicePointInput {
    /// Name, unique.
    #[schema(
        min_length = 1,
        max_length = 120,
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
    )]
    pub name: String,
    /// IANA time zone, e.g. `Asia/Shanghai`.
    #[schema(
        min_length = 1,
        max_length = 64,
        example = "Asia/Shanghai",
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
    )]
    pub time_zone: String,
    /// ISO 4217 code, e.g. `CNY`.
    #[schema(pattern = r"^[A-Z]{3}$", example = "CNY")]
    pub currency: String,
    /// Closed ring of corners (the last equals the first) that forms a simple polygon.
    #[schema(min_items = 4, max_items = 500)]
    pub coverage: Vec<Location>,
    /// Average travel speed (5–150 km/h), default 30.
    #[schema(minimum = 5, maximum = 150)]
    pub travel_speed_kmh: Option<f64>,
    /// Road over straight-line distance (1–3), default 1.3.
    #[schema(minimum = 1, maximum = 3)]
    pub detour_factor: Option<f64>,
    /// Promises; defaults when absent.
    pub promise_policy: Option<PromisePolicy>,
    /// Fees; defaults when absent.
    pub fee_schedule: Option<FeeSchedule>,
    /// Warranty; defaults when absent.
    pub warranty_policy: Option<WarrantyPolicy>,
    /// Free follow-up period in days (0–365), default 30.
    #[schema(minimum = 0, maximum = 365)]
    pub rework_days: Option<i32>,
    /// Active flag, default true.
    pub active: Option<bool>,
    /// The number customers call about their repair, shown on the tracking page (optional).
    #[serde(default)]
    #[schema(min_length = 5, max_length = 32, pattern = r"^[ +()-]*([0-9][ +()-]*){5,20}$")]
    pub phone: Option<String>,
}

/// A service point as the API shows it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ServicePointView {
    pub id: i64,
    pub name: String,
    /// IANA time zone.
    pub time_zone: String,
    /// ISO 4217 code.
    pub currency: String,
    /// Coverage ring.
    pub coverage: Vec<Location>,
    /// Centroid of the coverage.
    pub center: Location,
    pub travel_speed_kmh: f64,
    pub detour_factor: f64,
    /// Promises.
    pub promise_policy: PromisePolicy,
    /// Fees.
    pub fee_schedule: FeeSchedule,
    pub warranty_policy: WarrantyPolicy,
    /// Free follow-up period in days.
    pub rework_days: i32,
    pub active: bool,
    /// The number customers call (empty when none is set).
    pub phone: String,
}

/// Reads a stored service point into its view; stored JSON that no longer parses is a 500.
pub fn view(row: &ServicePointRow) -> Result<ServicePointView, AppError> {
    let bad = |what: &str, e: String| AppError::internal(format!("stored service point {} {what}: {e}", row.id));
    let coverage = Coverage::from_json(&row.coverage).map_err(|e| bad("coverage", e.reason.to_string()))?;
    Ok(ServicePointView {
        id: row.id,
        name: row.name.clone(),
        time_zone: row.time_zone.clone(),
        currency: row.currency.clone(),
        coverage: coverage.ring().to_vec(),
        center: Location { lat: row.center_lat, lon: row.center_lon },
        travel_speed_kmh: row.travel_speed_kmh,
        detour_factor: row.detour_factor,
        promise_policy: serde_json::from_str(&row.promise_policy).map_err(|e| bad("promise policy", e.to_string()))?,
        fee_schedule: serde_json::from_str(&row.fee_schedule).map_err(|e| bad("fee schedule", e.to_string()))?,
        warranty_policy: serde_json::from_str(&row.warranty_policy)
            .map_err(|e| bad("warranty policy", e.to_string()))?,
        rework_days: row.rework_days,
        active: row.active,
        phone: row.phone.clone(),
    })
}

fn to_row(id: i64, input: &ServicePointInput, now: DateTime<Utc>) -> Result<ServicePointRow, AppError> {
    let mut checks = Checks::default();
    let name = checks.take(text::line("name", &input.name, 1, 120));
    if input.time_zone.parse::<chrono_tz::Tz>().is_err() {
        checks.push("time_zone", msg!("not-iana-time-zone-such-as"));
    }
    if input.currency.len() != 3 || !input.currency.chars().all(|c| c.is_ascii_uppercase()) {
        checks.push("currency", msg!("must-three-letter-iso-4217-code"));
    }
    let coverage = checks.take(Coverage::parse("coverage", &input.coverage));
    let speed = input.travel_speed_kmh.unwrap_or(30.0);
    if !(5.0..=150.0).contains(&speed) {
        checks.push("travel_speed_kmh", msg!("must-5-150"));
    }
    let detour = input.detour_factor.unwrap_or(1.3);
    if !(1.0..=3.0).contains(&detour) {
        checks.push("detour_factor", msg!("must-1-3"));
    }
    let promise = input.promise_policy.clone().unwrap_or_default();
    checks.take(promise.validate("promise_policy"));
    let fees = input.fee_schedule.clone().unwrap_or_default();
    checks.take(fees.validate("fee_schedule"));
    let warranty = input.warranty_policy.clone().unwrap_or_default();
    checks.take(warranty.validate("warranty_policy"));
    let phone = match input.phone.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => checks.take(text::phone("phone", p)),
        None => Some(String::new()),
    };
    let rework_days = input.rework_days.unwrap_or(30);
    if !(0..=365).contains(&rework_days) {
        checks.push("rework_days", msg!("must-0-365"));
    }
    checks.finish()?;
    let (Some(name), Some(coverage), Some(phone)) = (name, coverage, phone) else {
        return Err(AppError::internal("validated fields missing"));
    };
    let ring: geo::LineString<f64> = coverage.ring().iter().map(|p| geo::Coord { x: p.lon, y: p.lat }).collect();
    let center =
        geo::Polygon::new(ring, vec![]).centroid().ok_or_else(|| AppError::invalid("coverage", msg!("has-no-area")))?;
    let json =
        |v: serde_json::Result<String>| v.map_err(|e| AppError::unexpected("storing a service point as JSON", e));
    Ok(ServicePointRow {
        id,
        name,
        time_zone: input.time_zone.clone(),
        currency: input.currency.clone(),
        coverage: coverage.to_json(),
        center_lat: center.y(),
        center_lon: center.x(),
        travel_speed_kmh: speed,
        detour_factor: detour,
        promise_policy: json(serde_json::to_string(&promise))?,
        fee_schedule: json(serde_json::to_string(&fees))?,
        warranty_policy: json(serde_json::to_string(&warranty))?,
        rework_days,
        active: input.active.unwrap_or(true),
        created_at: now.naive_utc(),
        updated_at: now.naive_utc(),
        phone,
    })
}

/// Creates a service point; names are unique.
pub fn create_service_point(
    conn: &mut DbConnection,
    input: &ServicePointInput,
    now: DateTime<Utc>,
) -> Result<ServicePointView, AppError> {
    let row = to_row(new_id(), input, now)?;
    if service_points::find_by_name(conn, &row.name)?.is_some() {
        return Err(AppError::conflict(msg!("service-point-name-exists"), None));
    }
    service_points::insert(conn, &row)?;
    view(&row)
}

/// Replaces a service point's settings.
pub fn update_service_point(
    conn: &mut DbConnection,
    id: i64,
    input: &ServicePointInput,
    now: DateTime<Utc>,
) -> Result<ServicePointView, AppError> {
    let existing = service_points::find(conn, id)?.ok_or(AppError::NotFound(msg!("thing-service-point")))?;
    let mut row = to_row(id, input, now)?;
    if let Some(other) = service_points::find_by_name(conn, &row.name)? {
        if other.id != id {
            return Err(AppError::conflict(msg!("service-point-name-exists"), None));
        }
    }
    row.created_at = existing.created_at;
    service_points::update(conn, &row)?;
    view(&row)
}

/// Deactivates a service point (its history stays).
pub fn deactivate_service_point(conn: &mut DbConnection, id: i64, now: DateTime<Utc>) -> Result<(), AppError> {
    let mut row = service_points::find(conn, id)?.ok_or(AppError::NotFound(msg!("thing-service-point")))?;
    row.active = false;
    row.updated_at = now.naive_utc();
    service_points::update(conn, &row)?;
    Ok(())
}

/// A skill as the admin changes it.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SkillInput {
    /// Ignored: the code is the one in the address.
    pub code: Option<String>,
    /// English name.
    #[schema(
        min_length = 1,
        max_length = 80,
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
    )]
    pub name: String,
    /// Chinese name.
    #[schema(
        min_length = 1,
        max_length = 80,
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
    )]
    pub name_zh: String,
    /// Active flag, default true.
    pub active: Option<bool>,
}

/// A new skill as the admin creates it: the code is required here.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SkillCreate {
    /// Code: 2–40 of a–z, 0–9, `_` and `-`.
    #[schema(pattern = r"^[a-z0-9_-]{2,40}$")]
    pub code: String,
    /// English name.
    #[schema(
        min_length = 1,
        max_length = 80,
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
    )]
    pub name: String,
    /// Chinese name.
    #[schema(
        min_length = 1,
        max_length = 80,
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
    )]
    pub name_zh: String,
    /// Active flag, default true.
    pub active: Option<bool>,
}

/// Validates a skill; `code` comes from the path on update.
pub fn parse_skill(code: &str, input: &SkillInput) -> Result<SkillRow, AppError> {
    let mut checks = Checks::default();
    let code_ok = (2..=40).contains(&code.len())
        && code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
    if !code_ok {
        checks.push("code", msg!("must-2-40-characters-z-0"));
    }
    let name = checks.take(text::line("name", &input.name, 1, 80));
    let name_zh = checks.take(text::line("name_zh", &input.name_zh, 1, 80));
    checks.finish()?;
    Ok(SkillRow {
        code: code.to_string(),
        name: name.unwrap_or_default(),
        name_zh: name_zh.unwrap_or_default(),
        active: input.active.unwrap_or(true),
    })
}

/// Creates a skill.
pub fn create_skill(conn: &mut DbConnection, input: &SkillCreate) -> Result<SkillRow, AppError> {
    let names =
        SkillInput { code: None, name: input.name.clone(), name_zh: input.name_zh.clone(), active: input.active };
    let skill = parse_skill(&input.code, &names)?;
    if skills::find(conn, &skill.code)?.is_some() {
        return Err(AppError::conflict(msg!("skill-exists"), None));
    }
    skills::insert(conn, &skill)?;
    Ok(skill)
}

/// Updates a skill's names and flag.
pub fn update_skill(conn: &mut DbConnection, code: &str, input: &SkillInput) -> Result<SkillRow, AppError> {
    let skill = parse_skill(code, input)?;
    if skills::update(conn, &skill)? == 0 {
        return Err(AppError::NotFound(msg!("thing-skill")));
    }
    Ok(skill)
}

/// Every service point, active or not.
pub fn list_service_points(conn: &mut DbConnection) -> Result<Vec<ServicePointView>, AppError> {
    service_points::list(conn)?.iter().map(view).collect()
}

/// One service point.
pub fn get_service_point(conn: &mut DbConnection, id: i64) -> Result<ServicePointView, AppError> {
    view(&service_points::find(conn, id)?.ok_or(AppError::NotFound(msg!("thing-service-point")))?)
}

/// Every skill, retired ones included.
pub fn list_skills(conn: &mut DbConnection) -> Result<Vec<SkillRow>, AppError> {
    Ok(skills::list(conn)?)
}

/// Retires a skill: technicians keep it on record; new requests cannot ask for it.
pub fn deactivate_skill(conn: &mut DbConnection, code: &str) -> Result<(), AppError> {
    let mut skill = skills::find(conn, code)?.ok_or(AppError::NotFound(msg!("thing-skill")))?;
    skill.active = false;
    skills::update(conn, &skill)?;
    Ok(())
}

/// A skill as anyone may read it: what the pages show instead of codes.
#[derive(Serialize, ToSchema)]
pub struct PublicSkill {
    /// Short code such as `water_heater`, as bookings and slots take it.
    pub code: String,
    pub name: String,
    pub name_zh: String,
}

/// The skills customers can book, with their names in both languages.
pub fn public_skills(conn: &mut DbConnection) -> Result<Vec<PublicSkill>, AppError> {
    Ok(skills::list(conn)?
        .into_iter()
        .filter(|s| s.active)
        .map(|s| PublicSkill { code: s.code, name: s.name, name_zh: s.name_zh })
        .collect())
}
