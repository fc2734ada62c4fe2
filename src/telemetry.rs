//! Logging: `RUST_LOG` filters, `FIELDFIX_LOG_FORMAT=json` switches to JSON lines.

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
