//! The customer corrects their contact from the tracking page: a new email applies at once;
//! a new phone only once the code sent to it by text message comes back, so a typo never
//! takes the customer's notices to a stranger. The former email or mobile is told of the
//! change (without a link), so a tracking link in the wrong hands cannot move the account
//! unnoticed.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::app::customers::codes::{self, CODE_MINUTES};
use crate::app::error::AppError;
use crate::app::lifecycle::{self, Actor};
use crate::db::phone_codes::{self, CONTACT};
use crate::db::{requests, users, DbConnection};
use crate::domain::phone::{Phone, DEFAULT_REGION};
use crate::notify::{enqueue, enqueue_sms, sms, templates};

/// What a correction did.
#[derive(Serialize, ToSchema)]
pub struct ContactChanged {
    /// The email now on record (the new one when it was changed), or null when there is none.
    pub email: Option<String>,
    /// True when the email was changed by this call.
    pub email_changed: bool,
    /// True when a code was sent to the new phone; the phone changes once it is confirmed.
    pub phone_code_sent: bool,
    /// Minutes the code works.
    pub valid_minutes: i64,
}

/// What a confirmation gives.
pub enum Confirmed {
    /// The new phone is the customer's.
    Applied,
    /// A wrong, used or expired code, or none asked for (a wrong one was counted).
    Refused,
}

/// Corrects the contact of the customer behind the tracking token: `email` (checked,
/// lower-case) applies at once, unless another account has it (409); `phone` gets a code by
/// text message (ending any earlier one of this request) and is applied by
/// [`confirm_phone`]. The same values as on record change nothing.
pub fn change_contact(
    conn: &mut DbConnection,
    token: &str,
    email: Option<String>,
    phone: Option<Phone>,
    now: DateTime<Utc>,
) -> Result<ContactChanged, AppError> {
    let r = requests::find_by_token(conn, token)?.ok_or(AppError::NotFound(msg!("thing-request")))?;
    let user = users::find(conn, r.customer_user_id)?.ok_or(AppError::NotFound(msg!("thing-customer")))?;
    if let Some(p) = &phone {
        if !p.is_mobile() {
            return Err(AppError::invalid("phone", msg!("not-mobile-for-code")));
        }
    }
    let mut answer = ContactChanged {
        email: user.email.clone(),
        email_changed: false,
        phone_code_sent: false,
        valid_minutes: CODE_MINUTES,
    };
    let actor = Actor::customer(user.id);
    if let Some(email) = email.filter(|e| user.email.as_deref() != Some(e.as_str())) {
        if users::find_by_email(conn, &email)?.is_some_and(|other| other.id != user.id) {
            return Err(AppError::conflict(msg!("email-belongs-to-another-account"), None));
        }
        users::set_email(conn, user.id, &email)?;
        if let Some(old) = &user.email {
            enqueue(conn, "contact_changed", Some(r.id), old, &r.language, &templates::contact_changed(&r), now)?;
        }
        lifecycle::note(conn, r.id, &actor, "contact_corrected", msg!("customer-corrected-email"), None, now)?;
        answer.email = Some(email);
        answer.email_changed = true;
    }
    if let Some(phone) = phone.filter(|p| user.phone.as_deref() != Some(p.e164())) {
        phone_codes::end_contact_codes(conn, r.id, now.naive_utc())?;
        let code = codes::issue(conn, CONTACT, phone.e164(), user.id, Some(r.id), now)?;
        let text = sms::contact_code(&r.language, &code, CODE_MINUTES);
        enqueue_sms(conn, "contact_code", Some(r.id), phone.e164(), &r.language, &text, now)?;
        answer.phone_code_sent = true;
    }
    Ok(answer)
}

/// Applies the new phone whose code is `code`: the right one, once, within ten minutes and
/// before five wrong tries. The technician and the managers read the customer's phone, so
/// they see the new number from then on; the timeline says it changed (not what to).
pub fn confirm_phone(
    conn: &mut DbConnection,
    token: &str,
    code: &str,
    now: DateTime<Utc>,
) -> Result<Confirmed, AppError> {
    let r = requests::find_by_token(conn, token)?.ok_or(AppError::NotFound(msg!("thing-request")))?;
    let Some(row) = phone_codes::live_contact_code(conn, r.id, now.naive_utc())? else { return Ok(Confirmed::Refused) };
    if !codes::try_code(conn, &row, code, now)? {
        return Ok(Confirmed::Refused);
    }
    let former = users::find(conn, row.user_id)?.and_then(|u| u.phone);
    users::set_phone(conn, row.user_id, &row.phone)?;
    let former = former.and_then(|p| Phone::parse("phone", &p, DEFAULT_REGION).ok()).filter(Phone::is_mobile);
    if let Some(old) = former.filter(|p| p.e164() != row.phone) {
        enqueue_sms(
            conn,
            "contact_changed",
            Some(r.id),
            old.e164(),
            &r.language,
            &sms::contact_changed(&r.language),
            now,
        )?;
    }
    let actor = Actor::customer(row.user_id);
    lifecycle::note(conn, r.id, &actor, "contact_corrected", msg!("customer-corrected-phone"), None, now)?;
    Ok(Confirmed::Applied)
}
