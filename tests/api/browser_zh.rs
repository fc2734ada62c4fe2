//! The pages in Chinese all the way through, in Chromium at 390 px: a refused phone number is
//! explained at the phone field in Chinese; the tracking page's timeline is Chinese; on the
//! board the candidates open inside the request's card with Chinese reasons, and "assigned"
//! shows in view. Nothing the server writes reaches these pages in Latin letters.

use crate::chromium::{browser_available, Driver, Page};
use crate::helpers::{Kind, TestApp};

const PW: &str = "fieldfix-demo";

/// A page expression: the element's text is Chinese: some Han characters and no Latin
/// letter (an empty element is not Chinese).
fn chinese(css: &str) -> String {
    format!("((t) => /[\\u4e00-\\u9fff]/.test(t) && !/[A-Za-z]/.test(t))(document.querySelector('{css}').textContent)")
}

/// A page expression: the element is inside the window.
fn in_view(css: &str) -> String {
    format!(
        "(() => {{ const r = document.querySelector('{css}').getBoundingClientRect(); \
         return r.top >= 0 && r.bottom <= window.innerHeight; }})()"
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chinese_customer_and_manager_read_chinese_only() {
    if !browser_available() {
        return;
    }
    let Some(app) = TestApp::spawn(Kind::Sqlite).await else { return };
    app.load_demo().await;
    let driver = Driver::start().await;
    let page = Page { c: driver.browser().await, driver: &driver, base: app.address.clone() };
    page.c.set_window_size(390, 900).await.expect("resizes");

    page.open("/book").await;
    page.until("the page script", "document.getElementById('lang').dataset.ready").await;
    page.set("#lang", "zh-CN").await;
    page.until("the Chinese page", "document.documentElement.lang === 'zh-CN'").await;
    page.set("#category", "faucet").await;
    page.fill("#brand", "九牧").await;
    page.fill("#model", "K-2031").await;
    page.fill("#problem", "厨房水龙头到处喷水，已经两天了。").await;
    page.fill("#address", "杭州市西湖区文三路12号").await;
    page.click("#book-map").await;
    page.until("the pin where she tapped", "document.querySelector('#book-map .pin')").await;
    page.fill("#name", "陈小明").await;
    page.fill("#email", "chen-page-zh@example.com").await;
    page.fill("#phone", "call me").await;
    page.click("#submit").await;
    page.until("the reason at the phone field", "document.getElementById('phone-error')").await;
    assert_eq!(page.js("document.activeElement.id").await, "phone", "the eye is taken to the field");
    page.until("the reason in Chinese", &chinese("#phone-error")).await;
    page.until("the reason in view", &in_view("#phone-error")).await;
    page.until("the summary in Chinese", &chinese("#message")).await;
    page.shoot_sizes("book-zh-error", &[(390, 900)]).await;
    page.assert_clean_console_except("/book", "status of 422").await;
    assert_eq!(app.count("repair_requests").await, 0, "a refused booking stores nothing");

    page.fill("#phone", "+86 138 0571 0000").await;
    page.click("#submit").await;
    page.until("the confirmation", "!document.getElementById('confirmation').hidden").await;
    assert!(page.js("document.getElementById('phone-error')").await.is_null(), "the old reason is gone");
    let link = page.js("document.getElementById('tracking-link').getAttribute('href')").await;
    let track = link.as_str().expect("tracking link").to_string();

    page.open(&track).await;
    page.until("the timeline", "document.querySelectorAll('#timeline li').length >= 2").await;
    page.until("the timeline in Chinese", &chinese("#timeline")).await;
    page.until("the service point's phone", "document.getElementById('call-point')?.href.startsWith('tel:+86')").await;
    page.shoot_sizes("track-zh-timeline", &[(390, 1200)]).await;
    page.assert_clean_console("/track").await;

    let (_, tracked) = app.get(&format!("/api{track}"), None).await;
    let id = tracked["id"].as_i64().expect("id");
    page.open("/manage").await;
    page.fill("#login-email", "manager1@demo.fieldfix.test").await;
    page.fill("#login-password", PW).await;
    page.click("#login").await;
    page.click(&format!("#candidates-{id}")).await;
    let card = format!("#candidates-of-{id}");
    page.until("candidates inside the request's card", &format!("document.querySelector('{card} #assign-0')")).await;
    page.until("candidates and their reasons in Chinese", &chinese(&card)).await;
    page.shoot_sizes("manage-zh-candidates", &[(390, 1400)]).await;
    page.click("#assign-0").await;
    page.until("the confirmation toast", "document.getElementById('toast')?.textContent").await;
    page.until("the toast in view", &in_view("#toast")).await;
    page.until("the toast in Chinese", &chinese("#toast")).await;
    page.until("the request to leave the queue", &format!("!document.getElementById('request-{id}')")).await;
    page.assert_clean_console("/manage").await;
    page.c.clone().close().await.expect("closes");
}
