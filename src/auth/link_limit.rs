//! The brake on sign-in mails: a few per email address, more per client address, so that
//! nobody's inbox can be flooded and nobody can probe many addresses. Counted whether or
//! not the email belongs to an account, so the answers stay identical.

use chrono::{DateTime, Duration, Utc};

use super::rate::RateLimiter;

/// Sign-in mails per email address within [`WINDOW_MINUTES`].
pub const PER_EMAIL: u32 = 3;
/// Sign-in mail requests per client address within [`WINDOW_MINUTES`].
pub const PER_ADDRESS: u32 = 20;
/// The window in minutes.
pub const WINDOW_MINUTES: i64 = 15;
/// Contact corrections per tracking link within [`WINDOW_MINUTES`].
pub const CONTACT_PER_LINK: u32 = 5;

/// Counts per email and per client address.
pub struct SignInMailLimit {
    per_email: RateLimiter,
    per_address: RateLimiter,
}

impl Default for SignInMailLimit {
    fn default() -> Self {
        SignInMailLimit::new(PER_EMAIL, PER_ADDRESS)
    }
}

impl SignInMailLimit {
    /// `per_key` per email (phone, reference or tracking link) and `per_address` per client
    /// address within [`WINDOW_MINUTES`].
    pub fn new(per_key: u32, per_address: u32) -> Self {
        let window = Duration::minutes(WINDOW_MINUTES);
        SignInMailLimit {
            per_email: RateLimiter::new(per_key, window),
            per_address: RateLimiter::new(per_address, window),
        }
    }

    /// Counts one request for `email` from `address`, or tells how long to wait.
    pub fn take(&self, email: &str, address: &str, now: DateTime<Utc>) -> Result<(), Duration> {
        self.per_address.check(address, now)?;
        self.per_email.take(email, now)?;
        self.per_address.hit(address, now);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_inbox_gets_a_few_mails_and_an_address_a_few_more() {
        let l = SignInMailLimit::default();
        let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default();
        for _ in 0..PER_EMAIL {
            assert!(l.take("a@x.test", "203.0.113.9", now).is_ok());
        }
        assert!(l.take("a@x.test", "198.51.100.4", now).is_err(), "the inbox is braked from anywhere");
        for i in PER_EMAIL..PER_ADDRESS {
            assert!(l.take(&format!("u{i}@x.test"), "203.0.113.9", now).is_ok());
        }
        assert!(l.take("fresh@x.test", "203.0.113.9", now).is_err());
        assert!(l.take("a@x.test", "203.0.113.9", now + Duration::minutes(WINDOW_MINUTES)).is_ok());
    }
}
