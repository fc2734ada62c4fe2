//! Finding a repair again without its link: the reference and the phone booked with, and a
//! new tracking link goes to the contact on record, never to whoever asked.

use chrono::{DateTime, Utc};

use crate::app::error::AppError;
use crate::db::{requests, users, DbConnection};
use crate::notify::{sms, templates};

/// Whether two phone numbers are the same line: the same digits, or one with a country
/// prefix the other lacks (`+86 138 0571 0000` and `13805710000`).
pub fn same_phone(a: &str, b: &str) -> bool {
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    let (a, b) = (digits(a), digits(b));
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short.len() >= 7 && long.ends_with(&short) && long.len() - short.len() <= 4
}

/// Mails a new tracking link of the request with `reference` to the customer's email on
/// record when `phone` is the one they booked with; otherwise does nothing, so that the
/// caller answers alike and nobody learns which references exist.
pub fn send_tracking_link(
    conn: &mut DbConnection,
    reference: &str,
    phone: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let Some(r) = requests::find_by_reference(conn, reference)? else { return Ok(()) };
    let Some(customer) = users::find(conn, r.customer_user_id)? else { return Ok(()) };
    if !customer.phone.as_deref().is_some_and(|p| same_phone(p, phone)) {
        return Ok(());
    }
    crate::app::notices::to_customer(
        conn,
        &r,
        "tracking_link",
        templates::tracking_link(&r),
        sms::tracking_link(&r),
        now,
    )
}

#[cfg(test)]
mod tests {
    use super::same_phone;

    #[test]
    fn phones_match_with_or_without_the_country_code() {
        assert!(same_phone("+86 138 0571 0000", "13805710000"));
        assert!(same_phone("138-0571-0000", "(138) 0571 0000"));
        assert!(!same_phone("+86 138 0571 0000", "13805710001"));
        assert!(!same_phone("0000", "+86 138 0571 0000"), "a few digits are not a phone");
        assert!(!same_phone("", ""));
    }
}
