//! The start page `/`, the HTML 404 page, and finding a repair again by reference and phone:
//! the link goes to the contact on record, never into the answer.

use serde_json::json;

use crate::helpers::TestApp;
use crate::lifecycle::faucet_booking;
use crate::mail::{to, wait_for};
use crate::on_both_backends;
use crate::on_both_backends_with_smtp;
use crate::smtp::SmtpSink;

async fn start_page_and_html_404(app: TestApp) {
    let res = app.client.get(app.url("/")).send().await.expect("request");
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"].to_str().expect("ascii").starts_with("text/html"));
    let html = res.text().await.expect("html");
    for part in ["href=\"/book\"", "id=\"find-form\"", "href=\"/tech\"", "href=\"/manage\"", "/static/home.js"] {
        assert!(html.contains(part), "/ has {part}");
    }
    for path in ["/admin/no-such-page", "/no/such/page", "/track"] {
        let res = app.client.get(app.url(path)).send().await.expect("request");
        assert_eq!(res.status(), 404, "{path}");
        let content_type = res.headers()["content-type"].to_str().expect("ascii").to_string();
        assert!(content_type.starts_with("text/html"), "{path}: {content_type}");
        let csp = res.headers().get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or_default();
        assert!(csp.contains("script-src 'self'"), "{path}: the 404 page has the CSP too");
        let body = res.text().await.expect("html");
        assert!(body.contains("href=\"/\"") && !body.contains("\"title\""), "{path}: a page, not JSON: {body}");
    }
    for path in ["/api/no-such-thing", "/api"] {
        let res = app.client.get(app.url(path)).send().await.expect("request");
        assert_eq!(res.status(), 404, "{path}");
        let content_type = res.headers()["content-type"].to_str().expect("ascii").to_string();
        assert_eq!(content_type, "application/problem+json", "{path}");
    }
    let res = app.client.post(app.url("/no/such/page")).json(&json!({})).send().await.expect("request");
    assert_eq!(res.status(), 404);
    assert_eq!(res.headers()["content-type"], "application/problem+json", "a POST is no browser's page visit");
}
on_both_backends!(start_page_and_html_404);

async fn find_my_repair_mails_the_contact_on_record(app: TestApp, sink: SmtpSink) {
    app.load_demo().await;
    let email = "find.me@example.com";
    let (s, booked) = app.post("/api/requests", None, &faucet_booking(email)).await;
    assert_eq!(s, 201, "{booked}");
    let reference = booked["reference"].as_str().expect("reference").to_string();
    let first_link = booked["tracking_url"].as_str().expect("url").to_string();

    let (s, sent) = app
        .post("/api/track/find", None, &json!({"reference": reference.to_lowercase(), "phone": "13805710000"}))
        .await;
    assert_eq!(s, 202, "{sent}");
    assert!(!sent.to_string().contains("/track/"), "the answer never holds the link: {sent}");
    let (s, wrong_phone) =
        app.post("/api/track/find", None, &json!({"reference": reference, "phone": "13900000000"})).await;
    let (s2, unknown) =
        app.post("/api/track/find", None, &json!({"reference": "FX-2222-3333", "phone": "13805710000"})).await;
    assert_eq!((s, s2), (202, 202));
    assert_eq!((&wrong_phone, &unknown), (&sent, &sent), "the same answer whether or not anything matched");

    let mails = wait_for(&sink, "the tracking link", |m| {
        to(m, email).iter().any(|m| m.subject().contains(&reference) && m.subject().starts_with("Your repair"))
    })
    .await;
    let found: Vec<_> = to(&mails, email).into_iter().filter(|m| m.subject().starts_with("Your repair")).collect();
    assert_eq!(found.len(), 1, "one link for the matching phone, none for the wrong one");
    let text = found[0].part("text/plain").expect("text");
    let link = text.split("/track/").nth(1).expect("a tracking link").split_whitespace().next().expect("token");
    assert!(!first_link.ends_with(link), "a new link, not the booking's");
    let (s, tracked) = app.get(&format!("/api/track/{link}"), None).await;
    assert_eq!(s, 200, "the mailed link opens the repair: {tracked}");
    assert_eq!(tracked["reference"], reference.as_str());

    let (s, refused) = app.post("/api/track/find", None, &json!({"reference": "", "phone": "12"})).await;
    assert_eq!(s, 422, "{refused}");
    let fields: Vec<&str> =
        refused["errors"].as_array().expect("errors").iter().filter_map(|e| e["field"].as_str()).collect();
    assert_eq!(fields, ["reference", "phone"]);
    let mut last = 0;
    for _ in 0..3 {
        let (s, _) = app.post("/api/track/find", None, &json!({"reference": reference, "phone": "13805710000"})).await;
        last = s;
    }
    assert_eq!(last, 429, "at most 3 per reference in 15 minutes");
}
on_both_backends_with_smtp!(find_my_repair_mails_the_contact_on_record);
