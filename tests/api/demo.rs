use crate::helpers::{NowUtc, TestApp};
use crate::on_both_backends;

async fn demo_loads_once(app: TestApp) {
    assert!(app.load_demo().await, "first load loads");
    let tables =
        ["users", "technicians", "technician_skills", "shifts", "service_points", "skills", "manager_service_points"];
    let mut before = Vec::new();
    for t in tables {
        before.push(app.count(t).await);
    }
    assert!(!app.load_demo().await, "second load does nothing");
    for (i, t) in tables.iter().enumerate() {
        assert_eq!(app.count(t).await, before[i], "{t} unchanged");
    }
    assert_eq!(before[1], 30);
    assert_eq!(before[4], 2);

    let admin = app.login("admin@demo.fieldfix.test", "fieldfix-demo").await;
    let (s, list) = app.get("/api/admin/technicians", Some(&admin)).await;
    assert_eq!(s, 200);
    let list = list.as_array().expect("array");
    assert_eq!(list.len(), 30);
    assert!(list.iter().any(|t| t["skills"].as_array().is_some_and(|s| s.iter().any(|k| k["skill"] == "plumbing"))));
    assert!(list.iter().all(|t| !t["shifts"].as_array().expect("shifts").is_empty()));
    let (_, points) = app.get("/api/admin/service-points", Some(&admin)).await;
    assert_eq!(points.as_array().map(Vec::len), Some(2));
    app.login("tech30@demo.fieldfix.test", "fieldfix-demo").await;
    app.login("manager2@demo.fieldfix.test", "fieldfix-demo").await;
}
on_both_backends!(demo_loads_once);

async fn health_and_readiness(app: TestApp) {
    let (s, body) = app.get("/healthz", None).await;
    assert_eq!((s, body["status"].as_str()), (200, Some("ok")));
    let (s, body) = app.get("/readyz", None).await;
    assert_eq!((s, body["status"].as_str()), (200, Some("ready")));
    let res = app.client.get(app.url("/api/no/such/route")).send().await.expect("req");
    assert_eq!(res.status(), 404);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
}
on_both_backends!(health_and_readiness);

async fn metrics_count_requests_and_open_work(app: TestApp) {
    app.load_demo().await;
    for _ in 0..3 {
        app.get("/healthz", None).await;
    }
    let (s, _) = app.post("/api/requests", None, &crate::lifecycle::faucet_booking("metrics@example.com")).await;
    assert_eq!(s, 201);
    let (s, _) = app.get("/metrics", None).await;
    assert_eq!(s, 403, "no token set: the main address serves no metrics, even to this machine");
    let metrics = format!("{}/metrics", app.metrics_address.as_deref().expect("metrics address"));
    let res = app.client.get(metrics).send().await.expect("metrics");
    assert_eq!(res.status(), 200);
    let text = res.text().await.expect("text");
    assert!(
        text.contains("fieldfix_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 3"),
        "{text}"
    );
    // Label order is the encoder's business: the bucket is found by its labels.
    let all_bookings = text.lines().find(|l| {
        l.starts_with("fieldfix_http_request_duration_seconds_bucket{")
            && ["method=\"POST\"", "route=\"/api/requests\"", "status=\"201\"", "le=\"+Inf\""]
                .iter()
                .all(|p| l.contains(p))
    });
    assert_eq!(all_bookings.and_then(|l| l.rsplit(' ').next()), Some("1"), "{text}");
    assert!(text.trim_end().ends_with("# EOF"), "OpenMetrics, which Prometheus reads");
    assert!(text.contains("fieldfix_open_requests{status=\"awaiting_technician\"} 1"));
    assert!(text.contains("fieldfix_outbox_messages{status="));
    assert!(text.contains("fieldfix_promises_broken_total 0"));
    assert!(text.contains("fieldfix_db_connect_errors_total 0"), "a fresh database opened without errors");
}
on_both_backends!(metrics_count_requests_and_open_work);

/// The demo's past weeks: finished, rated repairs made through the real use cases, shown in
/// the weekly figures; nothing left open, no mail of the past sent, and only once.
async fn demo_history_fills_the_figures(app: TestApp) {
    app.load_demo().await;
    let state = app.state.clone();
    let now = app.clock.as_ref().now_utc();
    let load = move || state.db.write_blocking(|c| fieldfix::app::admin::demo_history::load(c, now, 3));
    let made = tokio::task::spawn_blocking(load.clone()).await.expect("join").expect("history loads");
    assert!(made >= 20, "two repairs per point per weekday: {made}");
    assert_eq!(tokio::task::spawn_blocking(load).await.expect("join").expect("second load"), 0, "only once");
    assert_eq!(app.count("outbox").await, 0, "no mail of the past");

    let manager = app.login("manager1@demo.fieldfix.test", "fieldfix-demo").await;
    let (s, weekly) = app.get("/api/manage/kpis/weeks?weeks=4", Some(&manager)).await;
    assert_eq!(s, 200, "{weekly}");
    let weeks = weekly["weeks"].as_array().expect("weeks");
    for past in &weeks[..3] {
        let f = &past["figures"];
        assert!(f["requests"].as_i64().is_some_and(|n| n >= 4), "{f}");
        assert_eq!(f["requests"], f["completed"], "every past repair finished: {f}");
        assert!(f["mean_rating"].as_f64().is_some_and(|r| (3.0..=5.0).contains(&r)), "{f}");
        assert!(f["response"]["median_minutes"].as_f64().is_some_and(|m| m > 0.0), "{f}");
    }
    let (_, queue) = app.get("/api/manage/queue", Some(&manager)).await;
    assert_eq!(queue.as_array().map(Vec::len), Some(0), "nothing of the past waits: {queue}");
}
on_both_backends!(demo_history_fills_the_figures);

/// With a metrics token set, `/metrics` wants it (a missing or wrong one is 401).
async fn metrics_want_the_token(kind: crate::helpers::Kind) {
    let token = "a-long-random-scraper-token";
    let Some(app) = TestApp::spawn_configured(kind, |s| s.metrics_token = Some(token.to_string())).await else {
        return;
    };
    let status = |auth: Option<&'static str>| {
        let mut req = app.client.get(app.url("/metrics"));
        if let Some(a) = auth {
            req = req.header("authorization", a);
        }
        async move { req.send().await.expect("metrics").status().as_u16() }
    };
    assert_eq!(status(None).await, 401);
    assert_eq!(status(Some("Bearer wrong")).await, 401);
    assert_eq!(status(Some("Bearer a-long-random-scraper-token")).await, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_want_the_token_sqlite() {
    metrics_want_the_token(crate::helpers::Kind::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_want_the_token_postgres() {
    metrics_want_the_token(crate::helpers::Kind::Postgres).await;
}
