//! The figures of `GET /api/manage/kpis?format=csv`: one row per service point and technician.

use crate::app::figures::kpis::{Figures, Kpis};

/// The same figures as CSV: one row per service point and per technician.
pub fn to_csv(k: &Kpis) -> String {
    let mut out = String::from(
        "scope,id,name,requests,completed,cancelled,response_median_min,response_p90_min,response_within_pct,\
arrival_median_min,arrival_p90_min,arrival_within_pct,resolution_median_min,resolution_p90_min,resolution_within_pct,\
first_time_fix_pct,follow_up_pct,ratings,mean_rating,rating_4_5_pct,travel_minutes_per_visit,on_site_minutes,utilisation_pct,quotes_approved,quotes_declined,calls,called_within_day_pct,call_satisfied_pct,\
messages,answered_within_target_pct,median_answer_minutes\n",
    );
    let f = |v: Option<f64>| v.map(|x| format!("{x}")).unwrap_or_default();
    let mut row = |scope: &str, id: i64, name: &str, x: &Figures| {
        let name = name.replace('"', "\"\"");
        out.push_str(&format!(
            "{scope},{id},\"{name}\",{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
            x.requests,
            x.completed,
            x.cancelled,
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
            x.ratings,
            f(x.mean_rating),
            f(x.rating_4_5_pct),
            f(x.travel_minutes_per_visit),
            x.on_site_minutes,
            f(x.utilisation_pct),
            x.quotes_approved,
            x.quotes_declined,
            x.calls,
            f(x.called_within_day_pct),
            f(x.call_satisfied_pct),
            x.messages,
            f(x.answered_within_target_pct),
            f(x.median_answer_minutes)
        ));
    };
    for (id, x) in &k.service_points {
        row("service_point", *id, "", x);
    }
    for (id, (name, x)) in &k.technicians {
        row("technician", *id, name, x);
    }
    out
}
