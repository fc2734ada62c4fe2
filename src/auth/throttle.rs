//! Slows down password guessing: after too many failures for one email in a window, the
//! login answers 429 until the window passes. Held in memory: it is a brake, not a record,
//! and each instance brakes on its own.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};

/// Failures allowed per email within [`WINDOW_MINUTES`].
pub const MAX_FAILURES: u32 = 10;
/// The window in minutes.
pub const WINDOW_MINUTES: i64 = 15;

/// Failure counts per key (an email address).
#[derive(Default)]
pub struct LoginThrottle {
    failures: Mutex<HashMap<String, (u32, DateTime<Utc>)>>,
}

impl LoginThrottle {
    /// True when `key` may try now.
    pub fn allows(&self, key: &str, now: DateTime<Utc>) -> bool {
        let map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        match map.get(key) {
            Some((count, since)) => *count < MAX_FAILURES || now - *since > Duration::minutes(WINDOW_MINUTES),
            None => true,
        }
    }

    /// Counts a failure for `key`.
    pub fn fail(&self, key: &str, now: DateTime<Utc>) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() > 100_000 {
            map.retain(|_, (_, since)| now - *since <= Duration::minutes(WINDOW_MINUTES));
        }
        let entry = map.entry(key.to_string()).or_insert((0, now));
        if now - entry.1 > Duration::minutes(WINDOW_MINUTES) {
            *entry = (0, now);
        }
        entry.0 += 1;
    }

    /// Forgets `key` after a success.
    pub fn succeed(&self, key: &str) {
        self.failures.lock().unwrap_or_else(|p| p.into_inner()).remove(key);
    }
}
