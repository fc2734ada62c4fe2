//! /tech survives a reload without a network: its service worker serves the page and the last
//! day from its cache, and a photo and a step taken then are kept and sent when it returns.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::chromium::{browser_available, Driver, Page};
use crate::helpers::{Kind, TestApp};
use crate::lifecycle::faucet_booking;

const PW: &str = "fieldfix-demo";

/// How many times the server answered a GET of the technician's visits.
async fn visit_reads(app: &TestApp) -> u64 {
    let url = format!("{}/metrics", app.metrics_address.as_deref().expect("metrics address"));
    let text = app.client.get(url).send().await.expect("metrics").text().await.expect("text");
    text.lines()
        .filter(|l| l.starts_with("fieldfix_http_requests_total") && l.contains("route=\"/api/tech/visits\""))
        .filter_map(|l| l.rsplit(' ').next().and_then(|n| n.parse::<u64>().ok()))
        .sum()
}

/// A DevTools session on the page's service worker: the page's emulated network does not
/// reach the worker, which is a target of its own.
async fn worker_session(page: &Page<'_>) -> Value {
    let targets = page.driver_command("goog/cdp/execute", json!({"cmd": "Target.getTargets", "params": {}})).await;
    let worker = targets["value"]["targetInfos"]
        .as_array()
        .expect("targets")
        .iter()
        .find(|t| t["type"] == "service_worker")
        .unwrap_or_else(|| panic!("no service worker among {targets}"))["targetId"]
        .clone();
    let attach = json!({"cmd": "Target.attachToTarget", "params": {"targetId": worker, "flatten": false}});
    page.driver_command("goog/cdp/execute", attach).await["value"]["sessionId"].clone()
}

/// Cuts the service worker off the network (or gives it back) in its session.
async fn worker_network(page: &Page<'_>, session: &Value, online: bool) {
    let conditions = json!({"offline": !online, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1});
    for (id, method, params) in [(1, "Network.enable", json!({})), (2, "Network.emulateNetworkConditions", conditions)]
    {
        let message = json!({"id": id, "method": method, "params": params}).to_string();
        let send = json!({"cmd": "Target.sendMessageToTarget", "params": {"message": message, "sessionId": session}});
        page.driver_command("goog/cdp/execute", send).await;
    }
}

/// Waits until the service worker's cache holds the week of visits.
async fn until_day_cached(page: &Page<'_>) {
    let deadline = Instant::now() + Duration::from_secs(20);
    let script = "const done = arguments[arguments.length - 1]; \
        caches.match('/api/tech/visits?days=7').then((r) => done(!!r && !!navigator.serviceWorker.controller), () => done(false));";
    loop {
        if page.c.execute_async(script, vec![]).await.expect("script runs") == Value::Bool(true) {
            return;
        }
        assert!(Instant::now() < deadline, "the service worker never kept the day");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tech_reloads_offline_and_keeps_a_photo_and_a_step() {
    if !browser_available() {
        return;
    }
    let Some(app) = TestApp::spawn(Kind::Sqlite).await else { return };
    app.load_demo().await;
    let job = app.book_and_assign(&faucet_booking("offline@example.com")).await;
    let photo = std::env::temp_dir().join(format!("fieldfix-offline-{}.jpg", job.visit));
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new(&mut jpeg)
        .encode_image(&image::RgbImage::from_pixel(64, 48, image::Rgb([200, 40, 40])))
        .expect("encodes");
    std::fs::write(&photo, &jpeg).expect("writes the photo");

    let driver = Driver::start().await;
    let page = Page { c: driver.browser().await, driver: &driver, base: app.address.clone() };
    page.c.set_window_size(390, 1400).await.expect("resizes");
    page.open("/tech").await;
    page.fill("#login-email", &job.tech_email).await;
    page.fill("#login-password", PW).await;
    page.click("#login").await;
    page.until("the visit", &format!("document.getElementById('en-route-{}')", job.visit)).await;
    until_day_cached(&page).await;

    page.network(false).await;
    let worker = worker_session(&page).await;
    worker_network(&page, &worker, false).await;
    let reads = visit_reads(&app).await;
    page.c.refresh().await.expect("reloads");
    page.until("the day shown again without a network", &format!("document.getElementById('en-route-{}')", job.visit))
        .await;
    assert_eq!(visit_reads(&app).await, reads, "the day came from the service worker's cache, not the server");
    page.until("the offline note", "document.getElementById('message').textContent.includes('No network')").await;

    let input = page.c.find(fantoccini::Locator::Css(&format!("#photo-before-{}", job.visit))).await.expect("input");
    input.send_keys(&photo.display().to_string()).await.expect("chooses the photo");
    page.until("the photo kept", "document.querySelectorAll('#pending-list li').length === 1").await;
    page.click(&format!("#en-route-{}", job.visit)).await;
    page.until("the step kept behind it", "document.querySelectorAll('#pending-list li').length === 2").await;
    page.shoot("tech-offline-reload").await;
    assert_eq!(app.count("photos").await, 0, "nothing reached the server");

    page.network(true).await;
    worker_network(&page, &worker, true).await;
    page.until("the kept photo and step sent", "document.getElementById('pending').hidden").await;
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let (_, detail) = app.get(&format!("/api/requests/{}", job.id), Some(&manager)).await;
    assert_eq!(detail["status"], "en_route", "{detail}");
    let stages: Vec<&str> =
        detail["photos"].as_array().expect("photos").iter().filter_map(|p| p["stage"].as_str()).collect();
    assert_eq!(stages, ["before"]);
    page.until("the photo's thumbnail on the card", &format!("document.querySelector('#photos-{} img')", job.visit))
        .await;
    let _ = std::fs::remove_file(&photo);
    page.c.clone().close().await.expect("closes");
}
