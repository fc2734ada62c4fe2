//! Slows down password guessing without letting a guesser lock anyone out. Failures count
//! per (account, client address): ten wrong passwords for an account from one address make
//! that address wait 15 minutes for that account, while the account's owner signing in from
//! elsewhere is not braked. A looser cap per address across all accounts (50 failures in 15
//! minutes) stops one address from trying many accounts. Unknown emails count like wrong
//! passwords, so the answers stay identical.

use chrono::{DateTime, Duration, Utc};

use super::rate::RateLimiter;

/// Failures allowed per account and client address within [`WINDOW_MINUTES`].
pub const MAX_FAILURES: u32 = 10;
/// Failures allowed per client address across accounts within [`WINDOW_MINUTES`].
pub const MAX_FAILURES_PER_ADDRESS: u32 = 50;
/// The window in minutes.
pub const WINDOW_MINUTES: i64 = 15;

/// Failure counts per (account, address) and per address.
pub struct LoginThrottle {
    per_account: RateLimiter,
    per_address: RateLimiter,
}

impl Default for LoginThrottle {
    fn default() -> Self {
        let window = Duration::minutes(WINDOW_MINUTES);
        LoginThrottle {
            per_account: RateLimiter::new(MAX_FAILURES, window),
            per_address: RateLimiter::new(MAX_FAILURES_PER_ADDRESS, window),
        }
    }
}

fn pair(account: &str, address: &str) -> String {
    format!("{address} {account}")
}

impl LoginThrottle {
    /// Ok when `address` may try `account` now, else how long to wait.
    pub fn allows(&self, account: &str, address: &str, now: DateTime<Utc>) -> Result<(), Duration> {
        self.per_address.check(address, now)?;
        self.per_account.check(&pair(account, address), now)
    }

    /// Counts a failure of `address` on `account`.
    pub fn fail(&self, account: &str, address: &str, now: DateTime<Utc>) {
        self.per_account.hit(&pair(account, address), now);
        self.per_address.hit(address, now);
    }

    /// Forgets the failures of `address` on `account` after a success.
    pub fn succeed(&self, account: &str, address: &str) {
        self.per_account.clear(&pair(account, address));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_guesser_does_not_lock_out_the_owner_elsewhere() {
        let t = LoginThrottle::default();
        let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default();
        for _ in 0..MAX_FAILURES {
            t.fail("admin@x", "203.0.113.9", now);
        }
        assert!(t.allows("admin@x", "203.0.113.9", now).is_err());
        assert!(t.allows("admin@x", "198.51.100.4", now).is_ok());
        assert!(t.allows("other@x", "203.0.113.9", now).is_ok());
    }

    #[test]
    fn one_address_trying_many_accounts_is_capped() {
        let t = LoginThrottle::default();
        let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default();
        for i in 0..MAX_FAILURES_PER_ADDRESS {
            t.fail(&format!("user{i}@x"), "203.0.113.9", now);
        }
        assert!(t.allows("fresh@x", "203.0.113.9", now).is_err());
        assert!(t.allows("fresh@x", "198.51.100.4", now).is_ok());
    }
}
