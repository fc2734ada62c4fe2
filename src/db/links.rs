//! The customer's secret links, stored by the hash of their token (see the migration
//! `access_links`): issued, looked up, and the upgrade of rows that held plain tokens.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{access_links, repair_requests, visits};
use super::DbConnection;
use crate::domain::ids::{new_token, token_hash};

/// What a link opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkKind {
    /// A request's tracking page and the customer's actions on it.
    Track,
    /// The rating of one visit.
    Rate,
}

impl LinkKind {
    fn as_str(self) -> &'static str {
        match self {
            LinkKind::Track => "track",
            LinkKind::Rate => "rate",
        }
    }
}

/// Stores a link whose token hash is `hash`.
pub fn insert(
    conn: &mut DbConnection,
    hash: &str,
    kind: LinkKind,
    request_id: i64,
    visit_id: Option<i64>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(access_links::table)
        .values((
            access_links::token_hash.eq(hash),
            access_links::kind.eq(kind.as_str()),
            access_links::request_id.eq(request_id),
            access_links::visit_id.eq(visit_id),
            access_links::created_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Issues a tracking link with a short code (`/t/{code}` in a text message) and returns the
/// code; it opens the tracking page like any tracking token.
pub fn issue_short(conn: &mut DbConnection, request_id: i64, now: NaiveDateTime) -> QueryResult<String> {
    let code = crate::domain::ids::new_short_code();
    insert(conn, &token_hash(&code), LinkKind::Track, request_id, None, now)?;
    Ok(code)
}

/// Issues a new link and returns its token: the only time the token exists outside a mail.
pub fn issue(
    conn: &mut DbConnection,
    kind: LinkKind,
    request_id: i64,
    visit_id: Option<i64>,
    now: NaiveDateTime,
) -> QueryResult<String> {
    let token = new_token();
    insert(conn, &token_hash(&token), kind, request_id, visit_id, now)?;
    Ok(token)
}

/// The request and visit a token opens, when it is a link of `kind`.
pub fn find(conn: &mut DbConnection, token: &str, kind: LinkKind) -> QueryResult<Option<(i64, Option<i64>)>> {
    access_links::table
        .filter(access_links::token_hash.eq(token_hash(token)))
        .filter(access_links::kind.eq(kind.as_str()))
        .select((access_links::request_id, access_links::visit_id))
        .first(conn)
        .optional()
}

/// How many links of `kind` were issued for a request since `since`.
pub fn issued_since(
    conn: &mut DbConnection,
    request_id: i64,
    kind: LinkKind,
    since: NaiveDateTime,
) -> QueryResult<i64> {
    access_links::table
        .filter(access_links::request_id.eq(request_id))
        .filter(access_links::kind.eq(kind.as_str()))
        .filter(access_links::created_at.ge(since))
        .count()
        .get_result(conn)
}

/// Converts rows written before links were hashed: each plain token becomes a link row
/// and its column keeps only the hash. Idempotent (a row with a link is left alone), so it
/// runs at every start; returns how many tokens it converted.
pub fn upgrade_plain_tokens(conn: &mut DbConnection, now: NaiveDateTime) -> QueryResult<usize> {
    let linked_requests = access_links::table.filter(access_links::kind.eq("track")).select(access_links::request_id);
    let plain: Vec<(i64, String)> = repair_requests::table
        .filter(repair_requests::id.ne_all(linked_requests))
        .select((repair_requests::id, repair_requests::tracking_token))
        .load(conn)?;
    let linked_visits = access_links::table
        .filter(access_links::kind.eq("rate"))
        .filter(access_links::visit_id.is_not_null())
        .select(access_links::visit_id.assume_not_null());
    let plain_ratings: Vec<(i64, i64, Option<String>)> = visits::table
        .filter(visits::rating_token.is_not_null())
        .filter(visits::id.ne_all(linked_visits))
        .select((visits::id, visits::request_id, visits::rating_token))
        .load(conn)?;
    let mut converted = 0;
    for (id, token) in plain {
        let hash = token_hash(&token);
        insert(conn, &hash, LinkKind::Track, id, None, now)?;
        diesel::update(repair_requests::table.find(id)).set(repair_requests::tracking_token.eq(hash)).execute(conn)?;
        converted += 1;
    }
    for (id, request_id, token) in plain_ratings {
        let Some(token) = token else { continue };
        let hash = token_hash(&token);
        insert(conn, &hash, LinkKind::Rate, request_id, Some(id), now)?;
        diesel::update(visits::table.find(id)).set(visits::rating_token.eq(hash)).execute(conn)?;
        converted += 1;
    }
    Ok(converted)
}
