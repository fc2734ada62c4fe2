//! The faucet story's start on a phone, in Chinese at 390 px: 王芳 types her address, picks
//! the place the geocoder found in Hangzhou, sees the prices before booking, adds fitting a
//! new faucet, books; the technician's quote starts from that service, warranty zeroes the
//! fault's lines (保修) and the chosen service is charged.

use serde_json::json;

use crate::browser::sign_in;
use crate::chromium::{browser_available, Driver, Page};
use crate::helpers::{Kind, TestApp};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_door_is_found_and_the_prices_are_known_before_booking() {
    if !browser_available() {
        return;
    }
    let Some(app) = TestApp::spawn_configured(Kind::Sqlite, crate::fake_geocoder::with_geocoder).await else { return };
    app.load_demo().await;
    let driver = Driver::start().await;
    let page = Page { c: driver.browser().await, driver: &driver, base: app.address.clone() };
    page.c.set_window_size(390, 900).await.expect("resizes");
    page.open("/book").await;
    page.until("the page script", "document.getElementById('lang').dataset.ready").await;
    page.set("#lang", "zh-CN").await;
    page.until("the Chinese page", "document.documentElement.lang === 'zh-CN'").await;
    page.set("#category", "faucet").await;
    page.set("#purchased_on", "2026-03-01").await;
    page.fill("#problem", "厨房水龙头到处喷水，顺便想换个新龙头。").await;
    page.fill("#address", "文三路 128 号 3 单元 502").await;
    page.until("the places found", "document.querySelectorAll('#places li').length === 2").await;
    assert_eq!(page.js("document.querySelector('#places li button').disabled").await, true, "Shanghai is outside");
    assert_eq!(page.js("document.querySelector('#book-map .pin') === null").await, true, "no pin placed for her");
    page.shoot_sizes("book-zh-places", &[(390, 900)]).await;
    page.click("#places li:nth-child(2) button").await;
    page.until("the pin at the found door", "document.querySelector('#book-map .pin')").await;
    page.until("the prices", "!document.getElementById('prices').hidden").await;
    let prices = page.js("document.getElementById('prices').textContent").await;
    let prices = prices.as_str().unwrap_or_default().to_string();
    assert!(prices.contains("上门费") && prices.contains("50.00"), "the call-out before booking: {prices}");
    assert!(prices.contains("40.00") && prices.contains("30"), "the labour rate: {prices}");
    assert!(prices.contains("安装新水龙头") && prices.contains("80.00"), "the plumbing service: {prices}");
    assert!(prices.contains("24 个月"), "what the warranty covers: {prices}");
    page.click("#service-fit-faucet").await;
    page.js("document.getElementById('prices').scrollIntoView()").await;
    page.shoot_sizes("book-zh-prices", &[(390, 900)]).await;
    page.fill("#name", "王芳").await;
    page.fill("#phone", "138 0571 0000").await;
    page.click("#submit").await;
    page.until("the confirmation", "!document.getElementById('confirmation').hidden").await;
    page.assert_clean_console("/book").await;
    let track = page.js("document.getElementById('tracking-link').getAttribute('href')").await;
    let track = track.as_str().expect("the tracking path").to_string();
    let (_, booked) = app.get(&format!("/api{track}"), None).await;
    assert_eq!(booked["location"], json!({"lat": 30.2741, "lon": 120.1551}), "the found door, not a default: {booked}");
    assert_eq!(booked["booked_services"][0]["code"], "fit-faucet");

    let id = booked["id"].as_i64().expect("id");
    let manager = app.login("manager1@demo.fieldfix.test", "fieldfix-demo").await;
    let admin = app.login("admin@demo.fieldfix.test", "fieldfix-demo").await;
    let (tech_id, visit) = app.assign_first(id, &manager).await;
    let email = app.tech_email(&admin, tech_id).await;
    let tech = app.login(&email, "fieldfix-demo").await;
    for step in ["en-route", "arrive"] {
        let (s, answer) = app.post(&format!("/api/visits/{visit}/{step}"), Some(&tech), &json!({})).await;
        assert_eq!(s, 200, "{step}: {answer}");
    }
    page.js("localStorage.setItem('fieldfix.lang', 'zh-CN')").await;
    sign_in(&page, "/tech", &email).await;
    page.until(
        "the quote starting from her service",
        &format!("document.querySelectorAll('#lines-{visit} fieldset.line').length === 1"),
    )
    .await;
    let amap = page.js(&format!("document.getElementById('amap-{visit}').getAttribute('href')")).await;
    assert!(amap.as_str().is_some_and(|h| h.contains("uri.amap.com") && h.contains("120.155100,30.274100")), "{amap}");
    page.fill(&format!("#diagnosis-{visit}"), "阀芯开裂").await;
    page.fill(&format!("#root_cause-{visit}"), "产品缺陷").await;
    page.click(&format!("#add-line-{visit}")).await;
    page.shoot_sizes("tech-zh-service-line", &[(390, 1400)]).await;
    page.click(&format!("#save-outcome-{visit}")).await;
    page.until("the quote waits for her", &format!("document.getElementById('await-approval-{visit}')")).await;
    page.assert_clean_console("/tech").await;

    page.open(&track).await;
    page.until("the fees", "!document.getElementById('fees').hidden").await;
    let fees = page.js("document.getElementById('fees').textContent").await;
    let fees = fees.as_str().unwrap_or_default().to_string();
    assert!(fees.contains("保修"), "the covered call-out says why it is free: {fees}");
    let total = page.js("document.getElementById('total').textContent").await;
    assert!(total.as_str().is_some_and(|t| t.contains("80.00")), "only the chosen service is paid: {total}");
    page.shoot_sizes("track-zh-warranty-service", &[(390, 1200)]).await;
    page.assert_clean_console("/track").await;
    page.c.clone().close().await.expect("closes");
}

/// Cancelling on the tracking page, in Chinese at 390 px: the rule is stated before the box,
/// the reason is required, and the repair ends cancelled with the reason on the timeline.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_customer_cancels_on_the_tracking_page_before_anyone_sets_off() {
    if !browser_available() {
        return;
    }
    let Some(app) = TestApp::spawn(Kind::Sqlite).await else { return };
    app.load_demo().await;
    let (id, token) = app.book(&crate::story::faucet_booking("cancel.page@example.com")).await;
    let driver = Driver::start().await;
    let page = Page { c: driver.browser().await, driver: &driver, base: app.address.clone() };
    page.c.set_window_size(390, 900).await.expect("resizes");
    page.open(&format!("/track/{token}")).await;
    page.until("the page script", "!document.getElementById('summary').hidden").await;
    page.set("#lang", "zh-CN").await;
    page.until(
        "the cancel box in Chinese",
        "!document.getElementById('cancel-box').hidden && document.documentElement.lang === 'zh-CN'",
    )
    .await;
    let rule = page.js("document.getElementById('cancel-rule').textContent").await;
    assert!(rule.as_str().is_some_and(|r| r.contains("免费取消")), "{rule}");
    page.fill("#cancel-reason", "水龙头自己好了").await;
    page.js("document.getElementById('cancel-box').scrollIntoView()").await;
    page.shoot_sizes("track-zh-cancel", &[(390, 900)]).await;
    page.click("#cancel-repair").await;
    page.until("the box gone once cancelled", "document.getElementById('cancel-box').hidden").await;
    let manager = app.login("manager1@demo.fieldfix.test", "fieldfix-demo").await;
    let (_, request) = app.get(&format!("/api/requests/{id}"), Some(&manager)).await;
    assert_eq!(request["status"], "cancelled", "{request}");
    page.assert_clean_console("/track").await;
    page.c.clone().close().await.expect("closes");
}
