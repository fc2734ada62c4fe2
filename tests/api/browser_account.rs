//! The returning customer in Chromium: asks /me for a sign-in link, follows it from the
//! mail, sees the earlier faucet repair, books again with the product filled in, moves the
//! new visit on /track, and follows the technician on the map while they are on the way;
//! the manager sees the earlier repair and the repeat flag on /manage.

use serde_json::json;

use crate::accounts::mailed_link;
use crate::browser::sign_in;
use crate::chromium::{browser_available, Driver, Page};
use crate::helpers::{Kind, TestApp};
use crate::smtp::SmtpSink;

const PW: &str = "fieldfix-demo";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn returning_customer_signs_in_books_again_and_moves_the_visit() {
    if !browser_available() {
        return;
    }
    let sink = SmtpSink::start();
    let Some(app) = TestApp::spawn_with(Kind::Sqlite, Some(sink.url())).await else { return };
    app.load_demo().await;
    let email = "page.returning@example.com";
    let crate::helpers::Assigned { id: first, .. } = app.with_completed_repair(email).await;

    let driver = Driver::start().await;
    let page = Page { c: driver.browser().await, driver: &driver, base: app.address.clone() };
    page.c.set_window_size(390, 1400).await.expect("resizes");
    page.open("/me").await;
    page.fill("#link-email", email).await;
    page.click("#send-link").await;
    let token = mailed_link(&sink, email, 1).await;
    page.open(&format!("/me#link={token}")).await;
    page.until("the products", "document.getElementById('product-0')").await;
    page.until("the link gone from the address", "location.hash === ''").await;
    let card = page.js("document.getElementById('product-0').textContent").await;
    let card = card.as_str().unwrap_or_default().to_string();
    assert!(card.contains("SN-88") && card.contains("JD-1234") && card.contains("K-2031"), "{card}");
    page.until("the earlier repair", &format!("document.getElementById('request-{first}')")).await;
    page.shoot_sizes("me", &[(390, 1400)]).await;
    page.assert_clean_console("/me").await;

    page.click("#product-0 .book-again").await;
    page.until(
        "/book with the product",
        "location.pathname === '/book' && document.getElementById('serial').value === 'SN-88'",
    )
    .await;
    let filled = page.js("[document.getElementById('brand').value, document.getElementById('order_ref').value, document.getElementById('address').value]").await;
    assert_eq!(filled, json!(["Jiumu", "JD-1234", "12 Wensan Road, Xihu District, Hangzhou"]));
    page.fill("#problem", "It sprays again at the same joint.").await;
    page.fill("#name", "Chen Xiaoming").await;
    page.fill("#email", email).await;
    page.fill("#phone", "+86 138 0571 0000").await;
    page.click("#submit").await;
    page.until("the confirmation", "!document.getElementById('confirmation').hidden").await;
    let track = page.js("document.getElementById('tracking-link').getAttribute('href')").await;
    let track = track.as_str().expect("tracking path").to_string();
    let (_, booked) = app.get(&format!("/api{track}"), None).await;
    assert_eq!(booked["product"], "Jiumu K-2031");
    let id = booked["id"].as_i64().expect("id");
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let (_, staff) = app.get(&format!("/api/requests/{id}"), Some(&manager)).await;
    assert_eq!(staff["repeat_repair"], true, "the manager sees the repeat: {staff}");

    sign_in(&page, "/manage", "manager1@demo.fieldfix.test").await;
    page.click(&format!("#candidates-{id}")).await;
    page.until("the customer record", "document.getElementById('repeat-repair')").await;
    let record = page.js("document.getElementById('product-history').textContent").await;
    let first_reference = staff["product_history"][0]["reference"].as_str().expect("earlier reference").to_string();
    assert!(record.as_str().is_some_and(|r| r.contains(&first_reference)), "{record}");
    page.assert_clean_console("/manage").await;

    // The second of the windows the page offers: the slots of the next three days, as
    // /api/slots lists them for the request's place and skill.
    let (_, before) = app.get(&format!("/api{track}"), None).await;
    let slots = format!(
        "/api/slots?lat={}&lon={}&skill={}&days=3",
        before["location"]["lat"],
        before["location"]["lon"],
        before["skill"].as_str().expect("skill")
    );
    let (s, offered) = app.get(&slots, None).await;
    assert_eq!(s, 200, "{offered}");
    let offered: Vec<&serde_json::Value> =
        offered.as_array().expect("slots").iter().filter(|s| s["available"].as_u64() > Some(0)).collect();
    let chosen = offered.get(1).expect("a second window");
    let instant =
        |v: &serde_json::Value| chrono::DateTime::parse_from_rfc3339(v.as_str().expect("a time")).expect("rfc3339");
    assert_ne!(before["window"]["start"], chosen["start"], "the chosen window is a new one: {before}");
    page.open(&track).await;
    page.click("#show-windows").await;
    page.click("#new-window-1").await;
    page.click("#move-visit").await;
    page.until("the visit moved", "document.getElementById('timeline').textContent.length > 0 && [...document.querySelectorAll('#timeline li')].some((li) => li.textContent.includes('Moved'))").await;
    let (_, moved) = app.get(&format!("/api{track}"), None).await;
    assert_eq!(instant(&moved["window"]["start"]), instant(&chosen["start"]), "the chosen window: {moved}");
    assert_eq!(instant(&moved["window"]["end"]), instant(&chosen["end"]), "the chosen window: {moved}");
    page.assert_clean_console("/track").await;

    let (tech_id, visit) = app.assign_first(id, &manager).await;
    let admin = app.login("admin@demo.fieldfix.test", PW).await;
    let tech = app.login(&app.tech_email(&admin, tech_id).await, PW).await;
    let (s, _) = app
        .post(
            &format!("/api/visits/{visit}/en-route"),
            Some(&tech),
            &json!({"position": {"lat": 30.29, "lon": 120.16}}),
        )
        .await;
    assert_eq!(s, 200);
    page.open(&track).await;
    page.until("the map with the technician", "document.querySelectorAll('#track-map path.tech').length === 1 && document.querySelectorAll('#track-map path.open').length === 1").await;
    page.shoot_sizes("track-map", &[(390, 1400)]).await;
    page.assert_clean_console("/track").await;
    page.c.clone().close().await.expect("closes");
}
