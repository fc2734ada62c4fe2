//! The outbox: queued messages, claimed by one worker at a time, with every attempt recorded.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{outbox, outbox_attempts};
use super::DbConnection;
use crate::domain::ids::new_id;

/// The mail channel of the outbox.
pub const MAIL: &str = "mail";
/// The text message channel of the outbox.
pub const SMS: &str = "sms";

/// Queues a message on `channel` ([`MAIL`] or [`SMS`]).
#[allow(clippy::too_many_arguments)]
pub fn insert(
    conn: &mut DbConnection,
    channel: &str,
    kind: &str,
    request_id: Option<i64>,
    recipient: &str,
    language: &str,
    payload: &str,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    let id = new_id();
    diesel::insert_into(outbox::table)
        .values((
            outbox::id.eq(id),
            outbox::channel.eq(channel),
            outbox::created_at.eq(now),
            outbox::kind.eq(kind),
            outbox::request_id.eq(request_id),
            outbox::recipient.eq(recipient),
            outbox::language.eq(language),
            outbox::payload.eq(payload),
            outbox::status.eq("pending"),
            outbox::attempts.eq(0),
            outbox::next_attempt_at.eq(now),
        ))
        .execute(conn)?;
    Ok(id)
}

/// Queues the same message to each of `recipients`, in one statement.
pub fn insert_to_all(
    conn: &mut DbConnection,
    kind: &str,
    request_id: Option<i64>,
    recipients: &[&str],
    language: &str,
    payload: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let rows: Vec<_> = recipients
        .iter()
        .map(|recipient| {
            (
                outbox::id.eq(new_id()),
                outbox::created_at.eq(now),
                outbox::kind.eq(kind),
                outbox::request_id.eq(request_id),
                outbox::recipient.eq(*recipient),
                outbox::language.eq(language),
                outbox::payload.eq(payload),
                outbox::status.eq("pending"),
                outbox::attempts.eq(0),
                outbox::next_attempt_at.eq(now),
            )
        })
        .collect();
    // One round trip on PostgreSQL; SQLite runs in the process, where a statement per row costs no round trip.
    match conn {
        DbConnection::Pg(c) if !rows.is_empty() => diesel::insert_into(outbox::table).values(rows).execute(c)?,
        DbConnection::Pg(_) => 0,
        DbConnection::Sqlite(c) => rows
            .into_iter()
            .map(|r| diesel::insert_into(outbox::table).values(r).execute(c))
            .sum::<QueryResult<usize>>()?,
    };
    Ok(())
}

/// A claimed message.
#[derive(QueryableByName, Debug, Clone)]
pub struct Claimed {
    /// Outbox id.
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub id: i64,
    /// Recipient address.
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub recipient: String,
    /// The rendered mail as JSON.
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub payload: String,
    /// Attempts so far, this one included.
    #[diesel(sql_type = diesel::sql_types::Integer)]
    pub attempts: i32,
}

/// Claims up to `limit` due messages of `channel` for `instance` until `lease_until`. On PostgreSQL rows
/// another instance holds are skipped (`FOR UPDATE SKIP LOCKED`); on SQLite the single
/// writer makes the claim exclusive. A lease that ran out (a crashed sender) is claimable.
pub fn claim_due(
    conn: &mut DbConnection,
    channel: &str,
    instance: &str,
    now: NaiveDateTime,
    lease_until: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<Claimed>> {
    use diesel::sql_types::{BigInt, Text, Timestamp};
    let select = "SELECT id FROM outbox WHERE channel = $5 AND ((status = 'pending' AND next_attempt_at <= $1) \
                  OR (status = 'sending' AND locked_until < $1)) ORDER BY next_attempt_at LIMIT $4";
    let update = |lock: &str| {
        format!(
            "UPDATE outbox SET status = 'sending', locked_until = $2, locked_by = $3, attempts = attempts + 1 \
             WHERE id IN ({select}{lock}) RETURNING id, recipient, payload, attempts"
        )
    };
    match conn {
        DbConnection::Pg(c) => diesel::sql_query(update(" FOR UPDATE SKIP LOCKED"))
            .bind::<Timestamp, _>(now)
            .bind::<Timestamp, _>(lease_until)
            .bind::<Text, _>(instance)
            .bind::<BigInt, _>(limit)
            .bind::<Text, _>(channel)
            .load(c),
        DbConnection::Sqlite(c) => diesel::sql_query(
            update("")
                .replace("$1", "?1")
                .replace("$2", "?2")
                .replace("$3", "?3")
                .replace("$4", "?4")
                .replace("$5", "?5"),
        )
        .bind::<Timestamp, _>(now)
        .bind::<Timestamp, _>(lease_until)
        .bind::<Text, _>(instance)
        .bind::<BigInt, _>(limit)
        .bind::<Text, _>(channel)
        .load(c),
    }
}

/// The outcome of one attempt to send a claimed message.
pub struct Outcome {
    /// Outbox id.
    pub id: i64,
    /// Why it failed; `None` when it was sent.
    pub error: Option<String>,
    /// When to try again after a failure; `None` after a success or for good.
    pub retry_at: Option<NaiveDateTime>,
    /// When the attempt ended.
    pub at: NaiveDateTime,
}

/// Records attempts and each message's new state: `sent`, back to `pending` at its
/// `retry_at`, or `failed` for good. Only the instance holding a claim may finish it. On
/// PostgreSQL the attempts go in one insert and the sent messages in one update.
pub fn finish_all(conn: &mut DbConnection, instance: &str, outcomes: &[Outcome]) -> QueryResult<()> {
    let attempts: Vec<_> = outcomes
        .iter()
        .map(|o| {
            (
                outbox_attempts::id.eq(new_id()),
                outbox_attempts::outbox_id.eq(o.id),
                outbox_attempts::at.eq(o.at),
                outbox_attempts::ok.eq(o.error.is_none()),
                outbox_attempts::error.eq(o.error.as_deref()),
                outbox_attempts::instance.eq(instance),
            )
        })
        .collect();
    let (sent, failed): (Vec<&Outcome>, Vec<&Outcome>) = outcomes.iter().partition(|o| o.error.is_none());
    match conn {
        DbConnection::Pg(c) => {
            use diesel::sql_types::{Array, BigInt, Text, Timestamp};
            if !attempts.is_empty() {
                diesel::insert_into(outbox_attempts::table).values(attempts).execute(c)?;
            }
            if !sent.is_empty() {
                diesel::sql_query(
                    "UPDATE outbox SET status = 'sent', last_error = NULL, sent_at = v.at, next_attempt_at = v.at, \
                     locked_until = NULL, locked_by = NULL \
                     FROM (SELECT unnest($1::bigint[]) AS id, unnest($2::timestamp[]) AS at) AS v \
                     WHERE outbox.id = v.id AND outbox.status = 'sending' AND outbox.locked_by = $3",
                )
                .bind::<Array<BigInt>, _>(sent.iter().map(|o| o.id).collect::<Vec<_>>())
                .bind::<Array<Timestamp>, _>(sent.iter().map(|o| o.at).collect::<Vec<_>>())
                .bind::<Text, _>(instance)
                .execute(c)?;
            }
        }
        DbConnection::Sqlite(c) => {
            for row in attempts {
                diesel::insert_into(outbox_attempts::table).values(row).execute(c)?;
            }
            for o in &sent {
                set_state(conn, instance, o)?;
            }
        }
    }
    for o in failed {
        set_state(conn, instance, o)?;
    }
    Ok(())
}

/// Sets one claimed message's state after its attempt.
fn set_state(conn: &mut DbConnection, instance: &str, o: &Outcome) -> QueryResult<usize> {
    let status = match (&o.error, o.retry_at) {
        (None, _) => "sent",
        (Some(_), Some(_)) => "pending",
        (Some(_), None) => "failed",
    };
    let target = outbox::table
        .filter(outbox::id.eq(o.id))
        .filter(outbox::status.eq("sending"))
        .filter(outbox::locked_by.eq(instance));
    diesel::update(target)
        .set((
            outbox::status.eq(status),
            outbox::last_error.eq(o.error.as_deref()),
            outbox::sent_at.eq(if o.error.is_none() { Some(o.at) } else { None }),
            outbox::next_attempt_at.eq(o.retry_at.unwrap_or(o.at)),
            outbox::locked_until.eq(None::<NaiveDateTime>),
            outbox::locked_by.eq(None::<String>),
        ))
        .execute(conn)
}

/// The delivery reports after which no other changes a message's record.
const FINAL_DELIVERY: [&str; 2] = ["delivered", "failed"];

/// Records a text message's delivery report (`delivered`, `failed`, or what the gateway says
/// on its way there, which never replaces a final one). A report may come back before the
/// sender recorded its attempt, so a message being sent takes one too. Returns whether one
/// was recorded.
pub fn record_delivery(conn: &mut DbConnection, id: i64, delivery: &str, at: NaiveDateTime) -> QueryResult<bool> {
    let target = outbox::table
        .filter(outbox::id.eq(id))
        .filter(outbox::channel.eq(SMS))
        .filter(outbox::status.eq_any(["sending", "sent"]));
    let n = if FINAL_DELIVERY.contains(&delivery) {
        diesel::update(target).set((outbox::delivery.eq(delivery), outbox::delivered_at.eq(at))).execute(conn)?
    } else {
        let open = outbox::delivery.is_null().or(outbox::delivery.ne_all(FINAL_DELIVERY));
        diesel::update(target.filter(open))
            .set((outbox::delivery.eq(delivery), outbox::delivered_at.eq(at)))
            .execute(conn)?
    };
    Ok(n > 0)
}

/// Counts messages by status (for tests, readiness and metrics).
pub fn count_by_status(conn: &mut DbConnection, status: &str) -> QueryResult<i64> {
    outbox::table.filter(outbox::status.eq(status)).count().get_result(conn)
}

/// Messages by channel and status, and text messages by delivery report.
pub type ChannelCounts = (Vec<(String, String, i64)>, Vec<(String, i64)>);

/// How many messages are in each channel and status, and text messages by delivery report.
pub fn counts_by_channel(conn: &mut DbConnection) -> QueryResult<ChannelCounts> {
    let by_status = outbox::table
        .group_by((outbox::channel, outbox::status))
        .select((outbox::channel, outbox::status, diesel::dsl::count_star()))
        .load(conn)?;
    let by_delivery: Vec<(Option<String>, i64)> = outbox::table
        .filter(outbox::channel.eq(SMS))
        .filter(outbox::delivery.is_not_null())
        .group_by(outbox::delivery)
        .select((outbox::delivery, diesel::dsl::count_star()))
        .load(conn)?;
    Ok((by_status, by_delivery.into_iter().filter_map(|(d, n)| Some((d?, n))).collect()))
}
