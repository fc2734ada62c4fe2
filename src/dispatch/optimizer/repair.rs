//! Turning any state of the search into a feasible plan: visits are dropped
//! from routes with time warp or excess load, then every unserved visit is
//! put where it fits without breaking anything. Used for the greedy start,
//! to salvage infeasible children, and as the last resort.

use super::insert::Insertion;
use super::local_search::{LocalSearch, NONE};

/// Makes the loaded state feasible and serves as many visits as fit. Pinned
/// visits are never dropped: a route left infeasible by its pins alone stays
/// so (the caller then does not take the plan).
pub fn make_feasible(ls: &mut LocalSearch) {
    let data = ls.data;
    for r in 0..data.nv {
        while ls.routes[r].tw > 1e-9 || ls.routes[r].excess > 1e-9 {
            let k = ls.routes[r].visits.len();
            let mut pick = (f64::INFINITY, 0usize);
            for p in (1..=k).filter(|&p| !data.pinned[ls.routes[r].visits[p - 1] as usize]) {
                let s = data.join(&ls.routes[r].fwd[p - 1], &ls.routes[r].bwd[p + 1]);
                let score = data.warp(&s, r) * 1e6 + (s.load - data.cap[r]).max(0.0) * 1e6 + s.dist;
                if score < pick.0 {
                    pick = (score, p);
                }
            }
            if pick.1 == 0 {
                break;
            }
            let c = ls.routes[r].visits.remove(pick.1 - 1);
            ls.route_of[c as usize] = NONE;
            ls.moves += 1;
            ls.update_route(r);
        }
    }
    for c in ls.unassigned() {
        ls.insert(c, Insertion::Feasible);
    }
}
