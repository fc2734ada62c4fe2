//! /tech shows the coming days: an offer accepted for tomorrow stays in view.

use serde_json::json;

use crate::chromium::{browser_available, Driver, Page};
use crate::helpers::{Kind, TestApp};
use crate::lifecycle::faucet_booking;

const PW: &str = "fieldfix-demo";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_accepted_job_for_tomorrow_stays_in_view() {
    if !browser_available() {
        return;
    }
    let Some(app) = TestApp::spawn(Kind::Sqlite).await else { return };
    app.load_demo().await;
    let (s, slots) = app.get("/api/slots?lat=30.275&lon=120.13&skill=plumbing&days=1&from=2026-11-25", None).await;
    assert_eq!(s, 200, "{slots}");
    let slot = slots.as_array().and_then(|a| a.first()).expect("a window tomorrow").clone();
    let mut body = faucet_booking("tomorrow@example.com");
    body["window"] = json!({"start": slot["start"], "end": slot["end"]});
    let (s, booked) = app.post("/api/requests", None, &body).await;
    assert_eq!(s, 201, "{booked}");
    let id = booked["id"].as_i64().expect("id");
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let admin = app.login("admin@demo.fieldfix.test", PW).await;
    let (_, detail) = app.get(&format!("/api/requests/{id}"), Some(&manager)).await;
    let visit = detail["visits"][0]["id"].as_i64().expect("visit");
    let tech_id = app.first_candidate(id, &manager).await;
    let email = app.tech_email(&admin, tech_id).await;

    let driver = Driver::start().await;
    let page = Page { c: driver.browser().await, driver: &driver, base: app.address.clone() };
    page.c.set_window_size(390, 1400).await.expect("resizes");
    page.open("/tech").await;
    page.fill("#login-email", &email).await;
    page.fill("#login-password", PW).await;
    page.click("#login").await;
    page.click("[id^=accept-]").await;
    page.until(
        "tomorrow's visit under the coming days",
        &format!("document.querySelector('#upcoming #visit-{visit}')"),
    )
    .await;
    assert_eq!(
        page.js(&format!("!!document.querySelector('#visits #visit-{visit}')")).await,
        serde_json::Value::Bool(false),
        "not among today's"
    );
    page.shoot_sizes("tech-upcoming", &[(390, 1400)]).await;
    page.assert_clean_console("/tech").await;
    page.c.clone().close().await.expect("closes");
}
