//! The customer says no to paid work on /track, in Chromium: the reason box opens on the first
//! tap, the second declines, the page says so and the technician's /tech shows what to do.

use serde_json::json;

use crate::chromium::{browser_available, Driver, Page};
use crate::helpers::Assigned;
use crate::helpers::{Kind, TestApp};
use crate::lifecycle::faucet_booking;

const PW: &str = "fieldfix-demo";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn customer_declines_the_quote_on_the_page() {
    if !browser_available() {
        return;
    }
    let Some(app) = TestApp::spawn(Kind::Sqlite).await else { return };
    app.load_demo().await;
    let mut body = faucet_booking("page-decline@example.com");
    body["product"]["purchased_on"] = json!("2019-03-01");
    let Assigned { token, visit, tech_email: email, tech, .. } = app.book_and_assign(&body).await;
    let track = format!("/track/{token}");
    let paid = json!({"diagnosis": "Cartridge worn", "root_cause": "wear", "work_done": "",
        "resolution": "resolved", "lines": [
            {"kind": "call_out", "description": "Call-out", "quantity": 1},
            {"kind": "labour", "description": "Labour", "quantity": 2}]});
    for (step, body) in [("en-route", json!({})), ("arrive", json!({})), ("outcome", paid)] {
        let (s, answer) = app.post(&format!("/api/visits/{visit}/{step}"), Some(&tech), &body).await;
        assert_eq!(s, 200, "{step}: {answer}");
    }

    let driver = Driver::start().await;
    let page = Page { c: driver.browser().await, driver: &driver, base: app.address.clone() };
    page.c.set_window_size(390, 1200).await.expect("resizes");
    page.open(&track).await;
    page.until("the decision", "document.getElementById('decline-rule')").await;
    let rule = page.js("document.getElementById('decline-rule').textContent").await;
    assert!(rule.as_str().is_some_and(|r| r.contains("50.00")), "the box says the call-out stays due: {rule}");
    page.click("#decline").await;
    page.until("the reason box", "!document.getElementById('decline-reason').hidden").await;
    page.fill("#decline-reason", "Too expensive").await;
    page.shoot_sizes("track-decline", &[(390, 1200)]).await;
    page.click("#decline").await;
    page.until("the declined note", "document.getElementById('declined')").await;
    let total = page.js("document.getElementById('total').textContent").await;
    assert!(total.as_str().is_some_and(|t| t.contains("50.00")), "only the call-out is due now: {total}");
    let lines = page.js("document.querySelectorAll('#fees td.qty').length").await;
    assert_eq!(lines, 1, "the declined labour is not listed as due");
    let (_, tracked) = app.get(&format!("/api{track}"), None).await;
    assert_eq!(tracked["visits"][0]["quote_status"], "declined");
    let said =
        tracked["events"].as_array().expect("events").iter().any(|e| {
            e["kind"] == "quote_declined" && e["detail"].as_str().is_some_and(|d| d.contains("Too expensive"))
        });
    assert!(said, "the reason is on the timeline: {tracked}");
    page.assert_clean_console("/track").await;

    page.open("/tech").await;
    page.fill("#login-email", &email).await;
    page.fill("#login-password", PW).await;
    page.click("#login").await;
    page.until("what to do now", &format!("document.getElementById('declined-{visit}')")).await;
    page.until(
        "the declined resolution offered",
        &format!("document.querySelector('#resolution-{visit} option[value=declined]')"),
    )
    .await;
    let kept = page.js(&format!("document.getElementById('diagnosis-{visit}').value")).await;
    assert_eq!(kept, "Cartridge worn", "the form keeps what was typed");
    let kept_lines = page.js(&format!("document.querySelectorAll('#lines-{visit} fieldset.line').length")).await;
    assert_eq!(kept_lines, 1, "the call-out line stays, the declined labour is gone");
    page.assert_clean_console("/tech").await;
    page.c.clone().close().await.expect("closes");
}
