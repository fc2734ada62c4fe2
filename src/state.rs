//! The shared state every handler, extractor and job reads.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use crate::auth::throttle::LoginThrottle;
use crate::clock::Clock;
use crate::config::Settings;
use crate::db::Db;
use crate::telemetry::HttpMetrics;

/// What every handler can reach.
pub struct AppState {
    pub db: Db,
    /// The time source.
    pub clock: Arc<dyn Clock>,
    pub settings: Settings,
    /// The brake on password guessing.
    pub throttle: LoginThrottle,
    /// The brake on sign-in mails.
    pub sign_in_mail: crate::auth::link_limit::SignInMailLimit,
    /// The brake on customers' messages per client address.
    pub messages_per_address: crate::auth::rate::RateLimiter,
    /// The brake on sign-in codes by text message (per phone and client address).
    pub sign_in_codes: crate::auth::link_limit::SignInMailLimit,
    /// The brake on contact corrections from tracking links (per link and client address).
    pub contact_changes: crate::auth::link_limit::SignInMailLimit,
    /// The geocoder addresses are looked up with, when one is configured.
    pub geocoder: Option<Arc<crate::geocoder::Geocoder>>,
    /// The brake on address suggestions per client address.
    pub geocodes_per_address: crate::auth::rate::RateLimiter,
    /// Client addresses and booking limits.
    pub limits: crate::limits::Limits,
    /// Set to stop the background jobs.
    pub stop: Arc<AtomicBool>,
    /// One re-plan search at a time per instance: each holds a core for its whole budget.
    pub replans: tokio::sync::Semaphore,
    /// Password checks (argon2, slow on purpose) running at once on this instance: a burst
    /// of sign-ins queues here instead of taking every core.
    pub password_hashing: tokio::sync::Semaphore,
    /// The upload queue, decoders and photo-limit places of this instance.
    pub photo_uploads: crate::app::photos::uploads::PhotoUploads,
    /// HTTP request counts and latencies of this instance.
    pub http_metrics: HttpMetrics,
}
