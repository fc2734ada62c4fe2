//! The figures of `GET /api/manage/kpis?format=csv`: one row per service point and technician,
//! written by the `csv` crate (quoting a name with a comma, a quote or a line break).

use crate::app::error::AppError;
use crate::app::figures::kpis::{Figures, Kpis};

/// The columns, in order: new ones are added last.
const HEADER: [&str; 39] = [
    "scope",
    "id",
    "name",
    "requests",
    "completed",
    "cancelled",
    "response_median_min",
    "response_p90_min",
    "response_within_pct",
    "arrival_median_min",
    "arrival_p90_min",
    "arrival_within_pct",
    "resolution_median_min",
    "resolution_p90_min",
    "resolution_within_pct",
    "first_time_fix_pct",
    "follow_up_pct",
    "ratings",
    "mean_rating",
    "rating_4_5_pct",
    "travel_minutes_per_visit",
    "on_site_minutes",
    "utilisation_pct",
    "quotes_approved",
    "quotes_declined",
    "calls",
    "called_within_day_pct",
    "call_satisfied_pct",
    "messages",
    "answered_within_target_pct",
    "median_answer_minutes",
    "calls_expired",
    "tasks_opened",
    "tasks_closed",
    "median_hours_to_close",
    "goodwill_total_minor",
    "payments",
    "revenue_minor",
    "revenue_currency",
];

fn row(scope: &str, id: i64, name: &str, x: &Figures) -> [String; 39] {
    let f = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
    [
        scope.to_string(),
        id.to_string(),
        name.to_string(),
        x.requests.to_string(),
        x.completed.to_string(),
        x.cancelled.to_string(),
        f(x.response.median_minutes),
        f(x.response.p90_minutes),
        f(x.response.within_promise_pct),
        f(x.arrival.median_minutes),
        f(x.arrival.p90_minutes),
        f(x.arrival.within_promise_pct),
        f(x.resolution.median_minutes),
        f(x.resolution.p90_minutes),
        f(x.resolution.within_promise_pct),
        f(x.first_time_fix_pct),
        f(x.follow_up_pct),
        x.ratings.to_string(),
        f(x.mean_rating),
        f(x.rating_4_5_pct),
        f(x.travel_minutes_per_visit),
        x.on_site_minutes.to_string(),
        f(x.utilisation_pct),
        x.quotes_approved.to_string(),
        x.quotes_declined.to_string(),
        x.calls.to_string(),
        f(x.called_within_day_pct),
        f(x.call_satisfied_pct),
        x.messages.to_string(),
        f(x.answered_within_target_pct),
        f(x.median_answer_minutes),
        x.calls_expired.to_string(),
        x.tasks_opened.to_string(),
        x.tasks_closed.to_string(),
        f(x.median_hours_to_close),
        x.goodwill_total.as_ref().map(|m| m.amount_minor.to_string()).unwrap_or_default(),
        x.payments.to_string(),
        x.revenue_minor.to_string(),
        x.revenue_currency.clone(),
    ]
}

/// The same figures as CSV: one row per service point and per technician.
pub fn to_csv(k: &Kpis) -> Result<String, AppError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let failed = |e: csv::Error| AppError::internal(format!("writing the figures as CSV: {e}"));
    out.write_record(HEADER).map_err(failed)?;
    for (id, x) in &k.service_points {
        out.write_record(row("service_point", *id, "", x)).map_err(failed)?;
    }
    for (id, (name, x)) in &k.technicians {
        out.write_record(row("technician", *id, name, x)).map_err(failed)?;
    }
    let bytes = out.into_inner().map_err(|e| AppError::internal(format!("writing the figures as CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| AppError::internal(format!("the figures' CSV is not UTF-8: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_with_a_comma_or_quote_stays_one_field() {
        let mut k = Kpis {
            from: chrono::DateTime::UNIX_EPOCH,
            to: chrono::DateTime::UNIX_EPOCH,
            service_points: Default::default(),
            technicians: Default::default(),
        };
        k.technicians.insert(7, ("Wang, \"Lei\"".into(), Figures::default()));
        let text = to_csv(&k).unwrap_or_default();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().filter_map(Result::ok).collect();
        assert_eq!(rows.len(), 1);
        assert_eq!(&rows[0][2], "Wang, \"Lei\"");
        assert_eq!(rows[0].len(), HEADER.len());
    }
}
