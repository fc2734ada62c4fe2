//! Accounts: creating users, signing in and out.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};

use crate::app::error::AppError;
use crate::auth::password::{dummy_hash, hash_password, verify_password};
use crate::auth::AuthUser;
use crate::db::{self, service_points, sessions, technicians, users, DbConnection};
use crate::domain::ids::{new_id, new_token, token_hash};
use crate::domain::role::Role;
use crate::domain::text::{self, Checks};

/// How long a session lasts.
pub const SESSION_DAYS: i64 = 14;

/// A user to create (command line `user add`, admin API).
pub struct NewAccount {
    pub role: Role,
    pub email: String,
    pub name: String,
    /// Phone, optional.
    pub phone: Option<String>,
    pub password: String,
    /// Service point (managers: the one they run; technicians: their home point).
    pub service_point: Option<i64>,
    /// The language they read: `en` (when absent) or `zh-CN`.
    pub language: Option<String>,
}

/// An account whose fields passed validation and whose password is hashed.
pub struct PreparedAccount {
    /// Lower-case email.
    pub email: String,
    pub name: String,
    pub phone: Option<String>,
    /// argon2id PHC string.
    pub hash: String,
    /// `en` or `zh-CN`.
    pub language: &'static str,
}

/// The language a person reads as given (`en` or `zh-CN`; English when absent); `None` with
/// the field's reason in `checks` for anything else.
pub fn check_language(checks: &mut Checks, language: Option<&str>) -> Option<&'static str> {
    match language.map(str::trim) {
        None | Some("en") => Some("en"),
        Some("zh-CN") => Some("zh-CN"),
        Some(_) => {
            checks.push("language", msg!("must-en-zh-cn"));
            None
        }
    }
}

/// Validates and hashes (slow on purpose: call it outside any transaction).
pub fn prepare(account: &NewAccount) -> Result<PreparedAccount, AppError> {
    let mut checks = Checks::default();
    let email = checks.take(text::email("email", &account.email));
    let name = checks.take(text::line("name", &account.name, 1, 120));
    let phone = match &account.phone {
        Some(p) => checks.take(text::phone("phone", p)).map(Some),
        None => Some(None),
    };
    let password = checks.take(text::password("password", &account.password));
    let language = check_language(&mut checks, account.language.as_deref()).unwrap_or("en");
    if matches!(account.role, Role::Manager | Role::Technician) && account.service_point.is_none() {
        checks.push("service_point", msg!("manager-technician-needs-service-point"));
    }
    checks.finish()?;
    match (email, name, phone, password) {
        (Some(email), Some(name), Some(phone), Some(pw)) => {
            Ok(PreparedAccount { email, name, phone, hash: hash_password(&pw)?, language })
        }
        _ => Err(AppError::internal("validated fields missing")),
    }
}

/// Creates a user (and, for a technician, a technician at the service point's centre),
/// inside the caller's transaction. Returns the user id.
pub fn create_user(
    conn: &mut DbConnection,
    account: &NewAccount,
    prepared: PreparedAccount,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    let PreparedAccount { email, name, phone, hash, language } = prepared;
    if users::find_by_email(conn, &email)?.is_some() {
        return Err(AppError::conflict(msg!("user-email-exists"), None));
    }
    let point = match account.service_point {
        Some(id) => Some(
            service_points::find(conn, id)?
                .ok_or_else(|| AppError::invalid("service_point", msg!("no-such-service-point")))?,
        ),
        None => None,
    };
    let id = new_id();
    let now = now.naive_utc();
    users::insert(
        conn,
        &users::NewUser {
            id,
            email: Some(&email),
            name: &name,
            phone: phone.as_deref(),
            role: account.role.as_str(),
            password_hash: Some(&hash),
            active: true,
            created_at: now,
        },
    )?;
    users::set_language(conn, id, language)?;
    match (account.role, point) {
        (Role::Manager, Some(p)) => users::add_managed_point(conn, id, p.id)?,
        (Role::Technician, Some(p)) => technicians::insert(
            conn,
            &technicians::TechnicianRow {
                id: new_id(),
                user_id: id,
                service_point_id: p.id,
                home_lat: p.center_lat,
                home_lon: p.center_lon,
                last_lat: None,
                last_lon: None,
                last_seen_at: None,
                active: true,
                created_at: now,
                updated_at: now,
            },
        )?,
        _ => {}
    }
    Ok(id)
}

/// The account an email signs in to, if any: the short read before the slow password check.
pub fn find_login(conn: &mut DbConnection, email: &str) -> Result<Option<db::users::UserRow>, AppError> {
    Ok(users::find_by_email(conn, &email.trim().to_lowercase())?)
}

/// Checks a password against the account [`find_login`] found. Unknown email and wrong
/// password give the same answer and take the same time. Slow on purpose (argon2): run it
/// on a blocking thread, holding no database connection.
pub fn check_password(
    user: Option<db::users::UserRow>,
    password: &str,
) -> Result<(db::users::UserRow, Role), AppError> {
    let stored = user.as_ref().and_then(|u| u.password_hash.clone());
    let matches = verify_password(password, stored.as_deref().unwrap_or(dummy_hash()));
    let user = match user {
        Some(u) if matches && stored.is_some() && u.active => u,
        _ => return Err(AppError::BadCredentials),
    };
    let role = Role::parse(&user.role).ok_or(AppError::BadCredentials)?;
    Ok((user, role))
}

/// Opens a session for a user whose credentials were checked; returns the token.
pub fn open_session(conn: &mut DbConnection, user_id: i64, now: DateTime<Utc>) -> Result<String, AppError> {
    let token = new_token();
    db::sessions::insert(
        conn,
        new_id(),
        &token_hash(&token),
        user_id,
        now.naive_utc(),
        (now + Duration::days(SESSION_DAYS)).naive_utc(),
    )?;
    Ok(token)
}

/// Ends the session behind `token`.
pub fn logout(conn: &mut DbConnection, token: &str, now: DateTime<Utc>) -> Result<(), AppError> {
    db::sessions::delete(conn, &token_hash(token), now.naive_utc())?;
    Ok(())
}

/// The user behind a session token's hash, while the session lasts.
pub fn session_user(conn: &mut DbConnection, hash: &str, now: NaiveDateTime) -> Result<AuthUser, AppError> {
    let user = sessions::user_for(conn, hash, now)?.ok_or(AppError::Unauthorized)?;
    let role = Role::parse(&user.role).ok_or(AppError::Unauthorized)?;
    let service_points = match role {
        Role::Manager => users::managed_points(conn, user.id)?,
        _ => Vec::new(),
    };
    let technician_id = match role {
        Role::Technician => technicians::id_for_user(conn, user.id)?,
        _ => None,
    };
    Ok(AuthUser { id: user.id, role, name: user.name, service_points, technician_id })
}
