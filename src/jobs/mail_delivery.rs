//! Delivers the outbox, one worker per channel (mail, text messages): claims due messages,
//! sends them, records every attempt, retries with exponential backoff and gives up for good
//! on permanent failures or after [`MAX_ATTEMPTS`]. Claims are exclusive across instances,
//! so no message goes out twice.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};

use crate::app::error::AppError;
use crate::clock::Clock;
use crate::db::{outbox, Db};
use crate::notify::sms::Sms;
use crate::notify::sms_transport::SmsTransport;
use crate::notify::transport::{build_message, MailTransport, SendError};
use crate::notify::{Mail, BASE};

/// Attempts before a message is marked failed.
pub const MAX_ATTEMPTS: i32 = 8;
/// How long a claim lasts before another worker may take the message over.
pub const LEASE_MINUTES: i64 = 5;

/// The longest a sent message waits for its attempt to be recorded.
const RECORD_EVERY: StdDuration = StdDuration::from_secs(1);

/// What a worker delivers and how.
pub enum Channel {
    /// Mail, from this sender address.
    Mail { transport: MailTransport, from: String },
    /// Text messages.
    Sms(SmsTransport),
}

impl Channel {
    /// The outbox channel it claims.
    fn name(&self) -> &'static str {
        match self {
            Channel::Mail { .. } => outbox::MAIL,
            Channel::Sms(_) => outbox::SMS,
        }
    }

    /// Sends one claimed message, with the public URL in its links.
    fn send(&self, message: &outbox::Claimed, public_url: &str) -> Result<(), SendError> {
        let unreadable =
            |e: serde_json::Error| SendError { message: format!("unreadable payload: {e}"), permanent: true };
        match self {
            Channel::Mail { transport, from } => {
                let mail = serde_json::from_str::<Mail>(&message.payload).map_err(unreadable)?;
                transport.send(&build_message(message.id, from, &message.recipient, &mail.with_base(public_url))?)
            }
            Channel::Sms(transport) => {
                let sms = serde_json::from_str::<Sms>(&message.payload).map_err(unreadable)?;
                let text = sms.text.replace(BASE, public_url.trim_end_matches('/'));
                transport.send(message.id, &message.recipient, &text)
            }
        }
    }
}

/// Everything a worker needs.
pub struct DeliveryWorker {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    /// What it delivers.
    pub channel: Channel,
    /// Public URL put into links.
    pub public_url: String,
    /// This instance's name in claims and attempts.
    pub instance: String,
}

/// The wait before attempt `n + 1` after `n` failed ones: 30 s, 1 min, 2 min … at most 1 h.
pub fn backoff(attempts: i32) -> Duration {
    let exp = attempts.clamp(1, 8) - 1;
    Duration::seconds((30i64 << exp).min(3600))
}

impl DeliveryWorker {
    /// Delivers what is due now; returns how many messages were handled.
    pub fn run_once(&self) -> Result<usize, AppError> {
        let now = self.clock.now();
        let lease = now + Duration::minutes(LEASE_MINUTES);
        let instance = self.instance.clone();
        let channel = self.channel.name();
        let claimed = self.db.write_blocking(|c| {
            Ok::<_, AppError>(outbox::claim_due(c, channel, &instance, now.naive_utc(), lease.naive_utc(), 20)?)
        })?;
        // Attempts are recorded together, one transaction for the sends of up to
        // RECORD_EVERY (a commit per message kept the worker behind a steady booking load on
        // PostgreSQL); a crash between a send and its record sends that message again after
        // the lease, so the window of such repeats stays at most RECORD_EVERY long.
        let mut sent: Vec<outbox::Outcome> = Vec::new();
        let mut since = std::time::Instant::now();
        for message in &claimed {
            let result = self.channel.send(message, &self.public_url);
            let done = self.clock.now();
            let (error, retry_at) = match result {
                Ok(()) => (None, None),
                Err(e) if e.permanent || message.attempts >= MAX_ATTEMPTS => (Some(e.message), None),
                Err(e) => (Some(e.message), Some(done + backoff(message.attempts))),
            };
            if let Some(e) = &error {
                tracing::warn!(outbox_id = message.id, channel, attempts = message.attempts, permanent = retry_at.is_none(), error = %e, "message not delivered");
            }
            sent.push(outbox::Outcome {
                id: message.id,
                error,
                retry_at: retry_at.map(|t: DateTime<Utc>| t.naive_utc()),
                at: done.naive_utc(),
            });
            if since.elapsed() >= RECORD_EVERY {
                self.record(std::mem::take(&mut sent))?;
                since = std::time::Instant::now();
            }
        }
        self.record(sent)?;
        Ok(claimed.len())
    }

    /// Records the attempts in one transaction.
    fn record(&self, outcomes: Vec<outbox::Outcome>) -> Result<(), AppError> {
        if outcomes.is_empty() {
            return Ok(());
        }
        let instance = self.instance.clone();
        self.db.write_blocking(|c| Ok::<_, AppError>(outbox::finish_all(c, &instance, &outcomes)?))
    }

    /// Runs until `stop` is set, looking for due messages every `poll`.
    pub fn spawn(self, poll: StdDuration, stop: Arc<AtomicBool>) -> std::io::Result<std::thread::JoinHandle<()>> {
        std::thread::Builder::new().name(format!("{}-delivery", self.channel.name())).spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                match self.run_once() {
                    Ok(n) if n > 0 => continue,
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, channel = self.channel.name(), "delivery round failed"),
                }
                crate::jobs::pause(poll, &stop);
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_caps() {
        assert_eq!(backoff(1), Duration::seconds(30));
        assert_eq!(backoff(2), Duration::seconds(60));
        assert_eq!(backoff(8), Duration::seconds(3600));
        assert_eq!(backoff(20), Duration::seconds(3600));
    }
}
