//! What breaking a route's limits costs during the search, and how that price adapts. The
//! search may cross plans with time warp (arriving after a window closes or a shift ends) and
//! excess load; each unit of either is priced by [`Penalties`], one value handed to the local
//! search ([`super::local_search::LocalSearch::set_penalties`]). A [`Schedule`] raises the
//! prices when too few of the plans met are feasible and lowers them when too many are, so
//! the search spends about the wanted share of its time on each side of the border.

/// The price of one unit of time warp and of one unit of load above capacity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Penalties {
    /// Per second of time warp.
    pub tw: f64,
    /// Per unit of load above capacity.
    pub load: f64,
}

impl Penalties {
    /// Both prices `price`.
    pub const fn both(price: f64) -> Self {
        Self { tw: price, load: price }
    }

    /// Both prices times `factor`.
    pub fn times(self, factor: f64) -> Self {
        Self { tw: self.tw * factor, load: self.load * factor }
    }

    /// Penalised cost of a route or plan of distance `dist`, time warp `tw` and excess load `excess`.
    #[inline]
    pub fn cost(&self, dist: f64, tw: f64, excess: f64) -> f64 {
        dist + self.tw * tw + self.load * excess
    }
}

/// How penalties adapt: after every `window` plans, each price is multiplied by `up` when
/// the share of plans feasible for it fell below `target` − 0.05, by `down` when it rose
/// above `target` + 0.05, and kept within `min..=max`.
#[derive(Debug, Clone, Copy)]
pub struct Schedule {
    /// Share of plans that should be feasible.
    pub target: f64,
    /// Plans between two updates.
    pub window: usize,
    /// Factor when too few are feasible.
    pub up: f64,
    /// Factor when too many are feasible.
    pub down: f64,
    /// Lowest price.
    pub min: f64,
    /// Highest price.
    pub max: f64,
}

impl Schedule {
    /// The price after a window in which `feasible_share` of the plans were feasible.
    pub fn adapt(&self, price: f64, feasible_share: f64) -> f64 {
        if feasible_share < self.target - 0.05 {
            (price * self.up).min(self.max)
        } else if feasible_share > self.target + 0.05 {
            (price * self.down).max(self.min)
        } else {
            price
        }
    }

    /// `p` within the bounds.
    pub fn clamp(&self, p: Penalties) -> Penalties {
        Penalties { tw: p.tw.clamp(self.min, self.max), load: p.load.clamp(self.min, self.max) }
    }
}

/// Counts the plans of the current window.
#[derive(Debug, Clone)]
pub struct Adaptation {
    schedule: Schedule,
    seen: usize,
    tw_ok: usize,
    load_ok: usize,
}

impl Adaptation {
    /// A first window under `schedule`.
    pub fn new(schedule: Schedule) -> Self {
        Self { schedule, seen: 0, tw_ok: 0, load_ok: 0 }
    }

    /// Counts one plan (whether it had no time warp, no excess load); when that closes the
    /// window, the adapted penalties to use from now on.
    pub fn observe(&mut self, no_warp: bool, no_excess: bool, current: Penalties) -> Option<Penalties> {
        self.seen += 1;
        self.tw_ok += usize::from(no_warp);
        self.load_ok += usize::from(no_excess);
        if self.seen < self.schedule.window {
            return None;
        }
        let seen = self.seen as f64;
        let adapted = Penalties {
            tw: self.schedule.adapt(current.tw, self.tw_ok as f64 / seen),
            load: self.schedule.adapt(current.load, self.load_ok as f64 / seen),
        };
        (self.seen, self.tw_ok, self.load_ok) = (0, 0, 0);
        Some(adapted)
    }
}

#[cfg(test)]
mod tests {
    use super::{Adaptation, Penalties, Schedule};

    const SCHEDULE: Schedule = Schedule { target: 0.5, window: 4, up: 2.0, down: 0.5, min: 0.25, max: 8.0 };

    #[test]
    fn prices_rise_when_too_few_plans_are_feasible_and_fall_when_too_many_are() {
        let mut a = Adaptation::new(SCHEDULE);
        let p = Penalties { tw: 1.0, load: 1.0 };
        // Warp in three plans of four, excess load in none.
        assert_eq!(a.observe(false, true, p), None);
        assert_eq!(a.observe(false, true, p), None);
        assert_eq!(a.observe(false, true, p), None);
        assert_eq!(a.observe(true, true, p), Some(Penalties { tw: 2.0, load: 0.5 }));
        // Half and half: the prices stay.
        let q = Penalties { tw: 8.0, load: 0.25 };
        for (i, ok) in [true, false, true, false].into_iter().enumerate() {
            let out = a.observe(ok, !ok, q);
            assert_eq!(out, (i == 3).then_some(q));
        }
        // At the bounds they stay there.
        for _ in 0..3 {
            a.observe(false, true, q);
        }
        assert_eq!(a.observe(false, true, q), Some(q));
    }
}
