//! Background jobs, one file each. Each is idempotent and safe with several instances:
//! one-time effects are guarded by `db::marks`, state changes by compare-and-set updates.

pub mod call_expiry;
pub mod mail_delivery;
pub mod offer_expiry;
pub mod promises;
pub mod rating_reminder;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::clock::Clock;
use crate::db::Db;

/// One periodic job: a transaction's worth of work at a given time.
type Job =
    fn(&mut crate::db::DbConnection, chrono::DateTime<chrono::Utc>) -> Result<usize, crate::app::error::AppError>;

/// Runs every periodic job once at `now`, each in its own transaction; returns how many
/// things they did. The scheduler calls it in a loop; tests call it when they need a round.
pub fn run_round(db: &Db, now: chrono::DateTime<chrono::Utc>) -> usize {
    let jobs: [(&str, Job); 4] = [
        ("offer_expiry", offer_expiry::run),
        ("promises", promises::run),
        ("rating_reminder", rating_reminder::run),
        ("call_expiry", call_expiry::run),
    ];
    let mut done = 0;
    for (name, job) in jobs {
        match db.write_blocking(|c| job(c, now)) {
            Ok(n) => done += n,
            Err(e) => tracing::warn!(job = name, error = %e, "job round failed"),
        }
    }
    done
}

/// Runs the periodic jobs every `poll` until `stop`.
pub fn spawn_scheduler(
    db: Db,
    clock: Arc<dyn Clock>,
    poll: Duration,
    stop: Arc<AtomicBool>,
) -> std::io::Result<std::thread::JoinHandle<()>> {
    std::thread::Builder::new().name("jobs".into()).spawn(move || {
        while !stop.load(Ordering::Relaxed) {
            run_round(&db, clock.now());
            pause(poll, &stop);
        }
    })
}

/// Sleeps `poll`, waking early when `stop` is set, so a stopping server does not wait for a
/// whole poll interval; the round in progress is always finished first.
pub fn pause(poll: Duration, stop: &AtomicBool) {
    let step = Duration::from_millis(50);
    let mut left = poll;
    while !left.is_zero() && !stop.load(Ordering::Relaxed) {
        let nap = left.min(step);
        std::thread::sleep(nap);
        left -= nap;
    }
}
