//! `/metrics` in the OpenMetrics text format (which Prometheus reads): HTTP requests and latencies by route and
//! status (counted in this instance), and from the database the outbox depth and failures,
//! open requests by status and promises broken.

use actix_web::{web, HttpRequest, HttpResponse};
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;

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

/// A gauge family with one label.
fn by_label(registry: &mut Registry, name: &str, help: &str, label: &'static str, rows: &[(String, i64)]) {
    let family = Family::<Vec<(&'static str, String)>, Gauge>::default();
    for (value, n) in rows {
        family.get_or_create(&vec![(label, value.clone())]).set(*n);
    }
    registry.register(name, help, family);
}

/// A counter read from elsewhere (the database, the pool), shown as it stands.
fn total(registry: &mut Registry, name: &str, help: &str, n: u64) {
    let counter = Counter::<u64>::default();
    counter.inc_by(n);
    registry.register(name, help, counter);
}

/// The metrics of this instance and of the shared database, in the OpenMetrics text format
/// (`prometheus-client` writes it, escaping every label value).
pub async fn metrics(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    allow_scraper(&req, state.settings.metrics_token.as_deref())?;
    let snapshot = state.db.read(crate::app::figures::metrics::snapshot).await?;
    let mut registry = Registry::default();
    state.http_metrics.register(&mut registry);
    by_label(
        &mut registry,
        "fieldfix_outbox_messages",
        "Outbox messages by status (pending = depth, failed = given up)",
        "status",
        &snapshot.outbox,
    );
    let channels = Family::<Vec<(&'static str, String)>, Gauge>::default();
    for (channel, status, n) in &snapshot.by_channel {
        channels.get_or_create(&vec![("channel", channel.clone()), ("status", status.clone())]).set(*n);
    }
    registry.register(
        "fieldfix_outbox_channel_messages",
        "Outbox messages by channel (mail, sms) and status",
        channels,
    );
    by_label(
        &mut registry,
        "fieldfix_sms_deliveries",
        "Text messages by the gateway's delivery report",
        "delivery",
        &snapshot.sms_deliveries,
    );
    by_label(
        &mut registry,
        "fieldfix_open_requests",
        "Requests not closed or cancelled, by status",
        "status",
        &snapshot.open_requests,
    );
    total(
        &mut registry,
        "fieldfix_promises_broken",
        "Promises broken so far",
        u64::try_from(snapshot.promises_broken).unwrap_or(0),
    );
    total(
        &mut registry,
        "fieldfix_db_connect_errors",
        "Failed attempts of this instance's pool to open a database connection",
        state.db.connect_errors(),
    );
    let mut out = String::new();
    encode(&mut out, &registry).map_err(|e| AppError::internal(format!("writing the metrics: {e}")))?;
    Ok(HttpResponse::Ok().content_type("application/openmetrics-text; version=1.0.0; charset=utf-8").body(out))
}
