//! A counter per key over a fixed window: the brake behind the login throttle and the
//! booking limits. Held in memory: it is a brake, not a record, and each instance brakes on
//! its own. Kept hand-written rather than `governor`: a limit here is reserved before the
//! work it limits and given back when that work fails (`check`, `hit`, `give_back`), and it
//! reads the server's own clock, which tests move; governor's GCRA has neither a look without
//! a take nor a refund.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};

/// Keys kept before expired windows are swept out.
const SWEEP_AT: usize = 100_000;

/// At most `limit` hits per key within a window that starts at the key's first hit.
pub struct RateLimiter {
    limit: u32,
    window: Duration,
    hits: Mutex<HashMap<String, (u32, DateTime<Utc>)>>,
}

impl RateLimiter {
    /// `limit` hits per `window`; a limit of 0 never refuses.
    pub fn new(limit: u32, window: Duration) -> Self {
        RateLimiter { limit, window, hits: Mutex::new(HashMap::new()) }
    }

    /// Ok when `key` is under its limit now, else how long until its window ends.
    pub fn check(&self, key: &str, now: DateTime<Utc>) -> Result<(), Duration> {
        if self.limit == 0 {
            return Ok(());
        }
        let map = self.hits.lock().unwrap_or_else(|p| p.into_inner());
        match map.get(key) {
            Some((count, since)) if *count >= self.limit && now - *since < self.window => {
                Err(*since + self.window - now)
            }
            _ => Ok(()),
        }
    }

    /// Counts one hit for `key`.
    pub fn hit(&self, key: &str, now: DateTime<Utc>) {
        if self.limit == 0 {
            return;
        }
        let mut map = self.hits.lock().unwrap_or_else(|p| p.into_inner());
        self.count(&mut map, key, now);
    }

    /// Checks and counts in one step: Ok and counted, or how long to wait (not counted).
    pub fn take(&self, key: &str, now: DateTime<Utc>) -> Result<(), Duration> {
        if self.limit == 0 {
            return Ok(());
        }
        let mut map = self.hits.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((count, since)) = map.get(key) {
            if *count >= self.limit && now - *since < self.window {
                return Err(*since + self.window - now);
            }
        }
        self.count(&mut map, key, now);
        Ok(())
    }

    /// Takes back one hit of `key` (the attempt it counted did not happen after all).
    pub fn give_back(&self, key: &str) {
        let mut map = self.hits.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(entry) = map.get_mut(key) {
            entry.0 = entry.0.saturating_sub(1);
        }
    }

    /// Forgets `key`.
    pub fn clear(&self, key: &str) {
        self.hits.lock().unwrap_or_else(|p| p.into_inner()).remove(key);
    }

    fn count(&self, map: &mut HashMap<String, (u32, DateTime<Utc>)>, key: &str, now: DateTime<Utc>) {
        if map.len() > SWEEP_AT {
            map.retain(|_, (_, since)| now - *since < self.window);
        }
        let entry = map.entry(key.to_string()).or_insert((0, now));
        if now - entry.1 >= self.window {
            *entry = (0, now);
        }
        entry.0 += 1;
    }
}

/// Whole seconds to wait, at least one: the value of a `Retry-After` header.
pub fn retry_after_seconds(wait: Duration) -> u64 {
    u64::try_from(wait.num_seconds()).unwrap_or(0).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t0() -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default()
    }

    #[test]
    fn refuses_past_the_limit_until_the_window_ends() {
        let r = RateLimiter::new(2, Duration::minutes(10));
        assert!(r.take("a", t0()).is_ok());
        assert!(r.take("a", t0()).is_ok());
        assert_eq!(r.take("a", t0() + Duration::minutes(4)), Err(Duration::minutes(6)));
        assert!(r.take("b", t0()).is_ok(), "other keys are not braked");
        assert!(r.take("a", t0() + Duration::minutes(10)).is_ok());
    }

    #[test]
    fn zero_never_refuses_and_give_back_undoes_a_hit() {
        let off = RateLimiter::new(0, Duration::minutes(1));
        assert!((0..100).all(|_| off.take("a", t0()).is_ok()));
        let r = RateLimiter::new(1, Duration::minutes(1));
        assert!(r.take("a", t0()).is_ok());
        r.give_back("a");
        assert!(r.take("a", t0()).is_ok());
        assert!(r.check("a", t0()).is_err());
    }
}
