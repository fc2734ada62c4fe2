//! A customer without email on the pages, in Chinese at 390 px: signs in on /me with a code
//! sent by text message and sees their repair; corrects their mobile on /track, confirmed by
//! a code sent to the new number.

use crate::chromium::{browser_available, Driver, Page};
use crate::helpers::{Kind, TestApp};
use crate::sms::{phone_only_booking, wait_texts};

/// The first run of exactly six digits in a text message.
fn code_in(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let run: String = chars[i..].iter().take_while(|c| c.is_ascii_digit()).collect();
        if run.chars().count() == 6 {
            return run;
        }
        i += run.chars().count().max(1);
    }
    panic!("no six-digit code in {text:?}");
}

/// A page expression: the element is inside the window.
fn in_view(css: &str) -> String {
    format!(
        "(() => {{ const r = document.querySelector('{css}').getBoundingClientRect(); \
         return r.top >= 0 && r.bottom <= window.innerHeight; }})()"
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phone_only_customer_signs_in_by_code_and_corrects_the_number() {
    if !browser_available() {
        return;
    }
    let Some(app) = TestApp::spawn(Kind::Sqlite).await else { return };
    app.load_demo().await;
    let (s, booked) = app.post("/api/requests", None, &phone_only_booking("138 0571 0000")).await;
    assert_eq!(s, 201, "{booked}");
    let reference = booked["reference"].as_str().expect("reference").to_string();
    let token = booked["tracking_url"].as_str().and_then(|u| u.rsplit('/').next()).expect("token").to_string();
    wait_texts(&app, "+8613805710000", 1).await;
    let driver = Driver::start().await;
    let page = Page { c: driver.browser().await, driver: &driver, base: app.address.clone() };
    page.c.set_window_size(390, 900).await.expect("resizes");

    page.open("/me").await;
    page.until("the page script", "document.getElementById('lang').dataset.ready").await;
    page.set("#lang", "zh-CN").await;
    page.until("the Chinese page", "document.documentElement.lang === 'zh-CN'").await;
    page.fill("#code-phone", "138 0571 0000").await;
    page.click("#send-code").await;
    page.until("the code box", "!document.getElementById('code-entry').hidden").await;
    let texts = wait_texts(&app, "+8613805710000", 2).await;
    let code = code_in(texts.last().expect("the code's text"));
    page.fill("#code-digits", &code).await;
    page.click("#redeem-code").await;
    page.until("the account", "!document.getElementById('account').hidden").await;
    page.until(
        "the repair in the list",
        &format!("document.getElementById('requests').textContent.includes('{reference}')"),
    )
    .await;
    page.shoot_sizes("me-zh-phone-code", &[(390, 900)]).await;
    page.assert_clean_console("/me").await;

    page.open(&format!("/track/{token}")).await;
    page.until("the contact box", "!document.getElementById('contact-box').hidden").await;
    page.fill("#contact-phone", "139 0571 0002").await;
    page.click("#save-contact").await;
    page.until("the code box for the new number", "!document.getElementById('contact-code-form').hidden").await;
    let sent = wait_texts(&app, "+8613905710002", 1).await;
    page.fill("#contact-code", &code_in(&sent[0])).await;
    page.click("#confirm-contact").await;
    page.until("the number confirmed", "document.getElementById('contact-status').textContent.length > 0 && document.getElementById('contact-code-form').hidden").await;
    let said = page.js("document.getElementById('contact-status').textContent").await;
    let said = said.as_str().unwrap_or_default().to_string();
    assert!(
        said.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) && !said.chars().any(|c| c.is_ascii_alphabetic()),
        "in Chinese: {said}"
    );
    page.until("the answer where the eye is", &in_view("#contact-status")).await;
    page.shoot_sizes("track-zh-contact", &[(390, 900)]).await;
    page.assert_clean_console("/track").await;
    assert_eq!(app.texts_where("users", "phone", "role = 'customer'").await, ["+8613905710002"]);
}
