//! Spawns the real server on port 0 with a fresh database of either backend.

use std::sync::Arc;

use actix_web::web;
use chrono::{DateTime, TimeZone, Utc};
use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};
use fieldfix::clock::ManualClock;
use fieldfix::config::Settings;
use fieldfix::startup::{AppState, Application};
use serde_json::Value;

/// Which backend a test runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Sqlite,
    Postgres,
}

/// Runs an async test body once per backend, as two tests in a module of the same name.
#[macro_export]
macro_rules! on_both_backends {
    ($name:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                if let Some(app) = $crate::helpers::TestApp::spawn($crate::helpers::Kind::Sqlite).await {
                    super::$name(app).await;
                }
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(app) = $crate::helpers::TestApp::spawn($crate::helpers::Kind::Postgres).await {
                    super::$name(app).await;
                }
            }
        }
    };
}

/// Like [`on_both_backends`], for a test body that also reads the mail: it gets the app
/// and the SMTP sink the app sends to.
#[macro_export]
macro_rules! on_both_backends_with_smtp {
    ($name:ident) => {
        mod $name {
            async fn run(kind: $crate::helpers::Kind) {
                let sink = $crate::smtp::SmtpSink::start();
                if let Some(app) = $crate::helpers::TestApp::spawn_with(kind, Some(sink.url())).await {
                    super::$name(app, sink).await;
                }
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                run($crate::helpers::Kind::Sqlite).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                run($crate::helpers::Kind::Postgres).await;
            }
        }
    };
}

/// Runs a test body on both backends with changed settings.
#[macro_export]
macro_rules! on_both_backends_with {
    ($name:ident, $configure:expr) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let app = $crate::helpers::TestApp::spawn_configured($crate::helpers::Kind::Sqlite, $configure).await;
                if let Some(app) = app {
                    super::$name(app).await;
                }
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let app = $crate::helpers::TestApp::spawn_configured($crate::helpers::Kind::Postgres, $configure).await;
                if let Some(app) = app {
                    super::$name(app).await;
                }
            }
        }
    };
}

/// The base URL of the PostgreSQL server tests create databases on.
pub fn pg_admin_url() -> String {
    std::env::var("FIELDFIX_TEST_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_string())
}

/// Map tiles the test server does not have: the maps must still show their points.
pub const TEST_TILES: &str = "/test-tiles/{z}/{x}/{y}.png";

fn unique(prefix: &str) -> String {
    format!("{prefix}_{}_{}", std::process::id(), fieldfix::domain::ids::new_id())
}

/// A fresh empty database; dropped (or deleted) when the value is dropped.
pub struct TestDatabase {
    pub url: String,
    pg_name: Option<String>,
    sqlite_path: Option<std::path::PathBuf>,
}

impl TestDatabase {
    /// Creates one, or None when PostgreSQL is unreachable and not required.
    pub fn create(kind: Kind) -> Option<TestDatabase> {
        match kind {
            Kind::Sqlite => {
                let path = std::env::temp_dir().join(format!("{}.db", unique("fieldfix_test")));
                Some(TestDatabase {
                    url: format!("sqlite://{}", path.display()),
                    pg_name: None,
                    sqlite_path: Some(path),
                })
            }
            Kind::Postgres => {
                let admin = pg_admin_url();
                let mut conn = match PgConnection::establish(&admin) {
                    Ok(c) => c,
                    Err(e) => {
                        if std::env::var("FIELDFIX_REQUIRE_PG").is_ok_and(|v| v == "1") {
                            panic!("PostgreSQL is required (FIELDFIX_REQUIRE_PG=1) but unreachable: {e}");
                        }
                        eprintln!("skipping the PostgreSQL run: {e}");
                        return None;
                    }
                };
                let name = unique("fieldfix_test");
                conn.batch_execute(&format!("CREATE DATABASE {name}")).expect("create test database");
                let base = admin.rsplit_once('/').map(|(b, _)| b.to_string()).unwrap_or(admin.clone());
                Some(TestDatabase { url: format!("{base}/{name}"), pg_name: Some(name), sqlite_path: None })
            }
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some(name) = &self.pg_name {
            if let Ok(mut conn) = PgConnection::establish(&pg_admin_url()) {
                let _ = conn.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            }
        }
        if let Some(path) = &self.sqlite_path {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
        }
    }
}

/// Tuesday 24 November 2026, 10:00 in Hangzhou: a working morning.
pub fn start_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 2, 0, 0).single().expect("valid time")
}

/// A running server with its own database and clock.
pub struct TestApp {
    pub address: String,
    /// The separate metrics address (`FIELDFIX_METRICS_BIND`), when the test has one.
    pub metrics_address: Option<String>,
    pub client: reqwest::Client,
    pub clock: Arc<ManualClock>,
    pub state: web::Data<AppState>,
    pub _db: TestDatabase,
    pub mail_dir: std::path::PathBuf,
    /// Where text messages go as files (no gateway configured).
    pub sms_dir: std::path::PathBuf,
}

impl TestApp {
    /// Spawns the server on a fresh database of `kind`.
    pub async fn spawn(kind: Kind) -> Option<TestApp> {
        Self::spawn_with(kind, None).await
    }

    /// Spawns the server on a fresh database, sending mail to `smtp_url` when given.
    pub async fn spawn_with(kind: Kind, smtp_url: Option<String>) -> Option<TestApp> {
        let db = TestDatabase::create(kind)?;
        let clock = Arc::new(ManualClock::new(start_time()));
        Some(Self::start(db, smtp_url, clock))
    }

    /// Spawns the server on a fresh database with settings changed by `configure`.
    pub async fn spawn_configured(kind: Kind, configure: impl FnOnce(&mut Settings)) -> Option<TestApp> {
        let db = TestDatabase::create(kind)?;
        let clock = Arc::new(ManualClock::new(start_time()));
        Some(Self::start_with(db, clock, configure))
    }

    fn start(db: TestDatabase, smtp_url: Option<String>, clock: Arc<ManualClock>) -> TestApp {
        Self::start_with(db, clock, |s| s.smtp_url = smtp_url)
    }

    fn start_with(db: TestDatabase, clock: Arc<ManualClock>, configure: impl FnOnce(&mut Settings)) -> TestApp {
        let mut settings = Settings::for_database(&db.url);
        let mail_dir = std::env::temp_dir().join(unique("fieldfix_mail"));
        settings.mail_dir = mail_dir.display().to_string();
        let sms_dir = std::env::temp_dir().join(unique("fieldfix_sms"));
        settings.sms_dir = sms_dir.display().to_string();
        settings.pool_size = 8;
        settings.mail_poll_ms = 25;
        settings.jobs_poll_ms = 25;
        settings.map_tiles = Some(TEST_TILES.to_string());
        settings.metrics_bind = Some("127.0.0.1:0".to_string());
        // Every test talks from 127.0.0.1; the tests of the limits turn them back on.
        settings.bookings_per_hour = 0;
        settings.bookings_per_contact = 0;
        configure(&mut settings);
        let app = Application::build_with_clock(settings, clock.clone()).expect("build app");
        let address = format!("http://127.0.0.1:{}", app.port());
        let metrics_address = app.metrics_port().map(|p| format!("http://127.0.0.1:{p}"));
        let state = app.state();
        tokio::spawn(app.run_until_stopped());
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
        let sms_dir = std::path::PathBuf::from(&state.settings.sms_dir);
        TestApp { address, metrics_address, client, clock, state, _db: db, mail_dir, sms_dir }
    }

    /// A second instance on the same database (PostgreSQL), with its own clock handle.
    pub fn second_instance(&self, smtp_url: Option<String>) -> TestApp {
        let db = TestDatabase { url: self._db.url.clone(), pg_name: None, sqlite_path: None };
        Self::start(db, smtp_url, self.clock.clone())
    }

    /// Loads the demo city.
    pub async fn load_demo(&self) -> bool {
        let state = self.state.clone();
        let now = self.clock.as_ref().now_utc();
        tokio::task::spawn_blocking(move || state.db.write_blocking(|c| fieldfix::app::admin::demo::load(c, now)))
            .await
            .expect("join")
            .expect("demo loads")
    }

    /// Runs one round of every periodic job at the test clock's time, and waits for it.
    pub async fn run_jobs(&self) -> usize {
        let state = self.state.clone();
        let now = self.clock.as_ref().now_utc();
        tokio::task::spawn_blocking(move || fieldfix::jobs::run_round(&state.db, now)).await.expect("join")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// Creates a customer account (password `fieldfix-demo`) and signs it in.
    pub async fn customer_account(&self, email: &str) -> String {
        use fieldfix::app::admin::accounts::{self, NewAccount};
        let account = NewAccount {
            role: fieldfix::domain::role::Role::Customer,
            email: email.into(),
            name: "Customer".into(),
            phone: None,
            password: "fieldfix-demo".into(),
            service_point: None,
            language: None,
        };
        let prepared = accounts::prepare(&account).expect("valid account");
        let (state, now) = (self.state.clone(), self.clock.now_utc());
        tokio::task::spawn_blocking(move || {
            state.db.write_blocking(|c| accounts::create_user(c, &account, prepared, now))
        })
        .await
        .expect("join")
        .expect("customer created");
        self.login(email, "fieldfix-demo").await
    }

    /// Signs in and returns the bearer token.
    pub async fn login(&self, email: &str, password: &str) -> String {
        let res = self
            .client
            .post(self.url("/api/auth/login"))
            .json(&serde_json::json!({"email": email, "password": password}))
            .send()
            .await
            .expect("login request");
        assert_eq!(res.status(), 200, "login of {email}");
        let body: Value = res.json().await.expect("json");
        body["token"].as_str().expect("token").to_string()
    }

    /// GET with a bearer token; returns status and JSON (Null when the body is not JSON).
    pub async fn get(&self, path: &str, token: Option<&str>) -> (u16, Value) {
        let mut req = self.client.get(self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let res = req.send().await.expect("request");
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    /// A request with a JSON body and a bearer token.
    pub async fn send(&self, method: reqwest::Method, path: &str, token: Option<&str>, body: &Value) -> (u16, Value) {
        let mut req = self.client.request(method, self.url(path)).json(body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let res = req.send().await.expect("request");
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: &Value) -> (u16, Value) {
        self.send(reqwest::Method::POST, path, token, body).await
    }

    pub async fn put(&self, path: &str, token: Option<&str>, body: &Value) -> (u16, Value) {
        self.send(reqwest::Method::PUT, path, token, body).await
    }

    pub async fn delete(&self, path: &str, token: Option<&str>) -> u16 {
        let mut req = self.client.delete(self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send().await.expect("request").status().as_u16()
    }

    /// Counts rows of a table straight from the database.
    pub async fn count(&self, table: &'static str) -> i64 {
        self.count_where(table, "1 = 1").await
    }

    /// Counts the rows of a table that meet an SQL condition.
    pub async fn count_where(&self, table: &'static str, condition: &str) -> i64 {
        let rows: Vec<Count> = self.rows(format!("SELECT COUNT(*) AS n FROM {table} WHERE {condition}")).await;
        rows.first().expect("a count").n
    }

    /// One text column of the rows of a table that meet an SQL condition.
    pub async fn texts_where(&self, table: &'static str, column: &'static str, condition: &str) -> Vec<String> {
        let rows: Vec<Text> = self.rows(format!("SELECT {column} AS text FROM {table} WHERE {condition}")).await;
        rows.into_iter().map(|r| r.text).collect()
    }

    /// The rows an SQL query reads straight from the database.
    async fn rows<T>(&self, query: String) -> Vec<T>
    where
        T: diesel::QueryableByName<diesel::pg::Pg> + diesel::QueryableByName<diesel::sqlite::Sqlite> + Send + 'static,
    {
        let state = self.state.clone();
        tokio::task::spawn_blocking(move || {
            use diesel::RunQueryDsl;
            let mut conn = state.db.get().expect("conn");
            match &mut *conn {
                fieldfix::db::DbConnection::Pg(c) => diesel::sql_query(query).load(c),
                fieldfix::db::DbConnection::Sqlite(c) => diesel::sql_query(query).load(c),
            }
            .expect("query")
        })
        .await
        .expect("join")
    }
}

pub use crate::story::{faucet_booking, token_of, Assigned};

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

#[derive(diesel::QueryableByName)]
struct Text {
    #[diesel(sql_type = diesel::sql_types::Text)]
    text: String,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.state.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        let _ = std::fs::remove_dir_all(&self.mail_dir);
        let _ = std::fs::remove_dir_all(&self.sms_dir);
    }
}

/// Lets tests read the manual clock without importing the trait.
pub trait NowUtc {
    fn now_utc(&self) -> DateTime<Utc>;
}

impl NowUtc for ManualClock {
    fn now_utc(&self) -> DateTime<Utc> {
        fieldfix::clock::Clock::now(self)
    }
}
