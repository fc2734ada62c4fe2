//! Every page passes axe-core (vendored under tests/api/fixtures/axe-core) in Chromium, in
//! English and in Chinese, with no serious or critical violation: contrast, names, labels,
//! landmarks, language. The staff pages are checked signed out (their sign-in form) and signed
//! in, with every folded panel open.

use crate::browser::sign_in;
use crate::chromium::{browser_available, Page};
use crate::helpers::{Kind, TestApp};

const AXE: &str = include_str!("fixtures/axe-core/axe.min.js");

/// Runs axe on the page as it is: the serious and critical violations, each with a few of
/// the elements it found, as text.
async fn violations(page: &Page<'_>) -> Vec<String> {
    page.c.execute(&format!("{AXE};\nreturn true;"), vec![]).await.expect("axe loads");
    let script = "const done = arguments[arguments.length - 1];
        axe.run(document, { resultTypes: ['violations'] }).then((r) => done(r.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.impact} ${v.id} (${v.help}): ` + v.nodes.slice(0, 3)
            .map((n) => `${n.target.join(' ')} ${n.failureSummary}`).join(' | '))))
          .catch((e) => done([`axe failed: ${e}`]));";
    let found = page.c.execute_async(script, vec![]).await.expect("axe runs");
    found.as_array().expect("a list").iter().map(|v| v.as_str().unwrap_or_default().to_string()).collect()
}

/// Opens `path` in `lang`, waits for `ready`, opens every folded panel and checks it.
async fn check(page: &Page<'_>, path: &str, lang: &str, ready: &str, found: &mut Vec<String>) {
    page.open(path).await;
    page.until(&format!("{path} in {lang}"), &format!("document.documentElement.lang === '{lang}' && ({ready})")).await;
    page.js("document.querySelectorAll('details').forEach((d) => { d.open = true; })").await;
    for v in violations(page).await {
        found.push(format!("{path} [{lang}]: {v}"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_passes_axe() {
    if !browser_available() {
        return;
    }
    let Some(app) = TestApp::spawn(Kind::Sqlite).await else { return };
    app.load_demo().await;
    let done = app.with_completed_repair("axe@example.com").await;
    app.rate(&done, 2, "收费太贵，而且师傅迟到").await;
    let track = format!("/track/{}", done.token);
    let rate = format!("/rate/{}", done.token);

    let driver = crate::chromium::Driver::start().await;
    let page = Page { c: driver.browser().await, driver: &driver, base: app.address.clone() };
    page.c.set_window_size(1280, 1100).await.expect("resizes");
    let mut found = Vec::new();
    for lang in ["en", "zh-CN"] {
        page.open("/").await;
        page.js(&format!("localStorage.setItem('fieldfix.lang', '{lang}')")).await;
        check(&page, "/", lang, "document.getElementById('find-form')", &mut found).await;
        check(&page, "/book", lang, "document.getElementById('booking')", &mut found).await;
        check(&page, &track, lang, "document.querySelectorAll('#timeline li').length >= 2", &mut found).await;
        let rated = "document.getElementById('message').textContent || !document.getElementById('summary').hidden";
        check(&page, &rate, lang, rated, &mut found).await;
        check(&page, "/me", lang, "!document.getElementById('signin-box').hidden", &mut found).await;
        check(&page, "/no-such-page", lang, "document.querySelector('main')", &mut found).await;
        check(&page, "/tech", lang, "!document.getElementById('login-box').hidden", &mut found).await;
        check(&page, "/manage", lang, "!document.getElementById('login-box').hidden", &mut found).await;

        sign_in(&page, "/manage", "manager1@demo.fieldfix.test").await;
        page.until("signed in", "!document.getElementById('board').hidden").await;
        let board = "!document.getElementById('board').hidden && document.querySelector('#tasks .task') \
                     && document.querySelector('#chart-rating')";
        check(&page, "/manage", lang, board, &mut found).await;
        page.click("#logout").await;
        page.until("signed out", "!document.getElementById('login-box').hidden").await;

        sign_in(&page, "/tech", &done.tech_email).await;
        page.until("signed in", "!document.getElementById('work').hidden").await;
        check(&page, "/tech", lang, "!document.getElementById('work').hidden", &mut found).await;
        page.click("#logout").await;
        page.until("signed out", "!document.getElementById('login-box').hidden").await;
    }
    assert!(found.is_empty(), "axe found {} serious or critical violations:\n{}", found.len(), found.join("\n"));
    page.c.clone().close().await.expect("closes");
}
