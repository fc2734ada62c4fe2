//! Photo uploads stay within their memory budget: a queue of bounded length (503 with
//! `Retry-After` when full), the request's place held before decoding (parallel uploads beyond
//! the limit are never decoded), failed uploads counted against the limit, and an image of
//! too many pixels refused from its header.

use serde_json::Value;

use crate::helpers::TestApp;
use crate::lifecycle::faucet_booking;
use crate::on_both_backends;
use crate::photos::jpeg;

/// Posts raw bytes as a photo; returns the status, `Retry-After` and the JSON answer.
async fn upload(app: &TestApp, path: &str, body: Vec<u8>) -> (u16, Option<String>, Value) {
    let res = app.client.post(app.url(path)).header("content-type", "image/jpeg").body(body).send().await;
    let res = res.expect("upload");
    let status = res.status().as_u16();
    let retry = res.headers().get("retry-after").and_then(|v| v.to_str().ok()).map(str::to_string);
    (status, retry, res.json().await.unwrap_or(Value::Null))
}

/// Books a repair; returns the photo address of its tracking link.
async fn photo_path(app: &TestApp, email: &str) -> String {
    let (s, booked) = app.post("/api/requests", None, &faucet_booking(email)).await;
    assert_eq!(s, 201, "{booked}");
    let token = booked["tracking_url"].as_str().expect("url").rsplit('/').next().expect("token").to_string();
    format!("/api/track/{token}/photos")
}

/// A "JPEG" that is its three first bytes and garbage.
fn garbage_jpeg(n: usize) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xD8, 0xFF];
    bytes.extend((0..20_000).map(|i| ((i * 31 + n * 7) % 251) as u8));
    bytes
}

/// A PNG of 11,000 × 11,000 pixels (121 MP): its header and the start of its pixels.
fn png_bomb_header() -> Vec<u8> {
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend(11_000u32.to_be_bytes());
    ihdr.extend(11_000u32.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    let idat = [b"IDAT".as_slice(), &[0x78, 0x9c, 0x63, 0x60, 0x18, 0x05]].concat();
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    for chunk in [ihdr, idat] {
        png.extend(u32::try_from(chunk.len() - 4).expect("short").to_be_bytes());
        png.extend(&chunk);
        png.extend(crc32(&chunk).to_be_bytes());
    }
    png
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

async fn failed_uploads_count_against_the_limit(app: TestApp) {
    app.load_demo().await;
    let path = photo_path(&app, "garbage@example.com").await;
    for n in 0..6 {
        let (s, _, body) = upload(&app, &path, garbage_jpeg(n)).await;
        assert_eq!(s, 422, "{body}");
    }
    let (s, _, body) = upload(&app, &path, jpeg(64, 48)).await;
    assert_eq!(s, 409, "six failed uploads fill the request's six places: {body}");
    assert_eq!(app.count("photos").await, 0);

    let other = photo_path(&app, "other@example.com").await;
    let (s, _, body) = upload(&app, &other, png_bomb_header()).await;
    assert_eq!(s, 422, "{body}");
    assert!(
        body["errors"][0]["reason"].as_str().is_some_and(|r| r.contains("megapixels")),
        "refused from its header: {body}"
    );
}
on_both_backends!(failed_uploads_count_against_the_limit);

async fn parallel_uploads_beyond_the_limit_are_not_decoded(app: TestApp) {
    app.load_demo().await;
    let path = photo_path(&app, "parallel@example.com").await;
    let before = app.state.photo_uploads.decodes_started();
    let photo = jpeg(1024, 768);
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..10 {
        let (client, url, body) = (app.client.clone(), app.url(&path), photo.clone());
        set.spawn(async move {
            let res = client.post(url).header("content-type", "image/jpeg").body(body).send().await;
            res.expect("upload").status().as_u16()
        });
    }
    let mut statuses = Vec::new();
    while let Some(s) = set.join_next().await {
        statuses.push(s.expect("task"));
    }
    let stored = statuses.iter().filter(|s| **s == 201).count();
    assert!(statuses.iter().all(|s| matches!(s, 201 | 409 | 503)), "{statuses:?}");
    assert!(stored <= 6, "{statuses:?}");
    assert_eq!(app.count("photos").await, stored as i64);
    let decoded = app.state.photo_uploads.decodes_started() - before;
    assert!(decoded <= 6, "{decoded} photos decoded for a limit of 6: {statuses:?}");
}
on_both_backends!(parallel_uploads_beyond_the_limit_are_not_decoded);

async fn a_full_queue_answers_503_with_retry_after(app: TestApp) {
    app.load_demo().await;
    let path = photo_path(&app, "queue@example.com").await;
    let held: Vec<_> = (0..fieldfix::domain::photo::UPLOADS_AT_ONCE)
        .map(|_| app.state.photo_uploads.enter().expect("a place in the queue"))
        .collect();
    let (s, retry, body) = upload(&app, &path, jpeg(64, 48)).await;
    assert_eq!(s, 503, "{body}");
    assert!(retry.and_then(|r| r.parse::<u64>().ok()).is_some_and(|r| r > 0), "Retry-After says when");
    assert_eq!(app.count("photos").await, 0);
    drop(held);
    let (s, _, body) = upload(&app, &path, jpeg(64, 48)).await;
    assert_eq!(s, 201, "the queue has room again, and the refusal took no place: {body}");
}
on_both_backends!(a_full_queue_answers_503_with_retry_after);
