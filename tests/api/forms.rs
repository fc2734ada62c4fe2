//! HEAD wherever GET is, and query-string errors that name the parameter and its form.

use serde_json::Value;

use crate::helpers::TestApp;
use crate::on_both_backends;

const SLOTS: &str = "/api/slots?lat=30.275&lon=120.13&skill=plumbing&days=1";

/// Status, content type, content length and body length of one request.
async fn answer(app: &TestApp, method: reqwest::Method, path: &str) -> (u16, String, Option<String>, usize) {
    let res = app.client.request(method, app.url(path)).send().await.expect("request");
    let header = |name: &str| res.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
    let (status, kind, length) =
        (res.status().as_u16(), header("content-type").unwrap_or_default(), header("content-length"));
    let body = res.bytes().await.expect("body");
    (status, kind, length, body.len())
}

async fn head_is_answered_wherever_get_is(app: TestApp) {
    app.load_demo().await;
    for path in
        ["/book", "/tech", "/static/app.css", "/api/openapi.json", SLOTS, "/api/requests/1", "/healthz", "/nowhere"]
    {
        let (gs, gk, gl, gn) = answer(&app, reqwest::Method::GET, path).await;
        let (hs, hk, hl, hn) = answer(&app, reqwest::Method::HEAD, path).await;
        assert_eq!(hs, gs, "HEAD {path} answers like GET");
        assert_eq!(hk, gk, "HEAD {path} has GET's content type");
        assert_eq!(hn, 0, "HEAD {path} has no body");
        if let Some(len) = hl {
            assert_eq!(len.parse::<usize>().ok(), Some(gn), "HEAD {path} announces GET's length");
        }
        assert!(gl.is_none() || gn > 0, "GET {path} has a body");
    }
    let (status, ..) = answer(&app, reqwest::Method::HEAD, "/book").await;
    assert_eq!(status, 200);
}
on_both_backends!(head_is_answered_wherever_get_is);

async fn refused(app: &TestApp, query: &str) -> (String, String) {
    let (status, body): (u16, Value) = app.get(&format!("/api/slots?{query}"), None).await;
    assert_eq!(status, 422, "{query}: {body}");
    assert_eq!(body["status"], 422);
    (
        body["errors"][0]["field"].as_str().unwrap_or("").to_string(),
        body["errors"][0]["reason"].as_str().unwrap_or("").to_string(),
    )
}

async fn query_errors_name_the_field_and_its_form(app: TestApp) {
    app.load_demo().await;
    let base = "lat=30.275&lon=120.13&skill=plumbing";
    let (field, reason) = refused(&app, &format!("{base}&from=29/11/2026")).await;
    assert_eq!(field, "from");
    assert!(reason.contains("YYYY-MM-DD"), "{reason}");
    assert_eq!(refused(&app, "lat=north&lon=120.13&skill=plumbing").await, ("lat".into(), "must be a number".into()));
    assert_eq!(refused(&app, &format!("{base}&days=two")).await.0, "days");
    assert_eq!(refused(&app, "lat=30.275&lon=120.13").await, ("skill".into(), "is required".into()));
    let (status, by_day) = app.get(&format!("/api/slots?{base}&days=1&from=2026-11-25"), None).await;
    assert_eq!(status, 200, "{by_day}");
    let (status, by_time) = app.get(&format!("/api/slots?{base}&days=1&from=2026-11-25T10:05:00Z"), None).await;
    assert_eq!(status, 200, "a timestamp's date is used: {by_time}");
    assert_eq!(by_day, by_time);
    let manager = app.login("manager1@demo.fieldfix.test", "fieldfix-demo").await;
    let (status, body) = app.get("/api/manage/board?date=tomorrow", Some(&manager)).await;
    assert_eq!(status, 422);
    assert_eq!(body["errors"][0]["field"], "date");
}
on_both_backends!(query_errors_name_the_field_and_its_form);

async fn a_known_address_refuses_other_methods_with_405_and_allow(app: TestApp) {
    let cases = [
        (reqwest::Method::DELETE, "/api/skills", "GET, HEAD"),
        (reqwest::Method::PUT, "/api/requests", "POST"),
        (reqwest::Method::DELETE, "/api/requests/1/cancel", "POST"),
        (reqwest::Method::POST, "/book", "GET, HEAD"),
        // Behind a role check too: the method is answered before the role is asked for.
        (reqwest::Method::PATCH, "/api/admin/skills", "GET, HEAD, POST"),
        (reqwest::Method::DELETE, "/api/manage/queue", "GET, HEAD"),
    ];
    for (method, path, allow) in cases {
        let res = app.client.request(method.clone(), app.url(path)).send().await.expect("request");
        assert_eq!(res.status().as_u16(), 405, "{method} {path}");
        let header = res.headers().get("allow").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
        assert_eq!(header, allow, "{method} {path}");
        let body: Value = res.json().await.expect("problem");
        assert_eq!(body["status"], 405);
    }
    let res = app.client.delete(app.url("/api/nowhere")).send().await.expect("request");
    assert_eq!(res.status().as_u16(), 404, "an unknown address is still 404");
}
on_both_backends!(a_known_address_refuses_other_methods_with_405_and_allow);
