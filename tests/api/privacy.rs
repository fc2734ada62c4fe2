//! What answers give away and what a session is worth (the small items of the second
//! security review, issue 30), one test each, on both backends.

use fieldfix::config::Settings;
use serde_json::json;

use crate::helpers::Assigned;
use crate::helpers::TestApp;
use crate::lifecycle::faucet_booking;
use crate::on_both_backends;

const PW: &str = "fieldfix-demo";

async fn cache_control(app: &TestApp, path: &str, bearer: Option<&str>) -> (u16, String) {
    let mut req = app.client.get(app.url(path));
    if let Some(t) = bearer {
        req = req.bearer_auth(t);
    }
    let res = req.send().await.expect("get");
    let value = res.headers().get("cache-control").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    (res.status().as_u16(), value)
}

async fn private_answers_are_not_stored(app: TestApp) {
    app.load_demo().await;
    let Assigned { token, tech, .. } = app.book_and_assign(&faucet_booking("nostore@example.com")).await;
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let customer = app.customer_account("nostore.account@example.com").await;
    for (path, bearer) in [
        (format!("/api/track/{token}"), None),
        ("/api/me/requests".to_string(), Some(customer.as_str())),
        ("/api/tech/visits?days=7".to_string(), Some(tech.as_str())),
        ("/api/manage/queue".to_string(), Some(manager.as_str())),
        ("/api/track/no-such-token".to_string(), None),
    ] {
        let (status, cache) = cache_control(&app, &path, bearer).await;
        assert!(status == 200 || status == 404, "{path}: {status}");
        assert_eq!(cache, "no-store", "{path}");
    }
}
on_both_backends!(private_answers_are_not_stored);

async fn a_new_password_ends_the_other_sessions(app: TestApp) {
    app.load_demo().await;
    let email = "two.phones@example.com";
    let here = app.customer_account(email).await;
    let there = app.login(email, PW).await;
    let (s, _) = app.post("/api/auth/password", Some(&here), &json!({"password": "a brand new password"})).await;
    assert_eq!(s, 204);
    let (s, _) = app.get("/api/auth/me", Some(&there)).await;
    assert_eq!(s, 401, "the other session ended");
    let (s, _) = app.get("/api/auth/me", Some(&here)).await;
    assert_eq!(s, 200, "the session that set it stays");
    assert!(!app.login(email, "a brand new password").await.is_empty());
}
on_both_backends!(a_new_password_ends_the_other_sessions);

fn behind_proxy(s: &mut Settings) {
    s.trusted_proxies = "127.0.0.1".to_string();
}

async fn ipv6_clients_count_by_their_64(app: TestApp) {
    app.load_demo().await;
    let wrong = json!({"email": "tech01@demo.fieldfix.test", "password": "wrong-password"});
    let login = |client: String, body: serde_json::Value| {
        let req = app.client.post(app.url("/api/auth/login")).header("X-Forwarded-For", client).json(&body);
        async move { req.send().await.expect("login").status().as_u16() }
    };
    for n in 0..10 {
        assert_eq!(login(format!("2001:db8:7:7::{:x}", n + 1), wrong.clone()).await, 401);
    }
    let right = json!({"email": "tech01@demo.fieldfix.test", "password": PW});
    assert_eq!(login("2001:db8:7:7:ffff::1".into(), right.clone()).await, 429, "the same /64 is the same client");
    assert_eq!(login("2001:db8:7:8::1".into(), right).await, 200, "the next /64 is another client");
}

mod ipv6_clients_count_by_their_64 {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        let app = crate::helpers::TestApp::spawn_configured(crate::helpers::Kind::Sqlite, super::behind_proxy).await;
        if let Some(app) = app {
            super::ipv6_clients_count_by_their_64(app).await;
        }
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        let app = crate::helpers::TestApp::spawn_configured(crate::helpers::Kind::Postgres, super::behind_proxy).await;
        if let Some(app) = app {
            super::ipv6_clients_count_by_their_64(app).await;
        }
    }
}

/// Holds the database's writers (SQLite's write turn; on PostgreSQL a lock on the sign-in
/// links) until the returned sender is dropped or sent to.
async fn hold_writers(app: &TestApp) -> std::sync::mpsc::Sender<()> {
    let (locked_tx, locked_rx) = tokio::sync::oneshot::channel();
    let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
    let state = app.state.clone();
    tokio::task::spawn_blocking(move || {
        state.db.write_blocking(|c| {
            use diesel::connection::SimpleConnection;
            if let fieldfix::db::DbConnection::Pg(_) = c {
                c.batch_execute("LOCK TABLE sign_in_links IN ACCESS EXCLUSIVE MODE")?;
            }
            let _ = locked_tx.send(());
            let _ = release_rx.recv();
            Ok::<_, fieldfix::app::error::AppError>(())
        })
    });
    locked_rx.await.expect("writers held");
    release_tx
}

async fn a_known_email_is_answered_without_waiting_for_its_link(app: TestApp) {
    app.load_demo().await;
    let email = "known.fast@example.com";
    let (s, booked) = app.post("/api/requests", None, &faucet_booking(email)).await;
    assert_eq!(s, 201, "{booked}");
    let release = hold_writers(&app).await;
    let asked = app.client.post(app.url("/api/auth/link")).json(&json!({"email": email})).send();
    let answered = tokio::time::timeout(std::time::Duration::from_secs(5), asked).await;
    let status = answered.map(|r| r.expect("link").status().as_u16());
    drop(release);
    assert_eq!(status.ok(), Some(202), "answered while the writers were held: the link is written after the answer");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while app.count_where("outbox", "kind = 'sign_in_link'").await == 0 {
        assert!(std::time::Instant::now() < deadline, "the link's mail was never queued");
        tokio::task::yield_now().await;
    }
}
on_both_backends!(a_known_email_is_answered_without_waiting_for_its_link);
