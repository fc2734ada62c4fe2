//! The next-day call on /manage, in Chromium: the customer is not satisfied, the manager types
//! what they say is wrong now, and the Calls panel names the follow-up request it opened.

use chrono::Duration;

use crate::browser::sign_in;
use crate::chromium::{browser_available, Driver, Page};
use crate::helpers::{Kind, TestApp};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn not_satisfied_on_the_call_opens_a_follow_up_on_the_page() {
    if !browser_available() {
        return;
    }
    let Some(app) = TestApp::spawn(Kind::Sqlite).await else { return };
    app.load_demo().await;
    let done = app.with_completed_repair("call-page@example.com").await;
    app.clock.advance(Duration::days(1));

    let driver = Driver::start().await;
    let page = Page { c: driver.browser().await, driver: &driver, base: app.address.clone() };
    page.c.set_window_size(1280, 1100).await.expect("resizes");
    sign_in(&page, "/manage", "manager1@demo.fieldfix.test").await;
    page.until("the next-day call", "document.querySelector('#calls [id^=call-problem-]')").await;
    page.click("#calls > summary").await;
    let panel = page.js("document.getElementById('calls').textContent").await;
    let panel = panel.as_str().expect("text").to_string();
    assert!(panel.contains("due today") && panel.contains("Visit on 2026-11-24"), "{panel}");
    assert!(!panel.contains("null"), "nothing absent written as null: {panel}");
    page.click("#calls [id^=call-record-] > summary").await;
    page.fill("#calls [id^=call-problem-]", "The joint drips again.").await;
    page.click("#calls [id^=call-not_satisfied-]").await;
    page.until("the recorded call", "document.querySelector('#calls-recorded li')").await;
    let follow_up = app.texts_where("repair_requests", "reference", &format!("follow_up_of = {}", done.id)).await;
    assert_eq!(follow_up.len(), 1, "a follow-up request");
    let line = page.js("document.querySelector('#calls-recorded li').textContent").await;
    let line = line.as_str().expect("text").to_string();
    assert!(line.contains(&format!("Follow-up opened: {}", follow_up[0])), "{line}");
    let problem = app.texts_where("repair_requests", "problem", &format!("follow_up_of = {}", done.id)).await;
    assert_eq!(problem, ["The joint drips again."]);
    page.assert_clean_console("/manage").await;
    page.c.clone().close().await.expect("closes");
}
