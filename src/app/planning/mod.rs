//! Planning with the dispatch engine: ranking and offering, the day as an optimizer problem,
//! re-planning a day, and a manager moving a booked visit.

pub mod dayplan;
pub mod dispatching;
pub mod moves;
pub mod replan;
pub mod replan_moves;
pub mod retime;
