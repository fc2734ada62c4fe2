//! Mail through the outbox to a real SMTP server: the faucet story's messages, an SMTP
//! outage, a rolled-back change, and two instances sharing one PostgreSQL.

use std::time::{Duration as StdDuration, Instant};

use chrono::Duration;
use serde_json::json;

use crate::helpers::{Kind, NowUtc, TestApp};
use crate::lifecycle::faucet_booking;
use crate::smtp::{Received, SmtpSink};

const PW: &str = "fieldfix-demo";

/// Polls until `done` holds for the sink's messages, or fails after 20 s.
pub async fn wait_for(sink: &SmtpSink, what: &str, done: impl Fn(&[Received]) -> bool) -> Vec<Received> {
    let deadline = Instant::now() + StdDuration::from_secs(20);
    loop {
        let messages = sink.messages();
        if done(&messages) {
            return messages;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what}; got {:?}",
            messages.iter().map(Received::subject).collect::<Vec<_>>()
        );
        tokio::time::sleep(StdDuration::from_millis(20)).await;
    }
}

pub fn to(messages: &[Received], who: &str) -> Vec<Received> {
    messages.iter().filter(|m| m.to.iter().any(|t| t == who)).cloned().collect()
}

async fn faucet_story_mails(kind: Kind) {
    let sink = SmtpSink::start();
    let Some(app) = TestApp::spawn_with(kind, Some(sink.url())).await else { return };
    app.load_demo().await;
    let customer = "chen.mail@example.com";
    let res = app
        .client
        .post(app.url("/api/requests"))
        .header("Accept-Language", "zh-CN,zh;q=0.9")
        .json(&faucet_booking(customer))
        .send()
        .await
        .expect("book");
    assert_eq!(res.status(), 201);
    let booked: serde_json::Value = res.json().await.expect("json");
    let id = booked["id"].as_i64().expect("id");
    let reference = booked["reference"].as_str().expect("ref").to_string();
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let admin = app.login("admin@demo.fieldfix.test", PW).await;
    let tech_id = app.first_candidate(id, &manager).await;
    let email = app.tech_email(&admin, tech_id).await;
    let visit = app.assign(id, &manager, tech_id).await;
    let tech = app.login(&email, PW).await;
    app.post(&format!("/api/visits/{visit}/en-route"), Some(&tech), &json!({})).await;
    app.post(&format!("/api/visits/{visit}/arrive"), Some(&tech), &json!({"position": {"lat": 30.275, "lon": 120.13}}))
        .await;
    let outcome = json!({"diagnosis": "Wrong washer", "root_cause": "installation error: wrong washer", "work_done": "Fitted a washer",
        "lines": [{"kind": "part", "description": "Faucet washer", "quantity": 1, "part_code": "washer-15"}], "resolution": "resolved"});
    let (s, _) = app.post(&format!("/api/visits/{visit}/outcome"), Some(&tech), &outcome).await;
    assert_eq!(s, 200);
    let (s, _) = app.post(&format!("/api/visits/{visit}/complete"), Some(&tech), &json!({})).await;
    assert_eq!(s, 200);

    let messages = wait_for(&sink, "four customer mails", |m| to(m, customer).len() >= 4).await;
    let mine = to(&messages, customer);
    let subjects: Vec<String> = mine.iter().map(Received::subject).collect();
    assert_eq!(mine.len(), 4, "{subjects:?}");
    assert!(subjects[0].contains("已受理") && subjects[0].contains(&reference), "Chinese booking mail: {subjects:?}");
    let assigned_mail = mine.iter().find(|m| m.part("text/calendar").is_some()).expect("an invitation");
    let ics = assigned_mail.part("text/calendar").expect("ics");
    for needle in ["BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", "DTSTART:", "DTEND:", "UID:", "END:VCALENDAR"] {
        assert!(ics.contains(needle), "{needle} in {ics}");
    }
    assert!(assigned_mail.part("text/html").is_some_and(|h| h.contains("<p>")));
    let completed = mine
        .iter()
        .find(|m| m.part("text/plain").is_some_and(|t| t.contains("/rate/")))
        .expect("completed mail with rating link");
    let text = completed.part("text/plain").expect("text");
    let token: String = text
        .split("/rate/")
        .nth(1)
        .expect("link")
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    let rating = json!({"stars": 5, "punctuality": 5, "professionalism": 5, "resolution": 5, "comment": "好"});
    let (s, _) = app.post(&format!("/api/ratings/{token}"), None, &rating).await;
    assert_eq!(s, 201, "the mailed rating link works");
    let offers = messages.iter().filter(|m| m.subject().starts_with("New job")).count();
    assert!(offers >= 1, "technicians are told about offers");
    let queued = app.count("outbox").await;
    wait_status(&app, "sent", queued, "every queued message delivered").await;
    assert_eq!(app.count_where("outbox_attempts", "ok = TRUE").await, queued, "each delivered once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faucet_story_mails_sqlite() {
    faucet_story_mails(Kind::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faucet_story_mails_postgres() {
    faucet_story_mails(Kind::Postgres).await;
}

pub async fn count_status(app: &TestApp, status: &'static str) -> i64 {
    let state = app.state.clone();
    tokio::task::spawn_blocking(move || {
        let mut c = state.db.get().expect("conn");
        fieldfix::db::outbox::count_by_status(&mut c, status).expect("count")
    })
    .await
    .expect("join")
}

async fn smtp_outage_delays_but_loses_nothing(kind: Kind) {
    let sink = SmtpSink::start();
    sink.down.store(true, std::sync::atomic::Ordering::SeqCst);
    let Some(app) = TestApp::spawn_with(kind, Some(sink.url())).await else { return };
    app.load_demo().await;
    for i in 0..3 {
        let (s, _) = app.post("/api/requests", None, &faucet_booking(&format!("outage{i}@example.com"))).await;
        assert_eq!(s, 201);
    }
    let total = app.count_where("outbox", "channel = 'mail'").await;
    assert!(total >= 3);
    let deadline = Instant::now() + StdDuration::from_secs(20);
    while app.count("outbox_attempts").await < total {
        assert!(Instant::now() < deadline, "every message is tried while SMTP is down");
        tokio::time::sleep(StdDuration::from_millis(20)).await;
    }
    // Mail only: a booking's text message may still be pending on its own channel.
    let pending_mail = app.count_where("outbox", "channel = 'mail' AND status = 'pending'").await;
    assert_eq!(pending_mail, total, "failed attempts wait for a retry");
    assert!(sink.messages().is_empty());
    sink.down.store(false, std::sync::atomic::Ordering::SeqCst);
    app.clock.advance(Duration::minutes(2));
    let messages = wait_for(&sink, "every message after the outage", |m| m.len() as i64 >= total).await;
    let deadline = Instant::now() + StdDuration::from_secs(20);
    while count_status(&app, "sent").await < total {
        assert!(Instant::now() < deadline);
        tokio::time::sleep(StdDuration::from_millis(20)).await;
    }
    app.clock.advance(Duration::hours(2));
    app.run_jobs().await;
    let deadline = Instant::now() + StdDuration::from_secs(20);
    while count_status(&app, "pending").await + count_status(&app, "sending").await > 0 {
        assert!(Instant::now() < deadline, "the outbox drains");
        tokio::time::sleep(StdDuration::from_millis(20)).await;
    }
    let all = sink.messages();
    assert_eq!(
        all.len() as i64,
        app.count_where("outbox", "channel = 'mail'").await,
        "every queued mail arrived, none twice"
    );
    let mut ids: Vec<String> = all
        .iter()
        .map(|m| {
            use mailparse::MailHeaderMap;
            m.parsed().headers.get_first_value("Message-ID").unwrap_or_default()
        })
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), all.len(), "no message delivered twice");
    assert!(messages.len() as i64 >= total);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn smtp_outage_sqlite() {
    smtp_outage_delays_but_loses_nothing(Kind::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn smtp_outage_postgres() {
    smtp_outage_delays_but_loses_nothing(Kind::Postgres).await;
}

async fn rolled_back_change_leaves_no_mail(kind: Kind) {
    let Some(app) = TestApp::spawn(kind).await else { return };
    let state = app.state.clone();
    let now = app.clock.now_utc();
    let result = tokio::task::spawn_blocking(move || {
        state.db.write_blocking(|c| {
            let mail =
                fieldfix::notify::Mail { subject: "s".into(), text: "t".into(), html: "<p>h</p>".into(), ics: None };
            fieldfix::notify::enqueue(c, "test", None, "x@example.com", "en", &mail, now)?;
            Err::<(), _>(fieldfix::app::error::AppError::internal("the change failed after queueing"))
        })
    })
    .await
    .expect("join");
    assert!(result.is_err());
    assert_eq!(app.count("outbox").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rolled_back_sqlite() {
    rolled_back_change_leaves_no_mail(Kind::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rolled_back_postgres() {
    rolled_back_change_leaves_no_mail(Kind::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_one_postgres_send_each_message_once() {
    let sink = SmtpSink::start();
    let Some(first) = TestApp::spawn_with(Kind::Postgres, Some(sink.url())).await else { return };
    let second = first.second_instance(Some(sink.url()));
    let state = first.state.clone();
    let now = first.clock.now_utc();
    const N: usize = 60;
    tokio::task::spawn_blocking(move || {
        state.db.write_blocking(|c| {
            for i in 0..N {
                let mail = fieldfix::notify::Mail {
                    subject: format!("message {i}"),
                    text: "t".into(),
                    html: "<p>h</p>".into(),
                    ics: None,
                };
                fieldfix::notify::enqueue(c, "test", None, &format!("r{i}@example.com"), "en", &mail, now)?;
            }
            Ok::<_, fieldfix::app::error::AppError>(())
        })
    })
    .await
    .expect("join")
    .expect("queued");
    let messages = wait_for(&sink, "all messages", |m| m.len() >= N).await;
    // Every send there will ever be has happened once every row is sent (a sent row is never
    // claimed again) and every claim (each adds one to `attempts`) has its attempt recorded
    // (a send comes before its record).
    crate::process::poll_until("every claim recorded", StdDuration::from_secs(20), || async {
        let claims = first.texts_where("outbox", "CAST(SUM(attempts) AS TEXT)", "1 = 1").await;
        let claims: i64 = claims.first().and_then(|n| n.parse().ok()).unwrap_or(-1);
        let done = count_status(&first, "sent").await == N as i64 && first.count("outbox_attempts").await == claims;
        done.then_some(())
    })
    .await;
    let all = sink.messages();
    let mut subjects: Vec<String> = all.iter().map(Received::subject).collect();
    subjects.sort();
    subjects.dedup();
    assert_eq!(subjects.len(), N);
    assert_eq!(all.len(), N, "exactly once across two instances (first pass saw {})", messages.len());
    let senders = first.count_where("outbox_attempts", "ok = TRUE").await;
    assert_eq!(senders, N as i64, "one successful attempt per message");
    let state = first.state.clone();
    let instances = tokio::task::spawn_blocking(move || {
        use diesel::prelude::*;
        use fieldfix::db::schema::outbox_attempts;
        let mut c = state.db.get().expect("conn");
        outbox_attempts::table.select(outbox_attempts::instance).distinct().load::<String>(&mut *c).expect("instances")
    })
    .await
    .expect("join");
    assert_eq!(instances.len(), 2, "both instances sent some: {instances:?}");
    drop(second);
}

/// Queues one message to `recipient` straight through the outbox.
pub async fn queue_one(app: &TestApp, recipient: &str) {
    queue_all(app, &[recipient]).await;
}

/// Queues one message to each of `recipients` in one transaction.
pub async fn queue_all(app: &TestApp, recipients: &[&str]) {
    let state = app.state.clone();
    let now = app.clock.now_utc();
    let recipients: Vec<String> = recipients.iter().map(|r| r.to_string()).collect();
    tokio::task::spawn_blocking(move || {
        state.db.write_blocking(|c| {
            let mail = fieldfix::notify::Mail {
                subject: "hello".into(),
                text: "t".into(),
                html: "<p>h</p>".into(),
                ics: None,
            };
            let to: Vec<&str> = recipients.iter().map(String::as_str).collect();
            fieldfix::notify::enqueue_to_all(c, "test", None, &to, "en", &mail, now)?;
            Ok::<_, fieldfix::app::error::AppError>(())
        })
    })
    .await
    .expect("join")
    .expect("queued");
}

pub async fn wait_status(app: &TestApp, status: &'static str, n: i64, what: &str) {
    let deadline = Instant::now() + StdDuration::from_secs(20);
    while count_status(app, status).await < n {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(StdDuration::from_millis(20)).await;
    }
}

/// A 5xx is permanent: one attempt, marked failed, never retried; a server that stays away
/// gets 8 attempts with growing waits, then the message is failed too.
async fn permanent_failures_are_given_up(kind: Kind) {
    let sink = SmtpSink::start();
    let Some(app) = TestApp::spawn_with(kind, Some(sink.url())).await else { return };
    queue_one(&app, "bounce@example.com").await;
    wait_status(&app, "failed", 1, "the refused message to fail").await;
    assert_eq!(app.count_where("outbox", "last_error LIKE '%550%'").await, 1, "the server's answer is kept");
    // The worker had its chance to try the refused message again once it has sent a message
    // queued after it: a retry is claimed first (earlier due) and recorded with the send.
    let refused = "ok = FALSE";
    queue_one(&app, "witness1@example.com").await;
    wait_status(&app, "sent", 1, "a message queued after the refusal").await;
    assert_eq!(app.count_where("outbox_attempts", refused).await, 1, "a 5xx is not retried");
    app.clock.advance(Duration::hours(3));
    app.run_jobs().await;
    queue_one(&app, "witness2@example.com").await;
    wait_status(&app, "sent", 2, "a message queued three hours later").await;
    assert_eq!(app.count_where("outbox_attempts", refused).await, 1, "still one attempt later");

    sink.down.store(true, std::sync::atomic::Ordering::SeqCst);
    queue_one(&app, "later@example.com").await;
    for attempt in 1..=8 {
        let deadline = Instant::now() + StdDuration::from_secs(20);
        while app.count_where("outbox_attempts", "ok = FALSE AND error NOT LIKE '%550%'").await < attempt {
            assert!(Instant::now() < deadline, "attempt {attempt} while the server is down");
            tokio::time::sleep(StdDuration::from_millis(20)).await;
        }
        app.clock.advance(Duration::hours(2));
    }
    wait_status(&app, "failed", 2, "the message to fail after 8 attempts").await;
    app.clock.advance(Duration::hours(2));
    sink.down.store(false, std::sync::atomic::Ordering::SeqCst);
    queue_one(&app, "witness@example.com").await;
    wait_for(&sink, "a later message", |m| m.iter().any(|r| r.to.iter().any(|t| t == "witness@example.com"))).await;
    assert!(to(&sink.messages(), "later@example.com").is_empty(), "a failed message is not sent later");
    assert_eq!(app.count_where("outbox_attempts", "ok = FALSE AND error NOT LIKE '%550%'").await, 8);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn permanent_failures_sqlite() {
    permanent_failures_are_given_up(Kind::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn permanent_failures_postgres() {
    permanent_failures_are_given_up(Kind::Postgres).await;
}
