//! The figures `/metrics` reads from the shared database.

use crate::app::error::AppError;
use crate::db::{marks, outbox, requests, DbConnection};

/// Counts across every instance.
pub struct MetricsSnapshot {
    /// Outbox messages by status (pending = depth, failed = given up).
    pub outbox: Vec<(String, i64)>,
    /// Outbox messages by channel (mail, sms) and status.
    pub by_channel: Vec<(String, String, i64)>,
    /// Text messages by the gateway's delivery report.
    pub sms_deliveries: Vec<(String, i64)>,
    /// Requests not closed or cancelled, by status.
    pub open_requests: Vec<(String, i64)>,
    /// Promises broken so far.
    pub promises_broken: i64,
}

/// Reads the counts.
pub fn snapshot(conn: &mut DbConnection) -> Result<MetricsSnapshot, AppError> {
    let (by_channel, sms_deliveries) = outbox::counts_by_channel(conn)?;
    // The totals by status are the channels' added up: one read of the outbox, not two.
    let mut outbox: Vec<(String, i64)> = Vec::new();
    for (_, status, n) in &by_channel {
        match outbox.iter_mut().find(|(s, _)| s == status) {
            Some((_, total)) => *total += n,
            None => outbox.push((status.clone(), *n)),
        }
    }
    Ok(MetricsSnapshot {
        outbox,
        by_channel,
        sms_deliveries,
        open_requests: requests::open_by_status(conn)?,
        promises_broken: marks::broken_count(conn)?,
    })
}
