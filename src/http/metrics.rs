//! `/metrics` in the Prometheus text format: HTTP requests and latencies by route and
//! status (counted in this instance), and from the database the outbox depth and failures,
//! open requests by status and promises broken.

use std::fmt::Write;

use actix_web::{web, HttpRequest, HttpResponse};

use crate::app::error::AppError;
use crate::state::AppState;

/// One request being answered, counted in `fieldfix_http_requests_in_flight` until dropped
/// (answered, failed or abandoned by its client).
pub struct InFlight(web::Data<AppState>);

impl InFlight {
    /// Counts a request that started.
    pub fn start(state: web::Data<AppState>) -> InFlight {
        state.http_metrics.started();
        InFlight(state)
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.http_metrics.ended();
    }
}

/// Marks the app of the separate metrics address (`FIELDFIX_METRICS_BIND`), where
/// `/metrics` needs no token: only the operator's network reaches that address.
#[derive(Clone, Copy)]
pub struct MetricsListener;

/// Lets a scraper in: on the metrics address always; on the main address only with the
/// bearer token of `FIELDFIX_METRICS_TOKEN` (compared in constant time). Without a token the
/// main address never serves metrics: behind a reverse proxy every client looks local.
fn allow_scraper(req: &HttpRequest, token: Option<&str>) -> Result<(), AppError> {
    if req.app_data::<MetricsListener>().is_some() {
        return Ok(());
    }
    let Some(expected) = token else {
        return Err(AppError::Forbidden(msg!("metrics-are-served-fieldfix-metrics-bind")));
    };
    let given = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if crate::domain::ids::same_secret(given, expected) {
        Ok(())
    } else {
        Err(AppError::Unauthorized)
    }
}

/// The metrics of this instance and of the shared database.
pub async fn metrics(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    allow_scraper(&req, state.settings.metrics_token.as_deref())?;
    let snapshot = state.db.read(crate::app::figures::metrics::snapshot).await?;
    let (outbox_counts, open, broken) =
        (snapshot.outbox.clone(), snapshot.open_requests.clone(), snapshot.promises_broken);
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
    let _ = writeln!(out, "# HELP fieldfix_outbox_channel_messages Outbox messages by channel (mail, sms) and status.");
    let _ = writeln!(out, "# TYPE fieldfix_outbox_channel_messages gauge");
    for (channel, status, n) in &snapshot.by_channel {
        let _ = writeln!(out, "fieldfix_outbox_channel_messages{{channel=\"{channel}\",status=\"{status}\"}} {n}");
    }
    let _ = writeln!(out, "# HELP fieldfix_sms_deliveries Text messages by the gateway's delivery report.");
    let _ = writeln!(out, "# TYPE fieldfix_sms_deliveries gauge");
    for (delivery, n) in &snapshot.sms_deliveries {
        let _ = writeln!(out, "fieldfix_sms_deliveries{{delivery=\"{delivery}\"}} {n}");
    }
    let _ = writeln!(out, "# HELP fieldfix_open_requests Requests not closed or cancelled, by status.");
    let _ = writeln!(out, "# TYPE fieldfix_open_requests gauge");
    for (status, n) in open {
        let _ = writeln!(out, "fieldfix_open_requests{{status=\"{status}\"}} {n}");
    }
    let _ = writeln!(out, "# HELP fieldfix_promises_broken_total Promises broken so far.");
    let _ = writeln!(out, "# TYPE fieldfix_promises_broken_total counter");
    let _ = writeln!(out, "fieldfix_promises_broken_total {broken}");
    let _ = writeln!(out, "# HELP fieldfix_db_connect_errors_total Failed attempts of this instance's pool to open a database connection.");
    let _ = writeln!(out, "# TYPE fieldfix_db_connect_errors_total counter");
    let _ = writeln!(out, "fieldfix_db_connect_errors_total {}", state.db.connect_errors());
    Ok(HttpResponse::Ok().content_type("text/plain; version=0.0.4").body(out))
}
