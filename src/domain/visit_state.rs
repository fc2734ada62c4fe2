//! The states of a visit, of an offer and of a quote, each with its transitions in one
//! table (as `status::RequestStatus` has for requests). Rows store the names; the rules
//! live here.

/// Where a visit stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum VisitStatus {
    /// Waiting for a technician (offers may be out).
    Open,
    /// A technician holds it, at a planned time.
    Planned,
    /// The technician is on the way.
    EnRoute,
    /// The technician is at the door.
    OnSite,
    /// Done and resolved.
    Completed,
    /// Done without fixing it; another visit follows.
    Unresolved,
    /// Called off with its request.
    Cancelled,
}

/// Every visit status.
pub const VISIT_STATUSES: [VisitStatus; 7] = [
    VisitStatus::Open,
    VisitStatus::Planned,
    VisitStatus::EnRoute,
    VisitStatus::OnSite,
    VisitStatus::Completed,
    VisitStatus::Unresolved,
    VisitStatus::Cancelled,
];

impl VisitStatus {
    /// The stored name (also the API's).
    pub fn as_str(self) -> &'static str {
        match self {
            VisitStatus::Open => "open",
            VisitStatus::Planned => "planned",
            VisitStatus::EnRoute => "en_route",
            VisitStatus::OnSite => "on_site",
            VisitStatus::Completed => "completed",
            VisitStatus::Unresolved => "unresolved",
            VisitStatus::Cancelled => "cancelled",
        }
    }

    /// The state in plain words, for messages people read (never the stored code).
    pub fn words(self) -> crate::domain::msg::Msg {
        match self {
            VisitStatus::Open => msg!("visit-state-open"),
            VisitStatus::Planned => msg!("visit-state-planned"),
            VisitStatus::EnRoute => msg!("visit-state-en-route"),
            VisitStatus::OnSite => msg!("visit-state-on-site"),
            VisitStatus::Completed => msg!("visit-state-completed"),
            VisitStatus::Unresolved => msg!("visit-state-unresolved"),
            VisitStatus::Cancelled => msg!("visit-state-cancelled"),
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Option<VisitStatus> {
        VISIT_STATUSES.into_iter().find(|v| v.as_str() == s)
    }

    /// The transition table.
    pub fn can_become(self, next: VisitStatus) -> bool {
        use VisitStatus::*;
        matches!(
            (self, next),
            (Open, Planned | Cancelled)
                | (Planned, Open | EnRoute | Cancelled)
                | (EnRoute, OnSite | Cancelled)
                | (OnSite, Completed | Unresolved | Cancelled)
        )
    }

    /// True while the visit is still to happen or happening.
    pub fn is_live(self) -> bool {
        matches!(self, VisitStatus::Open | VisitStatus::Planned | VisitStatus::EnRoute | VisitStatus::OnSite)
    }

    /// The statuses that hold a technician's time on a day.
    pub const BUSY: [VisitStatus; 3] = [VisitStatus::Planned, VisitStatus::EnRoute, VisitStatus::OnSite];

    /// The technician's next steps from here, as the pages offer them (`en_route`, `on_site`
    /// for "arrived", `outcome`, `complete`); `quote_pending` holds back completion.
    pub fn next_steps(self, outcome_recorded: bool, quote: QuoteStatus) -> Vec<&'static str> {
        match self {
            VisitStatus::Planned => vec!["en_route"],
            VisitStatus::EnRoute => vec!["arrive"],
            VisitStatus::OnSite if !outcome_recorded => vec!["outcome"],
            VisitStatus::OnSite if quote == QuoteStatus::Pending => vec!["outcome"],
            VisitStatus::OnSite => vec!["outcome", "complete"],
            _ => Vec::new(),
        }
    }
}

/// The state a visit is in once a step (as `next_steps` names it) has been taken.
pub fn state_after(step: &str) -> Option<VisitStatus> {
    match step {
        "en_route" => Some(VisitStatus::EnRoute),
        "arrive" | "outcome" => Some(VisitStatus::OnSite),
        "complete" => Some(VisitStatus::Completed),
        _ => None,
    }
}

/// Where an offer to one technician stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OfferStatus {
    /// Waiting for the technician's answer.
    Pending,
    /// Taken: this technician got the visit.
    Accepted,
    /// Turned down.
    Declined,
    /// Not answered in time.
    Expired,
    /// Another technician (or a manager) settled it first.
    Withdrawn,
}

/// Every offer status.
pub const OFFER_STATUSES: [OfferStatus; 5] =
    [OfferStatus::Pending, OfferStatus::Accepted, OfferStatus::Declined, OfferStatus::Expired, OfferStatus::Withdrawn];

impl OfferStatus {
    /// The stored name (also the API's).
    pub fn as_str(self) -> &'static str {
        match self {
            OfferStatus::Pending => "pending",
            OfferStatus::Accepted => "accepted",
            OfferStatus::Declined => "declined",
            OfferStatus::Expired => "expired",
            OfferStatus::Withdrawn => "withdrawn",
        }
    }

    /// The state in plain words, for messages people read (never the stored code).
    pub fn words(self) -> crate::domain::msg::Msg {
        match self {
            OfferStatus::Pending => msg!("offer-state-pending"),
            OfferStatus::Accepted => msg!("offer-state-accepted"),
            OfferStatus::Declined => msg!("offer-state-declined"),
            OfferStatus::Expired => msg!("offer-state-expired"),
            OfferStatus::Withdrawn => msg!("offer-state-withdrawn"),
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Option<OfferStatus> {
        OFFER_STATUSES.into_iter().find(|v| v.as_str() == s)
    }

    /// Only a pending offer is answered, once.
    pub fn can_become(self, next: OfferStatus) -> bool {
        self == OfferStatus::Pending && next != OfferStatus::Pending
    }
}

/// Whether paid work waits for the customer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum QuoteStatus {
    /// Nothing to approve (covered, or no outcome yet).
    None,
    /// Paid work waits for the customer's approval.
    Pending,
    /// The customer approved.
    Approved,
    /// The customer said no to the paid work; only the reduced outcome may be charged.
    Declined,
}

impl QuoteStatus {
    /// The stored name (also the API's).
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteStatus::None => "none",
            QuoteStatus::Pending => "pending",
            QuoteStatus::Approved => "approved",
            QuoteStatus::Declined => "declined",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Option<QuoteStatus> {
        [QuoteStatus::None, QuoteStatus::Pending, QuoteStatus::Approved, QuoteStatus::Declined]
            .into_iter()
            .find(|v| v.as_str() == s)
    }

    /// A recorded outcome sets `None` or `Pending` (it may be recorded again while pending);
    /// the customer turns `Pending` into `Approved` or `Declined`; a declined quote stays
    /// declined while the technician records the reduced outcome.
    pub fn can_become(self, next: QuoteStatus) -> bool {
        use QuoteStatus::*;
        matches!((self, next), (None | Pending, None | Pending) | (Pending, Approved | Declined) | (Declined, Declined))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for v in VISIT_STATUSES {
            assert_eq!(VisitStatus::parse(v.as_str()), Some(v));
        }
        for o in OFFER_STATUSES {
            assert_eq!(OfferStatus::parse(o.as_str()), Some(o));
        }
        for q in [QuoteStatus::None, QuoteStatus::Pending, QuoteStatus::Approved, QuoteStatus::Declined] {
            assert_eq!(QuoteStatus::parse(q.as_str()), Some(q));
        }
        assert_eq!(VisitStatus::parse("scheduled"), None);
    }

    #[test]
    fn visit_transitions_follow_the_day() {
        use VisitStatus::*;
        let allowed: Vec<(VisitStatus, VisitStatus)> = VISIT_STATUSES
            .into_iter()
            .flat_map(|a| VISIT_STATUSES.into_iter().map(move |b| (a, b)))
            .filter(|(a, b)| a.can_become(*b))
            .collect();
        assert_eq!(
            allowed,
            vec![
                (Open, Planned),
                (Open, Cancelled),
                (Planned, Open),
                (Planned, EnRoute),
                (Planned, Cancelled),
                (EnRoute, OnSite),
                (EnRoute, Cancelled),
                (OnSite, Completed),
                (OnSite, Unresolved),
                (OnSite, Cancelled),
            ]
        );
        for end in [Completed, Unresolved, Cancelled] {
            assert!(!end.is_live());
            assert!(VISIT_STATUSES.into_iter().all(|n| !end.can_become(n)), "{end:?} is final");
        }
    }

    #[test]
    fn offers_are_answered_once() {
        for a in OFFER_STATUSES {
            for b in OFFER_STATUSES {
                assert_eq!(a.can_become(b), a == OfferStatus::Pending && b != OfferStatus::Pending, "{a:?} -> {b:?}");
            }
        }
    }

    #[test]
    fn quotes_are_approved_only_when_pending() {
        use QuoteStatus::*;
        assert!(Pending.can_become(Approved));
        assert!(Pending.can_become(Declined));
        assert!(!Declined.can_become(Pending), "a declined quote is not asked again");
        assert!(!Declined.can_become(Approved));
        assert!(!None.can_become(Approved));
        assert!(!Approved.can_become(Pending));
        assert!(!Approved.can_become(None));
    }

    #[test]
    fn steps_lead_to_states() {
        assert_eq!(state_after("en_route"), Some(VisitStatus::EnRoute));
        assert_eq!(state_after("arrive"), Some(VisitStatus::OnSite));
        assert_eq!(state_after("complete"), Some(VisitStatus::Completed));
        assert_eq!(state_after("fly"), None);
    }

    #[test]
    fn steps_offered_to_the_technician() {
        use VisitStatus::*;
        assert_eq!(Planned.next_steps(false, QuoteStatus::None), vec!["en_route"]);
        assert_eq!(EnRoute.next_steps(false, QuoteStatus::None), vec!["arrive"]);
        assert_eq!(OnSite.next_steps(false, QuoteStatus::None), vec!["outcome"]);
        assert_eq!(OnSite.next_steps(true, QuoteStatus::Pending), vec!["outcome"]);
        assert_eq!(OnSite.next_steps(true, QuoteStatus::Approved), vec!["outcome", "complete"]);
        assert!(Completed.next_steps(true, QuoteStatus::None).is_empty());
    }
}
