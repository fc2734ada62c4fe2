//! Operations on the real binary: a graceful stop on SIGTERM, and a backup of a live SQLite
//! database that a server can serve from.

use std::time::Duration;

use serde_json::Value;

use crate::helpers::TestApp;
use crate::lifecycle::faucet_booking;
use crate::on_both_backends;
use crate::process::{fieldfix, poll_until, Served};

/// A temporary SQLite file, removed with its WAL when dropped.
pub struct TempSqlite(pub std::path::PathBuf);

impl TempSqlite {
    pub fn new(name: &str) -> TempSqlite {
        let id = fieldfix::domain::ids::new_id();
        TempSqlite(std::env::temp_dir().join(format!("fieldfix_{name}_{}_{id}.db", std::process::id())))
    }

    pub fn url(&self) -> String {
        format!("sqlite://{}", self.0.display())
    }
}

impl Drop for TempSqlite {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.0.display()));
        }
    }
}

const METRICS_TOKEN: &str = "operations-test-scraper";

async fn in_flight(client: &reqwest::Client, served: &Served) -> Option<i64> {
    let text = client.get(served.url("/metrics")).bearer_auth(METRICS_TOKEN).send().await.ok()?.text().await.ok()?;
    text.lines().find_map(|l| l.strip_prefix("fieldfix_http_requests_in_flight ")).and_then(|v| v.trim().parse().ok())
}

/// The next Monday to Friday in Hangzhou after today, when the demo technicians work: the
/// re-plan of that day has visits and technicians, so it thinks for its whole budget.
fn next_weekday_in_hangzhou() -> chrono::NaiveDate {
    use chrono::Datelike;
    let mut day = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
    loop {
        day = day.succ_opt().expect("a next day");
        if day.weekday().num_days_from_monday() < 5 {
            return day;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_finishes_the_request_in_flight_and_exits_0() {
    let file = TempSqlite::new("sigterm");
    let vars = [("FIELDFIX_JOBS_POLL_MS", "100"), ("FIELDFIX_METRICS_TOKEN", METRICS_TOKEN)];
    let mut served = Served::start(&file.url(), &["--demo"], &vars);
    let client = reqwest::Client::new();
    let login = serde_json::json!({"email": "manager1@demo.fieldfix.test", "password": "fieldfix-demo"});
    let res = client.post(served.url("/api/auth/login")).json(&login).send().await.expect("login");
    let token = res.json::<Value>().await.expect("json")["token"].as_str().expect("token").to_string();
    let board: Value = client
        .get(served.url("/api/manage/board"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("board")
        .json()
        .await
        .expect("json");
    let point = board["service_points"][0]["id"].as_i64().expect("a service point");
    let day = next_weekday_in_hangzhou();
    for n in 0..3 {
        let mut booking = faucet_booking(&format!("sigterm{n}@example.com"));
        let start = day.and_hms_opt(2 + n, 0, 0).expect("time").and_utc();
        booking["window"] = serde_json::json!({"start": start, "end": start + chrono::Duration::hours(2)});
        let res = client.post(served.url("/api/requests")).json(&booking).send().await.expect("book");
        assert_eq!(res.status(), 201, "{}", res.text().await.unwrap_or_default());
    }
    let replan = client
        .post(served.url(&format!("/api/manage/replan?date={day}&service_point={point}&seconds=2&apply=false")))
        .bearer_auth(&token)
        .send();
    let slow = tokio::spawn(replan);
    let observer = reqwest::Client::builder().pool_max_idle_per_host(0).build().expect("client");
    poll_until("the re-plan in flight", Duration::from_secs(10), || async {
        in_flight(&observer, &served).await.filter(|n| *n >= 2)
    })
    .await;
    served.terminate();
    poll_until("new connections refused", Duration::from_secs(5), || async {
        observer.get(served.url("/healthz")).send().await.err().map(|_| ())
    })
    .await;
    assert!(!slow.is_finished(), "the re-plan was still running when new connections stopped");
    let answer = slow.await.expect("join").expect("the request in flight is answered");
    assert_eq!(answer.status(), 200);
    let report: Value = answer.json().await.expect("a whole JSON answer");
    assert!(report.is_object(), "{report}");
    let status = served.wait(Duration::from_secs(30));
    assert_eq!(status.code(), Some(0), "{status:?}");
}

async fn backup_copies_a_live_database(app: TestApp) {
    let out = TempSqlite::new("backup");
    if app.state.db.backend() == fieldfix::db::Backend::Postgres {
        let run = fieldfix(&app._db.url).args(["backup", "--out"]).arg(&out.0).output().expect("runs");
        assert!(!run.status.success());
        let said = String::from_utf8_lossy(&run.stderr);
        assert!(said.contains("pg_dump") && said.contains("pg_basebackup"), "{said}");
        assert!(!out.0.exists());
        return;
    }
    app.load_demo().await;
    let (status, booked) = app.post("/api/requests", None, &faucet_booking("backup@example.com")).await;
    assert_eq!(status, 201, "{booked}");
    let run = fieldfix(&app._db.url).args(["backup", "--out"]).arg(&out.0).output().expect("runs");
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(String::from_utf8_lossy(&run.stdout).contains("integrity ok"));
    let again = fieldfix(&app._db.url).args(["backup", "--out"]).arg(&out.0).output().expect("runs");
    assert!(!again.status.success(), "an existing file is never overwritten");
    drop(app);
    let restored = Served::start(&out.url(), &[], &[]);
    let token = booked["tracking_url"].as_str().expect("url").rsplit('/').next().expect("token").to_string();
    let client = reqwest::Client::new();
    let res = client.get(restored.url(&format!("/api/track/{token}"))).send().await.expect("track");
    assert_eq!(res.status(), 200);
    let tracked: Value = res.json().await.expect("json");
    assert_eq!(tracked["reference"], booked["reference"], "{tracked}");
}
on_both_backends!(backup_copies_a_live_database);
