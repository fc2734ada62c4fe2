//! The faucet story on the pages alone, in Debian's headless Chromium driven over WebDriver:
//! a customer books on /book, the best technician accepts on /tech (and keeps a step while
//! offline), the customer approves the quote and rates on /track, the manager sees the day on
//! /manage and assigns a second request. Screenshots go to target/screenshots/.
//! Runs on SQLite only: the API tests already cover both backends.

use std::time::Duration;

use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use fantoccini::Locator;

use crate::chromium::{browser_available, Driver, Page};
use crate::helpers::{Kind, TestApp};

const PW: &str = "fieldfix-demo";

/// Books a repair on /book, dragging the map pin to the door; returns the tracking path.
async fn book_on_the_page(page: &Page<'_>, app: &TestApp) -> String {
    page.open("/book").await;
    page.until("the page script", "document.getElementById('lang').dataset.ready").await;
    page.set("#category", "faucet").await;
    page.fill("#brand", "Jiumu").await;
    page.fill("#model", "K-2031").await;
    page.fill("#order_ref", "JD-1234").await;
    page.set("#purchased_on", "2019-03-01").await;
    page.fill("#problem", "The kitchen faucet sprays water everywhere.").await;
    assert_eq!(page.js("document.getElementById('skill').value").await, "plumbing", "skill from the category");
    page.fill("#address", "12 Wensan Road, Xihu District, Hangzhou").await;
    assert_eq!(
        page.js("document.querySelector('#book-map .pin') === null").await,
        true,
        "no pin before the customer places it"
    );
    page.click("#book-map").await;
    page.until("the map pin without tiles", "document.querySelector('#book-map .pin')").await;
    let before = page.js("Number(document.getElementById('book-map').dataset.lon)").await.as_f64().expect("lon");
    let pin = page.c.find(Locator::Css("#book-map .pin")).await.expect("pin");
    let drag = MouseActions::new("mouse".into())
        .then(PointerAction::MoveToElement { element: pin, duration: None, x: 0, y: 0 })
        .then(PointerAction::Down { button: MOUSE_BUTTON_LEFT })
        .then(PointerAction::MoveBy { duration: Some(Duration::from_millis(200)), x: 20, y: 0 })
        .then(PointerAction::MoveBy { duration: Some(Duration::from_millis(200)), x: 20, y: 0 })
        .then(PointerAction::Up { button: MOUSE_BUTTON_LEFT });
    page.c.perform_actions(drag).await.expect("drags the pin");
    page.until(
        "the pin to move the address east",
        &format!("Number(document.getElementById('book-map').dataset.lon) > {before}"),
    )
    .await;
    page.js("document.getElementById('address').scrollIntoView()").await;
    page.shoot_sizes("book-map", &[(390, 900)]).await;
    page.c.set_window_size(390, 1600).await.expect("resizes");
    page.click("#load-windows").await;
    page.until("bookable windows", "document.querySelector('#window-list input')").await;
    page.fill("#name", "Chen Xiaoming").await;
    page.fill("#email", "chen@example.com").await;
    page.fill("#phone", "+86 138 0571 0000").await;
    // A photo of the fault, straight from a phone camera: with the GPS position in its EXIF.
    let photo = std::env::temp_dir().join(format!("fieldfix-book-{}.jpg", std::process::id()));
    std::fs::write(&photo, crate::photos::with_exif_gps(&crate::photos::jpeg(1200, 900))).expect("writes the photo");
    let input = page.c.find(Locator::Css("#photos")).await.expect("photo input");
    input.send_keys(&photo.display().to_string()).await.expect("chooses the photo");
    page.shoot("book").await;
    page.click("#submit").await;
    page.until("the confirmation", "document.getElementById('reference').textContent").await;
    page.until("the photo sent", "!document.getElementById('confirmation').hidden").await;
    let _ = std::fs::remove_file(&photo);
    page.shoot("book-confirmation").await;
    page.assert_clean_console("/book").await;
    let reference = page.js("document.getElementById('reference').textContent").await;
    let track_path = page.js("document.getElementById('tracking-link').getAttribute('href')").await;
    let track_path = track_path.as_str().expect("tracking path").to_string();
    assert!(track_path.starts_with("/track/"), "{track_path}");
    let (_, tracked) = app.get(&format!("/api{track_path}"), None).await;
    assert_eq!(tracked["reference"], reference);
    assert_eq!(tracked["warranty"]["covered"], false, "bought in 2019: the customer pays");
    let photos = tracked["photos"].as_array().expect("photos");
    assert_eq!((photos.len(), photos[0]["stage"].as_str()), (1, Some("booking")), "the photo came with the booking");
    let stored = app.client.get(app.url(photos[0]["url"].as_str().expect("url"))).send().await.expect("photo");
    let stored = stored.bytes().await.expect("bytes");
    assert!(!crate::photos::has_exif(&stored), "stored without EXIF, so without the home's position");
    track_path
}

pub async fn sign_in(page: &Page<'_>, path: &str, email: &str) {
    page.open(path).await;
    page.fill("#login-email", email).await;
    page.fill("#login-password", PW).await;
    page.click("#login").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faucet_story_in_the_browser() {
    if !browser_available() {
        return;
    }
    let Some(app) = TestApp::spawn(Kind::Sqlite).await else { return };
    app.load_demo().await;
    let driver = Driver::start().await;
    let page = Page { c: driver.browser().await, driver: &driver, base: app.address.clone() };
    page.c.set_window_size(390, 1600).await.expect("resizes");

    // The customer books; the best technician gets an offer and accepts it on the phone.
    let track_path = book_on_the_page(&page, &app).await;
    let (_, tracked) = app.get(&format!("/api{track_path}"), None).await;
    let id = tracked["id"].as_i64().expect("id");
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let admin = app.login("admin@demo.fieldfix.test", PW).await;
    let tech_id = app.first_candidate(id, &manager).await;
    let email = app.tech_email(&admin, tech_id).await;
    app.clock.advance(chrono::Duration::minutes(4));
    sign_in(&page, "/tech", &email).await;
    page.click("[id^=accept-]").await;
    page.until("the accepted visit", "document.querySelector('[id^=en-route-]')").await;
    let (_, detail) = app.get(&format!("/api/requests/{id}"), Some(&manager)).await;
    assert_eq!(detail["status"], "scheduled", "{detail}");
    assert_eq!(detail["visits"][0]["technician_id"], tech_id);
    let visit = detail["visits"][0]["id"].as_i64().expect("visit");

    // No network on the road: "on my way" is kept on the phone and sent when the network returns.
    page.place_device(30.29, 120.15).await;
    page.network(false).await;
    page.click(&format!("#en-route-{visit}")).await;
    page.until("the kept action", "!document.getElementById('pending').hidden").await;
    page.until("the arrive button while offline", &format!("document.getElementById('arrive-{visit}')")).await;
    page.shoot("tech-offline").await;
    let (_, detail) = app.get(&format!("/api/requests/{id}"), Some(&manager)).await;
    assert_eq!(detail["status"], "scheduled", "nothing reached the server while offline");
    page.network(true).await;
    page.until("the kept action sent", "document.getElementById('pending').hidden").await;
    let (_, detail) = app.get(&format!("/api/requests/{id}"), Some(&manager)).await;
    assert_eq!(detail["status"], "en_route", "sent once the network returned: {detail}");

    // On site: the outcome with paid labour waits for the customer's approval.
    app.clock.advance(chrono::Duration::minutes(22));
    let door = &detail["location"];
    page.place_device(door["lat"].as_f64().expect("lat"), door["lon"].as_f64().expect("lon")).await;
    page.click(&format!("#arrive-{visit}")).await;
    page.fill(&format!("#diagnosis-{visit}"), "Water sprays from the spout joint").await;
    page.fill(&format!("#root_cause-{visit}"), "worn cartridge").await;
    page.fill(&format!("#work_done-{visit}"), "Replaced the cartridge").await;
    page.click(&format!("#add-line-{visit}")).await;
    page.fill(&format!("#lines-{visit} .line-description"), "Call-out").await;
    page.click(&format!("#add-line-{visit}")).await;
    page.set(&format!("#lines-{visit} fieldset:nth-of-type(2) .line-kind"), "labour").await;
    page.fill(&format!("#lines-{visit} fieldset:nth-of-type(2) .line-description"), "Labour").await;
    page.click(&format!("#add-line-{visit}")).await;
    page.set(&format!("#lines-{visit} fieldset:nth-of-type(3) .line-kind"), "part").await;
    // An unlisted part at a price beyond any bill: the reason shows at that line's price.
    let third = format!("#lines-{visit} fieldset:nth-of-type(3)");
    page.set(&format!("{third} .line-part"), "").await;
    page.fill(&format!("{third} .line-description"), "Spare part").await;
    page.fill(&format!("{third} .line-price"), "2000000").await;
    page.click(&format!("#save-outcome-{visit}")).await;
    page.until(
        "the reason at the line's price",
        &format!("document.querySelector('{third} .line-price + .field-error')"),
    )
    .await;
    assert_eq!(
        page.js("document.activeElement.classList.contains('line-price')").await,
        serde_json::Value::Bool(true),
        "the eye is taken to the refused price"
    );
    page.fill(&format!("{third} .line-description"), "").await;
    page.set(&format!("{third} .line-part"), "cartridge-35").await;
    page.until(
        "the part's name from the fee schedule",
        &format!("document.querySelector('#lines-{visit} fieldset:nth-of-type(3) .line-description').value === 'Ceramic cartridge 35 mm'"),
    )
    .await;
    page.until(
        "the total of call-out, half an hour and the cartridge",
        &format!("document.getElementById('lines-total-{visit}').textContent.includes('170')"),
    )
    .await;
    let after = std::env::temp_dir().join(format!("fieldfix-after-{visit}.jpg"));
    std::fs::write(&after, crate::photos::jpeg(800, 600)).expect("writes the photo");
    let input = page.c.find(Locator::Css(&format!("#photo-after-{visit}"))).await.expect("photo input");
    input.send_keys(&after.display().to_string()).await.expect("takes the photo");
    page.until(
        "the after photo beside the booking's",
        &format!("document.querySelectorAll('#photos-{visit} img').length === 2"),
    )
    .await;
    let _ = std::fs::remove_file(&after);
    page.shoot("tech").await;
    page.click(&format!("#save-outcome-{visit}")).await;
    page.until("the wait for approval", &format!("document.getElementById('await-approval-{visit}')")).await;
    page.until("the saved outcome, read-only", &format!("document.getElementById('saved-outcome-{visit}')")).await;
    page.until(
        "the saved total",
        &format!("document.getElementById('saved-total-{visit}').textContent.includes('170')"),
    )
    .await;
    assert_eq!(
        page.js(&format!("!!document.getElementById('outcome-{visit}')")).await,
        serde_json::Value::Bool(false),
        "the form is not offered again empty"
    );
    // Offline steps fail to load on purpose; so did the refused price above (422).
    page.assert_clean_console_except("/tech", "ERR_INTERNET_DISCONNECTED|status of 422").await;

    // The customer approves the fees on the tracking page.
    app.clock.advance(chrono::Duration::minutes(5));
    page.open(&track_path).await;
    page.until("the quote", "document.getElementById('approve')").await;
    page.until("the booking's photo as a thumbnail", "document.querySelector('#photo-strip a img')").await;
    page.until("what was found, with the quote", "document.querySelector('#fees [id^=found-]')").await;
    page.until("labour in half hours", "document.getElementById('fees').textContent.includes('half hour')").await;
    let first = page.js("document.querySelector('main section:not([hidden])').id").await;
    assert_eq!(first, serde_json::Value::String("fees".into()), "the decision comes first while a quote waits");
    let (_, tracked) = app.get(&format!("/api{track_path}"), None).await;
    let minor = tracked["visits"][0]["total"]["amount_minor"].as_i64().expect("a total");
    assert!(minor > 0, "the customer pays: {tracked}");
    let total = page.js("document.getElementById('total').textContent").await;
    assert!(total.as_str().is_some_and(|t| t.contains(&(minor / 100).to_string())), "{total} shows {minor}");
    page.shoot("track-quote").await;
    page.click("#approve").await;
    page.until("the approval", "!document.getElementById('approve')").await;
    let (_, tracked) = app.get(&format!("/api{track_path}"), None).await;
    assert_eq!(tracked["visits"][0]["quote_status"], "approved");

    // The technician (still signed in on the phone) completes.
    page.open("/tech").await;
    page.until("no approval wait", &format!("!document.getElementById('await-approval-{visit}')")).await;
    page.click(&format!("#complete-{visit}")).await;
    page.until("the visit completed", &format!("!document.getElementById('complete-{visit}')")).await;
    let (_, detail) = app.get(&format!("/api/requests/{id}"), Some(&manager)).await;
    assert_eq!(detail["status"], "completed", "{detail}");
    let arrived = detail["visits"][0]["arrival_distance_m"].as_f64().expect("the arrival position was sent");
    assert!(arrived < 100.0, "arrived {arrived} m from the address");

    // The customer rates.
    app.clock.advance(chrono::Duration::minutes(30));
    page.open(&track_path).await;
    page.until("the rating form", "!document.getElementById('rate').hidden").await;
    assert_eq!(page.js("document.getElementById('status').textContent").await, "Completed");
    for question in ["stars", "punctuality", "professionalism", "resolution"] {
        page.click(&format!("#{question}-5")).await;
    }
    page.fill("#comment", "Fixed the same day.").await;
    page.shoot("track").await;
    page.click("#send-rating").await;
    page.until(
        "the thanks where the form was",
        "document.getElementById('rate-thanks')?.textContent.startsWith('Thank')",
    )
    .await;
    page.until("the closed status", "document.getElementById('status').textContent === 'Closed'").await;
    page.set("#lang", "zh-CN").await;
    page.until("the Chinese page", "document.getElementById('status').textContent === '已结束'").await;
    page.shoot("track-zh").await;
    page.set("#lang", "en").await;
    page.assert_clean_console("/track").await;

    // The manager sees the day: the visit on the technician's line, the map, the week's figures.
    page.c.set_window_size(1280, 1100).await.expect("resizes");
    sign_in(&page, "/manage", "manager1@demo.fieldfix.test").await;
    page.until(
        "the visit on the timeline",
        &format!("document.querySelector('#line-{tech_id} #slot-{visit}.st-completed')"),
    )
    .await;
    page.until("technicians on the map", "document.querySelectorAll('#map path.tech').length >= 5").await;
    page.until("the area on the map", "document.querySelector('#map path.area')").await;
    page.until("the weekly chart", "document.querySelector('#chart-rating rect.bar-fill')").await;
    page.js("window.scrollTo(0, document.body.scrollHeight)").await;
    page.shoot_here("manage-charts").await;
    let label = page.js("document.getElementById('chart-rating').getAttribute('aria-label')").await;
    assert!(label.as_str().is_some_and(|l| l.contains("5.0")), "this week's mean rating is charted: {label}");

    // A second request from the API: the manager assigns it from the queue and it joins a line.
    let (s, second) = app.post("/api/requests", None, &crate::lifecycle::faucet_booking("wang@example.com")).await;
    assert_eq!(s, 201, "{second}");
    let second_id = second["id"].as_i64().expect("id");
    page.click("#refresh").await;
    page.click(&format!("#candidates-{second_id}")).await;
    page.until("candidates", "document.getElementById('assign-0')").await;
    page.until("a countdown", "/left|overdue/.test(document.querySelector('.countdown').textContent)").await;
    page.until("the open request on the map", "document.querySelector('#map path.open')").await;
    page.js("window.scrollTo(0, 0)").await;
    page.shoot_sizes("manage", &[(390, 1600), (1280, 1100), (1600, 2000)]).await;
    page.c.set_window_size(1280, 1100).await.expect("resizes");
    page.click("#assign-0").await;
    page.until("the request to leave the queue", &format!("!document.getElementById('request-{second_id}')")).await;
    let (_, detail) = app.get(&format!("/api/requests/{second_id}"), Some(&manager)).await;
    let second_visit = detail["visits"][0]["id"].as_i64().expect("visit");
    page.until("the assigned visit on a line", &format!("document.getElementById('slot-{second_visit}')")).await;
    page.set("#lang", "zh-CN").await;
    page.until("the Chinese board", "document.querySelector('#charts figcaption').textContent.startsWith('按时响应')")
        .await;
    page.shoot_sizes("manage-zh", &[(1600, 2000)]).await;
    page.set("#lang", "en").await;

    // The next day's call list: the faucet customer with a tel: link, reached and satisfied.
    page.set("#day", "2026-11-25").await;
    page.until("the next-day call", "document.querySelector('#calls [id^=call-phone-]')").await;
    let phone = page.js("document.querySelector('#calls [id^=call-phone-]').getAttribute('href')").await;
    assert_eq!(phone, serde_json::Value::String("tel:+8613805710000".into()));
    page.until("the photos of the fault and the work", "document.querySelectorAll('#calls .photos img').length === 2")
        .await;
    page.click("#calls > summary").await;
    page.click("#calls [id^=call-record-] > summary").await;
    page.js("document.getElementById('calls').scrollIntoView()").await;
    page.shoot_here("manage-calls").await;
    page.click("#calls [id^=call-satisfied-]").await;
    page.until("the call done", "!document.querySelector('#calls [id^=call-phone-]')").await;
    assert_eq!(app.count_where("calls", "status = 'reached' AND satisfied").await, 1);
    page.assert_clean_console("/manage").await;
    page.c.clone().close().await.expect("closes");
}
