//! Settings from the environment, with defaults in code.

/// Everything fieldfix reads from its environment.
#[derive(Clone, Debug)]
pub struct Settings {
    /// `DATABASE_URL`: `sqlite://PATH` (default `sqlite://fieldfix.db`) or `postgres://...`.
    pub database_url: String,
    /// `FIELDFIX_BIND`: address to listen on (default `127.0.0.1:8080`).
    pub bind: String,
    /// `FIELDFIX_PUBLIC_URL`: the address customers reach, used in links (default from bind).
    pub public_url: String,
    /// `FIELDFIX_SMTP_URL`: SMTP server for mail; when unset, mail goes to files.
    pub smtp_url: Option<String>,
    /// `FIELDFIX_MAIL_DIR`: where file mail goes (default `./mail`).
    pub mail_dir: String,
    /// `FIELDFIX_LOG_FORMAT=json` for JSON logs.
    pub log_json: bool,
    /// `FIELDFIX_DB_POOL`: pooled connections (default 10).
    pub pool_size: u32,
    /// `FIELDFIX_MAIL_FROM`: the sender of every mail.
    pub mail_from: String,
    /// `FIELDFIX_MAIL_POLL_MS`: how often the mail worker looks for due messages.
    pub mail_poll_ms: u64,
    /// `FIELDFIX_JOBS_POLL_MS`: how often offers, promises and reminders are checked.
    pub jobs_poll_ms: u64,
    /// `FIELDFIX_MAP_TILES`: tile URL template of the maps (`{z}/{x}/{y}`); `none` for no tiles.
    pub map_tiles: Option<String>,
    /// `FIELDFIX_MAP_ATTRIBUTION`: the credit line the tile provider asks for.
    pub map_attribution: String,
    /// `FIELDFIX_METRICS_TOKEN`: bearer token `/metrics` requires on the main address.
    pub metrics_token: Option<String>,
    /// `FIELDFIX_METRICS_BIND`: a second listen address that serves `/metrics` alone, without
    /// a token (for a scraper on a private network). Without it and without a token,
    /// `/metrics` is not served at all.
    pub metrics_bind: Option<String>,
    /// `FIELDFIX_TRUSTED_PROXIES`: comma-separated IP addresses of reverse proxies whose
    /// `X-Forwarded-For` names the client; from any other peer the header is ignored.
    pub trusted_proxies: String,
    /// `FIELDFIX_BOOKINGS_PER_HOUR`: bookings accepted per client address per hour
    /// (default 20; 0 turns the limit off, for load tests).
    pub bookings_per_hour: u32,
    /// `FIELDFIX_BOOKINGS_PER_CONTACT`: bookings accepted per customer email and per phone
    /// number per hour (default 5; 0 turns the limit off).
    pub bookings_per_contact: u32,
    /// `FIELDFIX_SQLITE_SYNCHRONOUS`: `full` (default: an answered write survives a power
    /// failure) or `normal` (faster; the last writes before a power failure may be lost).
    pub sqlite_synchronous: String,
    /// Where text messages go without a gateway: one file each (`FIELDFIX_SMS_DIR`).
    pub sms_dir: String,
    /// Kannel's send-sms address (`FIELDFIX_SMS_KANNEL_URL`); files when absent.
    pub sms_kannel_url: Option<String>,
    /// Kannel's send-sms user and password (`FIELDFIX_SMS_KANNEL_USER`, `…_PASSWORD`).
    pub sms_kannel_user: String,
    pub sms_kannel_password: String,
    /// The sender of text messages (`FIELDFIX_SMS_FROM`); the gateway's own when empty.
    pub sms_from: String,
    /// The secret the gateway's delivery reports and inbound messages carry
    /// (`FIELDFIX_SMS_INBOUND_SECRET`); without it, none is taken.
    pub sms_inbound_secret: Option<String>,
    /// The region a phone number without a country code is read in (`FIELDFIX_PHONE_REGION`,
    /// ISO 3166 alpha-2, default `CN`).
    pub phone_region: String,
}

/// Bookings per client address per hour unless configured.
pub const DEFAULT_BOOKINGS_PER_HOUR: u32 = 20;
/// Bookings per customer email or phone per hour unless configured.
pub const DEFAULT_BOOKINGS_PER_CONTACT: u32 = 5;

/// OpenStreetMap's tiles, the default of the maps.
pub const OSM_TILES: &str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
/// The credit OpenStreetMap asks for.
pub const OSM_ATTRIBUTION: &str = "© OpenStreetMap contributors";

impl Settings {
    /// Reads the environment.
    pub fn from_env() -> Settings {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        let bind = var("FIELDFIX_BIND").unwrap_or_else(|| "127.0.0.1:8080".to_string());
        Settings {
            database_url: var("DATABASE_URL").unwrap_or_else(|| "sqlite://fieldfix.db".to_string()),
            public_url: var("FIELDFIX_PUBLIC_URL").unwrap_or_else(|| format!("http://{bind}")),
            bind,
            smtp_url: var("FIELDFIX_SMTP_URL"),
            mail_dir: var("FIELDFIX_MAIL_DIR").unwrap_or_else(|| "./mail".to_string()),
            log_json: var("FIELDFIX_LOG_FORMAT").is_some_and(|v| v.eq_ignore_ascii_case("json")),
            pool_size: var("FIELDFIX_DB_POOL").and_then(|v| v.parse().ok()).filter(|n| *n > 0).unwrap_or(10),
            mail_from: var("FIELDFIX_MAIL_FROM")
                .unwrap_or_else(|| "fieldfix <no-reply@fieldfix.localhost>".to_string()),
            mail_poll_ms: var("FIELDFIX_MAIL_POLL_MS").and_then(|v| v.parse().ok()).filter(|n| *n > 0).unwrap_or(1000),
            jobs_poll_ms: var("FIELDFIX_JOBS_POLL_MS").and_then(|v| v.parse().ok()).filter(|n| *n > 0).unwrap_or(15000),
            map_tiles: match var("FIELDFIX_MAP_TILES") {
                Some(v) if v.eq_ignore_ascii_case("none") => None,
                Some(v) => Some(v),
                None => Some(OSM_TILES.to_string()),
            },
            map_attribution: var("FIELDFIX_MAP_ATTRIBUTION").unwrap_or_else(|| OSM_ATTRIBUTION.to_string()),
            metrics_token: var("FIELDFIX_METRICS_TOKEN"),
            metrics_bind: var("FIELDFIX_METRICS_BIND"),
            trusted_proxies: var("FIELDFIX_TRUSTED_PROXIES").unwrap_or_default(),
            bookings_per_hour: var("FIELDFIX_BOOKINGS_PER_HOUR")
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(DEFAULT_BOOKINGS_PER_HOUR),
            bookings_per_contact: var("FIELDFIX_BOOKINGS_PER_CONTACT")
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(DEFAULT_BOOKINGS_PER_CONTACT),
            sqlite_synchronous: var("FIELDFIX_SQLITE_SYNCHRONOUS").unwrap_or_else(|| "full".to_string()),
            sms_dir: var("FIELDFIX_SMS_DIR").unwrap_or_else(|| "./sms".to_string()),
            sms_kannel_url: var("FIELDFIX_SMS_KANNEL_URL"),
            sms_kannel_user: var("FIELDFIX_SMS_KANNEL_USER").unwrap_or_default(),
            sms_kannel_password: var("FIELDFIX_SMS_KANNEL_PASSWORD").unwrap_or_default(),
            sms_from: var("FIELDFIX_SMS_FROM").unwrap_or_default(),
            sms_inbound_secret: var("FIELDFIX_SMS_INBOUND_SECRET"),
            phone_region: var("FIELDFIX_PHONE_REGION")
                .unwrap_or_else(|| crate::domain::phone::DEFAULT_REGION.to_string())
                .trim()
                .to_ascii_uppercase(),
        }
    }

    /// Settings for a database URL with every other value at its default.
    /// The Kannel gateway, when one is configured; delivery reports come back to
    /// `/api/sms/dlr` when an inbound secret is set.
    pub fn kannel(&self) -> Option<crate::notify::sms_transport::Kannel> {
        let url = self.sms_kannel_url.clone()?;
        let dlr_url = self.sms_inbound_secret.as_ref().map(|secret| {
            let secret: String = form_urlencoded::byte_serialize(secret.as_bytes()).collect();
            format!("{}/api/sms/dlr?secret={secret}", self.public_url.trim_end_matches('/'))
        });
        Some(crate::notify::sms_transport::Kannel {
            url,
            username: self.sms_kannel_user.clone(),
            password: self.sms_kannel_password.clone(),
            from: self.sms_from.clone(),
            dlr_url,
        })
    }

    pub fn for_database(database_url: &str) -> Settings {
        Settings {
            database_url: database_url.to_string(),
            bind: "127.0.0.1:0".to_string(),
            public_url: "http://127.0.0.1".to_string(),
            smtp_url: None,
            mail_dir: "./mail".to_string(),
            log_json: false,
            pool_size: 10,
            mail_from: "fieldfix <no-reply@fieldfix.localhost>".to_string(),
            mail_poll_ms: 1000,
            jobs_poll_ms: 15000,
            map_tiles: None,
            map_attribution: OSM_ATTRIBUTION.to_string(),
            metrics_token: None,
            metrics_bind: None,
            trusted_proxies: String::new(),
            bookings_per_hour: DEFAULT_BOOKINGS_PER_HOUR,
            bookings_per_contact: DEFAULT_BOOKINGS_PER_CONTACT,
            sqlite_synchronous: "full".to_string(),
            sms_dir: "./sms".to_string(),
            sms_kannel_url: None,
            sms_kannel_user: String::new(),
            sms_kannel_password: String::new(),
            sms_from: String::new(),
            sms_inbound_secret: None,
            phone_region: crate::domain::phone::DEFAULT_REGION.to_string(),
        }
    }
}
