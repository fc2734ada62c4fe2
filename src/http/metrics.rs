//! `/metrics` in the Prometheus text format: HTTP requests and latencies by route and
//! status (counted in this instance), and from the database the outbox depth and failures,
//! open requests by status and promises broken.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use actix_web::{web, HttpRequest, HttpResponse};
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use crate::db::schema::{job_marks, outbox, repair_requests};
use crate::error::AppError;
use crate::startup::AppState;

const BUCKETS: [f64; 11] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

#[derive(Default, Clone)]
struct Series {
    count: u64,
    sum: f64,
    buckets: [u64; BUCKETS.len()],
}

/// Request counts and latency histograms of this instance.
#[derive(Default)]
pub struct HttpMetrics {
    series: Mutex<BTreeMap<(String, String, u16), Series>>,
    in_flight: AtomicI64,
}

/// One request being answered, counted in `fieldfix_http_requests_in_flight` until dropped
/// (answered, failed or abandoned by its client).
pub struct InFlight(web::Data<AppState>);

impl InFlight {
    /// Counts a request that started.
    pub fn start(state: web::Data<AppState>) -> InFlight {
        state.http_metrics.in_flight.fetch_add(1, Ordering::SeqCst);
        InFlight(state)
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.http_metrics.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

impl HttpMetrics {
    /// Counts one answered request.
    pub fn observe(&self, method: &str, route: &str, status: u16, took: Duration) {
        let secs = took.as_secs_f64();
        let mut map = self.series.lock().unwrap_or_else(|p| p.into_inner());
        let s = map.entry((method.to_string(), route.to_string(), status)).or_default();
        s.count += 1;
        s.sum += secs;
        for (i, le) in BUCKETS.iter().enumerate() {
            if secs <= *le {
                s.buckets[i] += 1;
            }
        }
    }

    fn render(&self, out: &mut String) {
        let map = self.series.lock().unwrap_or_else(|p| p.into_inner()).clone();
        let _ = writeln!(out, "# HELP fieldfix_http_requests_in_flight HTTP requests being answered now.");
        let _ = writeln!(out, "# TYPE fieldfix_http_requests_in_flight gauge");
        let _ = writeln!(out, "fieldfix_http_requests_in_flight {}", self.in_flight.load(Ordering::SeqCst));
        let _ = writeln!(out, "# HELP fieldfix_http_requests_total HTTP requests answered, by route and status.");
        let _ = writeln!(out, "# TYPE fieldfix_http_requests_total counter");
        for ((m, r, s), v) in &map {
            let _ = writeln!(
                out,
                "fieldfix_http_requests_total{{method=\"{m}\",route=\"{r}\",status=\"{s}\"}} {}",
                v.count
            );
        }
        let _ = writeln!(out, "# HELP fieldfix_http_request_duration_seconds Time to answer, by route and status.");
        let _ = writeln!(out, "# TYPE fieldfix_http_request_duration_seconds histogram");
        for ((m, r, s), v) in &map {
            let labels = format!("method=\"{m}\",route=\"{r}\",status=\"{s}\"");
            for (i, le) in BUCKETS.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "fieldfix_http_request_duration_seconds_bucket{{{labels},le=\"{le}\"}} {}",
                    v.buckets[i]
                );
            }
            let _ = writeln!(out, "fieldfix_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}", v.count);
            let _ = writeln!(out, "fieldfix_http_request_duration_seconds_sum{{{labels}}} {}", v.sum);
            let _ = writeln!(out, "fieldfix_http_request_duration_seconds_count{{{labels}}} {}", v.count);
        }
    }
}

/// Lets a scraper in: with `FIELDFIX_METRICS_TOKEN` set, the bearer token must match
/// (compared in constant time); without it, only this machine may read.
fn allow_scraper(req: &HttpRequest, token: Option<&str>) -> Result<(), AppError> {
    match token {
        Some(expected) => {
            let given = req
                .headers()
                .get(actix_web::http::header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "))
                .unwrap_or("");
            let (a, b) = (Sha256::digest(given.as_bytes()), Sha256::digest(expected.as_bytes()));
            if a.iter().zip(b.iter()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0 {
                Ok(())
            } else {
                Err(AppError::Unauthorized)
            }
        }
        None if req.peer_addr().is_some_and(|a| a.ip().is_loopback()) => Ok(()),
        None => Err(AppError::Forbidden("set FIELDFIX_METRICS_TOKEN to read /metrics from another machine".into())),
    }
}

/// The metrics of this instance and of the shared database.
pub async fn metrics(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    allow_scraper(&req, state.settings.metrics_token.as_deref())?;
    let (outbox_counts, open, broken) = state
        .db
        .read(|c| {
            let outbox_counts: Vec<(String, i64)> =
                outbox::table.group_by(outbox::status).select((outbox::status, diesel::dsl::count_star())).load(c)?;
            let open: Vec<(String, i64)> = repair_requests::table
                .filter(repair_requests::status.ne_all(["closed", "cancelled"]))
                .group_by(repair_requests::status)
                .select((repair_requests::status, diesel::dsl::count_star()))
                .load(c)?;
            let broken: i64 = job_marks::table.filter(job_marks::key.like("broken:%")).count().get_result(c)?;
            Ok((outbox_counts, open, broken))
        })
        .await?;
    let mut out = String::new();
    state.http_metrics.render(&mut out);
    let _ = writeln!(
        out,
        "# HELP fieldfix_outbox_messages Outbox messages by status (pending = depth, failed = given up)."
    );
    let _ = writeln!(out, "# TYPE fieldfix_outbox_messages gauge");
    for (status, n) in outbox_counts {
        let _ = writeln!(out, "fieldfix_outbox_messages{{status=\"{status}\"}} {n}");
    }
    let _ = writeln!(out, "# HELP fieldfix_open_requests Requests not closed or cancelled, by status.");
    let _ = writeln!(out, "# TYPE fieldfix_open_requests gauge");
    for (status, n) in open {
        let _ = writeln!(out, "fieldfix_open_requests{{status=\"{status}\"}} {n}");
    }
    let _ = writeln!(out, "# HELP fieldfix_promises_broken_total Promises broken so far.");
    let _ = writeln!(out, "# TYPE fieldfix_promises_broken_total counter");
    let _ = writeln!(out, "fieldfix_promises_broken_total {broken}");
    Ok(HttpResponse::Ok().content_type("text/plain; version=0.0.4").body(out))
}
