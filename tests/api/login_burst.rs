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
