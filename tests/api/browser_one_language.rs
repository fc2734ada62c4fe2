//! One language per reader: every page walked in Chinese shows no word in Latin letters, and
//! in English no Chinese character, except what people typed (names, addresses, problems,
//! references, brands), which is shown as typed and listed here; a request's reference
//! (FX-XXXX-XXXX) is a code, not a word.

use crate::browser::sign_in;
use crate::chromium::{browser_available, Driver, Page};
use crate::helpers::{Kind, TestApp};

/// The visible text nodes of the page (folded panels opened) that hold a word of the other
/// script, less those made only of the allowed typed data.
fn foreign(other: &str, allowed: &[String]) -> String {
    let allowed = serde_json::to_string(allowed).expect("json");
    format!(
        "(() => {{
          document.querySelectorAll('details').forEach((d) => {{ d.open = true; }});
          const allowed = {allowed};
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          const found = [];
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {{
            const p = n.parentElement;
            if (!p || p.closest('select#lang, script, style, .leaflet-control-attribution, [hidden]')) continue;
            if (!p.offsetParent && getComputedStyle(p).position !== 'fixed') continue;
            let text = n.textContent;
            for (const a of allowed) text = text.split(a).join(' ');
            text = text.replace(/FX-[0-9A-Z]{{4}}-[0-9A-Z]{{4}}/g, ' ');
            // A format's name is the same word in both languages: 下载收据（PDF）.
            text = text.replace(/PDF/g, ' ');
            if ({other}.test(text)) found.push(n.textContent.trim().slice(0, 80));
          }}
          return found;
        }})()"
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_speaks_one_language() {
    if !browser_available() {
        return;
    }
    let Some(app) = TestApp::spawn(Kind::Sqlite).await else { return };
    app.load_demo().await;
    let done = app.with_completed_repair("one-language@example.com").await;
    app.rate(&done, 2, "收费太贵，而且师傅迟到").await;
    // A visit still planned, whose state the board's day shows when its block is tapped.
    app.book_and_assign(&crate::story::faucet_booking("planned@example.com")).await;
    let track = format!("/track/{}", done.token);
    let (_, tracked) = app.get(&format!("/api{track}"), None).await;
    let reference = tracked["reference"].as_str().expect("reference").to_string();
    let admin = app.login("admin@demo.fieldfix.test", "fieldfix-demo").await;
    let (_, points) = app.get("/api/admin/service-points", Some(&admin)).await;
    let (_, technicians) = app.get("/api/admin/technicians", Some(&admin)).await;
    // What people typed, shown as typed: the booking, the points' and technicians' names.
    let mut typed: Vec<String> = [
        "Chen Xiaoming",
        "12 Wensan Road, Xihu District, Hangzhou",
        "Jiumu",
        "K-2031",
        "SN-88",
        "JD-1234",
        "The kitchen faucet sprays water everywhere since it was installed.",
        "Wrong washer fitted",
        "installation error",
        "Fitted the right washer",
        "Call-out",
        "one-language@example.com",
        "manager1@demo.fieldfix.test",
        &done.tech_email,
        "fieldfix",
        "Leaflet",
        "OpenStreetMap",
        "English",
        "CNY",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    typed.push(reference);
    typed.push("收费太贵，而且师傅迟到".into());
    let names = |list: &serde_json::Value| -> Vec<String> {
        list.as_array()
            .map(|a| a.iter().filter_map(|x| x["name"].as_str().map(str::to_string)).collect())
            .unwrap_or_default()
    };
    typed.extend(names(&points));
    typed.extend(names(&technicians));
    typed.sort_by_key(|s| std::cmp::Reverse(s.len()));

    let driver = Driver::start().await;
    let page = Page { c: driver.browser().await, driver: &driver, base: app.address.clone() };
    page.c.set_window_size(1280, 1100).await.expect("resizes");
    let mut found = Vec::new();
    for (lang, other) in [("zh-CN", "/[A-Za-z]{2,}/"), ("en", "/[\\u3400-\\u9fff]/")] {
        page.open("/").await;
        page.js(&format!("localStorage.setItem('fieldfix.lang', '{lang}')")).await;
        let look = |path: String, ready: &'static str| {
            let script = foreign(other, &typed);
            let page = &page;
            async move {
                page.open(&path).await;
                page.until(
                    &format!("{path} in {lang}"),
                    &format!("document.documentElement.lang === '{lang}' && ({ready})"),
                )
                .await;
                let title = page.js("document.title").await;
                let mut here: Vec<String> = vec![title.as_str().unwrap_or_default().replace("fieldfix · ", "")];
                here.retain(|t| regex_like(other, t));
                let nodes = page.js(&script).await;
                here.extend(nodes.as_array().into_iter().flatten().filter_map(|v| v.as_str().map(str::to_string)));
                here.into_iter().map(|t| format!("{path} [{lang}]: {t}")).collect::<Vec<_>>()
            }
        };
        found.extend(look("/".into(), "document.getElementById('find-form')").await);
        found.extend(look("/book".into(), "document.getElementById('booking')").await);
        found.extend(look(track.clone(), "document.querySelectorAll('#timeline li').length >= 2").await);
        found.extend(look("/me".into(), "!document.getElementById('signin-box').hidden").await);
        sign_in(&page, "/manage", "manager1@demo.fieldfix.test").await;
        page.until("signed in", "!document.getElementById('board').hidden").await;
        let tapped = "document.querySelector('#tasks .task') && document.querySelector('#chart-rating') \
                      && (document.querySelector('.slot.st-planned')?.click(), document.getElementById('slot-detail').textContent)";
        found.extend(look("/manage".into(), tapped).await);
        page.click("#logout").await;
        page.until("signed out", "!document.getElementById('login-box').hidden").await;
        sign_in(&page, "/tech", &done.tech_email).await;
        page.until("signed in", "!document.getElementById('work').hidden").await;
        found.extend(look("/tech".into(), "document.querySelector('#visits')").await);
        page.click("#logout").await;
        page.until("signed out", "!document.getElementById('login-box').hidden").await;
    }
    assert!(found.is_empty(), "{} text nodes in the other language:\n{}", found.len(), found.join("\n"));
    page.c.clone().close().await.expect("closes");
}

/// Whether `text` holds a character of the other script (`other` as the test's JS pattern).
fn regex_like(other: &str, text: &str) -> bool {
    if other.contains("A-Za-z") {
        text.chars().collect::<Vec<_>>().windows(2).any(|w| w.iter().all(char::is_ascii_alphabetic))
    } else {
        text.chars().any(|c| ('\u{3400}'..='\u{9fff}').contains(&c))
    }
}
