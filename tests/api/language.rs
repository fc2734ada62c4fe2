//! The server answers in the reader's language: errors (title, detail, every field's
//! reason), the timeline a customer reads, the reasons beside candidates and how a
//! technician is named; no internal state code in any message.

use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::TestApp;
use crate::lifecycle::faucet_booking;
use crate::on_both_backends;

/// A call with an `Accept-Language`, as the pages make it.
async fn call(
    app: &TestApp,
    method: Method,
    path: &str,
    token: Option<&str>,
    lang: &str,
    body: Option<&Value>,
) -> (u16, Value) {
    let mut req = app.client.request(method, app.url(path)).header("Accept-Language", lang);
    if let Some(body) = body {
        req = req.json(body);
    }
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let res = req.send().await.expect("request");
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

/// True when a text a person reads is Chinese: some Han characters and no Latin letter
/// (numbers and punctuation may be among them). An empty text is not Chinese.
fn is_chinese(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) && !text.chars().any(|c| c.is_ascii_alphabetic())
}

fn chinese_booking(email: &str) -> Value {
    let mut body = faucet_booking(email);
    body["customer"]["name"] = json!("陈小明");
    body["language"] = json!("zh-CN");
    body
}

async fn errors_are_written_in_the_readers_language(app: TestApp) {
    app.load_demo().await;
    let mut bad = chinese_booking("chen-zh@example.com");
    bad["customer"]["phone"] = json!("call me");
    bad["problem"] = json!("");
    let (s, zh) = call(&app, Method::POST, "/api/requests", None, "zh-CN,zh;q=0.9,en;q=0.8", Some(&bad)).await;
    assert_eq!(s, 422, "{zh}");
    for text in [&zh["title"], &zh["detail"]] {
        let text = text.as_str().expect("text");
        assert!(is_chinese(text), "Chinese for a Chinese reader: {zh}");
    }
    let errors = zh["errors"].as_array().expect("errors");
    assert!(errors.iter().any(|e| e["field"] == "customer.phone"), "the field keeps its path: {zh}");
    for e in errors {
        assert!(is_chinese(e["reason"].as_str().expect("reason")), "every reason in Chinese: {zh}");
    }
    let (s, en) = call(&app, Method::POST, "/api/requests", None, "en-GB,en;q=0.9", Some(&bad)).await;
    assert_eq!(s, 422);
    assert!(en["errors"].as_array().expect("errors").iter().any(|e| e["reason"] == "is not a phone number"), "{en}");
    assert_eq!(app.count("repair_requests").await, 0, "refused bookings change nothing");

    let (s, anon) = call(&app, Method::GET, "/api/tech/offers", None, "zh-CN", None).await;
    assert_eq!(s, 401);
    assert_eq!(anon["detail"], "请先登录", "{anon}");

    // A step out of order: no state code, in either language.
    let a = app.book_and_assign(&chinese_booking("gao-zh@example.com")).await;
    let step = format!("/api/visits/{}/en-route", a.visit);
    let (s, _) = call(&app, Method::POST, &step, Some(&a.tech), "zh-CN", Some(&json!({}))).await;
    assert_eq!(s, 200);
    let (s, en) = call(&app, Method::POST, &step, Some(&a.tech), "en", Some(&json!({}))).await;
    assert_eq!(s, 409, "{en}");
    let detail = en["detail"].as_str().expect("detail");
    assert!(!detail.contains('_') && detail.contains("on the way"), "plain words, no state code: {detail}");
    let (s, zh) = call(&app, Method::POST, &step, Some(&a.tech), "zh-CN", Some(&json!({}))).await;
    assert_eq!(s, 409);
    let detail = zh["detail"].as_str().expect("detail");
    assert!(is_chinese(detail) && detail.contains("路上"), "{detail}");
}
on_both_backends!(errors_are_written_in_the_readers_language);

async fn the_customer_reads_the_timeline_and_the_technician_in_chinese(app: TestApp) {
    app.load_demo().await;
    let a = app.book_and_assign(&chinese_booking("li-zh@example.com")).await;
    let (s, _) = app.post(&format!("/api/visits/{}/en-route", a.visit), Some(&a.tech), &json!({})).await;
    assert_eq!(s, 200);
    let track = format!("/api/track/{}", a.token);
    let (s, zh) = call(&app, Method::GET, &track, None, "zh-CN", None).await;
    assert_eq!(s, 200, "{zh}");
    let events = zh["events"].as_array().expect("events");
    assert!(events.len() >= 3, "{zh}");
    for e in events {
        assert!(is_chinese(e["detail"].as_str().expect("detail")), "every timeline text in Chinese: {e}");
    }
    assert!(events[0]["detail"].as_str().is_some_and(|d| d.contains("陈小明") || d.contains("水")), "{}", events[0]);
    let name = zh["visits"][0]["technician_first_name"].as_str().expect("name");
    assert!(name.ends_with("师傅") && name.chars().count() == 3, "a Chinese customer meets 王师傅: {name}");

    // The booking's language when the reader names none; English when they ask for it.
    let (_, plain) = app.get(&track, None).await;
    assert_eq!(plain["language"], "zh-CN");
    assert!(is_chinese(plain["events"][0]["detail"].as_str().expect("detail")), "{plain}");
    let (_, en) = call(&app, Method::GET, &track, None, "en", None).await;
    assert!(en["events"][0]["detail"].as_str().is_some_and(|d| d.starts_with("booked by")), "{en}");
    assert!(!en["visits"][0]["technician_first_name"].as_str().expect("name").ends_with("师傅"));

    // The manager's candidates give their reasons in the manager's language.
    let manager = app.login("manager1@demo.fieldfix.test", "fieldfix-demo").await;
    let (s, booked) = app.post("/api/requests", None, &chinese_booking("zhou-zh@example.com")).await;
    assert_eq!(s, 201);
    let candidates = format!("/api/requests/{}/candidates", booked["id"]);
    let (s, zh) = call(&app, Method::GET, &candidates, Some(&manager), "zh-CN", None).await;
    assert_eq!(s, 200, "{zh}");
    let reasons = zh[0]["reasons"].as_array().expect("reasons");
    assert!(reasons.len() >= 4);
    for r in reasons {
        assert!(is_chinese(r.as_str().expect("reason")), "every reason in Chinese: {zh}");
    }
    let (_, en) = call(&app, Method::GET, &candidates, Some(&manager), "en", None).await;
    assert!(
        en[0]["reasons"]
            .as_array()
            .expect("reasons")
            .iter()
            .any(|r| r.as_str().is_some_and(|r| r.contains("that day"))),
        "{en}"
    );
}
on_both_backends!(the_customer_reads_the_timeline_and_the_technician_in_chinese);

/// What customers type is never translated nor used as a pattern: a booking named like one
/// of the server's messages, or with the catalog's old placeholders, reads as typed in the
/// Chinese timeline, and so does a cancellation's reason.
async fn typed_text_is_shown_as_typed_in_the_chinese_timeline(app: TestApp) {
    app.load_demo().await;
    for (i, name) in ["sign in first", "{1}{0}"].into_iter().enumerate() {
        let mut body = chinese_booking(&format!("typed-{i}@example.com"));
        body["customer"]["name"] = json!(name);
        body["problem"] = json!("not found");
        let (s, booked) = app.post("/api/requests", None, &body).await;
        assert_eq!(s, 201, "{booked}");
        let token = booked["tracking_url"].as_str().expect("url").rsplit('/').next().expect("token").to_string();
        let track = format!("/api/track/{token}");
        let (s, _) =
            call(&app, Method::POST, &format!("{track}/cancel"), None, "zh-CN", Some(&json!({"reason": name}))).await;
        assert_eq!(s, 204);
        let (s, zh) = call(&app, Method::GET, &track, None, "zh-CN", None).await;
        assert_eq!(s, 200, "{zh}");
        assert_eq!(zh["problem"], "not found", "{zh}");
        let events = zh["events"].as_array().expect("events");
        let booked = events.iter().find(|e| e["kind"] == "booked").expect("booked event");
        let detail = booked["detail"].as_str().expect("detail");
        assert!(detail.starts_with(&format!("{name} 预约了维修")), "the name as typed: {detail}");
        assert!(!detail.contains("请先登录"), "{detail}");
        let cancelled = events.iter().find(|e| e["kind"] == "cancelled").expect("cancelled event");
        assert_eq!(cancelled["detail"], name, "the reason as typed: {cancelled}");
    }
}
on_both_backends!(typed_text_is_shown_as_typed_in_the_chinese_timeline);

/// The pages' words come from the server's catalog, one language at a time, and are
/// revalidated by their `ETag`; the page script holds none of them.
async fn the_pages_words_come_from_the_catalog(app: TestApp) {
    let get = |path: &str, etag: Option<&str>| {
        let mut req = app.client.get(app.url(path));
        if let Some(tag) = etag {
            req = req.header("If-None-Match", tag);
        }
        req.send()
    };
    let res = get("/api/messages/zh-CN", None).await.expect("request");
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"].to_str().is_ok_and(|t| t.starts_with("application/json")));
    let etag = res.headers()["etag"].to_str().expect("etag").to_string();
    let zh: Value = res.json().await.expect("json");
    assert_eq!(zh["book_title"], "预约维修");
    assert_eq!(zh["answer_by"], "请在 {time} 前答复", "the page fills the placeholder");
    let res = get("/api/messages/zh-CN", Some(&etag)).await.expect("request");
    assert_eq!(res.status(), 304);
    let en: Value = get("/api/messages/en", Some(&etag)).await.expect("request").json().await.expect("json");
    assert_eq!(en["book_title"], "Book a repair");
    assert_eq!(en.as_object().map(|o| o.len()), zh.as_object().map(|o| o.len()));
    assert_eq!(get("/api/messages/fr", None).await.expect("request").status(), 404);
    let script = get("/static/common.js", None).await.expect("request").text().await.expect("text");
    assert!(script.contains("/api/messages/") && !script.contains("Book a repair"), "no words in the script");
}
on_both_backends!(the_pages_words_come_from_the_catalog);
