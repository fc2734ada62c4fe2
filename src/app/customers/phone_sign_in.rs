//! Signing in by phone: a customer who booked with a mobile number asks for a code by text
//! message and redeems it for a session, like following a sign-in link.

use chrono::{DateTime, Utc};

use crate::app::admin::accounts::open_session;
use crate::app::customers::codes::{self, CODE_MINUTES};
use crate::app::error::AppError;
use crate::db::phone_codes::{self, SIGN_IN};
use crate::db::users::UserRow;
use crate::db::{requests, users, DbConnection};
use crate::domain::phone::{Phone, DEFAULT_REGION};
use crate::domain::role::Role;
use crate::notify::{enqueue_sms, sms};

/// What a code redeemed gives.
pub enum Redeemed {
    /// The customer, their role and a new session token.
    SignedIn(UserRow, Role, String),
    /// A wrong, used, expired or unknown code (a wrong one was counted).
    Refused,
}

/// Sends a sign-in code to `phone` (E.164) when a customer booked with it and it takes text
/// messages; otherwise does nothing, so the caller answers alike. Several customers sharing
/// the phone: the one with the latest request. The text is in their latest booking's language.
/// A new code ends the phone's earlier ones.
pub fn send_sign_in_code(conn: &mut DbConnection, phone: &str, now: DateTime<Utc>) -> Result<(), AppError> {
    if !Phone::parse("phone", phone, DEFAULT_REGION).is_ok_and(|p| p.is_mobile()) {
        return Ok(());
    }
    let Some(user_id) = phone_codes::customer_with_latest_request(conn, phone)? else { return Ok(()) };
    phone_codes::end_sign_in_codes(conn, phone, now.naive_utc())?;
    let code = codes::issue(conn, SIGN_IN, phone, user_id, None, now)?;
    let language = requests::latest_language_of(conn, user_id)?.unwrap_or_else(|| "en".to_string());
    let text = sms::sign_in_code(&language, &code, CODE_MINUTES);
    Ok(enqueue_sms(conn, "sign_in_code", None, phone, &language, &text, now)?)
}

/// Redeems a sign-in code sent to `phone` (E.164): the right one, once, within ten minutes
/// and before five wrong tries, opens a session for its customer.
pub fn redeem_sign_in_code(
    conn: &mut DbConnection,
    phone: &str,
    code: &str,
    now: DateTime<Utc>,
) -> Result<Redeemed, AppError> {
    let Some(row) = phone_codes::live_sign_in_code(conn, phone, now.naive_utc())? else { return Ok(Redeemed::Refused) };
    if !codes::try_code(conn, &row, code, now)? {
        return Ok(Redeemed::Refused);
    }
    let Some(user) = users::find(conn, row.user_id)? else { return Ok(Redeemed::Refused) };
    let Some(role) = Role::parse(&user.role).filter(|r| *r == Role::Customer) else { return Ok(Redeemed::Refused) };
    if !user.active {
        return Ok(Redeemed::Refused);
    }
    let session = open_session(conn, user.id, now)?;
    Ok(Redeemed::SignedIn(user, role, session))
}
