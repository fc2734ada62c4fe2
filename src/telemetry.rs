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
