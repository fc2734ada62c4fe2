//! Who the client is (its address, through trusted proxies only) and how many bookings an
//! address or a contact may make per hour.

use std::net::IpAddr;

use actix_web::HttpRequest;
use chrono::{DateTime, Duration, Utc};

use crate::app::error::AppError;
use crate::auth::rate::RateLimiter;
use crate::config::Settings;

/// What an address counts as in the per-address limits: an IPv4 address itself (also when
/// written as IPv4-mapped IPv6), an IPv6 address its /64, the smallest network handed to one
/// subscriber: one client picks any of its 2^64 addresses at will.
pub fn counted_as(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                let network = std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0);
                format!("{network}/64")
            }
        },
    }
}

/// The abuse limits of one instance.
pub struct Limits {
    trusted_proxies: Vec<IpAddr>,
    bookings_per_address: RateLimiter,
    bookings_per_contact: RateLimiter,
}

/// A booking counted against its limits; given back when nothing was booked.
pub struct BookingPermit<'a> {
    limits: &'a Limits,
    keys: Vec<String>,
}

impl BookingPermit<'_> {
    /// Takes back the counts: the attempt booked nothing (a replay or a refusal).
    pub fn give_back(self) {
        self.limits.bookings_per_address.give_back(&self.keys[0]);
        for key in &self.keys[1..] {
            self.limits.bookings_per_contact.give_back(key);
        }
    }
}

impl Limits {
    /// Reads the limits from the settings; refuses a proxy that is not an IP address.
    pub fn from_settings(settings: &Settings) -> anyhow::Result<Limits> {
        let trusted_proxies = settings
            .trusted_proxies
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                s.parse::<IpAddr>().map_err(|_| anyhow::anyhow!("FIELDFIX_TRUSTED_PROXIES: {s:?} is not an IP address"))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        Ok(Limits {
            trusted_proxies,
            bookings_per_address: RateLimiter::new(settings.bookings_per_hour, Duration::hours(1)),
            bookings_per_contact: RateLimiter::new(settings.bookings_per_contact, Duration::hours(1)),
        })
    }

    /// The client's address as the per-address limits count it: the direct peer, or, when
    /// the peer is a trusted proxy, the nearest address in `X-Forwarded-For` that is not
    /// itself a trusted proxy; an IPv6 address stands for its /64 (see [`counted_as`]).
    /// "unknown" when there is no peer address (not over TCP).
    pub fn client_address(&self, req: &HttpRequest) -> String {
        let Some(peer) = req.peer_addr().map(|a| a.ip()) else {
            return "unknown".to_string();
        };
        counted_as(self.forwarded_client(req, peer))
    }

    /// The client's IP address: the peer, or the one a trusted proxy forwarded for.
    fn forwarded_client(&self, req: &HttpRequest, peer: IpAddr) -> IpAddr {
        if !self.trusted_proxies.contains(&peer) {
            return peer;
        }
        let chain: Vec<&str> = req
            .headers()
            .get_all("X-Forwarded-For")
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect();
        for hop in chain.iter().rev() {
            match hop.parse::<IpAddr>() {
                Ok(ip) if self.trusted_proxies.contains(&ip) => continue,
                Ok(ip) => return ip,
                Err(_) => break,
            }
        }
        peer
    }

    /// Counts a booking from `address` for these contact keys (email, phone), or answers
    /// 429 with the wait when any of them is over its limit (nothing is counted then).
    pub fn take_booking(
        &self,
        address: &str,
        contact_keys: Vec<String>,
        now: DateTime<Utc>,
    ) -> Result<BookingPermit<'_>, AppError> {
        for key in &contact_keys {
            self.bookings_per_contact.check(key, now).map_err(AppError::too_many)?;
        }
        self.bookings_per_address.take(address, now).map_err(AppError::too_many)?;
        for key in &contact_keys {
            self.bookings_per_contact.hit(key, now);
        }
        let mut keys = vec![address.to_string()];
        keys.extend(contact_keys);
        Ok(BookingPermit { limits: self, keys })
    }
}

#[cfg(test)]
mod tests {
    use super::counted_as;

    #[test]
    fn ipv6_counts_by_its_64() {
        let a = counted_as("2001:db8:1:2:aaaa::1".parse().unwrap_or_else(|e| panic!("{e}")));
        let b = counted_as("2001:db8:1:2:ffff:1:2:3".parse().unwrap_or_else(|e| panic!("{e}")));
        let c = counted_as("2001:db8:1:3::1".parse().unwrap_or_else(|e| panic!("{e}")));
        assert_eq!(a, "2001:db8:1:2::/64");
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(counted_as("::ffff:203.0.113.9".parse().unwrap_or_else(|e| panic!("{e}"))), "203.0.113.9");
        assert_eq!(counted_as("203.0.113.9".parse().unwrap_or_else(|e| panic!("{e}"))), "203.0.113.9");
    }
}
