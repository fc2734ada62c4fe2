//! Six-digit codes sent by text message (see the migration `phone_codes`): to sign in by
//! phone and to confirm a corrected phone. Only a salted hash of each code is kept.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{phone_codes, repair_requests, users};
use super::DbConnection;

/// A code that signs a customer in.
pub const SIGN_IN: &str = "sign_in";
/// A code that confirms a corrected phone.
pub const CONTACT: &str = "contact";

/// A stored code.
#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = phone_codes)]
pub struct CodeRow {
    pub id: i64,
    pub purpose: String,
    /// The number the code was sent to (E.164).
    pub phone: String,
    pub user_id: i64,
    pub request_id: Option<i64>,
    pub code_hash: String,
    /// Wrong tries so far.
    pub attempts: i32,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub ended_at: Option<NaiveDateTime>,
}

/// A code to insert.
#[derive(Insertable)]
#[diesel(table_name = phone_codes, treat_none_as_default_value = false)]
pub struct NewCode<'a> {
    pub id: i64,
    pub purpose: &'a str,
    pub phone: &'a str,
    pub user_id: i64,
    pub request_id: Option<i64>,
    pub code_hash: &'a str,
    pub attempts: i32,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub ended_at: Option<NaiveDateTime>,
}

/// Inserts a code.
pub fn insert(conn: &mut DbConnection, code: &NewCode) -> QueryResult<()> {
    diesel::insert_into(phone_codes::table).values(code).execute(conn).map(|_| ())
}

/// Ends every live sign-in code of `phone` (a newer one replaces them).
pub fn end_sign_in_codes(conn: &mut DbConnection, phone: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        phone_codes::table
            .filter(phone_codes::purpose.eq(SIGN_IN))
            .filter(phone_codes::phone.eq(phone))
            .filter(phone_codes::ended_at.is_null()),
    )
    .set(phone_codes::ended_at.eq(now))
    .execute(conn)
}

/// Ends every live contact code asked from request `request_id` (a newer one replaces them).
pub fn end_contact_codes(conn: &mut DbConnection, request_id: i64, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        phone_codes::table
            .filter(phone_codes::purpose.eq(CONTACT))
            .filter(phone_codes::request_id.eq(request_id))
            .filter(phone_codes::ended_at.is_null()),
    )
    .set(phone_codes::ended_at.eq(now))
    .execute(conn)
}

/// The live (not ended, not expired) sign-in code of `phone`, the newest first.
pub fn live_sign_in_code(conn: &mut DbConnection, phone: &str, now: NaiveDateTime) -> QueryResult<Option<CodeRow>> {
    phone_codes::table
        .filter(phone_codes::purpose.eq(SIGN_IN))
        .filter(phone_codes::phone.eq(phone))
        .filter(phone_codes::ended_at.is_null())
        .filter(phone_codes::expires_at.gt(now))
        .order(phone_codes::created_at.desc())
        .select(CodeRow::as_select())
        .first(conn)
        .optional()
}

/// The live contact code asked from request `request_id`, the newest first.
pub fn live_contact_code(conn: &mut DbConnection, request_id: i64, now: NaiveDateTime) -> QueryResult<Option<CodeRow>> {
    phone_codes::table
        .filter(phone_codes::purpose.eq(CONTACT))
        .filter(phone_codes::request_id.eq(request_id))
        .filter(phone_codes::ended_at.is_null())
        .filter(phone_codes::expires_at.gt(now))
        .order(phone_codes::created_at.desc())
        .select(CodeRow::as_select())
        .first(conn)
        .optional()
}

/// Uses the code `id`: ends it when it is still live. One update decides, so two tries of
/// the same code at once cannot both succeed.
pub fn use_code(conn: &mut DbConnection, id: i64, now: NaiveDateTime) -> QueryResult<bool> {
    let used = diesel::update(phone_codes::table.find(id).filter(phone_codes::ended_at.is_null()))
        .set(phone_codes::ended_at.eq(now))
        .execute(conn)?;
    Ok(used == 1)
}

/// Counts a wrong try of code `id`, and ends it at the `most`-th; returns the tries now.
pub fn count_wrong_try(conn: &mut DbConnection, id: i64, most: i32, now: NaiveDateTime) -> QueryResult<i32> {
    diesel::update(phone_codes::table.find(id))
        .set(phone_codes::attempts.eq(phone_codes::attempts + 1))
        .execute(conn)?;
    diesel::update(
        phone_codes::table.find(id).filter(phone_codes::attempts.ge(most)).filter(phone_codes::ended_at.is_null()),
    )
    .set(phone_codes::ended_at.eq(now))
    .execute(conn)?;
    phone_codes::table.find(id).select(phone_codes::attempts).first(conn)
}

/// Removes codes that expired before `before`.
pub fn sweep(conn: &mut DbConnection, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(phone_codes::table.filter(phone_codes::expires_at.lt(before))).execute(conn)
}

/// The customers with this phone (E.164), the one with the latest request first (customers
/// without a request last, the newest of them first).
pub fn customer_with_latest_request(conn: &mut DbConnection, phone: &str) -> QueryResult<Option<i64>> {
    let ids: Vec<i64> = users::table
        .filter(users::phone.eq(phone))
        .filter(users::role.eq("customer"))
        .filter(users::active.eq(true))
        .order(users::created_at.desc())
        .select(users::id)
        .load(conn)?;
    if ids.is_empty() {
        return Ok(None);
    }
    let latest: Option<i64> = repair_requests::table
        .filter(repair_requests::customer_user_id.eq_any(&ids))
        .order((repair_requests::created_at.desc(), repair_requests::id.desc()))
        .select(repair_requests::customer_user_id)
        .first(conn)
        .optional()?;
    Ok(latest.or(ids.first().copied()))
}
