//! Killed with SIGKILL in the middle of a booking load: every booking answered 201 is there
//! after a restart, with its event and its mail in the outbox, nothing is half-written, the
//! same Idempotency-Key replays the first answer, and SQLite's integrity check passes.
//! `FIELDFIX_CRASH_ROUNDS` sets the rounds (default 2; run ten by hand).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use diesel::prelude::*;
use fieldfix::db::pool::Manager;
use fieldfix::db::DbConnection;
use serde_json::Value;

use crate::helpers::{Kind, TestDatabase};
use crate::lifecycle::faucet_booking;
use crate::operations::TempSqlite;
use crate::process::{poll_until, Served};

/// Concurrent clients booking during a round.
const CLIENTS: usize = 16;
/// Bookings answered 201 in a round before the kill.
const ANSWERED_BEFORE_KILL: usize = 40;

fn rounds() -> usize {
    std::env::var("FIELDFIX_CRASH_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(2)
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct IntegrityRow {
    #[diesel(sql_type = diesel::sql_types::Text)]
    integrity_check: String,
}

fn count(conn: &mut DbConnection, sql: &str) -> i64 {
    let q = diesel::sql_query(sql);
    let found: QueryResult<Count> = match conn {
        DbConnection::Pg(c) => q.get_result(c),
        DbConnection::Sqlite(c) => q.get_result(c),
    };
    found.unwrap_or_else(|e| panic!("{sql}: {e}")).n
}

/// A booking and its key, as one client sends it.
fn keyed_booking(round: usize, client: usize, n: usize) -> (String, Value) {
    let key = format!("crash-{round}-{client}-{n}");
    (key.clone(), faucet_booking(&format!("{key}@example.com")))
}

async fn book(client: &reqwest::Client, served_url: &str, key: &str, body: &Value) -> Option<(u16, Value, bool)> {
    let res = client
        .post(format!("{served_url}/api/requests"))
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .ok()?;
    let status = res.status().as_u16();
    let replayed = res.headers().get("Idempotent-Replayed").is_some_and(|v| v == "true");
    Some((status, res.json().await.ok()?, replayed))
}

async fn killed_mid_load_loses_no_answered_booking(kind: Kind) {
    let sqlite = TempSqlite::new("crash");
    let pg = match kind {
        Kind::Sqlite => None,
        Kind::Postgres => match TestDatabase::create(Kind::Postgres) {
            Some(db) => Some(db),
            None => return,
        },
    };
    let url = pg.as_ref().map_or_else(|| sqlite.url(), |db| db.url.clone());
    let quiet = [("FIELDFIX_BOOKINGS_PER_HOUR", "0"), ("FIELDFIX_BOOKINGS_PER_CONTACT", "0")];
    let mut answered: HashMap<String, (Value, Value)> = HashMap::new();
    for round in 0..rounds() {
        let args: &[&str] = if round == 0 { &["--demo"] } else { &[] };
        let mut served = Served::start(&url, args, &quiet);
        let client = reqwest::Client::new();
        let acked: Arc<Mutex<Vec<(String, Value, Value)>>> = Arc::default();
        let mut tasks = Vec::new();
        for c in 0..CLIENTS {
            let (client, address, acked) = (client.clone(), served.address.clone(), acked.clone());
            tasks.push(tokio::spawn(async move {
                for n in 0.. {
                    let (key, body) = keyed_booking(round, c, n);
                    match book(&client, &address, &key, &body).await {
                        Some((201, answer, _)) => acked.lock().expect("lock").push((key, body, answer)),
                        Some((status, answer, _)) => panic!("booking answered {status}: {answer}"),
                        None => return,
                    }
                }
            }));
        }
        poll_until("bookings answered before the kill", Duration::from_secs(120), || {
            let acked = acked.clone();
            async move { (acked.lock().expect("lock").len() >= ANSWERED_BEFORE_KILL).then_some(()) }
        })
        .await;
        served.kill();
        for t in tasks {
            t.await.expect("a client ends when the server is gone");
        }
        for (key, body, answer) in acked.lock().expect("lock").drain(..) {
            answered.insert(key, (body, answer));
        }
    }
    let served = Served::start(&url, &[], &quiet);
    let mut conn = Manager::new(&url).expect("url").open().expect("connect");
    for (key, (_, answer)) in &answered {
        let id = answer["id"].as_i64().expect("id");
        assert_eq!(count(&mut conn, &format!("SELECT COUNT(*) AS n FROM repair_requests WHERE id = {id}")), 1, "{key}");
        let events = format!("SELECT COUNT(*) AS n FROM request_events WHERE request_id = {id} AND kind = 'booked'");
        assert_eq!(count(&mut conn, &events), 1, "{key}: its booked event");
        let mail = format!(
            "SELECT COUNT(*) AS n FROM outbox WHERE request_id = {id} AND kind = 'booking_confirmed' AND channel = 'mail'"
        );
        assert_eq!(count(&mut conn, &mail), 1, "{key}: its confirmation in the outbox");
    }
    let half = "SELECT COUNT(*) AS n FROM repair_requests r JOIN users u ON u.id = r.customer_user_id \
        WHERE u.email LIKE 'crash-%' AND (\
        NOT EXISTS (SELECT 1 FROM request_events e WHERE e.request_id = r.id AND e.kind = 'booked') \
        OR NOT EXISTS (SELECT 1 FROM visits v WHERE v.request_id = r.id) \
        OR NOT EXISTS (SELECT 1 FROM outbox o WHERE o.request_id = r.id AND o.kind = 'booking_confirmed') \
        OR NOT EXISTS (SELECT 1 FROM idempotency_keys k WHERE k.response_body LIKE '%' || r.reference || '%'))";
    assert_eq!(count(&mut conn, half), 0, "a booking without its visit, event, mail or stored answer");
    let stored = count(&mut conn, "SELECT COUNT(*) AS n FROM idempotency_keys WHERE key LIKE 'crash-%'");
    let booked = count(
        &mut conn,
        "SELECT COUNT(*) AS n FROM repair_requests r JOIN users u ON u.id = r.customer_user_id WHERE u.email LIKE 'crash-%'",
    );
    assert_eq!(stored, booked, "one stored answer per booking, none without");
    assert!(booked >= answered.len() as i64);
    eprintln!("{kind:?}: {} bookings answered 201 in {} rounds, {booked} stored", answered.len(), rounds());
    if let DbConnection::Sqlite(c) = &mut conn {
        let check: Vec<IntegrityRow> = diesel::sql_query("PRAGMA integrity_check").load(c).expect("integrity_check");
        assert_eq!(check.first().map(|r| r.integrity_check.as_str()), Some("ok"));
    }
    let client = reqwest::Client::new();
    for (key, (body, answer)) in answered.iter().take(20) {
        let (status, again, replayed) = book(&client, &served.address, key, body).await.expect("answer");
        assert_eq!((status, replayed), (201, true), "{key} replays");
        assert_eq!(again["id"], answer["id"], "{key} replays the first answer");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_mid_load_loses_no_answered_booking_sqlite() {
    killed_mid_load_loses_no_answered_booking(Kind::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_mid_load_loses_no_answered_booking_postgres() {
    killed_mid_load_loses_no_answered_booking(Kind::Postgres).await;
}
