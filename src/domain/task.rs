//! A manager's service-recovery task (a low rating, a customer not satisfied on the next-day
//! call): open until a manager closes it with what was agreed and any goodwill gesture.

use serde::{Deserialize, Serialize};

use super::error::FieldError;
use super::msg::Msg;

/// Where a task stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TaskState {
    /// Waiting for a manager.
    Open,
    /// A manager recorded what was agreed.
    Closed,
}

impl TaskState {
    /// The stored name (`resolved` for a closed task, as the table has always said).
    pub fn stored(self) -> &'static str {
        match self {
            TaskState::Open => "open",
            TaskState::Closed => "resolved",
        }
    }

    /// Reads a stored name: anything but `open` is closed.
    pub fn of_stored(s: &str) -> TaskState {
        if s == "open" {
            TaskState::Open
        } else {
            TaskState::Closed
        }
    }
}

/// A goodwill gesture to a customer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum GoodwillKind {
    /// Money back, of `amount_minor`.
    Refund,
    /// A coupon worth `amount_minor`.
    Coupon,
    /// A visit free of charge (`amount_minor`, its value, optional).
    FreeVisit,
    /// Nothing given (no amount).
    None,
}

/// The largest goodwill amount, in minor units (100,000.00).
pub const MAX_GOODWILL_MINOR: i64 = 10_000_000;

impl GoodwillKind {
    /// The stored name (also the API's).
    pub fn as_str(self) -> &'static str {
        match self {
            GoodwillKind::Refund => "refund",
            GoodwillKind::Coupon => "coupon",
            GoodwillKind::FreeVisit => "free_visit",
            GoodwillKind::None => "none",
        }
    }

    /// Reads a stored name.
    pub fn parse(s: &str) -> Option<GoodwillKind> {
        [GoodwillKind::Refund, GoodwillKind::Coupon, GoodwillKind::FreeVisit, GoodwillKind::None]
            .into_iter()
            .find(|k| k.as_str() == s)
    }

    /// Checks the amount that comes with the kind: a refund and a coupon need one (1 to
    /// [`MAX_GOODWILL_MINOR`]), a free visit may carry its value, nothing given has none.
    pub fn check_amount(self, field: &str, amount_minor: Option<i64>) -> Result<(), FieldError> {
        match (self, amount_minor) {
            (GoodwillKind::Refund | GoodwillKind::Coupon, None) => {
                Err(FieldError::new(field, msg!("required-for-refund-or-coupon")))
            }
            (GoodwillKind::None, Some(_)) => Err(FieldError::new(field, msg!("no-amount-when-nothing-given"))),
            (_, Some(a)) if !(1..=MAX_GOODWILL_MINOR).contains(&a) => {
                Err(FieldError::new(field, msg!("must-1-10000000")))
            }
            _ => Ok(()),
        }
    }

    /// The gesture in words, `amount` written as money (`50.00 CNY`); `None` for nothing given.
    pub fn words(self, amount: Option<String>) -> Option<Msg> {
        match (self, amount) {
            (GoodwillKind::Refund, Some(a)) => Some(msg!("goodwill-refund", amount = a)),
            (GoodwillKind::Coupon, Some(a)) => Some(msg!("goodwill-coupon", amount = a)),
            (GoodwillKind::FreeVisit, Some(a)) => Some(msg!("goodwill-free-visit-worth", amount = a)),
            (GoodwillKind::FreeVisit, None) => Some(msg!("goodwill-free-visit")),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_follow_the_kind() {
        assert!(GoodwillKind::Coupon.check_amount("a", Some(5000)).is_ok());
        assert!(GoodwillKind::Coupon.check_amount("a", None).is_err());
        assert!(GoodwillKind::Refund.check_amount("a", Some(0)).is_err());
        assert!(GoodwillKind::Refund.check_amount("a", Some(MAX_GOODWILL_MINOR + 1)).is_err());
        assert!(GoodwillKind::FreeVisit.check_amount("a", None).is_ok());
        assert!(GoodwillKind::FreeVisit.check_amount("a", Some(8000)).is_ok());
        assert!(GoodwillKind::None.check_amount("a", Some(1)).is_err());
        assert!(GoodwillKind::None.check_amount("a", None).is_ok());
    }

    #[test]
    fn names_round_trip() {
        for k in [GoodwillKind::Refund, GoodwillKind::Coupon, GoodwillKind::FreeVisit, GoodwillKind::None] {
            assert_eq!(GoodwillKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(TaskState::of_stored(TaskState::Closed.stored()), TaskState::Closed);
        assert_eq!(TaskState::of_stored("open"), TaskState::Open);
    }
}
