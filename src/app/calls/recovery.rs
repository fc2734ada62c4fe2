//! Service recovery: a manager records the call, the resolution and any goodwill
//! compensation on a request that needs a follow-up.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::app::error::AppError;
use crate::app::lifecycle::Actor;
use crate::app::points::point_context;
use crate::auth::AuthUser;
use crate::db::{follow_ups, requests, DbConnection};
use crate::domain::fees::Money;
use crate::domain::ids::RequestId;
use crate::domain::text::{self, Checks};

/// Goodwill compensation.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Compensation {
    /// The amount, in the service point's currency.
    pub amount: Money,
    /// Why.
    #[schema(
        min_length = 1,
        max_length = 500,
        pattern = r"^[^\x00-\x08\x0b-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x08\x0b-\x1f\x7f-\x9f]*$"
    )]
    pub reason: String,
}

/// What the manager records.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowUpRecord {
    /// Notes of the call with the customer.
    #[schema(
        min_length = 1,
        max_length = 2000,
        pattern = r"^[^\x00-\x08\x0b-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x08\x0b-\x1f\x7f-\x9f]*$"
    )]
    pub call: String,
    /// What was agreed.
    #[schema(
        min_length = 1,
        max_length = 2000,
        pattern = r"^[^\x00-\x08\x0b-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x08\x0b-\x1f\x7f-\x9f]*$"
    )]
    pub resolution: String,
    /// Goodwill compensation, if any.
    pub compensation: Option<Compensation>,
    /// True when the follow-up is finished.
    #[serde(default = "yes")]
    pub resolved: bool,
}

fn yes() -> bool {
    true
}

/// Records a follow-up on a request of the manager's service point.
pub fn record(
    conn: &mut DbConnection,
    user: &AuthUser,
    request_id: RequestId,
    input: &FollowUpRecord,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut r = requests::find(conn, request_id.get())?.ok_or(AppError::NotFound(msg!("thing-request")))?;
    user.require_manager_of_request(r.service_point_id)?;
    let currency = point_context(conn, r.service_point_id)?.point.currency;
    let mut c = Checks::default();
    let call = c.take(text::bounded("call", &input.call, 1, 2000)).unwrap_or_default();
    let resolution = c.take(text::bounded("resolution", &input.resolution, 1, 2000)).unwrap_or_default();
    if let Some(comp) = &input.compensation {
        if comp.amount.currency != currency {
            c.push("compensation.amount.currency", msg!("must-be-value", value = currency));
        }
        if !(1..=10_000_000).contains(&comp.amount.amount_minor) {
            c.push("compensation.amount.amount_minor", msg!("must-1-10000000"));
        }
        c.take(text::bounded("compensation.reason", &comp.reason, 1, 500));
    }
    c.finish()?;
    let comp = input.compensation.as_ref().map(|x| (x.amount.amount_minor, x.amount.currency.as_str()));
    let note = format!("call: {call}\nresolution: {resolution}");
    let by = (user.id, resolution.as_str());
    if follow_ups::record(conn, r.id, &note, comp, input.resolved, by, now)? == 0 {
        follow_ups::open(conn, r.id, &msg!("task-recorded-by-manager"), follow_ups::Source::default(), now)?;
        follow_ups::record(conn, r.id, &note, comp, input.resolved, by, now)?;
    }
    let detail = match &input.compensation {
        Some(x) => msg!(
            "with-goodwill-compensation",
            event = msg!("typed-text", text = resolution.as_str()),
            amount = x.amount.to_string(),
            reason = x.reason.trim()
        ),
        None => msg!("typed-text", text = resolution.as_str()),
    };
    crate::app::calls::tasks::settle(conn, &mut r, &Actor::user(user), detail, now)
}
