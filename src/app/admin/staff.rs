//! The staff who are not technicians (managers and admins) as admins see and change them:
//! name, phone and the language each reads (their mail, the pages' server texts).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::error::AppError;
use crate::db::users::{self, UserRow};
use crate::db::DbConnection;
use crate::domain::text::{self, Checks};

/// A manager or admin as the admin pages show them.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct StaffView {
    /// User id.
    pub id: i64,
    /// `manager` or `admin`.
    pub role: String,
    pub email: Option<String>,
    pub name: String,
    pub phone: Option<String>,
    /// The language they read: `en` or `zh-CN`.
    pub language: String,
    pub active: bool,
    /// The service points a manager runs.
    pub service_points: Vec<i64>,
}

/// What an admin changes of a manager or admin; what is absent stays.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StaffUpdate {
    /// 1-120 characters on one line.
    #[schema(
        min_length = 1,
        max_length = 120,
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
    )]
    pub name: Option<String>,
    /// A phone number (`+86 138 0571 0000`); an empty string removes it.
    #[schema(max_length = 32, pattern = r"^$|^[ +()-]*([0-9][ +()-]*){5,20}$")]
    pub phone: Option<String>,
    /// `en` or `zh-CN`.
    #[schema(pattern = r"^(en|zh-CN)$", example = "zh-CN")]
    pub language: Option<String>,
}

fn view(conn: &mut DbConnection, (u, language): (UserRow, String)) -> Result<StaffView, AppError> {
    let service_points = if u.role == "manager" { users::managed_points(conn, u.id)? } else { Vec::new() };
    Ok(StaffView {
        id: u.id,
        role: u.role,
        email: u.email,
        name: u.name,
        phone: u.phone,
        language,
        active: u.active,
        service_points,
    })
}

/// Every manager and admin.
pub fn list(conn: &mut DbConnection) -> Result<Vec<StaffView>, AppError> {
    users::staff(conn)?.into_iter().map(|s| view(conn, s)).collect()
}

/// Changes a manager's or admin's name, phone or language (404 for anyone else).
pub fn update(conn: &mut DbConnection, id: i64, input: &StaffUpdate) -> Result<StaffView, AppError> {
    let (found, language) = users::staff_member(conn, id)?.ok_or(AppError::NotFound(msg!("thing-staff")))?;
    let mut checks = Checks::default();
    let name = match &input.name {
        Some(n) => checks.take(text::line("name", n, 1, 120)),
        None => Some(found.name.clone()),
    };
    let phone = match input.phone.as_deref() {
        Some("") => Some(None),
        Some(p) => checks.take(text::phone("phone", p)).map(Some),
        None => Some(found.phone.clone()),
    };
    let language = match input.language.as_deref() {
        None => Some(language),
        given => crate::app::admin::accounts::check_language(&mut checks, given).map(str::to_string),
    };
    checks.finish()?;
    let (Some(name), Some(phone), Some(language)) = (name, phone, language) else {
        return Err(AppError::internal("validated fields missing"));
    };
    users::set_name_and_phone(conn, id, &name, phone.as_deref())?;
    users::set_language(conn, id, &language)?;
    let changed = users::staff_member(conn, id)?.ok_or(AppError::NotFound(msg!("thing-staff")))?;
    view(conn, changed)
}
