//! Users and which service points a manager runs.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{manager_service_points, users};
use super::DbConnection;

/// A stored user.
#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: i64,
    /// Lower-case email; a customer who booked by phone alone has none.
    pub email: Option<String>,
    /// Display name.
    pub name: String,
    /// Phone, when known.
    pub phone: Option<String>,
    /// Role name.
    pub role: String,
    /// argon2id PHC string; customers who never signed up have none.
    pub password_hash: Option<String>,
    /// False once deactivated.
    pub active: bool,
    /// Creation time.
    pub created_at: NaiveDateTime,
}

/// A user to insert.
/// `None` is inserted as NULL, so the insert stays prepared (see `requests::RequestRow`).
#[derive(Insertable)]
#[diesel(table_name = users, treat_none_as_default_value = false)]
pub struct NewUser<'a> {
    pub id: i64,
    /// Lower-case email; none for a customer who booked by phone alone.
    pub email: Option<&'a str>,
    /// Display name.
    pub name: &'a str,
    pub phone: Option<&'a str>,
    /// Role name.
    pub role: &'a str,
    /// argon2id PHC string.
    pub password_hash: Option<&'a str>,
    pub active: bool,
    /// Creation time.
    pub created_at: NaiveDateTime,
}

/// Inserts a user.
pub fn insert(conn: &mut DbConnection, user: &NewUser) -> QueryResult<()> {
    diesel::insert_into(users::table).values(user).execute(conn).map(|_| ())
}

/// The user with this email, if any.
pub fn find_by_email(conn: &mut DbConnection, email: &str) -> QueryResult<Option<UserRow>> {
    users::table.filter(users::email.eq(email)).select(UserRow::as_select()).first(conn).optional()
}

/// The customer with this phone (E.164), if any: the one who booked with it most recently
/// created first, should two share it.
pub fn find_customer_by_phone(conn: &mut DbConnection, phone: &str) -> QueryResult<Option<UserRow>> {
    users::table
        .filter(users::phone.eq(phone))
        .filter(users::role.eq("customer"))
        .order(users::created_at.desc())
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

/// Gives a customer an email, when they have none yet (a phone-only customer who books again
/// with one).
pub fn set_email_if_none(conn: &mut DbConnection, id: i64, email: &str) -> QueryResult<usize> {
    diesel::update(users::table.filter(users::id.eq(id)).filter(users::email.is_null()))
        .set(users::email.eq(email))
        .execute(conn)
}

/// The user with this id, if any.
pub fn find(conn: &mut DbConnection, id: i64) -> QueryResult<Option<UserRow>> {
    users::table.find(id).select(UserRow::as_select()).first(conn).optional()
}

/// The service points a manager runs.
pub fn managed_points(conn: &mut DbConnection, user_id: i64) -> QueryResult<Vec<i64>> {
    manager_service_points::table
        .filter(manager_service_points::user_id.eq(user_id))
        .select(manager_service_points::service_point_id)
        .order(manager_service_points::service_point_id)
        .load(conn)
}

/// Makes a manager responsible for a service point (no-op when already so).
pub fn add_managed_point(conn: &mut DbConnection, user_id: i64, service_point_id: i64) -> QueryResult<()> {
    let exists = manager_service_points::table.find((user_id, service_point_id)).count().get_result::<i64>(conn)? > 0;
    if !exists {
        diesel::insert_into(manager_service_points::table)
            .values((
                manager_service_points::user_id.eq(user_id),
                manager_service_points::service_point_id.eq(service_point_id),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Sets name, phone and active flag.
pub fn update_profile(
    conn: &mut DbConnection,
    id: i64,
    name: &str,
    phone: Option<&str>,
    active: bool,
) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((users::name.eq(name), users::phone.eq(phone), users::active.eq(active)))
        .execute(conn)
}

/// Sets a user's password hash (argon2id PHC string).
pub fn set_password(conn: &mut DbConnection, id: i64, hash: &str) -> QueryResult<usize> {
    diesel::update(users::table.find(id)).set(users::password_hash.eq(hash)).execute(conn)
}

/// Gives a user a new email (already checked, lower-case), to be proven again.
pub fn set_email(conn: &mut DbConnection, id: i64, email: &str) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((users::email.eq(email), users::email_verified_at.eq(None::<NaiveDateTime>)))
        .execute(conn)
}

/// Gives a user a new phone (E.164).
pub fn set_phone(conn: &mut DbConnection, id: i64, phone: &str) -> QueryResult<usize> {
    diesel::update(users::table.find(id)).set(users::phone.eq(phone)).execute(conn)
}

/// The language each of these emails' users reads (`en` when unknown).
pub fn languages_of(conn: &mut DbConnection, emails: &[&str]) -> QueryResult<Vec<(String, String)>> {
    let rows: Vec<(Option<String>, String)> =
        users::table.filter(users::email.eq_any(emails)).select((users::email, users::language)).load(conn)?;
    Ok(emails
        .iter()
        .map(|e| {
            let lang = rows.iter().find(|r| r.0.as_deref() == Some(*e)).map_or("en", |r| r.1.as_str());
            ((*e).to_string(), lang.to_string())
        })
        .collect())
}

/// The language a user reads.
pub fn language_of(conn: &mut DbConnection, id: i64) -> QueryResult<String> {
    users::table.find(id).select(users::language).first(conn)
}

/// Sets the language a user reads.
pub fn set_language(conn: &mut DbConnection, id: i64, language: &str) -> QueryResult<()> {
    diesel::update(users::table.find(id)).set(users::language.eq(language)).execute(conn).map(|_| ())
}

/// Managers and admins with the language each reads, by email.
pub fn staff(conn: &mut DbConnection) -> QueryResult<Vec<(UserRow, String)>> {
    users::table
        .filter(users::role.eq_any(["manager", "admin"]))
        .select((UserRow::as_select(), users::language))
        .order(users::email)
        .load(conn)
}

/// One manager or admin with the language they read.
pub fn staff_member(conn: &mut DbConnection, id: i64) -> QueryResult<Option<(UserRow, String)>> {
    users::table
        .filter(users::id.eq(id))
        .filter(users::role.eq_any(["manager", "admin"]))
        .select((UserRow::as_select(), users::language))
        .first(conn)
        .optional()
}

/// Sets a user's name and phone.
pub fn set_name_and_phone(conn: &mut DbConnection, id: i64, name: &str, phone: Option<&str>) -> QueryResult<usize> {
    diesel::update(users::table.find(id)).set((users::name.eq(name), users::phone.eq(phone))).execute(conn)
}
