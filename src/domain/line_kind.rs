//! The kinds of fee line: what a technician records and what a warranty may cover.

use serde::{Deserialize, Serialize};

/// The kinds of line a technician records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    /// Labour, counted in started half hours at the schedule's rate.
    Labour,
    /// A part, from the schedule by code or priced on the spot.
    Part,
    /// The call-out fee of the schedule.
    CallOut,
    /// A fixed-price service of the schedule (an extra the customer chose, such as fitting a
    /// new faucet): never covered by warranty or a free follow-up.
    Service,
}

impl LineKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            LineKind::Labour => "labour",
            LineKind::Part => "part",
            LineKind::CallOut => "call_out",
            LineKind::Service => "service",
        }
    }

    /// The kind of a stored name (a part for anything unknown, as before services existed).
    pub fn from_stored(name: &str) -> LineKind {
        match name {
            "labour" => LineKind::Labour,
            "call_out" => LineKind::CallOut,
            "service" => LineKind::Service,
            _ => LineKind::Part,
        }
    }
}
