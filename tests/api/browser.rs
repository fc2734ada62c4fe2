//! The faucet story on the pages alone, in Debian's headless Chromium driven over WebDriver:
//! a customer books on /book, the manager assigns on /manage, the technician works the visit
//! on /tech and the customer rates on /track. Screenshots go to target/screenshots/.
//! Runs on SQLite only: the API tests already cover both backends.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

use crate::helpers::{Kind, TestApp};
use crate::lifecycle::tech_email;

const PW: &str = "fieldfix-demo";
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const WAIT: Duration = Duration::from_secs(20);

/// chromedriver on a free port, killed when dropped.
struct Driver {
    child: Child,
    url: String,
    profile: PathBuf,
}

impl Driver {
    async fn start() -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("free port").port();
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let profile = std::env::temp_dir().join(format!("fieldfix_chromium_{}_{port}", std::process::id()));
        let driver = Driver { child, url: format!("http://127.0.0.1:{port}"), profile };
        let http = reqwest::Client::new();
        let deadline = Instant::now() + WAIT;
        loop {
            let ready = http.get(format!("{}/status", driver.url)).send().await;
            if let Ok(res) = ready {
                let body: Value = res.json().await.unwrap_or(Value::Null);
                if body["value"]["ready"] == true {
                    return driver;
                }
            }
            assert!(Instant::now() < deadline, "chromedriver did not get ready");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn browser(&self) -> Client {
        let caps = json!({
            "browserName": "chrome",
            "goog:loggingPrefs": {"browser": "ALL"},
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--lang=en-US", format!("--user-data-dir={}", self.profile.display()),
                ]
            }
        });
        let serde_json::Value::Object(caps) = caps else { unreachable!("an object") };
        ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&self.url)
            .await
            .expect("a Chromium session")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// True when the browser is installed; else skips, or fails when it is required.
fn browser_available() -> bool {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        return true;
    }
    assert!(
        std::env::var("FIELDFIX_REQUIRE_BROWSER").map_or(true, |v| v != "1"),
        "FIELDFIX_REQUIRE_BROWSER=1 but {CHROMIUM} or {CHROMEDRIVER} is missing"
    );
    eprintln!("skipping the browser test: {CHROMIUM} or {CHROMEDRIVER} is missing");
    false
}

/// The page under test, with the driver's address for log reads.
struct Page<'a> {
    c: Client,
    driver: &'a Driver,
    base: String,
}

impl Page<'_> {
    async fn open(&self, path: &str) {
        self.c.goto(&format!("{}{path}", self.base)).await.expect("navigates");
    }

    /// Waits until the JavaScript expression is truthy.
    async fn until(&self, what: &str, expr: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            let v = self.c.execute(&format!("return !!({expr});"), vec![]).await.expect("script runs");
            if v == Value::Bool(true) {
                return;
            }
            if Instant::now() > deadline {
                let msg = self.js("document.getElementById('message')?.textContent || ''").await;
                panic!("timed out waiting for {what}; page message: {msg}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn js(&self, expr: &str) -> Value {
        self.c.execute(&format!("return {expr};"), vec![]).await.expect("script runs")
    }

    async fn click(&self, css: &str) {
        self.until(&format!("{css} to show"), &format!("document.querySelector('{css}')?.offsetParent")).await;
        self.c.find(Locator::Css(css)).await.expect("element").click().await.expect("clicks");
    }

    async fn fill(&self, css: &str, text: &str) {
        self.until(&format!("{css} to show"), &format!("document.querySelector('{css}')?.offsetParent")).await;
        let field = self.c.find(Locator::Css(css)).await.expect("field");
        field.clear().await.expect("clears");
        field.send_keys(text).await.expect("types");
    }

    /// Sets a select's or date field's value as a person's choice would.
    async fn set(&self, css: &str, value: &str) {
        self.c
            .execute(
                "const e = document.querySelector(arguments[0]); e.value = arguments[1]; \
                 e.dispatchEvent(new Event('change', {bubbles: true}));",
                vec![json!(css), json!(value)],
            )
            .await
            .expect("sets");
    }

    /// Screenshots at phone and desktop width.
    async fn shoot(&self, name: &str) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
        std::fs::create_dir_all(&dir).expect("screenshot dir");
        for (w, h) in [(390, 1600), (1280, 1100)] {
            self.c.set_window_size(w, h).await.expect("resizes");
            let png = self.c.screenshot().await.expect("screenshot");
            std::fs::write(dir.join(format!("{name}-{w}.png")), png).expect("writes");
        }
    }

    /// A chromedriver extension command of this session.
    async fn driver_command(&self, path: &str, body: Value) -> Value {
        let session = self.c.session_id().await.expect("session").expect("session id");
        let res = reqwest::Client::new()
            .post(format!("{}/session/{session}/{path}", self.driver.url))
            .json(&body)
            .send()
            .await
            .expect("driver command");
        res.json().await.expect("driver json")
    }

    /// The phone stands at `lat`, `lon` and may tell the page so.
    async fn place_device(&self, lat: f64, lon: f64) {
        let grant = json!({"cmd": "Browser.grantPermissions", "params": {"permissions": ["geolocation"]}});
        self.driver_command("goog/cdp/execute", grant).await;
        let at = json!({"latitude": lat, "longitude": lon, "accuracy": 10});
        self.driver_command("goog/cdp/execute", json!({"cmd": "Emulation.setGeolocationOverride", "params": at})).await;
    }

    /// Fails on any severe browser console entry since the last read.
    async fn assert_clean_console(&self, page: &str) {
        let logs = self.driver_command("se/log", json!({"type": "browser"})).await;
        let severe: Vec<&Value> =
            logs["value"].as_array().map(|a| a.iter().filter(|e| e["level"] == "SEVERE").collect()).unwrap_or_default();
        assert!(severe.is_empty(), "console errors on {page}: {severe:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faucet_story_in_the_browser() {
    if !browser_available() {
        return;
    }
    let Some(app) = TestApp::spawn(Kind::Sqlite).await else { return };
    app.load_demo().await;
    let driver = Driver::start().await;
    let page = Page { c: driver.browser().await, driver: &driver, base: app.address.clone() };
    page.c.set_window_size(390, 1600).await.expect("resizes");

    // The customer books.
    page.open("/book").await;
    page.until("the page script", "document.getElementById('lang').value").await;
    page.set("#category", "faucet").await;
    page.fill("#brand", "Jiumu").await;
    page.fill("#model", "K-2031").await;
    page.fill("#order_ref", "JD-1234").await;
    page.set("#purchased_on", "2026-03-01").await;
    page.fill("#problem", "The kitchen faucet sprays water everywhere since it was installed.").await;
    assert_eq!(page.js("document.getElementById('skill').value").await, "plumbing", "skill from the category");
    page.fill("#address", "12 Wensan Road, Xihu District, Hangzhou").await;
    page.click("#load-windows").await;
    page.until("bookable windows", "document.querySelector('#window-list input')").await;
    page.fill("#name", "Chen Xiaoming").await;
    page.fill("#email", "chen@example.com").await;
    page.fill("#phone", "+86 138 0571 0000").await;
    page.shoot("book").await;
    page.click("#submit").await;
    page.until("the confirmation", "document.getElementById('reference').textContent").await;
    page.shoot("book-confirmation").await;
    page.assert_clean_console("/book").await;
    let reference = page.js("document.getElementById('reference').textContent").await;
    let track_path = page.js("document.getElementById('tracking-link').getAttribute('href')").await;
    let track_path = track_path.as_str().expect("tracking path").to_string();
    assert!(track_path.starts_with("/track/"), "{track_path}");
    let (_, tracked) = app.get(&format!("/api{track_path}"), None).await;
    assert_eq!(tracked["reference"], reference);
    let id = tracked["id"].as_i64().expect("id");

    // The manager assigns the best candidate.
    page.open("/manage").await;
    page.fill("#login-email", "manager1@demo.fieldfix.test").await;
    page.fill("#login-password", PW).await;
    page.click("#login").await;
    page.click(&format!("#candidates-{id}")).await;
    page.until("candidates", "document.getElementById('assign-0')").await;
    page.until("a countdown", "/left|overdue/.test(document.querySelector('.countdown').textContent)").await;
    page.shoot("manage").await;
    page.click("#assign-0").await;
    page.until("the request to leave the queue", &format!("!document.getElementById('request-{id}')")).await;
    page.assert_clean_console("/manage").await;
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let (_, detail) = app.get(&format!("/api/requests/{id}"), Some(&manager)).await;
    assert_eq!(detail["status"], "scheduled", "{detail}");
    let visit = detail["visits"][0]["id"].as_i64().expect("visit");
    let tech_id = detail["visits"][0]["technician_id"].as_i64().expect("technician");
    let admin = app.login("admin@demo.fieldfix.test", PW).await;
    let email = tech_email(&app, &admin, tech_id).await;

    // The technician goes, arrives, records the outcome and completes.
    page.open("/tech").await;
    page.fill("#login-email", &email).await;
    page.fill("#login-password", PW).await;
    page.click("#login").await;
    page.place_device(30.29, 120.15).await;
    page.click(&format!("#en-route-{visit}")).await;
    page.place_device(30.2752, 120.1302).await;
    page.click(&format!("#arrive-{visit}")).await;
    page.fill(&format!("#diagnosis-{visit}"), "Water sprays from the spout joint").await;
    page.fill(&format!("#root_cause-{visit}"), "installation error: wrong washer").await;
    page.fill(&format!("#work_done-{visit}"), "Fitted a 15 mm washer").await;
    page.click(&format!("#add-line-{visit}")).await;
    page.fill(&format!("#lines-{visit} .line-description"), "Call-out").await;
    page.shoot("tech").await;
    page.click(&format!("#save-outcome-{visit}")).await;
    page.until("the outcome saved", "document.getElementById('message').textContent === 'Saved'").await;
    let (_, tracked) = app.get(&format!("/api{track_path}"), None).await;
    assert_eq!(tracked["visits"][0]["root_cause"], "installation error: wrong washer");
    page.click(&format!("#complete-{visit}")).await;
    page.until("the visit completed", &format!("!document.getElementById('complete-{visit}')")).await;
    page.assert_clean_console("/tech").await;
    let (_, detail) = app.get(&format!("/api/requests/{id}"), Some(&manager)).await;
    let arrived = detail["visits"][0]["arrival_distance_m"].as_f64().expect("the arrival position was sent");
    assert!(arrived < 100.0, "arrived {arrived} m from the address");

    // The customer rates on the tracking page.
    page.open(&track_path).await;
    page.until("the rating form", "!document.getElementById('rate').hidden").await;
    let status = page.js("document.getElementById('status').textContent").await;
    assert_eq!(status, "Completed");
    page.set("#stars", "5").await;
    page.fill("#comment", "Fixed the same day.").await;
    page.shoot("track").await;
    page.click("#send-rating").await;
    page.until("the thanks", "document.getElementById('message').textContent.startsWith('Thank')").await;
    page.until("the closed status", "document.getElementById('status').textContent === 'Closed'").await;
    page.shoot("track-rated").await;
    page.set("#lang", "zh-CN").await;
    page.until("the Chinese page", "document.getElementById('status').textContent === '已关闭'").await;
    page.shoot("track-zh").await;
    page.assert_clean_console("/track").await;
    let (_, tracked) = app.get(&format!("/api{track_path}"), None).await;
    assert_eq!(tracked["status"], "closed");
    page.c.clone().close().await.expect("closes");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_are_served_with_their_types() {
    let Some(app) = TestApp::spawn(Kind::Sqlite).await else { return };
    for (path, kind) in [
        ("/book", "text/html"),
        ("/track/abc", "text/html"),
        ("/rate/abc", "text/html"),
        ("/tech", "text/html"),
        ("/manage", "text/html"),
        ("/static/app.css", "text/css"),
        ("/static/common.js", "text/javascript"),
        ("/static/favicon.svg", "image/svg+xml"),
    ] {
        let res = app.client.get(app.url(path)).send().await.expect("request");
        assert_eq!(res.status(), 200, "{path}");
        let content_type = res.headers()["content-type"].to_str().expect("ascii").to_string();
        assert!(content_type.starts_with(kind), "{path}: {content_type}");
    }
    let res = app.client.get(app.url("/static/missing.js")).send().await.expect("request");
    assert_eq!(res.status(), 404);
}
