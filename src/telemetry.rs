//! Logging: `RUST_LOG` filters, `FIELDFIX_LOG_FORMAT=json` switches to JSON lines.

use std::time::Duration;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

use tracing_subscriber::EnvFilter;

/// Installs the global subscriber once; later calls do nothing.
pub fn init(json: bool) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let result = if json { builder.json().try_init() } else { builder.try_init() };
    if result.is_err() {
        tracing::debug!("a tracing subscriber was already installed");
    }
}

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 11] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

/// The labels of one HTTP series.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct HttpLabels {
    pub method: String,
    pub route: String,
    pub status: u16,
}

/// Request counts and latency histograms of this instance, kept by `prometheus-client`
/// (one set per server, not a process-wide recorder: tests run many servers in one process).
pub struct HttpMetrics {
    requests: Family<HttpLabels, Counter>,
    durations: Family<HttpLabels, Histogram>,
    in_flight: Gauge,
}

impl Default for HttpMetrics {
    fn default() -> Self {
        HttpMetrics {
            requests: Family::default(),
            durations: Family::new_with_constructor(|| Histogram::new(BUCKETS)),
            in_flight: Gauge::default(),
        }
    }
}

impl HttpMetrics {
    /// Counts a request that started being answered.
    pub fn started(&self) {
        self.in_flight.inc();
    }

    /// Counts a request that is no longer being answered (answered, failed or abandoned).
    pub fn ended(&self) {
        self.in_flight.dec();
    }

    /// Counts one answered request.
    pub fn observe(&self, method: &str, route: &str, status: u16, took: Duration) {
        let labels = HttpLabels { method: method.to_string(), route: route.to_string(), status };
        self.requests.get_or_create(&labels).inc();
        self.durations.get_or_create(&labels).observe(took.as_secs_f64());
    }

    /// Adds the series to `registry` (they stay shared with this instance's counters).
    pub fn register(&self, registry: &mut Registry) {
        registry.register(
            "fieldfix_http_requests_in_flight",
            "HTTP requests being answered now",
            self.in_flight.clone(),
        );
        registry.register(
            "fieldfix_http_requests",
            "HTTP requests answered, by route and status",
            self.requests.clone(),
        );
        registry.register(
            "fieldfix_http_request_duration_seconds",
            "Time to answer, by route and status",
            self.durations.clone(),
        );
    }
}

/// Path segments after which the next segment is a secret link token (a tracking or rating
/// link): whoever reads the logs must not be able to open a customer's repair.
const TOKEN_PARENTS: [&str; 4] = ["track", "rate", "ratings", "links"];

/// The request path as it may be logged: link tokens replaced by `{token}`.
pub fn redacted_path(path: &str) -> String {
    let mut out = Vec::new();
    let mut secret_next = false;
    for segment in path.split('/') {
        if secret_next && !segment.is_empty() {
            out.push("{token}");
            secret_next = false;
            continue;
        }
        secret_next = TOKEN_PARENTS.contains(&segment);
        out.push(segment);
    }
    out.join("/")
}

/// The root span of every request, as tracing-actix-web's default but with the path
/// redacted by [`redacted_path`] and no query string (it can carry a token too).
pub struct RedactedRootSpan;

impl tracing_actix_web::RootSpanBuilder for RedactedRootSpan {
    fn on_request_start(request: &actix_web::dev::ServiceRequest) -> tracing::Span {
        use actix_web::HttpMessage;
        let route = request.match_pattern().unwrap_or_else(|| "default".to_string());
        let request_id = request.extensions().get::<tracing_actix_web::RequestId>().map(|id| id.to_string());
        tracing::info_span!(
            "HTTP request",
            http.method = %request.method(),
            http.route = %route,
            http.target = %redacted_path(request.path()),
            request_id = %request_id.unwrap_or_default(),
            http.status_code = tracing::field::Empty,
            otel.status_code = tracing::field::Empty,
            exception.message = tracing::field::Empty,
            exception.details = tracing::field::Empty,
        )
    }

    fn on_request_end<B: actix_web::body::MessageBody>(
        span: tracing::Span,
        outcome: &Result<actix_web::dev::ServiceResponse<B>, actix_web::Error>,
    ) {
        tracing_actix_web::DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
}

#[cfg(test)]
mod tests {
    use super::redacted_path;

    #[test]
    fn link_tokens_never_reach_the_log() {
        assert_eq!(redacted_path("/api/track/abcDEF123/quote/approve"), "/api/track/{token}/quote/approve");
        assert_eq!(redacted_path("/rate/xyz"), "/rate/{token}");
        assert_eq!(redacted_path("/api/ratings/xyz"), "/api/ratings/{token}");
        assert_eq!(redacted_path("/api/requests/12/assign"), "/api/requests/12/assign");
        assert_eq!(redacted_path("/track/"), "/track/");
    }
}
