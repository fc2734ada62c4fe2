//! The customer approves the quote on the technician's phone by signing with a finger: only
//! the visit's technician sends it, only a real PNG of sane size with strokes on it is
//! taken, it is kept and shown (tracking link, staff), the timeline says she approved on
//! site by name; and the QR code of her tracking page opens it.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use image::{ImageEncoder, Rgba, RgbaImage};
use serde_json::{json, Value};

use crate::helpers::TestApp;
use crate::on_both_backends;

const PW: &str = "fieldfix-demo";

/// A PNG of `width` × `height`, transparent, with a dark stroke across it when `inked`.
pub fn signature_png(width: u32, height: u32, inked: bool) -> Vec<u8> {
    let mut picture = RgbaImage::new(width, height);
    if inked {
        for x in 0..width {
            let y = (height / 4 + x * height / (2 * width.max(1))).min(height - 1);
            for dy in 0..4.min(height - y) {
                picture.put_pixel(x, y + dy, Rgba([20, 20, 20, 255]));
            }
        }
    }
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(picture.as_raw(), width, height, image::ExtendedColorType::Rgba8)
        .expect("encode png");
    out
}

/// `bytes` as a PNG data URL.
pub fn data_url(bytes: &[u8]) -> String {
    format!("data:image/png;base64,{}", STANDARD.encode(bytes))
}

/// The approval body of a signature.
pub fn signed(bytes: &[u8], name: &str) -> Value {
    json!({"signature_png": data_url(bytes), "name": name})
}

async fn the_customer_signs_on_the_technicians_phone(app: TestApp) {
    app.load_demo().await;
    let (done, due) = app.with_pending_quote("wang.fang@example.com").await;
    let approve = format!("/api/visits/{}/quote/approve-on-site", done.visit);
    let good = signature_png(600, 240, true);

    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let other = app.another_technician(&done).await;
    assert_eq!(app.post(&approve, Some(&manager), &signed(&good, "王芳")).await.0, 403, "staff other than technicians");
    assert_eq!(app.post(&approve, Some(&other), &signed(&good, "王芳")).await.0, 404, "another technician's visit");
    assert_eq!(app.post(&approve, None, &signed(&good, "王芳")).await.0, 401);

    let jpeg = json!({"signature_png": format!("data:image/jpeg;base64,{}", STANDARD.encode(&good)), "name": "王芳"});
    let not_png = signed(b"GIF89a not a png at all", "王芳");
    let garbage = json!({"signature_png": "data:image/png;base64,!!!", "name": "王芳"});
    let mut truncated = good.clone();
    truncated.truncate(good.len() / 2);
    let refusals = [
        (jpeg, "signature_png"),
        (not_png, "signature_png"),
        (garbage, "signature_png"),
        (signed(&truncated, "王芳"), "signature_png"),
        (signed(&signature_png(600, 240, false), "王芳"), "signature_png"),
        (signed(&signature_png(4500, 20, true), "王芳"), "signature_png"),
        (signed(&signature_png(8, 8, true), "王芳"), "signature_png"),
        (signed(&good, " "), "name"),
        (signed(&good, &"名".repeat(101)), "name"),
    ];
    for (body, field) in refusals {
        let (s, problem) = app.post(&approve, Some(&done.tech), &body).await;
        assert_eq!(s, 422, "{problem}");
        assert_eq!(problem["errors"][0]["field"], field, "{problem}");
    }
    // Just over 200 KB decoded fits the body and is refused by its size; far more is 413 unread.
    let mut big = good.clone();
    big.resize(205 * 1024, 0);
    let (s, problem) = app.post(&approve, Some(&done.tech), &signed(&big, "王芳")).await;
    assert_eq!((s, problem["errors"][0]["field"].as_str()), (422, Some("signature_png")), "{problem}");
    big.resize(400 * 1024, 0);
    assert_eq!(app.post(&approve, Some(&done.tech), &signed(&big, "王芳")).await.0, 413);
    assert_eq!(app.count("quote_signatures").await, 0, "nothing kept of a refused signature");
    let (_, tracked) = app.get(&format!("/api/track/{}", done.token), None).await;
    assert_eq!(tracked["visits"][0]["quote_status"], "pending");

    let (s, answer) = app.post(&approve, Some(&done.tech), &signed(&good, "王芳")).await;
    assert_eq!(s, 204, "{answer}");
    let (_, tracked) = app.get(&format!("/api/track/{}", done.token), None).await;
    let visit = &tracked["visits"][0];
    assert_eq!(visit["quote_status"], "approved");
    assert_eq!(visit["signature"]["name"], "王芳");
    assert_eq!(visit["signature"]["amount"]["amount_minor"].as_i64(), Some(due));
    let url = visit["signature"]["url"].as_str().expect("a signature address").to_string();
    assert_eq!(url, format!("/api/track/{}/signature", done.token));
    let event = tracked["events"].as_array().expect("events").iter().rev().find(|e| e["kind"] == "quote_approved");
    let detail = event.and_then(|e| e["detail"].as_str()).unwrap_or_default();
    assert!(detail.contains("王芳") && detail.contains("on site"), "{detail}");
    let zh: Value = app
        .client
        .get(app.url(&format!("/api/track/{}", done.token)))
        .header("accept-language", "zh-CN")
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    let said = zh["events"]
        .as_array()
        .expect("events")
        .iter()
        .any(|e| e["detail"].as_str().is_some_and(|d| d.contains("现场")));
    assert!(said, "in Chinese too: {zh}");

    let image = app.client.get(app.url(&url)).send().await.expect("signature");
    assert_eq!(image.status(), 200);
    assert_eq!(image.headers()["content-type"], "image/png");
    let bytes = image.bytes().await.expect("bytes");
    let kept = image::load_from_memory(&bytes).expect("a PNG");
    assert_eq!((kept.width(), kept.height()), (600, 240));
    let staff_url = format!("/api/visits/{}/signature", done.visit);
    for (reader, expected) in [(Some(&done.tech), 200), (Some(&manager), 200), (Some(&other), 404), (None, 401)] {
        let mut req = app.client.get(app.url(&staff_url));
        if let Some(t) = reader {
            req = req.bearer_auth(t);
        }
        assert_eq!(req.send().await.expect("request").status().as_u16(), expected);
    }
    let (s, _) = app.post(&approve, Some(&done.tech), &signed(&good, "王芳")).await;
    assert_eq!(s, 409, "no quote waits any more");
    let (s, _) = app.post(&format!("/api/visits/{}/complete", done.visit), Some(&done.tech), &json!({})).await;
    assert_eq!(s, 200, "the signed quote lets the visit complete");
    assert_eq!(app.get("/api/track/no-such-token/signature", None).await.0, 404);
}
on_both_backends!(the_customer_signs_on_the_technicians_phone);

async fn the_qr_code_opens_her_tracking_page(app: TestApp) {
    app.load_demo().await;
    let (done, _) = app.with_pending_quote("qr.scan@example.com").await;
    let path = format!("/api/visits/{}/tracking-qr", done.visit);
    let (s, qr) = app.post(&path, Some(&done.tech), &json!({})).await;
    assert_eq!(s, 201, "{qr}");
    let svg = qr["qr_svg"].as_str().expect("svg");
    assert!(svg.contains("<svg") && svg.contains("</svg>"), "{svg}");
    let link = qr["tracking_url"].as_str().expect("link");
    let code = link.rsplit("/t/").next().expect("a short link");
    let opened = app.client.get(app.url(&format!("/t/{code}"))).send().await.expect("short link");
    assert_eq!(opened.status(), 302);
    let (s, tracked) = app.get(&format!("/api/track/{code}"), None).await;
    assert_eq!((s, tracked["id"].as_i64()), (200, Some(done.id)), "the code tracks her repair");
    let other = app.another_technician(&done).await;
    assert_eq!(app.post(&path, Some(&other), &json!({})).await.0, 404, "another technician's visit");
}
on_both_backends!(the_qr_code_opens_her_tracking_page);
