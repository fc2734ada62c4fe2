//! The conversation on the pages, in Chinese at 390 px: the customer writes on /track (what
//! they typed shows as text, never as HTML), the manager sees who waits on /manage (the count
//! in the tab's title and the inbox), opens the thread and answers; the answer reaches the
//! customer by text message and shows in their thread.

use crate::chromium::{browser_available, Driver, Page};
use crate::helpers::{Kind, TestApp};
use crate::sms::{phone_only_booking, wait_texts};

const PW: &str = "fieldfix-demo";

/// A page expression: the element is inside the window.
fn in_view(css: &str) -> String {
    format!(
        "(() => {{ const r = document.querySelector('{css}').getBoundingClientRect(); \
         return r.top >= 0 && r.bottom <= window.innerHeight; }})()"
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn customer_and_manager_talk_in_chinese_on_a_phone() {
    if !browser_available() {
        return;
    }
    let Some(app) = TestApp::spawn(Kind::Sqlite).await else { return };
    app.load_demo().await;
    let a = app.book_and_assign(&phone_only_booking("138 0571 0000")).await;
    let driver = Driver::start().await;
    let page = Page { c: driver.browser().await, driver: &driver, base: app.address.clone() };
    page.c.set_window_size(390, 900).await.expect("resizes");

    // The customer writes; the markup they typed stays text.
    page.open(&format!("/track/{}", a.token)).await;
    page.until("the page script", "document.getElementById('lang').dataset.ready").await;
    page.set("#lang", "zh-CN").await;
    page.until("the conversation box", "document.getElementById('conversation-text')").await;
    page.until("its words in Chinese", "document.querySelector('#conversation h2').textContent === '消息'").await;
    let typed = "师傅几点到？<img src=x onerror=\"document.title='owned'\">门铃坏了，请打电话";
    page.fill("#conversation-text", typed).await;
    page.click("#conversation-send").await;
    page.until("the message in the thread", "document.querySelectorAll('#conversation-thread li.mine').length === 1")
        .await;
    let shown = page.js("document.querySelector('#conversation-thread li.mine .text').textContent").await;
    assert_eq!(shown.as_str(), Some(typed), "shown exactly as typed");
    assert_eq!(page.js("document.querySelectorAll('#conversation-thread img').length").await, 0, "never as HTML");
    page.until("the answer where the eye is", &in_view("#conversation-result")).await;
    assert_eq!(page.js("document.getElementById('conversation-result').textContent").await, "已发送。");
    page.shoot_sizes("track-zh-conversation", &[(390, 900)]).await;
    page.assert_clean_console("/track").await;

    // The manager sees who waits, opens the thread and answers.
    page.open("/manage").await;
    page.fill("#login-email", "manager1@demo.fieldfix.test").await;
    page.fill("#login-password", PW).await;
    page.click("#login").await;
    page.until("one customer waits", "document.getElementById('inbox-count')?.textContent === '1'").await;
    page.until("the count in the tab's title", "document.title.startsWith('(1) ')").await;
    let item = format!("#inbox-{}", a.id);
    page.until(
        "the waiting state in Chinese",
        &format!("document.querySelector('{item} .badge')?.textContent === '等待中'"),
    )
    .await;
    page.click(&format!("#open-thread-{}", a.id)).await;
    let thread = format!("#thread-{}", a.id);
    page.until("the thread in the card", &format!("document.querySelectorAll('{thread} li.theirs').length === 1"))
        .await;
    let seen = page.js(&format!("document.querySelector('{thread} li.theirs .text').textContent")).await;
    assert_eq!(seen.as_str(), Some(typed), "the manager reads it as typed too");
    assert_eq!(page.js("document.title").await.as_str().map(|t| t.contains("owned")), Some(false));
    page.fill(&format!("#thread-{}-text", a.id), "下午三点前到，门铃坏了会先打电话。").await;
    page.click(&format!("#thread-{}-send", a.id)).await;
    page.until("the answer in the thread", &format!("document.querySelectorAll('{thread} li.mine').length === 1"))
        .await;
    page.until("nobody waits any more", "document.getElementById('inbox-count')?.textContent === '0'").await;
    page.until("the title without a count", "!document.title.startsWith('(')").await;
    assert_eq!(page.js("document.getElementById('inbox').textContent.includes('null')").await, false);
    page.shoot_sizes("manage-zh-conversation", &[(390, 900)]).await;
    page.assert_clean_console("/manage").await;

    let texts = wait_texts(&app, "+8613805710000", 3).await;
    assert!(texts.last().is_some_and(|t| t.contains("下午三点前到")), "the answer goes by text message: {texts:?}");

    // The customer reads the answer in their thread.
    page.open(&format!("/track/{}", a.token)).await;
    page.until("the answer on /track", "document.querySelectorAll('#conversation-thread li.theirs').length === 1")
        .await;
    let answer = page.js("document.querySelector('#conversation-thread li.theirs .text').textContent").await;
    assert_eq!(answer.as_str(), Some("下午三点前到，门铃坏了会先打电话。"));
    page.shoot_sizes("track-zh-answered", &[(390, 900)]).await;
}
