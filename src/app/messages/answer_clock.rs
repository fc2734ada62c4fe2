//! When a customer's message must be answered: `answer_minutes` of the point's business
//! hours after it was written; flagged at two thirds of that, missed after it.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::policy::PromisePolicy;
use crate::domain::promise::{add_business_minutes, business_minutes_between};

/// Where an unanswered message stands against the answer promise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AnswerState {
    /// Within the first two thirds of the time to answer.
    Waiting,
    /// Past two thirds of it: answer now.
    AtRisk,
    /// Past it.
    Missed,
}

/// The answer promise of one service point.
pub struct AnswerClock<'a> {
    pub policy: &'a PromisePolicy,
    pub tz: Tz,
}

impl AnswerClock<'_> {
    /// The time by which a message written `at` must be answered.
    pub fn due(&self, at: DateTime<Utc>) -> DateTime<Utc> {
        add_business_minutes(at, self.policy.answer_minutes, &self.policy.business_hours, self.tz)
    }

    /// An unanswered message written `at`, seen at `now`.
    pub fn state(&self, at: DateTime<Utc>, now: DateTime<Utc>) -> AnswerState {
        let flag = (self.policy.answer_minutes * 2 + 2) / 3;
        if now > self.due(at) {
            AnswerState::Missed
        } else if now >= add_business_minutes(at, flag, &self.policy.business_hours, self.tz) {
            AnswerState::AtRisk
        } else {
            AnswerState::Waiting
        }
    }

    /// Business minutes from a message to its answer.
    pub fn minutes(&self, at: DateTime<Utc>, answered: DateTime<Utc>) -> f64 {
        business_minutes_between(at, answered, &self.policy.business_hours, self.tz)
    }

    /// Whether an answer at `answered` kept the promise.
    pub fn kept(&self, at: DateTime<Utc>, answered: DateTime<Utc>) -> bool {
        answered <= self.due(at)
    }
}
