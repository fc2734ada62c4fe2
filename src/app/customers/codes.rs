//! Six-digit codes by text message, shared by signing in by phone and confirming a corrected
//! phone: uniformly random, kept only as a hash salted with the code's random row id, ten
//! minutes, one use, five wrong tries.

use chrono::{DateTime, Duration, Utc};
use rand::Rng;

use crate::db::phone_codes::{self, CodeRow, NewCode};
use crate::db::DbConnection;
use crate::domain::ids::{new_id, same_secret, token_hash};

/// How long a code works, in minutes.
pub const CODE_MINUTES: i64 = 10;
/// Wrong tries that end a code.
pub const MOST_TRIES: i32 = 5;
/// How long ended and expired codes are kept before they are swept, in days.
const KEEP_DAYS: i64 = 1;

/// The stored form of `code` for the row `id`.
fn hashed(id: i64, code: &str) -> String {
    token_hash(&format!("{id}:{code}"))
}

/// A fresh code: six digits, each of the million equally likely.
fn new_code() -> String {
    format!("{:06}", rand::thread_rng().gen_range(0..1_000_000u32))
}

/// Issues a code of `purpose` to `phone` for `user_id` (and the request it was asked from);
/// returns the code to send. The caller ends the codes it replaces first.
pub(crate) fn issue(
    conn: &mut DbConnection,
    purpose: &str,
    phone: &str,
    user_id: i64,
    request_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<String, diesel::result::Error> {
    phone_codes::sweep(conn, (now - Duration::days(KEEP_DAYS)).naive_utc())?;
    let (id, code) = (new_id(), new_code());
    phone_codes::insert(
        conn,
        &NewCode {
            id,
            purpose,
            phone,
            user_id,
            request_id,
            code_hash: &hashed(id, &code),
            attempts: 0,
            created_at: now.naive_utc(),
            expires_at: (now + Duration::minutes(CODE_MINUTES)).naive_utc(),
            ended_at: None,
        },
    )?;
    Ok(code)
}

/// Tries `code` against the live code `row`: true when it is right (and now used up);
/// a wrong one counts, and the fifth ends the code.
pub(crate) fn try_code(
    conn: &mut DbConnection,
    row: &CodeRow,
    code: &str,
    now: DateTime<Utc>,
) -> Result<bool, diesel::result::Error> {
    if !same_secret(&hashed(row.id, code), &row.code_hash) {
        phone_codes::count_wrong_try(conn, row.id, MOST_TRIES, now.naive_utc())?;
        return Ok(false);
    }
    phone_codes::use_code(conn, row.id, now.naive_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_six_digits_and_salted() {
        for _ in 0..200 {
            let c = new_code();
            assert_eq!(c.len(), 6);
            assert!(c.chars().all(|d| d.is_ascii_digit()));
        }
        assert_ne!(hashed(1, "123456"), hashed(2, "123456"), "the same code hashes apart per row");
    }
}
