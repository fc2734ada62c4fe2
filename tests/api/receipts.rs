//! The receipt she keeps (a real PDF whose text reads back, Chinese included, and a printable
//! page under the CSP) and the fapiao she asks for, which the point's managers see and issue.

use serde_json::{json, Value};

use crate::helpers::TestApp;
use crate::on_both_backends;
use crate::signed_quote::{signature_png, signed};

const PW: &str = "fieldfix-demo";

/// The text of a PDF, read back by poppler's `pdftotext` (Debian's poppler-utils); None, with
/// a "skipping" line, on a machine without it unless `FIELDFIX_REQUIRE_PDFTOTEXT=1` (CI).
fn pdf_text(pdf: &[u8]) -> Option<String> {
    let present = std::process::Command::new("pdftotext").arg("-v").output().is_ok();
    if !present && std::env::var("FIELDFIX_REQUIRE_PDFTOTEXT").as_deref() != Ok("1") {
        eprintln!("skipping the PDF's text: pdftotext (poppler-utils) is not installed");
        return None;
    }
    let path = std::env::temp_dir().join(format!("fieldfix_receipt_{}_{}.pdf", std::process::id(), rand_suffix()));
    std::fs::write(&path, pdf).expect("writes the PDF");
    let out = std::process::Command::new("pdftotext").arg("-layout").arg(&path).arg("-").output();
    let _ = std::fs::remove_file(&path);
    let out = out.expect("pdftotext runs (apt-get install poppler-utils)");
    assert!(out.status.success(), "pdftotext: {}", String::from_utf8_lossy(&out.stderr));
    Some(String::from_utf8(out.stdout).expect("UTF-8 text"))
}

fn rand_suffix() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64)
}

async fn receipt(app: &TestApp, token: &str, query: &str) -> (u16, String, Vec<u8>, reqwest::header::HeaderMap) {
    let res = app.client.get(app.url(&format!("/api/track/{token}/receipt{query}"))).send().await.expect("receipt");
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let kind = headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    (status, kind, res.bytes().await.expect("body").to_vec(), headers)
}

async fn the_receipt_is_a_pdf_in_her_language(app: TestApp) {
    app.load_demo().await;
    let (done, due) = app.with_pending_quote("receipt.pdf@example.com").await;
    assert_eq!(receipt(&app, &done.token, "").await.0, 409, "no receipt before the work is done or paid");
    let approve = format!("/api/visits/{}/quote/approve-on-site", done.visit);
    assert_eq!(app.post(&approve, Some(&done.tech), &signed(&signature_png(500, 200, true), "王芳")).await.0, 204);
    assert_eq!(app.post(&format!("/api/visits/{}/complete", done.visit), Some(&done.tech), &json!({})).await.0, 200);
    let pay = json!({"method": "wechat", "amount_minor": due});
    assert_eq!(app.post(&format!("/api/visits/{}/payment", done.visit), Some(&done.tech), &pay).await.0, 201);
    let (_, tracked) = app.get(&format!("/api/track/{}", done.token), None).await;
    let reference = tracked["reference"].as_str().expect("reference").to_string();
    let total = format!("{}.{:02} CNY", due / 100, due % 100);

    let (s, kind, pdf, headers) = receipt(&app, &done.token, "?lang=zh-CN").await;
    assert_eq!((s, kind.as_str()), (200, "application/pdf"));
    assert!(pdf.starts_with(b"%PDF-"), "a real PDF");
    assert!(headers["content-disposition"].to_str().is_ok_and(|d| d.contains("attachment")));
    // Kept beside the screenshots, to be looked at (pdftoppm turns it into an image).
    let kept = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    if std::fs::create_dir_all(&kept).is_ok() {
        let _ = std::fs::write(kept.join("receipt-zh.pdf"), &pdf);
    }
    if let Some(text) = pdf_text(&pdf) {
        for expected in [reference.as_str(), total.as_str(), "维修收据", "合计", "微信支付", "王芳", "师傅"]
        {
            assert!(text.contains(expected), "the PDF says {expected}: {text}");
        }
    }
    let (_, _, english, _) = receipt(&app, &done.token, "").await;
    if let Some(text) = pdf_text(&english) {
        assert!(text.contains("Repair receipt") && text.contains("WeChat Pay"), "booked in English: {text}");
    }

    let (s, kind, page, headers) = receipt(&app, &done.token, "?format=html&lang=zh-CN").await;
    assert_eq!((s, kind.as_str()), (200, "text/html; charset=utf-8"));
    let csp = headers["content-security-policy"].to_str().expect("a CSP");
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{csp}");
    let page = String::from_utf8(page).expect("UTF-8");
    assert!(page.contains(&reference) && page.contains(&total) && page.contains("合计"), "{page}");
    assert!(page.contains("src=\"data:image"), "the signature is on the page");
    assert!(
        page.matches("<script").count() == page.matches("<script type=\"module\" src=").count(),
        "no inline script"
    );
    assert_eq!(receipt(&app, &done.token, "?format=docx").await.0, 422);
    assert_eq!(receipt(&app, &done.token, "?lang=fr").await.0, 422);
    assert_eq!(receipt(&app, &done.token, "?lang=").await.0, 422, "as the document says: en or zh-CN");
    assert_eq!(receipt(&app, "no-such-token", "").await.0, 404);
}
on_both_backends!(the_receipt_is_a_pdf_in_her_language);

async fn warranty_lines_are_marked_and_unknown_characters_do_not_break_it(app: TestApp) {
    app.load_demo().await;
    let done = app.book_and_assign(&crate::helpers::faucet_booking("receipt.warranty@example.com")).await;
    let outcome = json!({"diagnosis": "Wrong washer", "root_cause": "installation error", "work_done": "Fitted a washer",
        "resolution": "resolved", "lines": [{"kind": "call_out", "description": "Call-out", "quantity": 1},
            {"kind": "part", "description": "密封圈 🔧𠮷", "quantity": 1, "unit_price": {"amount_minor": 500, "currency": "CNY"}}]});
    for (step, body) in [("en-route", json!({})), ("arrive", json!({})), ("outcome", outcome), ("complete", json!({}))]
    {
        assert_eq!(
            app.post(&format!("/api/visits/{}/{step}", done.visit), Some(&done.tech), &body).await.0,
            200,
            "{step}"
        );
    }
    let (s, _, pdf, _) = receipt(&app, &done.token, "?lang=zh-CN").await;
    assert_eq!(s, 200, "completed under warranty: a receipt without a payment");
    if let Some(text) = pdf_text(&pdf) {
        assert!(text.contains("保修") && text.contains("上门费"), "the call-out in the reader's words: {text}");
        assert!(text.contains("密封圈") && text.contains("师傅填写"), "an unlisted part as typed, marked: {text}");
        assert!(text.contains('□'), "characters outside the font are drawn as a box: {text}");
        assert!(text.contains("尚未付款"), "{text}");
    }
}
on_both_backends!(warranty_lines_are_marked_and_unknown_characters_do_not_break_it);

async fn the_customer_asks_for_a_fapiao_and_the_point_issues_it(app: TestApp) {
    app.load_demo().await;
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let other_manager = app.login("manager2@demo.fieldfix.test", PW).await;
    let (done, due) = app.with_approved_repair("fapiao@example.com").await;
    let ask = format!("/api/track/{}/invoice", done.token);
    let company =
        json!({"title": "杭州西湖水暖有限公司", "tax_id": "91350100M000100Y43", "email": "caiwu@example.com"});
    let (s, problem) = app.post(&ask, None, &company).await;
    assert_eq!(s, 409, "nothing paid yet: {problem}");
    let pay = json!({"method": "transfer", "amount_minor": due});
    assert_eq!(app.post(&format!("/api/visits/{}/payment", done.visit), Some(&done.tech), &pay).await.0, 201);
    let refusals = [
        (json!({"title": "公司", "tax_id": "91350100M000100Y44"}), "tax_id"),
        (json!({"title": "公司", "tax_id": "91350100I000100Y43"}), "tax_id"),
        (json!({"title": "公司", "tax_id": ""}), "tax_id"),
        (json!({"title": " "}), "title"),
        (json!({"title": "公司", "email": "not-an-email"}), "email"),
    ];
    for (body, field) in refusals {
        let (s, problem) = app.post(&ask, None, &body).await;
        assert_eq!((s, problem["errors"][0]["field"].as_str()), (422, Some(field)), "{problem}");
    }
    assert_eq!(app.count("invoice_requests").await, 0);
    let (s, asked) = app.post(&ask, None, &company).await;
    assert_eq!((s, asked["state"].as_str()), (201, Some("open")), "{asked}");
    assert_eq!(app.post(&ask, None, &json!({"title": "个人"})).await.0, 409, "one open request at a time");
    let (_, tracked) = app.get(&format!("/api/track/{}", done.token), None).await;
    assert_eq!(tracked["invoices"][0]["title"], "杭州西湖水暖有限公司", "she sees it asked for");

    let (s, list) = app.get("/api/manage/invoices", Some(&manager)).await;
    assert_eq!(s, 200, "{list}");
    let item = list["invoices"].as_array().expect("invoices").iter().find(|i| i["id"] == asked["id"]).cloned();
    let item: Value = item.expect("the point's managers see it");
    assert_eq!(
        (item["reference"].clone(), item["payments"][0]["method"].clone()),
        (tracked["reference"].clone(), json!("transfer"))
    );
    let point = tracked["service_point_id"].as_i64().expect("point");
    assert_eq!(app.get(&format!("/api/manage/invoices?service_point={point}"), Some(&other_manager)).await.0, 403);
    let issued = format!("/api/manage/invoices/{}/issued", asked["id"]);
    assert_eq!(app.post(&issued, Some(&other_manager), &json!({})).await.0, 404, "another point's manager");
    let (s, marked) = app.post(&issued, Some(&manager), &json!({})).await;
    assert_eq!((s, marked["state"].as_str()), (200, Some("issued")), "{marked}");
    assert_eq!(app.post(&issued, Some(&manager), &json!({})).await.0, 409);
    let (_, open) = app.get("/api/manage/invoices?state=open", Some(&manager)).await;
    assert!(open["invoices"].as_array().expect("list").iter().all(|i| i["id"] != asked["id"]));
    let (_, seen) = app.get(&format!("/api/requests/{}", done.id), Some(&manager)).await;
    assert_eq!(seen["invoices"][0]["state"], "issued", "on the managers' request view");
}
on_both_backends!(the_customer_asks_for_a_fapiao_and_the_point_issues_it);
