//! Headless Chromium for the page tests: chromedriver on a free port with a fresh profile,
//! and a `Page` with the few moves the stories need (wait for a condition, click, type, set a
//! value, screenshots, device position, network on/off, console checks).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const WAIT: Duration = Duration::from_secs(20);

/// chromedriver on a free port, killed when dropped.
pub struct Driver {
    child: Child,
    url: String,
    profile: PathBuf,
}

impl Driver {
    pub async fn start() -> Driver {
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

    pub async fn browser(&self) -> Client {
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
pub fn browser_available() -> bool {
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
pub struct Page<'a> {
    pub c: Client,
    pub driver: &'a Driver,
    pub base: String,
}

impl Page<'_> {
    pub async fn open(&self, path: &str) {
        self.c.goto(&format!("{}{path}", self.base)).await.expect("navigates");
    }

    /// Waits until the JavaScript expression is truthy.
    pub async fn until(&self, what: &str, expr: &str) {
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

    pub async fn js(&self, expr: &str) -> Value {
        self.c.execute(&format!("return {expr};"), vec![]).await.expect("script runs")
    }

    /// Clicks `css` once it shows; a page that re-renders between finding and clicking
    /// (a stale element) is looked up again, at most a few times.
    pub async fn click(&self, css: &str) {
        for _ in 0..5 {
            self.until(&format!("{css} to show"), &format!("document.querySelector('{css}')?.offsetParent")).await;
            match self.c.find(Locator::Css(css)).await.expect("element").click().await {
                Ok(()) => return,
                Err(e) if e.is_stale_element_reference() => continue,
                Err(e) => panic!("clicks {css}: {e:?}"),
            }
        }
        panic!("{css} went stale five times in a row");
    }

    pub async fn fill(&self, css: &str, text: &str) {
        self.until(&format!("{css} to show"), &format!("document.querySelector('{css}')?.offsetParent")).await;
        let field = self.c.find(Locator::Css(css)).await.expect("field");
        field.clear().await.expect("clears");
        field.send_keys(text).await.expect("types");
    }

    /// Sets a select's or date field's value as a person's choice would.
    pub async fn set(&self, css: &str, value: &str) {
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
    pub async fn shoot(&self, name: &str) {
        self.shoot_sizes(name, &[(390, 1600), (1280, 1100)]).await;
    }

    /// A screenshot of the window as it is now.
    pub async fn shoot_here(&self, name: &str) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
        std::fs::create_dir_all(&dir).expect("screenshot dir");
        let png = self.c.screenshot().await.expect("screenshot");
        std::fs::write(dir.join(format!("{name}.png")), png).expect("writes");
    }

    /// Screenshots at these window sizes.
    pub async fn shoot_sizes(&self, name: &str, sizes: &[(u32, u32)]) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
        std::fs::create_dir_all(&dir).expect("screenshot dir");
        for &(w, h) in sizes {
            self.c.set_window_size(w, h).await.expect("resizes");
            let png = self.c.screenshot().await.expect("screenshot");
            std::fs::write(dir.join(format!("{name}-{w}.png")), png).expect("writes");
            if w <= 400 {
                let wide = "document.documentElement.scrollWidth - document.documentElement.clientWidth";
                let overflow = self.js(wide).await.as_f64().unwrap_or(0.0);
                assert!(overflow <= 1.0, "{name} is {overflow} px wider than a {w} px phone");
            }
        }
    }

    /// A chromedriver extension command of this session.
    pub async fn driver_command(&self, path: &str, body: Value) -> Value {
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
    pub async fn place_device(&self, lat: f64, lon: f64) {
        let grant = json!({"cmd": "Browser.grantPermissions", "params": {"permissions": ["geolocation"]}});
        self.driver_command("goog/cdp/execute", grant).await;
        let at = json!({"latitude": lat, "longitude": lon, "accuracy": 10});
        self.driver_command("goog/cdp/execute", json!({"cmd": "Emulation.setGeolocationOverride", "params": at})).await;
    }

    /// Cuts the browser off the network, or gives it back.
    pub async fn network(&self, online: bool) {
        let conditions = json!({"offline": !online, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1});
        self.driver_command("goog/cdp/execute", json!({"cmd": "Network.enable", "params": {}})).await;
        let set = json!({"cmd": "Network.emulateNetworkConditions", "params": conditions});
        self.driver_command("goog/cdp/execute", set).await;
    }

    /// Fails on any severe browser console entry since the last read. The map tiles of the
    /// test server are missing on purpose, so their failed loads are not errors.
    pub async fn assert_clean_console(&self, page: &str) {
        self.assert_clean_console_except(page, crate::helpers::TEST_TILES.split('{').next().unwrap_or("-")).await;
    }

    /// Like `assert_clean_console`, also allowing entries that contain `expected` (or any of
    /// its `|`-separated parts).
    pub async fn assert_clean_console_except(&self, page: &str, expected: &str) {
        let tiles = crate::helpers::TEST_TILES.split('{').next().unwrap_or("-");
        let logs = self.driver_command("se/log", json!({"type": "browser"})).await;
        let entries =
            logs["value"].as_array().unwrap_or_else(|| panic!("the browser log of {page} was not read: {logs}"));
        let severe: Vec<&Value> = entries
            .iter()
            .filter(|e| e["level"] == "SEVERE")
            .filter(|e| {
                e["message"].as_str().is_none_or(|m| !m.contains(tiles) && !expected.split('|').any(|x| m.contains(x)))
            })
            .collect();
        assert!(severe.is_empty(), "console errors on {page}: {severe:?}");
    }
}
