//! One-time sign-in links, stored by the hash of their token (see the migration
//! `customer_accounts`).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{sign_in_links, users};
use super::DbConnection;

/// Stores a link for `user_id` whose token hash is `hash`, valid until `expires_at`.
pub fn insert(
    conn: &mut DbConnection,
    hash: &str,
    user_id: i64,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(sign_in_links::table)
        .values((
            sign_in_links::token_hash.eq(hash),
            sign_in_links::user_id.eq(user_id),
            sign_in_links::created_at.eq(now),
            sign_in_links::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Uses the link whose token hash is `hash`: marks it used when it is unused and unexpired,
/// and returns its user; a used, expired or unknown link gives None. One update decides,
/// so two tabs following the same link cannot both sign in.
pub fn redeem(conn: &mut DbConnection, hash: &str, now: NaiveDateTime) -> QueryResult<Option<i64>> {
    let used = diesel::update(
        sign_in_links::table
            .filter(sign_in_links::token_hash.eq(hash))
            .filter(sign_in_links::used_at.is_null())
            .filter(sign_in_links::expires_at.gt(now)),
    )
    .set(sign_in_links::used_at.eq(now))
    .execute(conn)?;
    if used != 1 {
        return Ok(None);
    }
    sign_in_links::table.find(hash).select(sign_in_links::user_id).first(conn).optional()
}

/// Records that the user proved their email (first time only).
pub fn mark_verified(conn: &mut DbConnection, user_id: i64, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(users::table.find(user_id).filter(users::email_verified_at.is_null()))
        .set(users::email_verified_at.eq(now))
        .execute(conn)
        .map(|_| ())
}

/// Removes links that expired before `before` (kept a while for the record, then swept).
pub fn sweep(conn: &mut DbConnection, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(sign_in_links::table.filter(sign_in_links::expires_at.lt(before))).execute(conn)
}
