//! Settings from the environment, with defaults in code. A value that is set but malformed
//! stops the start with the variable's name and what it must be, instead of a silent default.

/// A setting that is set but malformed.
#[derive(Debug, thiserror::Error, PartialEq)]
#[error("{name}: {value:?} is not {expected}")]
pub struct SettingsError {
    /// The variable.
    pub name: &'static str,
    /// What it holds.
    pub value: String,
    /// What it must be.
    pub expected: &'static str,
}

/// `host:port` that could be bound: a port number after the last colon.
trait BindAddress {
    fn to_socket_addrs_checked(&self) -> Option<u16>;
}

impl BindAddress for String {
    fn to_socket_addrs_checked(&self) -> Option<u16> {
        let (host, port) = self.rsplit_once(':')?;
        (!host.is_empty()).then_some(())?;
        port.parse().ok()
    }
}

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
    /// A geocoder speaking Nominatim's search API (`FIELDFIX_GEOCODER_URL`, without
    /// `/search`): addresses booked without a map point are looked up there, and /book
    /// suggests places from it. None: the customer places the pin.
    pub geocoder_url: Option<String>,
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
    /// Reads the environment; a malformed value is refused, naming its variable (an unset
    /// or empty one takes its default).
    pub fn from_env() -> Result<Settings, SettingsError> {
        Self::from_vars(|k| std::env::var(k).ok())
    }

    /// Reads settings from `get` (the environment, or a map in tests).
    pub fn from_vars(get: impl Fn(&str) -> Option<String>) -> Result<Settings, SettingsError> {
        let var = |k: &str| get(k).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        let bad = |name: &'static str, value: &str, expected: &'static str| SettingsError {
            name,
            value: value.to_string(),
            expected,
        };
        let number = |name: &'static str, default: u64, min: u64, max: u64| -> Result<u64, SettingsError> {
            match var(name) {
                None => Ok(default),
                Some(v) => v.parse::<u64>().ok().filter(|n| (min..=max).contains(n)).ok_or_else(|| {
                    bad(name, &v, if min > 0 { "a whole number above 0 (within limits)" } else { "a whole number" })
                }),
            }
        };
        let web_address = |name: &'static str| -> Result<Option<String>, SettingsError> {
            match var(name) {
                Some(v)
                    if !(v.starts_with("http://") || v.starts_with("https://")) || v.contains(char::is_whitespace) =>
                {
                    Err(bad(name, &v, "an http:// or https:// address"))
                }
                other => Ok(other),
            }
        };
        let bind = var("FIELDFIX_BIND").unwrap_or_else(|| "127.0.0.1:8080".to_string());
        if bind.to_socket_addrs_checked().is_none() {
            return Err(bad("FIELDFIX_BIND", &bind, "host:port, e.g. 0.0.0.0:8080"));
        }
        let database_url = var("DATABASE_URL").unwrap_or_else(|| "sqlite://fieldfix.db".to_string());
        if !["sqlite://", "postgres://", "postgresql://"].iter().any(|p| database_url.starts_with(p)) {
            return Err(bad("DATABASE_URL", &database_url, "sqlite://PATH or postgres://…"));
        }
        let log_json = match var("FIELDFIX_LOG_FORMAT").map(|v| v.to_ascii_lowercase()) {
            None => false,
            Some(v) if v == "json" => true,
            Some(v) if v == "text" => false,
            Some(v) => return Err(bad("FIELDFIX_LOG_FORMAT", &v, "text or json")),
        };
        let sqlite_synchronous = var("FIELDFIX_SQLITE_SYNCHRONOUS").unwrap_or_else(|| "full".to_string());
        if !["off", "normal", "full", "extra"].contains(&sqlite_synchronous.to_ascii_lowercase().as_str()) {
            return Err(bad("FIELDFIX_SQLITE_SYNCHRONOUS", &sqlite_synchronous, "off, normal, full or extra"));
        }
        let phone_region = var("FIELDFIX_PHONE_REGION")
            .unwrap_or_else(|| crate::domain::phone::DEFAULT_REGION.to_string())
            .to_ascii_uppercase();
        if !crate::domain::phone::is_region(&phone_region) {
            return Err(bad("FIELDFIX_PHONE_REGION", &phone_region, "a region code such as CN (ISO 3166 alpha-2)"));
        }
        let public_url = web_address("FIELDFIX_PUBLIC_URL")?.unwrap_or_else(|| format!("http://{bind}"));
        Ok(Settings {
            database_url,
            public_url,
            bind,
            smtp_url: var("FIELDFIX_SMTP_URL"),
            mail_dir: var("FIELDFIX_MAIL_DIR").unwrap_or_else(|| "./mail".to_string()),
            log_json,
            pool_size: number("FIELDFIX_DB_POOL", 10, 1, 1000)? as u32,
            mail_from: var("FIELDFIX_MAIL_FROM")
                .unwrap_or_else(|| "fieldfix <no-reply@fieldfix.localhost>".to_string()),
            mail_poll_ms: number("FIELDFIX_MAIL_POLL_MS", 1000, 1, 3_600_000)?,
            jobs_poll_ms: number("FIELDFIX_JOBS_POLL_MS", 15000, 1, 3_600_000)?,
            map_tiles: match var("FIELDFIX_MAP_TILES") {
                Some(v) if v.eq_ignore_ascii_case("none") => None,
                Some(v) => Some(v),
                None => Some(OSM_TILES.to_string()),
            },
            map_attribution: var("FIELDFIX_MAP_ATTRIBUTION").unwrap_or_else(|| OSM_ATTRIBUTION.to_string()),
            metrics_token: var("FIELDFIX_METRICS_TOKEN"),
            metrics_bind: var("FIELDFIX_METRICS_BIND"),
            trusted_proxies: var("FIELDFIX_TRUSTED_PROXIES").unwrap_or_default(),
            bookings_per_hour: number("FIELDFIX_BOOKINGS_PER_HOUR", u64::from(DEFAULT_BOOKINGS_PER_HOUR), 0, 1_000_000)?
                as u32,
            bookings_per_contact: number(
                "FIELDFIX_BOOKINGS_PER_CONTACT",
                u64::from(DEFAULT_BOOKINGS_PER_CONTACT),
                0,
                1_000_000,
            )? as u32,
            sqlite_synchronous,
            sms_dir: var("FIELDFIX_SMS_DIR").unwrap_or_else(|| "./sms".to_string()),
            sms_kannel_url: web_address("FIELDFIX_SMS_KANNEL_URL")?,
            sms_kannel_user: var("FIELDFIX_SMS_KANNEL_USER").unwrap_or_default(),
            sms_kannel_password: var("FIELDFIX_SMS_KANNEL_PASSWORD").unwrap_or_default(),
            sms_from: var("FIELDFIX_SMS_FROM").unwrap_or_default(),
            sms_inbound_secret: var("FIELDFIX_SMS_INBOUND_SECRET"),
            phone_region,
            geocoder_url: web_address("FIELDFIX_GEOCODER_URL")?,
        })
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
            geocoder_url: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(pairs: &[(&str, &str)]) -> Result<Settings, SettingsError> {
        let map: std::collections::HashMap<String, String> =
            pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Settings::from_vars(|k| map.get(k).cloned())
    }

    #[test]
    fn unset_and_empty_take_the_defaults() {
        let s = with(&[("FIELDFIX_DB_POOL", " ")]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((s.pool_size, s.mail_poll_ms, s.phone_region.as_str()), (10, 1000, "CN"));
        assert_eq!(s.public_url, "http://127.0.0.1:8080");
    }

    #[test]
    fn a_malformed_value_is_refused_naming_its_variable() {
        for (name, value) in [
            ("FIELDFIX_DB_POOL", "ten"),
            ("FIELDFIX_DB_POOL", "0"),
            ("FIELDFIX_MAIL_POLL_MS", "-5"),
            ("FIELDFIX_BOOKINGS_PER_HOUR", "20/h"),
            ("FIELDFIX_LOG_FORMAT", "yaml"),
            ("FIELDFIX_SQLITE_SYNCHRONOUS", "sometimes"),
            ("FIELDFIX_PHONE_REGION", "XX"),
            ("FIELDFIX_PUBLIC_URL", "repair.example.com"),
            ("FIELDFIX_SMS_KANNEL_URL", "127.0.0.1:13013/cgi-bin/sendsms"),
            ("FIELDFIX_BIND", "8080"),
            ("DATABASE_URL", "mysql://db/fieldfix"),
        ] {
            let err = with(&[(name, value)]).err().unwrap_or_else(|| panic!("{name}={value} was taken"));
            assert_eq!((err.name, err.value.as_str()), (name, value));
            assert!(err.to_string().starts_with(name), "{err}");
        }
        assert_eq!(with(&[("FIELDFIX_BOOKINGS_PER_HOUR", "0")]).map(|s| s.bookings_per_hour), Ok(0), "0 turns it off");
    }
}
