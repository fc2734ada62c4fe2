//! The methods each route takes, as the OpenAPI document lists them, for the 405 answers of
//! the router and the role guards. Installed from the document when the routes are
//! configured, so the handlers' modules never import the document that names them.

use std::collections::HashMap;
use std::sync::OnceLock;

static TABLE: OnceLock<HashMap<String, String>> = OnceLock::new();

/// Keeps the table made by `make` (once per process; later calls keep the first).
pub fn install(make: fn() -> HashMap<String, String>) {
    TABLE.get_or_init(make);
}

/// The methods a route pattern takes; routes outside the document (the pages) take `GET` and
/// `HEAD`.
pub fn methods_of(pattern: &str) -> String {
    TABLE.get().and_then(|t| t.get(pattern)).cloned().unwrap_or_else(|| "GET, HEAD".to_string())
}
