//! Booking with an `Idempotency-Key`: the first answer is kept and replayed for the same
//! key and body, even when two tries race. A key is the caller's: a signed-in caller's keys
//! are theirs alone, and their replays carry a newly issued tracking link; an anonymous
//! caller cannot prove to be the first one (anyone may send the same key and body), so an
//! anonymous replay answers the kept answer without a link (it was mailed to the customer).

use chrono::{DateTime, Utc};

use crate::app::booking::book::{self, Booked};
use crate::app::booking::check::CheckedBooking;
use crate::app::error::AppError;
use crate::db::links::{self, LinkKind};
use crate::db::{idempotency, Db, DbConnection, DbError};

/// A new booking, or the kept answer of an earlier one (status and JSON body).
pub enum BookingOutcome {
    /// Booked now.
    New(Booked),
    /// Booked before with the same key and body.
    Replay(u16, String),
}

/// An `Idempotency-Key` and whose it is.
#[derive(Clone, Debug)]
pub struct IdempotencyKey {
    /// The key as stored: a signed-in caller's carries their user id after a line break
    /// (which a header value cannot hold), so no other caller can name it.
    stored: String,
    /// Whether the caller is signed in (then a replay issues a new tracking link).
    signed_in: bool,
}

impl IdempotencyKey {
    /// The key `key` sent by the signed-in user `user_id`, or by an anonymous caller.
    pub fn of_caller(key: &str, user_id: Option<i64>) -> IdempotencyKey {
        match user_id {
            Some(id) => IdempotencyKey { stored: format!("{key}\nuser {id}"), signed_in: true },
            None => IdempotencyKey { stored: key.to_string(), signed_in: false },
        }
    }
}

/// Books `checked` once per `key`; `hash` identifies the body the key was first used with.
pub async fn book_once(
    db: &Db,
    key: Option<IdempotencyKey>,
    hash: String,
    checked: CheckedBooking,
    public_url: String,
    now: DateTime<Utc>,
) -> Result<BookingOutcome, AppError> {
    // Ranking technicians is the slow part: it runs in a read, outside the write lock; the
    // write re-ranks only for a key first seen there.
    let planned = {
        let (key, checked) = (key.clone(), checked.clone());
        db.read(move |c| {
            if let Some(k) = &key {
                if idempotency::find(c, &k.stored)?.is_some() {
                    return Ok(None);
                }
            }
            book::plan(c, &checked, now).map(Some)
        })
        .await?
    };
    let attempt = {
        let (key, hash, public_url) = (key.clone(), hash.clone(), public_url.clone());
        db.write(move |c| {
            if let Some(k) = &key {
                if let Some(stored) = replay(c, k, &hash, &public_url, now)? {
                    return Ok(stored);
                }
            }
            let planned = match planned {
                Some(p) => p,
                None => book::plan(c, &checked, now)?,
            };
            let booked = book::store(c, &checked, planned, &public_url, now)?;
            if let Some(k) = &key {
                let kept = Booked { tracking_url: TRACKING_URL.to_string(), ..booked.clone() };
                let body =
                    serde_json::to_string(&kept).map_err(|e| AppError::unexpected("keeping the booking answer", e))?;
                idempotency::insert(c, &k.stored, &hash, 201, &body, now.naive_utc())?;
            }
            Ok(BookingOutcome::New(booked))
        })
        .await
    };
    match (attempt, key) {
        (
            Err(AppError::Db(DbError::Query(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            )))),
            Some(k),
        ) => {
            db.write(move |c| {
                replay(c, &k, &hash, &public_url, now)?
                    .ok_or_else(|| AppError::conflict(msg!("concurrent-booking-used-key"), None))
            })
            .await
        }
        (other, _) => other,
    }
}

/// Stands for the tracking link in a kept booking answer: only hashes of link tokens are
/// stored, so a signed-in caller's replay carries a newly issued link to the same request,
/// an anonymous one an empty `tracking_url`.
const TRACKING_URL: &str = "{{tracking_url}}";

fn replay(
    c: &mut DbConnection,
    key: &IdempotencyKey,
    hash: &str,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<Option<BookingOutcome>, AppError> {
    match idempotency::find(c, &key.stored)? {
        Some((h, _, _)) if h != hash => Err(AppError::invalid("Idempotency-Key", msg!("was-used-different-body"))),
        Some((_, Some(status), Some(mut body))) => {
            if body.contains(TRACKING_URL) {
                let url = if key.signed_in {
                    let kept: Booked = serde_json::from_str(&body)
                        .map_err(|e| AppError::unexpected("reading a kept booking answer", e))?;
                    let token = links::issue(c, LinkKind::Track, kept.id, None, now.naive_utc())?;
                    format!("{}/track/{token}", public_url.trim_end_matches('/'))
                } else {
                    String::new()
                };
                body = body.replace(TRACKING_URL, &url);
            }
            Ok(Some(BookingOutcome::Replay(status.clamp(100, 599) as u16, body)))
        }
        _ => Ok(None),
    }
}
