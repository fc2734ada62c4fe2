//! The mail worker records the attempts of a claimed batch together; each message keeps its
//! own outcome.

use crate::helpers::{Kind, TestApp};
use crate::mail::{queue_all, to, wait_status};
use crate::smtp::SmtpSink;

/// The attempts of one claimed batch are recorded together: each message still gets its
/// own state, the refused one failed and the others sent, with one attempt each.
async fn a_batch_with_a_refusal_records_each_message(kind: Kind) {
    let sink = SmtpSink::start();
    let Some(app) = TestApp::spawn_with(kind, Some(sink.url())).await else { return };
    let good = ["one@example.com", "two@example.com", "three@example.com", "four@example.com"];
    queue_all(
        &app,
        &["one@example.com", "two@example.com", "bounce@example.com", "three@example.com", "four@example.com"],
    )
    .await;
    wait_status(&app, "sent", 4, "the four good messages to be sent").await;
    wait_status(&app, "failed", 1, "the refused message to fail").await;
    assert_eq!(app.count("outbox_attempts").await, 5, "one attempt per message");
    assert_eq!(app.count_where("outbox_attempts", "ok = TRUE").await, 4);
    assert_eq!(app.count_where("outbox", "status = 'sent' AND sent_at IS NOT NULL AND locked_by IS NULL").await, 4);
    assert_eq!(app.count_where("outbox", "status = 'failed' AND sent_at IS NULL AND last_error LIKE '%550%'").await, 1);
    let received = sink.messages();
    for g in good {
        assert_eq!(to(&received, g).len(), 1, "{g} got its message once");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batch_with_a_refusal_sqlite() {
    a_batch_with_a_refusal_records_each_message(Kind::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batch_with_a_refusal_postgres() {
    a_batch_with_a_refusal_records_each_message(Kind::Postgres).await;
}
