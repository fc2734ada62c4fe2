//! The login brake holds against guesses sent at once: each attempt is counted before its
//! password is checked, so a burst passes no more checks than the brake allows.

use serde_json::json;

use crate::helpers::TestApp;
use crate::on_both_backends;

const PW: &str = "fieldfix-demo";
/// Failures allowed per account and address (`auth::throttle::MAX_FAILURES`).
const BRAKE: usize = fieldfix::auth::throttle::MAX_FAILURES as usize;

async fn a_burst_of_guesses_passes_no_more_than_the_brake(app: TestApp) {
    app.load_demo().await;
    let email = "tech01@demo.fieldfix.test";
    let mut set = tokio::task::JoinSet::new();
    for n in 0..50 {
        let (client, url) = (app.client.clone(), app.url("/api/auth/login"));
        let password = format!("guess-number-{n}");
        set.spawn(async move {
            let res = client.post(url).json(&json!({"email": email, "password": password})).send().await;
            res.expect("login").status().as_u16()
        });
    }
    let mut statuses = Vec::new();
    while let Some(status) = set.join_next().await {
        statuses.push(status.expect("task"));
    }
    let checked = statuses.iter().filter(|s| **s == 401).count();
    let braked = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(checked + braked, 50, "only 401 and 429: {statuses:?}");
    assert!(checked <= BRAKE, "{checked} passwords checked in a burst, the brake is {BRAKE}: {statuses:?}");
    let (s, _) = app.post("/api/auth/login", None, &json!({"email": email, "password": PW})).await;
    assert_eq!(s, 429, "the brake holds after the burst, even for the right password");
}
on_both_backends!(a_burst_of_guesses_passes_no_more_than_the_brake);

fn one_connection(s: &mut fieldfix::config::Settings) {
    s.pool_size = 1;
}

/// Sign-ins waiting for the password hasher hold no database connection: with a pool of one
/// and the hasher busy, a tracking read is still answered.
async fn sign_ins_waiting_to_hash_hold_no_connection(app: TestApp) {
    app.load_demo().await;
    let (s, booked) = app.post("/api/requests", None, &crate::lifecycle::faucet_booking("pool@example.com")).await;
    assert_eq!(s, 201, "{booked}");
    let token = booked["tracking_url"].as_str().expect("url").rsplit('/').next().expect("token").to_string();
    let permits = u32::try_from(fieldfix::auth::password::CONCURRENT_HASHING).expect("a few");
    let busy = app.state.password_hashing.acquire_many(permits).await.expect("the hasher");
    let mut set = tokio::task::JoinSet::new();
    for n in 0..4 {
        let (client, url) = (app.client.clone(), app.url("/api/auth/login"));
        let body = json!({"email": format!("tech0{}@demo.fieldfix.test", n + 1), "password": "not-the-password"});
        set.spawn(async move { client.post(url).json(&body).send().await.expect("login").status().as_u16() });
    }
    let path = format!("/api/track/{token}");
    let tracked = tokio::time::timeout(std::time::Duration::from_secs(10), app.get(&path, None)).await;
    let status = tracked.map(|(s, _)| s);
    drop(busy);
    assert_eq!(status.ok(), Some(200), "a tracking read while sign-ins wait for the hasher");
    while let Some(s) = set.join_next().await {
        assert_eq!(s.expect("task"), 401);
    }
}

mod sign_ins_waiting_to_hash_hold_no_connection {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        let app = crate::helpers::TestApp::spawn_configured(crate::helpers::Kind::Sqlite, super::one_connection).await;
        if let Some(app) = app {
            super::sign_ins_waiting_to_hash_hold_no_connection(app).await;
        }
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        let app =
            crate::helpers::TestApp::spawn_configured(crate::helpers::Kind::Postgres, super::one_connection).await;
        if let Some(app) = app {
            super::sign_ins_waiting_to_hash_hold_no_connection(app).await;
        }
    }
}
