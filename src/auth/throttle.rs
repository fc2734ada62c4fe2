//! Slows down password guessing without letting a guesser lock anyone out. Failures count
//! per (account, client address): ten wrong passwords for an account from one address make
//! that address wait 15 minutes for that account, while the account's owner signing in from
//! elsewhere is not braked. A looser cap per address across all accounts (50 failures in 15
//! minutes) stops one address from trying many accounts. Unknown emails count like wrong
//! passwords, so the answers stay identical.
//!
//! An attempt is counted before its password is checked and given back when it succeeds, so
//! a burst of guesses sent at once is braked like guesses sent one after another.

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
    /// Counts an attempt of `address` on `account` before its password is checked, or tells
    /// how long to wait (then nothing is counted). The attempt stays counted as a failure
    /// unless [`LoginAttempt::succeeded`] gives it back.
    pub fn reserve(&self, account: &str, address: &str, now: DateTime<Utc>) -> Result<LoginAttempt<'_>, Duration> {
        self.per_address.take(address, now)?;
        let pair = pair(account, address);
        if let Err(wait) = self.per_account.take(&pair, now) {
            self.per_address.give_back(address);
            return Err(wait);
        }
        Ok(LoginAttempt { throttle: self, pair, address: address.to_string() })
    }
}

/// A sign-in attempt counted against its brakes; it counts as a failure unless it succeeded.
pub struct LoginAttempt<'a> {
    throttle: &'a LoginThrottle,
    pair: String,
    address: String,
}

impl LoginAttempt<'_> {
    /// The password was right: the failures of this address on this account are forgotten
    /// and the attempt is taken back from the address's count.
    pub fn succeeded(self) {
        self.throttle.per_account.clear(&self.pair);
        self.throttle.per_address.give_back(&self.address);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_guesser_does_not_lock_out_the_owner_elsewhere() {
        let t = LoginThrottle::default();
        let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default();
        let held: Vec<_> = (0..MAX_FAILURES).filter_map(|_| t.reserve("admin@x", "203.0.113.9", now).ok()).collect();
        assert_eq!(held.len(), MAX_FAILURES as usize, "attempts in flight count before they are checked");
        assert!(t.reserve("admin@x", "203.0.113.9", now).is_err());
        assert!(t.reserve("admin@x", "198.51.100.4", now).is_ok());
        assert!(t.reserve("other@x", "203.0.113.9", now).is_ok());
    }

    #[test]
    fn a_success_gives_its_attempt_back() {
        let t = LoginThrottle::default();
        let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default();
        for _ in 0..MAX_FAILURES * 2 {
            t.reserve("admin@x", "203.0.113.9", now).map(LoginAttempt::succeeded).unwrap_or_else(|_| panic!("braked"));
        }
    }

    #[test]
    fn one_address_trying_many_accounts_is_capped() {
        let t = LoginThrottle::default();
        let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default();
        for i in 0..MAX_FAILURES_PER_ADDRESS {
            assert!(t.reserve(&format!("user{i}@x"), "203.0.113.9", now).is_ok());
        }
        assert!(t.reserve("fresh@x", "203.0.113.9", now).is_err());
        assert!(t.reserve("fresh@x", "198.51.100.4", now).is_ok());
    }
}
