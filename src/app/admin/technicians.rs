//! Admin use cases for technicians and their accounts.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::admin::accounts::{self, NewAccount};
use crate::app::error::AppError;
use crate::db::technicians::{self, TechnicianFull};
use crate::db::{service_points, skills, users, DbConnection};
use crate::domain::area::Location;
use crate::domain::role::Role;
use crate::domain::shift::{format_clock, parse_week, Shift, ShiftInput};
use crate::domain::text::{self, Checks};

/// (skill code, level) pairs as stored.
pub type SkillLevels = Vec<(String, i32)>;

/// A skill with its level (1 = apprentice … 5 = master).
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SkillLevel {
    /// Skill code.
    #[schema(
        min_length = 1,
        max_length = 40,
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
    )]
    pub skill: String,
    /// Level 1–5.
    #[schema(minimum = 1, maximum = 5)]
    pub level: i32,
}

/// A technician as the admin creates it (with a new account).
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TechnicianCreate {
    /// Login email.
    #[schema(format = "email", min_length = 3, max_length = 254)]
    pub email: String,
    /// Full name.
    #[schema(
        min_length = 1,
        max_length = 120,
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
    )]
    pub name: String,
    #[schema(min_length = 5, max_length = 32, pattern = r"^[ +()-]*([0-9][ +()-]*){5,20}$")]
    pub phone: Option<String>,
    /// Initial password (10+ characters).
    #[schema(min_length = 10, max_length = 256, pattern = r"^[^\x00]*$")]
    pub password: String,
    /// Home service point.
    pub service_point_id: i64,
    /// Home base.
    pub home: Location,
    /// Skills (at most 20), each an existing skill code listed once.
    #[schema(max_items = 20)]
    pub skills: Vec<SkillLevel>,
    /// Weekly shifts (at most 28); shifts of one day do not overlap.
    pub shifts: Vec<ShiftInput>,
    /// The language their mail is written in: `en` (default) or `zh-CN`.
    #[schema(pattern = r"^(en|zh-CN)$", example = "zh-CN")]
    pub language: Option<String>,
}

/// A technician as the admin updates it.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TechnicianUpdate {
    /// Full name.
    #[schema(
        min_length = 1,
        max_length = 120,
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
    )]
    pub name: String,
    #[schema(min_length = 5, max_length = 32, pattern = r"^[ +()-]*([0-9][ +()-]*){5,20}$")]
    pub phone: Option<String>,
    /// Home service point.
    pub service_point_id: i64,
    /// Home base.
    pub home: Location,
    /// Skills (at most 20), each an existing skill code listed once.
    #[schema(max_items = 20)]
    pub skills: Vec<SkillLevel>,
    /// Weekly shifts (at most 28); shifts of one day do not overlap.
    pub shifts: Vec<ShiftInput>,
    pub active: bool,
    /// The language their mail is written in: `en` (default) or `zh-CN`.
    #[schema(pattern = r"^(en|zh-CN)$", example = "zh-CN")]
    pub language: Option<String>,
}

/// A technician as the API shows it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct TechnicianView {
    /// Technician id.
    pub id: i64,
    /// Account id.
    pub user_id: i64,
    pub email: String,
    pub name: String,
    pub phone: Option<String>,
    /// Home service point.
    pub service_point_id: i64,
    /// Home base.
    pub home: Location,
    pub skills: Vec<SkillLevel>,
    /// Weekly shifts (at most 28); shifts of one day do not overlap.
    pub shifts: Vec<ShiftInput>,
    pub active: bool,
    /// The language their mail is written in: `en` or `zh-CN`.
    pub language: String,
}

/// The view of a stored technician.
pub fn view(t: &TechnicianFull) -> TechnicianView {
    TechnicianView {
        id: t.row.id,
        user_id: t.row.user_id,
        email: t.email.clone(),
        name: t.name.clone(),
        phone: t.phone.clone(),
        service_point_id: t.row.service_point_id,
        home: Location { lat: t.row.home_lat, lon: t.row.home_lon },
        skills: t.skills.iter().map(|(s, l)| SkillLevel { skill: s.clone(), level: *l }).collect(),
        shifts: t
            .shifts
            .iter()
            .map(|s| ShiftInput {
                weekday: s.weekday,
                start: format_clock(s.start_minute),
                end: format_clock(s.end_minute),
            })
            .collect(),
        active: t.row.active,
        language: t.language.clone(),
    }
}

/// Checks skills (known, active, distinct, level 1–5), shifts, home and service point.
fn check_work(
    conn: &mut DbConnection,
    checks: &mut Checks,
    service_point_id: i64,
    home: Location,
    skill_levels: &[SkillLevel],
    shifts: &[ShiftInput],
) -> Result<(SkillLevels, Vec<Shift>), AppError> {
    checks.take(home.validated("home"));
    if service_points::find(conn, service_point_id)?.is_none() {
        checks.push("service_point_id", msg!("no-such-service-point"));
    }
    if skill_levels.len() > 20 {
        checks.push("skills", msg!("most-20-skills"));
    }
    let codes: Vec<String> = skill_levels.iter().map(|s| s.skill.clone()).collect();
    let known = skills::active_among(conn, &codes)?;
    let mut seen = std::collections::HashSet::new();
    for (i, s) in skill_levels.iter().enumerate() {
        if !known.contains(&s.skill) {
            checks.push(format!("skills[{i}].skill"), msg!("unknown-skill-named", skill = format!("{:?}", s.skill)));
        }
        if !(1..=5).contains(&s.level) {
            checks.push(format!("skills[{i}].level"), msg!("must-1-5"));
        }
        if !seen.insert(&s.skill) {
            checks.push(format!("skills[{i}].skill"), msg!("listed-twice"));
        }
    }
    let week = checks.take(parse_week("shifts", shifts)).unwrap_or_default();
    Ok((skill_levels.iter().map(|s| (s.skill.clone(), s.level)).collect(), week))
}

/// Creates a technician and its account.
pub fn create_technician(
    conn: &mut DbConnection,
    input: &TechnicianCreate,
    prepared: accounts::PreparedAccount,
    now: DateTime<Utc>,
) -> Result<TechnicianView, AppError> {
    let mut checks = Checks::default();
    let (skill_levels, week) =
        check_work(conn, &mut checks, input.service_point_id, input.home, &input.skills, &input.shifts)?;
    let language = accounts::check_language(&mut checks, input.language.as_deref());
    checks.finish()?;
    let account = NewAccount {
        role: Role::Technician,
        email: input.email.clone(),
        name: input.name.clone(),
        phone: input.phone.clone(),
        password: String::new(),
        service_point: Some(input.service_point_id),
        language: language.map(str::to_string),
    };
    let user_id = accounts::create_user(conn, &account, prepared, now)?;
    let id = technicians::id_for_user(conn, user_id)?.ok_or_else(|| AppError::internal("technician row missing"))?;
    technicians::update_core(
        conn,
        id,
        input.service_point_id,
        (input.home.lat, input.home.lon),
        true,
        now.naive_utc(),
    )?;
    technicians::replace_skills(conn, id, &skill_levels)?;
    technicians::replace_shifts(conn, id, &week)?;
    find(conn, id)
}

/// Validates the account part of a create before hashing (outside the transaction).
pub fn prepare_create(input: &TechnicianCreate) -> Result<accounts::PreparedAccount, AppError> {
    accounts::prepare(&NewAccount {
        role: Role::Technician,
        email: input.email.clone(),
        name: input.name.clone(),
        phone: input.phone.clone(),
        password: input.password.clone(),
        service_point: Some(input.service_point_id),
        language: input.language.clone(),
    })
}

/// Updates a technician.
pub fn update_technician(
    conn: &mut DbConnection,
    id: i64,
    input: &TechnicianUpdate,
    now: DateTime<Utc>,
) -> Result<TechnicianView, AppError> {
    let existing = technicians::find_full(conn, id)?.ok_or(AppError::NotFound(msg!("thing-technician")))?;
    let mut checks = Checks::default();
    let name = checks.take(text::line("name", &input.name, 1, 120));
    let phone = match &input.phone {
        Some(p) => checks.take(text::phone("phone", p)),
        None => None,
    };
    let (skill_levels, week) =
        check_work(conn, &mut checks, input.service_point_id, input.home, &input.skills, &input.shifts)?;
    let language = match input.language.as_deref() {
        Some(l) => accounts::check_language(&mut checks, Some(l)),
        None => None,
    };
    checks.finish()?;
    users::update_profile(conn, existing.row.user_id, &name.unwrap_or_default(), phone.as_deref(), input.active)?;
    technicians::update_core(
        conn,
        id,
        input.service_point_id,
        (input.home.lat, input.home.lon),
        input.active,
        now.naive_utc(),
    )?;
    technicians::replace_skills(conn, id, &skill_levels)?;
    technicians::replace_shifts(conn, id, &week)?;
    if let Some(language) = language {
        technicians::set_language(conn, id, language)?;
    }
    find(conn, id)
}

/// Deactivates a technician and their account.
pub fn deactivate_technician(conn: &mut DbConnection, id: i64, now: DateTime<Utc>) -> Result<(), AppError> {
    let t = technicians::find_full(conn, id)?.ok_or(AppError::NotFound(msg!("thing-technician")))?;
    users::update_profile(conn, t.row.user_id, &t.name, t.phone.as_deref(), false)?;
    technicians::update_core(
        conn,
        id,
        t.row.service_point_id,
        (t.row.home_lat, t.row.home_lon),
        false,
        now.naive_utc(),
    )?;
    Ok(())
}

/// One technician.
pub fn find(conn: &mut DbConnection, id: i64) -> Result<TechnicianView, AppError> {
    technicians::find_full(conn, id)?.map(|t| view(&t)).ok_or(AppError::NotFound(msg!("thing-technician")))
}

/// Technicians, of one service point or all.
pub fn list_technicians(conn: &mut DbConnection, service_point: Option<i64>) -> Result<Vec<TechnicianView>, AppError> {
    Ok(technicians::list_full(conn, service_point)?.iter().map(view).collect())
}
