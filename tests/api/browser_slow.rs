//! /tech on a network that answers after 25 seconds: "on my way" does not hang. Without an
//! answer in 8 seconds the step goes to the phone's queue with a clear message, and it is sent
//! once the network answers again.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::browser::sign_in;
use crate::chromium::{browser_available, Driver, Page};
use crate::helpers::{Kind, TestApp};
use crate::lifecycle::faucet_booking;

/// Makes every answer of the page's network take `latency_ms`.
async fn latency(page: &Page<'_>, latency_ms: u64) {
    let conditions = json!({"offline": false, "latency": latency_ms, "downloadThroughput": -1, "uploadThroughput": -1});
    page.driver_command("goog/cdp/execute", json!({"cmd": "Network.enable", "params": {}})).await;
    page.driver_command("goog/cdp/execute", json!({"cmd": "Network.emulateNetworkConditions", "params": conditions}))
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_step_on_a_slow_network_is_kept_within_seconds() {
    if !browser_available() {
        return;
    }
    let Some(app) = TestApp::spawn(Kind::Sqlite).await else { return };
    app.load_demo().await;
    let job = app.book_and_assign(&faucet_booking("slow@example.com")).await;

    let driver = Driver::start().await;
    let page = Page { c: driver.browser().await, driver: &driver, base: app.address.clone() };
    page.c.set_window_size(390, 1200).await.expect("resizes");
    page.place_device(30.29, 120.15).await;
    sign_in(&page, "/tech", &job.tech_email).await;
    let button = format!("en-route-{}", job.visit);
    page.until("on my way", &format!("document.getElementById('{button}')")).await;

    latency(&page, 25_000).await;
    let started = Instant::now();
    page.click(&format!("#{button}")).await;
    page.until("the step kept on the phone", "!document.getElementById('pending').hidden").await;
    let waited = started.elapsed();
    assert!(waited < Duration::from_secs(13), "the step was held {waited:?}");
    let said = page.js("document.getElementById('message').textContent").await;
    assert!(said.as_str().is_some_and(|s| s.contains("8 seconds")), "a clear message: {said}");
    page.shoot_here("tech-slow-network-390").await;

    latency(&page, 0).await;
    page.until("the kept step sent", "document.getElementById('pending').hidden").await;
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (_, visit) = app.get(&format!("/api/requests/{}", job.id), Some(&job.tech)).await;
        if visit["visits"][0]["status"] == "en_route" {
            break;
        }
        assert!(Instant::now() < deadline, "the step never reached the server: {visit}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let error = page.js("document.getElementById('message').className").await;
    assert_ne!(error, "message error", "no error once the step went through");
    // The first try arrived after all: its replay is refused as done (409), which the page takes as sent.
    page.assert_clean_console_except("/tech", "net::ERR|Failed to fetch|aborted|409 (Conflict)").await;
    page.c.clone().close().await.expect("closes");
}
