//! The demo's past after its repairs: the managers made most next-day calls on their due day
//! (the customer satisfied), and closed each low rating's task with a goodwill coupon within
//! a day, through the same use cases as live work, so the figures and charts of service
//! recovery have something to show.

use chrono::{DateTime, Duration, Utc};

use crate::app::admin::demo::Lcg;
use crate::app::calls::next_day::{self, CallInput};
use crate::app::calls::tasks::{self, CloseTask, GoodwillInput};
use crate::app::error::AppError;
use crate::app::points::point_context;
use crate::app::words::Words;
use crate::auth::AuthUser;
use crate::db::calls::{self, DueFilter};
use crate::db::{follow_ups, DbConnection};
use crate::domain::lang::Lang;
use crate::domain::task::{GoodwillKind, TaskState};
use crate::domain::time::local_minute;

/// What customers who rated low said, as they typed it.
pub const LOW_RATING_WORDS: [&str; 3] =
    ["收费太贵，而且师傅迟到", "师傅迟到了两个小时，也没打电话", "修完第二天又漏水了"];

/// Makes the past calls and closes the past tasks of each manager's point, up to `now`.
pub(crate) fn play(
    conn: &mut DbConnection,
    managers: &[AuthUser],
    now: DateTime<Utc>,
    rng: &mut Lcg,
) -> Result<(), AppError> {
    let words = Words::load(conn, Lang::Zh)?;
    for manager in managers {
        for &sp in &manager.service_points {
            let ctx = point_context(conn, sp)?;
            let yesterday = now.with_timezone(&ctx.tz).date_naive() - Duration::days(1);
            let due = calls::due(
                conn,
                DueFilter { service_point_id: sp, date: yesterday, technician_id: None },
                None,
                10_000,
            )?;
            for call in due {
                // One call in twelve was never made: it shows as overdue, then expires.
                let minute = 9 * 60 + (rng.next() * 480.0) as i32;
                let Some(at) = local_minute(call.due_on, minute, ctx.tz).filter(|_| rng.next() >= 1.0 / 12.0) else {
                    continue;
                };
                let input = CallInput { reached: true, satisfied: Some(true), notes: None, problem: None };
                next_day::record(conn, manager, call.id, &input, at)?;
            }
            for task in follow_ups::of_point(conn, sp, TaskState::Open, 1_000)? {
                let at = task.created_at.and_utc() + Duration::minutes(90 + (rng.next() * 1_200.0) as i64);
                if at >= now {
                    continue;
                }
                let close = CloseTask {
                    outcome: "已致电致歉，说明了收费明细，赠送下次维修优惠券".into(),
                    goodwill: Some(GoodwillInput {
                        kind: GoodwillKind::Coupon,
                        amount_minor: Some(if rng.next() < 0.5 { 3_000 } else { 5_000 }),
                    }),
                    notes: None,
                };
                tasks::close(conn, manager, task.id, &close, at, &words)?;
            }
        }
    }
    Ok(())
}
