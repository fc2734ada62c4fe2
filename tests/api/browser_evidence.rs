//! The job closes where it happens, in Chromium, in Chinese at 390 px: the technician's page
//! shows the quote waiting, 王芳 signs on its canvas with a finger (WebDriver pointer
//! actions), the quote is approved, the technician completes and records cash, and her
//! tracking page shows it paid with the receipt, whose PDF downloads.

use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use fantoccini::Locator;
use serde_json::json;

use crate::chromium::{browser_available, Driver, Page};
use crate::helpers::{Kind, TestApp};

const PW: &str = "fieldfix-demo";

/// Two strokes across the canvas, as a finger draws them.
async fn sign(page: &Page<'_>, css: &str) {
    for (from_x, from_y, steps) in [
        (-120i64, -20i64, [(40i64, 30i64), (40, -35), (40, 25), (40, -20)]),
        (-90, 30, [(60, -5), (60, 5), (30, 0), (20, 0)]),
    ] {
        let canvas = page.c.find(Locator::Css(css)).await.expect("the canvas");
        let mut stroke = MouseActions::new("finger".into())
            .then(PointerAction::MoveToElement { element: canvas, duration: None, x: from_x, y: from_y })
            .then(PointerAction::Down { button: MOUSE_BUTTON_LEFT });
        for (x, y) in steps {
            stroke = stroke.then(PointerAction::MoveBy { duration: Some(Duration::from_millis(60)), x, y });
        }
        page.c.perform_actions(stroke.then(PointerAction::Up { button: MOUSE_BUTTON_LEFT })).await.expect("draws");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn she_signs_pays_and_keeps_the_receipt() {
    if !browser_available() {
        return;
    }
    let Some(app) = TestApp::spawn(Kind::Sqlite).await else { return };
    app.load_demo().await;
    let (done, due) = app.with_pending_quote("wang.fang.page@example.com").await;
    let visit = done.visit;
    let driver = Driver::start().await;
    let page = Page { c: driver.browser().await, driver: &driver, base: app.address.clone() };
    page.c.set_window_size(390, 1400).await.expect("resizes");

    page.open("/tech").await;
    page.until("the page script", "document.getElementById('lang').dataset.ready").await;
    page.set("#lang", "zh-CN").await;
    page.until("the Chinese page", "document.documentElement.lang === 'zh-CN'").await;
    page.fill("#login-email", &done.tech_email).await;
    page.fill("#login-password", PW).await;
    page.click("#login").await;
    page.until("the quote waiting", &format!("document.getElementById('await-approval-{visit}')")).await;
    page.until("the signing box", &format!("document.getElementById('signature-{visit}')?.offsetParent")).await;
    page.js(&format!("document.getElementById('sign-box-{visit}').scrollIntoView()")).await;
    sign(&page, &format!("#signature-{visit}")).await;
    let inked = format!(
        "(() => {{ const c = document.getElementById('signature-{visit}'); \
         const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0; \
         for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }})()"
    );
    assert!(page.js(&inked).await.as_u64().unwrap_or(0) > 100, "the finger drew on the canvas");
    page.fill(&format!("#signer-{visit}"), "王芳").await;
    page.click(&format!("#show-qr-{visit}")).await;
    page.until("the QR code", &format!("document.getElementById('qr-{visit}')?.naturalWidth > 0")).await;
    page.js(&format!("document.getElementById('sign-box-{visit}').scrollIntoView()")).await;
    page.shoot_here("tech-sign-zh-390").await;
    page.click(&format!("#approve-signed-{visit}")).await;
    page.until("the quote approved", &format!("!document.getElementById('await-approval-{visit}')")).await;
    let (_, tracked) = app.get(&format!("/api/track/{}", done.token), None).await;
    assert_eq!(tracked["visits"][0]["quote_status"], "approved");
    assert_eq!(tracked["visits"][0]["signature"]["name"], "王芳");

    page.click(&format!("#complete-{visit}")).await;
    page.until("the payment form", &format!("document.getElementById('pay-cash-{visit}')?.offsetParent")).await;
    let prefilled = page.js(&format!("document.getElementById('pay-amount-{visit}').value")).await;
    assert_eq!(prefilled.as_str(), Some(format!("{}.{:02}", due / 100, due % 100).as_str()), "the amount due");
    page.js(&format!("document.getElementById('payment-{visit}').scrollIntoView()")).await;
    page.shoot_here("tech-payment-zh-390").await;
    page.click(&format!("#pay-cash-{visit}")).await;
    page.until("paid in cash", &format!("document.getElementById('paid-{visit}')?.textContent.includes('现金')")).await;
    page.assert_clean_console("/tech").await;
    let (_, tracked) = app.get(&format!("/api/track/{}", done.token), None).await;
    assert_eq!(tracked["payment"]["method"], "cash");

    page.open(&format!("/track/{}", done.token)).await;
    page.until("paid", "document.getElementById('paid')?.textContent.includes('现金')").await;
    page.until("the signature shown", "document.querySelector('.signature-image')?.naturalWidth > 0").await;
    page.until("the receipt link", "document.getElementById('receipt-pdf')?.offsetParent").await;
    page.js("document.getElementById('evidence').scrollIntoView()").await;
    page.shoot_here("track-paid-zh-view-390").await;
    page.shoot_sizes("track-paid-zh", &[(390, 2400)]).await;

    let downloads = std::env::temp_dir().join(format!("fieldfix_downloads_{}", std::process::id()));
    std::fs::create_dir_all(&downloads).expect("a download folder");
    let allow = json!({"behavior": "allow", "downloadPath": downloads.display().to_string()});
    page.driver_command("goog/cdp/execute", json!({"cmd": "Browser.setDownloadBehavior", "params": allow})).await;
    page.click("#receipt-pdf").await;
    let deadline = Instant::now() + Duration::from_secs(20);
    let pdf = loop {
        let found = std::fs::read_dir(&downloads)
            .expect("the folder")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|x| x == "pdf"));
        if let Some(path) = found {
            break std::fs::read(path).expect("the PDF");
        }
        assert!(Instant::now() < deadline, "the receipt PDF did not download");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let _ = std::fs::remove_dir_all(&downloads);
    assert!(pdf.starts_with(b"%PDF-"), "a PDF downloaded");
    page.assert_clean_console("/track").await;
    page.open(&format!("/api/track/{}/receipt?format=html&lang=zh-CN", done.token)).await;
    page.until("the printable receipt", "document.getElementById('receipt-total')?.textContent.includes('CNY')").await;
    page.shoot_sizes("receipt-zh", &[(390, 1000)]).await;
    page.assert_clean_console("the printable receipt").await;
    page.c.clone().close().await.expect("closes");
}
