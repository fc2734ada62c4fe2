//! The request state machine of the design: every allowed transition is in one table.

use serde::{Deserialize, Serialize};

/// Where a repair request stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    /// Booked; nobody offered yet.
    Submitted,
    /// Offers are out; nobody accepted yet.
    AwaitingTechnician,
    /// A technician accepted or was assigned.
    Scheduled,
    /// The technician is on the way.
    EnRoute,
    /// The technician is there.
    OnSite,
    /// The work is done; waiting for a rating.
    Completed,
    /// Not fixed yet: another visit or a manager's follow-up is needed.
    NeedsFollowUp,
    /// Done and rated (or the rating window passed).
    Closed,
    /// Cancelled by the customer or a manager.
    Cancelled,
}

/// Every status, for exhaustive checks.
pub const ALL: [RequestStatus; 9] = [
    RequestStatus::Submitted,
    RequestStatus::AwaitingTechnician,
    RequestStatus::Scheduled,
    RequestStatus::EnRoute,
    RequestStatus::OnSite,
    RequestStatus::Completed,
    RequestStatus::NeedsFollowUp,
    RequestStatus::Closed,
    RequestStatus::Cancelled,
];

impl RequestStatus {
    /// The stored name (also the API's).
    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Submitted => "submitted",
            RequestStatus::AwaitingTechnician => "awaiting_technician",
            RequestStatus::Scheduled => "scheduled",
            RequestStatus::EnRoute => "en_route",
            RequestStatus::OnSite => "on_site",
            RequestStatus::Completed => "completed",
            RequestStatus::NeedsFollowUp => "needs_follow_up",
            RequestStatus::Closed => "closed",
            RequestStatus::Cancelled => "cancelled",
        }
    }

    /// The state in plain words, for messages people read (never the stored code).
    pub fn words(self) -> crate::domain::msg::Msg {
        match self {
            RequestStatus::Submitted => msg!("request-state-submitted"),
            RequestStatus::AwaitingTechnician => msg!("request-state-awaiting-technician"),
            RequestStatus::Scheduled => msg!("request-state-scheduled"),
            RequestStatus::EnRoute => msg!("request-state-en-route"),
            RequestStatus::OnSite => msg!("request-state-on-site"),
            RequestStatus::Completed => msg!("request-state-completed"),
            RequestStatus::NeedsFollowUp => msg!("request-state-needs-follow-up"),
            RequestStatus::Closed => msg!("request-state-closed"),
            RequestStatus::Cancelled => msg!("request-state-cancelled"),
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Option<RequestStatus> {
        ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// The transition table.
    pub fn can_become(self, next: RequestStatus) -> bool {
        use RequestStatus::*;
        matches!(
            (self, next),
            (Submitted, AwaitingTechnician | Scheduled | Cancelled)
                | (AwaitingTechnician, Submitted | Scheduled | Cancelled)
                | (Scheduled, AwaitingTechnician | EnRoute | Cancelled)
                | (EnRoute, OnSite | Cancelled)
                | (OnSite, Completed | NeedsFollowUp | Cancelled)
                | (Completed, Closed | NeedsFollowUp)
                | (NeedsFollowUp, AwaitingTechnician | Scheduled | Closed | Cancelled)
        )
    }

    /// True when a customer may still cancel (before anyone is on the way).
    pub fn customer_may_cancel(self) -> bool {
        use RequestStatus::*;
        matches!(self, Submitted | AwaitingTechnician | Scheduled | NeedsFollowUp)
    }

    /// True once nothing more happens to the request without a new booking.
    pub fn is_finished(self) -> bool {
        use RequestStatus::*;
        matches!(self, Completed | Closed | Cancelled)
    }

    /// True while the request waits for a technician to be found.
    pub fn is_unassigned(self) -> bool {
        use RequestStatus::*;
        matches!(self, Submitted | AwaitingTechnician | NeedsFollowUp)
    }
}

#[cfg(test)]
mod tests {
    use super::RequestStatus::*;
    use super::*;

    #[test]
    fn names_round_trip() {
        for s in ALL {
            assert_eq!(RequestStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(RequestStatus::parse("done"), None);
    }

    #[test]
    fn exhaustive_table() {
        let allowed = [
            (Submitted, AwaitingTechnician),
            (Submitted, Scheduled),
            (Submitted, Cancelled),
            (AwaitingTechnician, Submitted),
            (AwaitingTechnician, Scheduled),
            (AwaitingTechnician, Cancelled),
            (Scheduled, AwaitingTechnician),
            (Scheduled, EnRoute),
            (Scheduled, Cancelled),
            (EnRoute, OnSite),
            (EnRoute, Cancelled),
            (OnSite, Completed),
            (OnSite, NeedsFollowUp),
            (OnSite, Cancelled),
            (Completed, Closed),
            (Completed, NeedsFollowUp),
            (NeedsFollowUp, AwaitingTechnician),
            (NeedsFollowUp, Scheduled),
            (NeedsFollowUp, Closed),
            (NeedsFollowUp, Cancelled),
        ];
        for from in ALL {
            for to in ALL {
                assert_eq!(from.can_become(to), allowed.contains(&(from, to)), "{from:?} -> {to:?}");
            }
        }
    }

    #[test]
    fn terminal_states_stay() {
        for to in ALL {
            assert!(!Closed.can_become(to));
            assert!(!Cancelled.can_become(to));
        }
    }

    #[test]
    fn customers_cancel_only_before_en_route() {
        assert!(Scheduled.customer_may_cancel());
        assert!(!EnRoute.customer_may_cancel());
        assert!(!OnSite.customer_may_cancel());
    }
}
