//! `fieldfix bench store`: the limit the HTTP load is measured against, i.e. the same
//! booking reads and writes (the same plan read, then the same transaction) and tracking
//! reads on the same database, called directly on threads without HTTP.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;

use crate::app::booking::book;
use crate::app::booking::input::BookingInput;
use crate::app::customers::views;
use crate::app::error::AppError;
use crate::clock::{Clock, SystemClock};
use crate::config::Settings;
use crate::db::{idempotency, requests, Db};
use crate::domain::ids::{new_id, token_hash};
use crate::startup::prepare_database;

/// The booking the load script sends, with a unique contact.
pub fn load_booking(unique: &str) -> String {
    serde_json::json!({
        "customer": {"name": format!("Load {unique}"), "email": format!("load-{unique}@example.com"), "phone": "+86 138 0571 0000"},
        "product": {"category": "faucet", "brand": "Jiumu", "model": "K-2031", "purchased_on": "2026-03-01"},
        "problem": "The kitchen faucet sprays water everywhere.", "skill": "plumbing",
        "address": "12 Wensan Road, Hangzhou", "location": {"lat": 30.275, "lon": 120.13}, "window": null
    })
    .to_string()
}

fn book_once(db: &Db, public_url: &str) -> Result<String, AppError> {
    let unique = format!("store-{}", new_id());
    let body = load_booking(&unique);
    let hash = token_hash(&body);
    let input: BookingInput = crate::http::json::parse_json(body.as_bytes())?;
    let now = SystemClock.now();
    let checked = crate::app::booking::check::check(input, None, crate::domain::phone::DEFAULT_REGION, now)?;
    let planned = {
        let mut conn = db.get()?;
        if idempotency::find(&mut conn, &unique)?.is_some() {
            return Err(AppError::internal("a fresh key was found"));
        }
        book::plan(&mut conn, &checked, now)?
    };
    db.write_blocking(|c| {
        if idempotency::find(c, &unique)?.is_some() {
            return Err(AppError::internal("a fresh key was found"));
        }
        let booked = book::store(c, &checked, planned, public_url, now)?;
        let answer =
            serde_json::to_string(&booked).map_err(|e| AppError::unexpected("serializing the booking answer", e))?;
        idempotency::insert(c, &unique, &hash, 201, &answer, now.naive_utc())?;
        Ok(booked.tracking_url.rsplit('/').next().unwrap_or_default().to_string())
    })
}

fn track_once(db: &Db, token: &str, public_url: &str) -> Result<(), AppError> {
    let mut conn = db.get()?;
    let r = requests::find_by_token(&mut conn, token)?.ok_or(AppError::NotFound(msg!("thing-request")))?;
    views::request_view(&mut conn, &r, false, public_url, Some(token)).map(|_| ())
}

/// Runs `work` on `threads` threads for `seconds`; returns operations per second.
fn rate<F>(threads: usize, seconds: f64, work: F) -> anyhow::Result<f64>
where
    F: Fn() -> Result<(), AppError> + Send + Sync + 'static,
{
    let work = Arc::new(work);
    let (done, stop) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicBool::new(false)));
    let started = Instant::now();
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let (work, done, stop) = (work.clone(), done.clone(), stop.clone());
            std::thread::spawn(move || -> Result<(), AppError> {
                while !stop.load(Ordering::Relaxed) {
                    work()?;
                    done.fetch_add(1, Ordering::Relaxed);
                }
                Ok(())
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs_f64(seconds));
    stop.store(true, Ordering::Relaxed);
    for h in handles {
        h.join().map_err(|_| anyhow::anyhow!("a bench thread panicked"))??;
    }
    Ok(done.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64())
}

/// `fieldfix bench store --seconds S --threads T`: prints bookings and tracking reads per
/// second on `DATABASE_URL` (the demo city must be loaded).
pub fn bench_store(settings: &Settings, seconds: f64, threads: usize) -> anyhow::Result<()> {
    let db = prepare_database(settings)?;
    let url = settings.public_url.clone();
    let token = book_once(&db, &url).context("one booking (is the demo city loaded?)")?;
    let (wdb, wurl) = (db.clone(), url.clone());
    let booking = rate(threads, seconds, move || book_once(&wdb, &wurl).map(|_| ()))?;
    let tracking = rate(threads, seconds, move || track_once(&db, &token, &url))?;
    println!("{{\"booking_per_s\": {booking:.1}, \"tracking_per_s\": {tracking:.1}, \"threads\": {threads}}}");
    Ok(())
}
