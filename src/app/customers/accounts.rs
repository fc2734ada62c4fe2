//! Accounts without friction: a customer who booked asks for a one-time sign-in link by
//! mail, follows it (which proves the email and signs them in), and may set a password.
//! Every booking made with the same email belongs to the same customer, before and after.

use chrono::{DateTime, Duration, Utc};

use crate::app::admin::accounts::open_session;
use crate::app::error::AppError;
use crate::auth::password::hash_password;
use crate::auth::AuthUser;
use crate::db::users::UserRow;
use crate::db::{requests, sessions, sign_in_links, users, DbConnection};
use crate::domain::ids::{new_token, token_hash};
use crate::domain::role::Role;
use crate::domain::text;
use crate::notify::{enqueue, templates};

/// How long a sign-in link works, in minutes.
pub const LINK_MINUTES: i64 = 30;
/// How long used and expired links are kept before they are swept, in days.
const LINK_KEEP_DAYS: i64 = 7;

/// The language a customer's mail is written in: the one asked for, else that of their
/// latest booking.
fn mail_language(conn: &mut DbConnection, user_id: i64, asked: Option<&str>) -> Result<String, AppError> {
    if let Some(l) = asked {
        return Ok(if l.to_ascii_lowercase().starts_with("zh") { "zh-CN" } else { "en" }.to_string());
    }
    Ok(requests::latest_language_of(conn, user_id)?.unwrap_or_else(|| "en".to_string()))
}

/// Mails a one-time sign-in link to the customer with this (already checked, lower-case)
/// email, when there is one; otherwise does nothing, so the caller answers alike.
pub fn mail_sign_in_link(
    conn: &mut DbConnection,
    email: &str,
    language: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let Some(user) = users::find_by_email(conn, email)? else { return Ok(()) };
    if !user.active || Role::parse(&user.role) != Some(Role::Customer) {
        return Ok(());
    }
    send_link(conn, &user, language, now)
}

/// The email and mail language of the customer who booked the request behind a tracking
/// token, for [`mail_sign_in_link`].
/// A customer who booked by phone alone has no email: then the link goes nowhere and the
/// answer stays the same (`None`).
pub fn tracked_customer(conn: &mut DbConnection, tracking_token: &str) -> Result<(Option<String>, String), AppError> {
    let r = requests::find_by_token(conn, tracking_token)?.ok_or(AppError::NotFound(msg!("thing-request")))?;
    let user = users::find(conn, r.customer_user_id)?.ok_or(AppError::NotFound(msg!("thing-customer")))?;
    Ok((user.email, r.language))
}

fn send_link(
    conn: &mut DbConnection,
    user: &UserRow,
    language: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let Some(email) = &user.email else { return Ok(()) };
    sign_in_links::sweep(conn, (now - Duration::days(LINK_KEEP_DAYS)).naive_utc())?;
    let token = new_token();
    let expires = now + Duration::minutes(LINK_MINUTES);
    sign_in_links::insert(conn, &token_hash(&token), user.id, now.naive_utc(), expires.naive_utc())?;
    let language = mail_language(conn, user.id, language)?;
    let mail = templates::sign_in_link(&language, &token, LINK_MINUTES);
    Ok(enqueue(conn, "sign_in_link", None, email, &language, &mail, now)?)
}

/// Follows a sign-in link: the link is used up, the email counts as proven, and a session
/// opens. A used, expired or unknown link is a 401 that never says which.
pub fn follow_sign_in_link(
    conn: &mut DbConnection,
    token: &str,
    now: DateTime<Utc>,
) -> Result<(UserRow, Role, String), AppError> {
    let user_id = sign_in_links::redeem(conn, &token_hash(token), now.naive_utc())?.ok_or(AppError::LinkInvalid)?;
    let user = users::find(conn, user_id)?.ok_or(AppError::LinkInvalid)?;
    let role = Role::parse(&user.role).filter(|r| *r == Role::Customer).ok_or(AppError::LinkInvalid)?;
    if !user.active {
        return Err(AppError::LinkInvalid);
    }
    sign_in_links::mark_verified(conn, user.id, now.naive_utc())?;
    let session = open_session(conn, user.id, now)?;
    Ok((user, role, session))
}

/// Checks and hashes a new password (slow on purpose: call it outside any transaction).
pub fn hash_new_password(user: &AuthUser, password: &str) -> Result<String, AppError> {
    user.require(&[Role::Customer])?;
    let password = text::password("password", password)?;
    Ok(hash_password(&password)?)
}

/// Stores the hash from [`hash_new_password`] for the signed-in customer and ends their
/// other sessions (whoever else held one must sign in again); `session_hash` is the hash of
/// the session the customer set it with, which stays open.
pub fn store_password(
    conn: &mut DbConnection,
    user: &AuthUser,
    hash: &str,
    session_hash: &str,
) -> Result<(), AppError> {
    user.require(&[Role::Customer])?;
    users::set_password(conn, user.id, hash)?;
    sessions::delete_others(conn, user.id, session_hash)?;
    Ok(())
}
