//! Photos from both sides: the customer's with the booking, the technician's before and
//! after; re-encoded without EXIF and within 2048 px, refused when too large, of the wrong
//! kind or unreadable, limited in number, and readable only by the request's people.

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::{ImageEncoder, RgbImage};
use serde_json::{json, Value};

use crate::helpers::token_of;
use crate::helpers::Assigned;
use crate::helpers::TestApp;
use crate::lifecycle::faucet_booking;
use crate::on_both_backends;

const PW: &str = "fieldfix-demo";

fn picture(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8]))
}

pub fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 80).encode_image(&picture(width, height)).expect("encode jpeg");
    out
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let img = picture(width, height);
    PngEncoder::new(&mut out)
        .write_image(img.as_raw(), width, height, image::ExtendedColorType::Rgb8)
        .expect("encode png");
    out
}

/// An EXIF APP1 segment (big-endian TIFF) whose GPS directory says "north, 30°", spliced in
/// after the JPEG's start marker, as a phone camera writes it.
pub fn with_exif_gps(jpeg: &[u8]) -> Vec<u8> {
    let mut tiff: Vec<u8> = b"MM\0\x2a\0\0\0\x08".to_vec();
    // IFD0: one entry, the GPS directory's offset (26), then no next IFD.
    tiff.extend_from_slice(&[0, 1, 0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 26, 0, 0, 0, 0]);
    // GPS IFD: GPSLatitudeRef "N", GPSLatitude 30/1 0/1 0/1 (rationals at offset 56).
    tiff.extend_from_slice(&[0, 2, 0, 1, 0, 2, 0, 0, 0, 2, b'N', 0, 0, 0]);
    tiff.extend_from_slice(&[0, 2, 0, 5, 0, 0, 0, 3, 0, 0, 0, 56, 0, 0, 0, 0]);
    for (n, d) in [(30u32, 1u32), (0, 1), (0, 1)] {
        tiff.extend_from_slice(&n.to_be_bytes());
        tiff.extend_from_slice(&d.to_be_bytes());
    }
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend_from_slice(&tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&payload);
    out.extend_from_slice(&jpeg[2..]);
    out
}

pub fn has_exif(bytes: &[u8]) -> bool {
    bytes.windows(6).any(|w| w == b"Exif\0\0") || bytes.windows(2).any(|w| w == [0xFF, 0xE1])
}

/// Posts raw bytes with a content type; returns the status and the JSON answer.
async fn upload(app: &TestApp, path: &str, bearer: Option<&str>, content_type: &str, body: Vec<u8>) -> (u16, Value) {
    let mut req = app.client.post(app.url(path)).header("content-type", content_type).body(body);
    if let Some(t) = bearer {
        req = req.bearer_auth(t);
    }
    let res = req.send().await.expect("upload");
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

/// Gets an image: status, content type, cache control, nosniff, bytes.
async fn fetch(app: &TestApp, path: &str, bearer: Option<&str>) -> (u16, String, String, String, Vec<u8>) {
    let mut req = app.client.get(app.url(path));
    if let Some(t) = bearer {
        req = req.bearer_auth(t);
    }
    let res = req.send().await.expect("get");
    let header = |n: &str| res.headers().get(n).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    let (ct, cache, nosniff) = (header("content-type"), header("cache-control"), header("x-content-type-options"));
    (res.status().as_u16(), ct, cache, nosniff, res.bytes().await.expect("bytes").to_vec())
}

async fn customer_photos_are_cleaned_limited_and_private(app: TestApp) {
    app.load_demo().await;
    let (s, booked) = app.post("/api/requests", None, &faucet_booking("photos@example.com")).await;
    assert_eq!(s, 201, "{booked}");
    let token = token_of(&booked);
    let path = format!("/api/track/{token}/photos");

    let original = with_exif_gps(&jpeg(3000, 1500));
    assert!(has_exif(&original), "the test image carries EXIF");
    assert!(image::load_from_memory(&original).is_ok(), "and is a readable JPEG");
    let (s, up) = upload(&app, &path, None, "image/jpeg", original).await;
    assert_eq!(s, 201, "{up}");
    let url = up["url"].as_str().expect("url").to_string();
    assert!(url.starts_with(&format!("/api/track/{token}/photos/")), "{url}");
    assert!(up["id"].as_str().expect("id").len() >= 40, "an unguessable id");
    let (s, ct, cache, nosniff, stored) = fetch(&app, &url, None).await;
    assert_eq!((s, ct.as_str(), nosniff.as_str()), (200, "image/jpeg", "nosniff"));
    assert!(cache.contains("private"), "{cache}");
    assert!(!has_exif(&stored), "EXIF (and with it the GPS position) is gone from the stored bytes");
    let shown = image::load_from_memory(&stored).expect("stored JPEG");
    assert_eq!((shown.width(), shown.height()), (2048, 1024), "scaled to 2048 px on the long side");
    let (s, _, _, _, thumb) = fetch(&app, up["thumbnail_url"].as_str().expect("thumb"), None).await;
    assert_eq!(s, 200);
    let thumb = image::load_from_memory(&thumb).expect("thumbnail JPEG");
    assert!(thumb.width().max(thumb.height()) <= 320, "{}x{}", thumb.width(), thumb.height());

    let (s, up) = upload(&app, &path, None, "image/png", png(400, 300)).await;
    assert_eq!(s, 201, "a PNG: {up}");
    let (_, ct, _, _, stored) = fetch(&app, up["url"].as_str().expect("url"), None).await;
    assert_eq!(ct, "image/jpeg", "stored as JPEG");
    assert_eq!(image::load_from_memory(&stored).expect("png stored").width(), 400, "small ones keep their size");

    let refused = [
        ("image/jpeg", b"I am a text file named photo.jpg".to_vec(), 415, "JPEG, PNG or WebP"),
        ("image/heic", b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec(), 415, "HEIC"),
        ("image/jpeg", [&jpeg(64, 64)[..24], &b"broken broken broken"[..]].concat(), 422, "could not be read"),
        ("text/plain", jpeg(64, 64), 415, "image"),
        ("image/jpeg", Vec::new(), 422, "empty"),
    ];
    for (ct, body, status, says) in refused {
        let (s, problem) = upload(&app, &path, None, ct, body).await;
        assert_eq!(s, status, "{ct}: {problem}");
        let text = problem.to_string();
        assert!(text.contains(says), "{ct}: {text}");
    }
    let too_big = vec![0xFFu8; 10 * 1024 * 1024 + 1];
    let (s, _) = upload(&app, &path, None, "image/jpeg", too_big).await;
    assert_eq!(s, 413, "over 10 MB");
    assert_eq!(app.count("photos").await, 2, "nothing refused was stored");
    let (s, problem) = upload(&app, &path, None, "image/jpeg", jpeg(32, 32)).await;
    assert_eq!(s, 409, "four failed uploads (read, then refused) hold their places with the two photos: {problem}");
    app.clock.advance(chrono::Duration::minutes(61));

    for _ in 0..4 {
        let (s, _) = upload(&app, &path, None, "image/jpeg", jpeg(32, 32)).await;
        assert_eq!(s, 201);
    }
    let (s, problem) = upload(&app, &path, None, "image/jpeg", jpeg(32, 32)).await;
    assert_eq!(s, 409, "a seventh: {problem}");
    assert_eq!(app.count("photos").await, 6);

    let (_, tracked) = app.get(&format!("/api/track/{token}"), None).await;
    let listed = tracked["photos"].as_array().expect("photos");
    assert_eq!(listed.len(), 6);
    assert_eq!((listed[0]["taken_by"].as_str(), listed[0]["stage"].as_str()), (Some("customer"), Some("booking")));
    assert_eq!(listed[0]["url"].as_str(), Some(url.as_str()));

    // Another customer's link, a signed-in stranger, anonymous by id: nothing.
    let (_, other) = app.post("/api/requests", None, &faucet_booking("someone.else@example.com")).await;
    let photo = url.rsplit('/').next().expect("id");
    let (s, ..) = fetch(&app, &format!("/api/track/{}/photos/{photo}", token_of(&other)), None).await;
    assert_eq!(s, 404, "another request's link");
    let (s, ..) = fetch(&app, &format!("/api/photos/{photo}"), None).await;
    assert_eq!(s, 401);
    let manager2 = app.login("manager2@demo.fieldfix.test", PW).await;
    let (s, ..) = fetch(&app, &format!("/api/photos/{photo}"), Some(&manager2)).await;
    assert_eq!(s, 404, "another point's manager");
    let manager1 = app.login("manager1@demo.fieldfix.test", PW).await;
    let (s, ct, ..) = fetch(&app, &format!("/api/photos/{photo}/thumbnail"), Some(&manager1)).await;
    assert_eq!((s, ct.as_str()), (200, "image/jpeg"), "the point's manager");
    let (s, view) = app.get(&format!("/api/requests/{}", booked["id"]), Some(&manager1)).await;
    assert_eq!((s, view["photos"][0]["url"].as_str()), (200, Some(format!("/api/photos/{photo}").as_str())));
}
on_both_backends!(customer_photos_are_cleaned_limited_and_private);

async fn technician_photos_before_and_after(app: TestApp) {
    app.load_demo().await;
    let admin = app.login("admin@demo.fieldfix.test", PW).await;
    let Assigned { id, token, visit, tech, tech_email, .. } =
        app.book_and_assign(&faucet_booking("before-after@example.com")).await;
    let path = |stage: &str| format!("/api/visits/{visit}/photos?stage={stage}");
    let (s, problem) = upload(&app, &path("sideways"), Some(&tech), "image/jpeg", jpeg(64, 48)).await;
    assert_eq!(s, 422, "{problem}");
    assert!(problem.to_string().contains("stage"));
    let (s, before) = upload(&app, &path("before"), Some(&tech), "image/jpeg", with_exif_gps(&jpeg(640, 480))).await;
    assert_eq!(s, 201, "{before}");
    let before_url = before["url"].as_str().expect("url").to_string();
    assert!(before_url.starts_with("/api/photos/"), "{before_url}");
    let (s, ct, _, _, stored) = fetch(&app, &before_url, Some(&tech)).await;
    assert_eq!((s, ct.as_str()), (200, "image/jpeg"));
    assert!(!has_exif(&stored));

    // With the session cookie (the page's way): an image type passes the guard on /photos
    // only, and only from this site.
    let by_cookie = |path: String, origin: String, ct: &'static str| {
        let req = app.client.post(app.url(&path)).header("cookie", format!("fieldfix_session={tech}"));
        req.header("origin", origin).header("content-type", ct).body(jpeg(64, 48)).send()
    };
    let sibling = || "http://127.0.0.1:1".to_string();
    let res = by_cookie(path("before"), sibling(), "image/jpeg").await.expect("forged");
    assert_eq!(res.status(), 403, "another site cannot make the phone upload");
    let res = by_cookie(format!("/api/visits/{visit}/en-route"), sibling(), "image/jpeg").await.expect("step");
    assert_eq!(res.status(), 415, "an image type is no key to other changes");
    let res = by_cookie(path("before"), app.address.clone(), "image/jpeg").await.expect("upload");
    assert_eq!(res.status(), 201, "our own page may");

    // Another technician: neither the upload nor the photo.
    let (_, list) = app.get("/api/admin/technicians", Some(&admin)).await;
    let other = list
        .as_array()
        .expect("technicians")
        .iter()
        .find(|t| t["email"].as_str().is_some_and(|e| e != tech_email))
        .expect("another technician");
    let other = app.login(other["email"].as_str().expect("email"), PW).await;
    let (s, _) = upload(&app, &path("after"), Some(&other), "image/jpeg", jpeg(64, 48)).await;
    assert_eq!(s, 404, "not their visit");
    let (s, ..) = fetch(&app, &before_url, Some(&other)).await;
    assert_eq!(s, 404, "not their request");
    assert_eq!(app.count("photos").await, 2);

    let (_, day) = app.get("/api/tech/visits?days=7", Some(&tech)).await;
    let mine = day.as_array().expect("day").iter().find(|v| v["id"] == visit).expect("the visit");
    assert_eq!(mine["photos"][0]["stage"], "before");
    let (_, tracked) = app.get(&format!("/api/track/{token}"), None).await;
    let seen = tracked["photos"][0]["url"].as_str().expect("customer sees it").to_string();
    assert_eq!((tracked["photos"][0]["taken_by"].as_str(), &seen[..11]), (Some("technician"), "/api/track/"));
    assert_eq!(fetch(&app, &seen, None).await.0, 200);

    for step in ["en-route", "arrive"] {
        let (s, _) = app.post(&format!("/api/visits/{visit}/{step}"), Some(&tech), &json!({})).await;
        assert_eq!(s, 200);
    }
    let (s, _) = upload(&app, &path("after"), Some(&tech), "image/webp", png(64, 48)).await;
    assert_eq!(s, 201, "told by content: a PNG declared as WebP is still taken");
    let outcome = json!({"diagnosis": "Wrong washer", "root_cause": "installation error", "work_done": "New washer",
        "resolution": "resolved", "lines": [{"kind": "call_out", "description": "Call-out", "quantity": 1}]});
    let (s, _) = app.post(&format!("/api/visits/{visit}/outcome"), Some(&tech), &outcome).await;
    assert_eq!(s, 200);
    let (s, done) = app.post(&format!("/api/visits/{visit}/complete"), Some(&tech), &json!({})).await;
    assert_eq!(s, 200, "{done}");
    let (s, _) = upload(&app, &path("after"), Some(&tech), "image/jpeg", jpeg(64, 48)).await;
    assert_eq!(s, 409, "the visit is over");
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let (_, view) = app.get(&format!("/api/requests/{id}"), Some(&manager)).await;
    let stages: Vec<&str> =
        view["photos"].as_array().expect("photos").iter().filter_map(|p| p["stage"].as_str()).collect();
    assert_eq!(stages, ["before", "before", "after"]);
}
on_both_backends!(technician_photos_before_and_after);

/// The `photo_added` events of a request view: (actor, detail).
fn photo_events(view: &Value) -> Vec<(String, String)> {
    let events = view["events"].as_array().expect("events");
    events
        .iter()
        .filter(|e| e["kind"] == "photo_added")
        .map(|e| (e["actor"].as_str().unwrap_or("").to_string(), e["detail"].as_str().unwrap_or("").to_string()))
        .collect()
}

/// A view read in Chinese.
async fn in_chinese(app: &TestApp, path: &str, bearer: Option<&str>) -> Value {
    let mut req = app.client.get(app.url(path)).header("accept-language", "zh-CN");
    if let Some(t) = bearer {
        req = req.bearer_auth(t);
    }
    req.send().await.expect("request").json().await.expect("json")
}

async fn photos_are_on_the_timeline(app: TestApp) {
    app.load_demo().await;
    let Assigned { id, token, visit, tech, .. } =
        app.book_and_assign(&faucet_booking("timeline-photos@example.com")).await;
    let (s, _) = upload(&app, &format!("/api/track/{token}/photos"), None, "image/jpeg", jpeg(64, 48)).await;
    assert_eq!(s, 201);
    let (s, _) =
        upload(&app, &format!("/api/visits/{visit}/photos?stage=before"), Some(&tech), "image/jpeg", jpeg(64, 48))
            .await;
    assert_eq!(s, 201);
    let expected = [
        ("customer".to_string(), "photo of the fault added".to_string()),
        ("technician".to_string(), "photo before the work added".to_string()),
    ];
    let (_, tracked) = app.get(&format!("/api/track/{token}"), None).await;
    assert_eq!(photo_events(&tracked), expected, "on /track");
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let (_, view) = app.get(&format!("/api/requests/{id}"), Some(&manager)).await;
    assert_eq!(photo_events(&view), expected, "in the manager's view");
    let tracked = in_chinese(&app, &format!("/api/track/{token}"), None).await;
    let details: Vec<String> = photo_events(&tracked).into_iter().map(|e| e.1).collect();
    assert_eq!(details, ["添加了故障照片", "添加了维修前照片"]);
    let view = in_chinese(&app, &format!("/api/requests/{id}"), Some(&manager)).await;
    assert_eq!(photo_events(&view)[1].1, "添加了维修前照片");
}
on_both_backends!(photos_are_on_the_timeline);

/// A real HEIC photo (96×64) carrying EXIF with a GPS position: made with Pillow (a JPEG with
/// the EXIF) and `heif-enc -q 60` of Debian's libheif-examples 1.19.7.
const HEIC_WITH_GPS: &[u8] = include_bytes!("fixtures/photo-with-gps.heic");

/// HEIC and every other HEIF (an AVIF relabelled `mif1` included) is refused by content with
/// 415 and a message that says to send JPEG: the server carries no HEIF codec at all.
async fn heif_photos_are_refused_by_content(app: TestApp) {
    app.load_demo().await;
    let (s, booked) = app.post("/api/requests", None, &faucet_booking("iphone@example.com")).await;
    assert_eq!(s, 201, "{booked}");
    let path = format!("/api/track/{}/photos", token_of(&booked));
    let relabelled_avif = b"\0\0\0\x1cftypmif1\0\0\0\0mif1avifmiaf".to_vec();
    for (ct, body) in [
        ("image/heic", HEIC_WITH_GPS.to_vec()),
        ("application/octet-stream", HEIC_WITH_GPS.to_vec()),
        ("image/jpeg", HEIC_WITH_GPS.to_vec()),
        ("image/avif", relabelled_avif),
    ] {
        let (s, problem) = upload(&app, &path, None, ct, body).await;
        assert_eq!(s, 415, "{ct}: {problem}");
        assert!(problem.to_string().contains("send the photo as JPEG"), "{ct}: {problem}");
    }
    assert_eq!(app.count("photos").await, 0, "nothing refused was stored");
}
on_both_backends!(heif_photos_are_refused_by_content);
