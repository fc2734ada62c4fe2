//! The admin pages and the acting board, in Chromium, in Chinese at 390 px: an admin makes the
//! response promise 3 minutes on /admin (a refused value explained at its field first) and
//! the board's countdown of a request booked afterwards follows; the admin makes a manager read
//! Chinese on the staff tab; a manager gives a booked
//! visit to another technician from the day lines and previews a re-plan.

use serde_json::Value;

use crate::browser::sign_in;
use crate::chromium::{browser_available, Driver, Page};
use crate::helpers::{faucet_booking, Kind, TestApp};

const PW: &str = "fieldfix-demo";

/// A page expression: the element's text holds Chinese.
fn chinese(css: &str) -> String {
    format!("/[\\u4e00-\\u9fff]/.test(document.querySelector('{css}')?.textContent || '')")
}

/// Opens `path` and chooses Chinese (kept by the browser for the next pages).
async fn in_chinese(page: &Page<'_>, path: &str) {
    page.open(path).await;
    page.until("the page script", "document.getElementById('lang').dataset.ready").await;
    page.set("#lang", "zh-CN").await;
    page.until("the Chinese page", "document.documentElement.lang === 'zh-CN'").await;
}

/// Minutes from now to the deadline the board counts down to for request `id`.
async fn countdown_minutes(page: &Page<'_>, id: i64) -> f64 {
    let css = format!("#request-{id} .countdown");
    page.until("the countdown", &format!("document.querySelector('{css}')")).await;
    let expr = format!("(new Date(document.querySelector('{css}').dataset.deadline) - Date.now()) / 60000");
    page.js(&expr).await.as_f64().expect("minutes")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_sets_a_three_minute_promise_and_the_board_follows() {
    if !browser_available() {
        return;
    }
    let Some(app) = TestApp::spawn(Kind::Sqlite).await else { return };
    app.load_demo().await;
    let admin = app.login("admin@demo.fieldfix.test", PW).await;
    let (_, points) = app.get("/api/admin/service-points", Some(&admin)).await;
    let point = points.as_array().expect("points").iter().find(|p| p["name"] == "Hangzhou West Lake").expect("point");
    let sp = point["id"].as_i64().expect("id");
    let (before, _) = app.book(&faucet_booking("before-promise@example.com")).await;

    let driver = Driver::start().await;
    let page = Page { c: driver.browser().await, driver: &driver, base: app.address.clone() };
    page.c.set_window_size(390, 900).await.expect("resizes");
    in_chinese(&page, "/admin").await;
    sign_in(&page, "/admin", "admin@demo.fieldfix.test").await;
    page.click(&format!("#edit-point-{sp}")).await;
    page.until("the coverage drawn with its corners", "document.querySelectorAll('#sp-map .vertex').length >= 3").await;
    page.fill("#pp-respond_minutes", "0").await;
    page.click("#point-save").await;
    page.until("the reason at the field", "document.getElementById('pp-respond_minutes-error')").await;
    page.until("the reason in Chinese", &chinese("#pp-respond_minutes-error")).await;
    page.shoot_here("admin-promise-refused-zh-390").await;
    let (_, unchanged) = app.get(&format!("/api/admin/service-points/{sp}"), Some(&admin)).await;
    assert_eq!(unchanged["promise_policy"]["respond_minutes"], 15, "a refused value changes nothing");

    page.fill("#pp-respond_minutes", "3").await;
    page.click("#point-save").await;
    page.until("saved", "document.getElementById('toast')?.textContent").await;
    let (_, saved) = app.get(&format!("/api/admin/service-points/{sp}"), Some(&admin)).await;
    assert_eq!(saved["promise_policy"]["respond_minutes"], 3, "{saved}");
    assert_eq!(saved["coverage"], point["coverage"], "the area as it was");
    assert_eq!(saved["fee_schedule"], point["fee_schedule"], "the fees as they were");
    page.js("document.getElementById('point-form').scrollIntoView()").await;
    page.shoot_sizes("admin-point-zh", &[(390, 1600)]).await;
    page.assert_clean_console_except("/admin", "status of 422").await;

    // The managers and admins: manager1 reads Chinese from now on (their mail follows).
    let (_, staff) = app.get("/api/admin/staff", Some(&admin)).await;
    let m1 = staff.as_array().expect("staff").iter().find(|m| m["email"] == "manager1@demo.fieldfix.test").expect("m1");
    let m1 = m1["id"].as_i64().expect("id");
    page.click("#tab-staff").await;
    page.until("the staff forms", &format!("document.getElementById('staff-language-{m1}')")).await;
    page.set(&format!("#staff-language-{m1}"), "zh-CN").await;
    // The toast still says the point was saved: empty it, so the wait below sees this save.
    page.js("document.getElementById('toast').textContent = ''").await;
    page.click(&format!("#staff-save-{m1}")).await;
    page.until("saved", "document.getElementById('toast')?.textContent").await;
    let (_, after_save) = app.get("/api/admin/staff", Some(&admin)).await;
    let saved_m1 = after_save.as_array().expect("staff").iter().find(|m| m["id"] == m1).expect("m1");
    assert_eq!(saved_m1["language"], "zh-CN", "{saved_m1}");
    page.shoot_sizes("admin-staff-zh", &[(390, 900)]).await;

    let (after, _) = app.book(&faucet_booking("after-promise@example.com")).await;
    in_chinese(&page, "/manage").await;
    sign_in(&page, "/manage", "manager1@demo.fieldfix.test").await;
    let (old, new) = (countdown_minutes(&page, before).await, countdown_minutes(&page, after).await);
    assert!(old > 10.0, "booked under the 15-minute promise: {old}");
    assert!(new > 0.0 && new <= 3.0, "booked under the 3-minute promise: {new}");
    page.until("the countdown in Chinese", &chinese(&format!("#request-{after} .countdown"))).await;
    assert_eq!(page.js("document.getElementById('admin-link').hidden").await, Value::Bool(true), "not for a manager");
    page.js(&format!("document.getElementById('request-{after}').scrollIntoView()")).await;
    page.shoot_sizes("manage-countdown-zh", &[(390, 900)]).await;
    page.assert_clean_console("/manage").await;
    page.c.clone().close().await.expect("closes");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_manager_reassigns_a_visit_on_the_board() {
    if !browser_available() {
        return;
    }
    let Some(app) = TestApp::spawn(Kind::Sqlite).await else { return };
    app.load_demo().await;
    let admin = app.login("admin@demo.fieldfix.test", PW).await;
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let done = app.book_and_assign(&faucet_booking("reassigned@example.com")).await;
    let (_, view) = app.get(&format!("/api/requests/{}", done.id), Some(&manager)).await;
    let from = view["visits"][0]["technician_id"].as_i64().expect("technician");
    let (_, candidates) = app.get(&format!("/api/requests/{}/candidates", done.id), Some(&manager)).await;
    let to = candidates.as_array().expect("candidates").iter().filter_map(|c| c["technician"]["id"].as_i64());
    let to = to.into_iter().find(|t| *t != from).expect("another qualified technician");
    let (_, techs) = app.get("/api/admin/technicians", Some(&admin)).await;
    let unqualified = techs
        .as_array()
        .expect("technicians")
        .iter()
        .find(|t| t["service_point_id"] == view["service_point_id"] && !t["skills"].to_string().contains("plumbing"))
        .and_then(|t| t["id"].as_i64())
        .expect("a technician without plumbing");

    let driver = Driver::start().await;
    let page = Page { c: driver.browser().await, driver: &driver, base: app.address.clone() };
    page.c.set_window_size(390, 900).await.expect("resizes");
    in_chinese(&page, "/manage").await;
    sign_in(&page, "/manage", "manager1@demo.fieldfix.test").await;
    page.click(&format!("#slot-{}", done.visit)).await;
    page.until("the move form", "document.getElementById('move-form')").await;
    page.set("#move-tech", &unqualified.to_string()).await;
    page.click("#move-submit").await;
    page.until("the reason at the technician", "document.getElementById('move-tech-error')").await;
    page.until("the reason in Chinese", &chinese("#move-tech-error")).await;
    page.js("document.getElementById('move-form').scrollIntoView()").await;
    page.shoot_here("manage-move-refused-zh-390").await;

    page.set("#move-tech", &to.to_string()).await;
    page.shoot_sizes("manage-move-zh", &[(390, 1200)]).await;
    page.click("#move-submit").await;
    page.until("the form closed after the move", "!document.getElementById('move-form')").await;
    let (_, moved) = app.get(&format!("/api/requests/{}", done.id), Some(&manager)).await;
    assert_eq!(moved["visits"][0]["technician_id"], to, "{moved}");
    page.until(
        "the visit on the new technician's line",
        &format!("document.querySelector('#line-{to} #slot-{}')", done.visit),
    )
    .await;

    page.click("#replan").await;
    page.until("the re-plan preview", "document.getElementById('replan-preview')").await;
    page.until("the preview in Chinese", &chinese("#replan-preview")).await;
    page.js("document.getElementById('replan-preview').scrollIntoView()").await;
    page.shoot_sizes("manage-replan-zh", &[(390, 900)]).await;
    page.assert_clean_console_except("/manage", "status of 422").await;
    page.c.clone().close().await.expect("closes");
}
