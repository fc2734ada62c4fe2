//! The command line: the optimizer entry points, settings, logs and `user add`.

use std::process::Command;

fn fieldfix() -> Command {
    Command::new(env!("CARGO_BIN_EXE_fieldfix"))
}

#[test]
fn optimize_solomon_prints_a_feasible_json_line() {
    let instance = concat!(env!("CARGO_MANIFEST_DIR"), "/bench/solomon/C101.txt");
    if !std::path::Path::new(instance).exists() {
        eprintln!("skipping: {instance} is not beside the project");
        return;
    }
    let svg = std::env::temp_dir().join(format!("fieldfix_c101_{}.svg", std::process::id()));
    let out = fieldfix()
        .args(["optimize", "--solomon", instance, "--seconds", "0.3", "--seed", "7", "--svg"])
        .arg(&svg)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let line: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON line");
    assert_eq!(line["instance"], "C101");
    assert_eq!(line["feasible"], true);
    // Quality at equal time is the benchmarks' business; here only that a real plan came back
    // (the best known is 827.3; a loaded machine gives the 0.3 s search less).
    assert!(line["distance"].as_f64().expect("distance") < 1_200.0, "{line}");
    let drawing = std::fs::read_to_string(&svg).expect("svg written");
    assert!(drawing.starts_with("<svg") || drawing.contains("<svg"));
    let _ = std::fs::remove_file(svg);
}

#[test]
fn optimize_refuses_bad_input_clearly() {
    let out =
        fieldfix().args(["optimize", "--solomon", "/nonexistent/file.txt", "--seconds", "0.1"]).output().expect("runs");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/file.txt"));
    let out = fieldfix().args(["optimize", "--solomon", "x", "--seconds", "-1"]).output().expect("runs");
    assert!(!out.status.success());
}

/// `fieldfix serve` as an operator runs it: a 4xx under a tracking or rating link is logged
/// with the token replaced, so whoever reads the logs cannot open a customer's repair.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_logs_no_link_tokens() {
    let dir =
        std::env::temp_dir().join(format!("fieldfix_logs_{}_{}", std::process::id(), fieldfix::domain::ids::new_id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("free port").port();
    let log = std::fs::File::create(dir.join("stderr.log")).expect("log file");
    let mut server = fieldfix()
        .arg("serve")
        .env("DATABASE_URL", format!("sqlite://{}", dir.join("db.sqlite").display()))
        .env("FIELDFIX_BIND", format!("127.0.0.1:{port}"))
        .env("FIELDFIX_MAIL_DIR", dir.join("mail"))
        .env("FIELDFIX_SMS_DIR", dir.join("sms"))
        .env("RUST_LOG", "info")
        .stdout(std::process::Stdio::null())
        .stderr(log)
        .spawn()
        .expect("serve starts");
    let client = reqwest::Client::new();
    let base = format!("http://127.0.0.1:{port}");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while client.get(format!("{base}/healthz")).send().await.is_err() {
        assert!(std::time::Instant::now() < deadline, "serve did not come up");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    for (path, status, detail) in [
        ("/api/track/SeCrEtToKeN4711", 404, "request not found"),
        ("/api/track/SeCrEtToKeN4711/quote/approve", 405, "this address does not take this method; it takes POST"),
        ("/api/ratings/SeCrEtToKeN4711", 404, "rating link not found"),
    ] {
        let res = client.get(format!("{base}{path}")).send().await.expect("request");
        assert_eq!(res.status().as_u16(), status, "{path}");
        let problem: serde_json::Value = res.json().await.expect("problem+json");
        assert_eq!(problem["detail"], detail, "{path}: {problem}");
    }
    let _ = server.kill();
    let _ = server.wait();
    let text = std::fs::read_to_string(dir.join("stderr.log")).expect("log");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(text.contains("/api/track/{token}"), "the requests were logged: {text}");
    assert!(!text.contains("SeCrEtToKeN4711"), "no token in the log: {text}");
}

#[test]
fn a_malformed_setting_stops_the_start_naming_its_variable() {
    let dir = std::env::temp_dir().join(format!("fieldfix_settings_{}", std::process::id()));
    let db = format!("sqlite://{}", dir.join("x.db").display());
    let out =
        fieldfix().args(["migrate"]).env("DATABASE_URL", &db).env("FIELDFIX_DB_POOL", "ten").output().expect("runs");
    assert_eq!(out.status.code(), Some(1), "refused, not started");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("FIELDFIX_DB_POOL") && err.contains("\"ten\""), "{err}");
    assert!(!dir.join("x.db").exists(), "nothing was done before the refusal");
}

/// `fieldfix user add --language zh-CN` creates staff who read Chinese; a language the product
/// does not speak is refused and creates nobody.
#[test]
fn user_add_takes_the_language_the_person_reads() {
    use diesel::prelude::*;
    #[derive(QueryableByName)]
    struct Lang {
        #[diesel(sql_type = diesel::sql_types::Text)]
        language: String,
    }
    let dir = std::env::temp_dir().join(format!(
        "fieldfix_user_add_{}_{}",
        std::process::id(),
        fieldfix::domain::ids::new_id()
    ));
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("x.db");
    let db = format!("sqlite://{}", file.display());
    assert!(fieldfix().args(["migrate"]).env("DATABASE_URL", &db).output().expect("runs").status.success());
    let add = |email: &str, language: &str| {
        fieldfix()
            .args([
                "user",
                "add",
                "--role",
                "admin",
                "--email",
                email,
                "--name",
                "Li Na",
                "--password",
                "a-long-password",
            ])
            .args(["--language", language])
            .env("DATABASE_URL", &db)
            .output()
            .expect("runs")
    };
    assert!(add("li.na@example.com", "zh-CN").status.success());
    let refused = add("other@example.com", "fr");
    assert_eq!(refused.status.code(), Some(1));
    let mut conn = diesel::SqliteConnection::establish(&file.display().to_string()).expect("opens");
    let rows: Vec<Lang> =
        diesel::sql_query("SELECT language FROM users ORDER BY email").load(&mut conn).expect("reads");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(rows.iter().map(|r| r.language.as_str()).collect::<Vec<_>>(), ["zh-CN"], "only the first was created");
}
