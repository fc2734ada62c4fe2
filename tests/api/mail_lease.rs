//! The mail worker's lease: a message claimed by an instance that died is taken over once the
//! lease ends, and not before.

use chrono::Duration;

use crate::helpers::{Kind, NowUtc, TestApp};
use crate::mail::{count_status, queue_one, to, wait_for};
use crate::smtp::SmtpSink;

/// A message claimed by an instance that then died is taken over once its lease ends, and
/// not before.
async fn lease_of_a_dead_instance_is_taken_over(kind: Kind) {
    let sink = SmtpSink::start();
    let Some(app) = TestApp::spawn_with(kind, Some(sink.url())).await else { return };
    let state = app.state.clone();
    let now = app.clock.now_utc();
    let claimed = tokio::task::spawn_blocking(move || {
        state.db.write_blocking(|c| {
            let mail = fieldfix::notify::Mail {
                subject: "orphan".into(),
                text: "t".into(),
                html: "<p>h</p>".into(),
                ics: None,
            };
            fieldfix::notify::enqueue(c, "test", None, "orphan@example.com", "en", &mail, now)?;
            let lease = now + Duration::minutes(fieldfix::jobs::mail_delivery::LEASE_MINUTES);
            Ok::<_, fieldfix::app::error::AppError>(
                fieldfix::db::outbox::claim_due(
                    c,
                    fieldfix::db::outbox::MAIL,
                    "dead-instance",
                    now.naive_utc(),
                    lease.naive_utc(),
                    20,
                )?
                .len(),
            )
        })
    })
    .await
    .expect("join")
    .expect("claimed");
    assert_eq!(claimed, 1, "the dead instance holds it");
    queue_one(&app, "witness@example.com").await;
    wait_for(&sink, "a message queued after the orphan", |m| !to(m, "witness@example.com").is_empty()).await;
    assert!(to(&sink.messages(), "orphan@example.com").is_empty(), "not taken while the lease holds");
    app.clock.advance(Duration::minutes(fieldfix::jobs::mail_delivery::LEASE_MINUTES + 1));
    wait_for(&sink, "the orphan taken over", |m| !to(m, "orphan@example.com").is_empty()).await;
    // The sink has the message a moment before the worker marks it sent: poll for the mark.
    let sent = crate::process::poll_until("both marked sent", std::time::Duration::from_secs(30), || async {
        let sent = count_status(&app, "sent").await;
        (sent >= 2).then_some(sent)
    })
    .await;
    assert_eq!(sent, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lease_takeover_sqlite() {
    lease_of_a_dead_instance_is_taken_over(Kind::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lease_takeover_postgres() {
    lease_of_a_dead_instance_is_taken_over(Kind::Postgres).await;
}
