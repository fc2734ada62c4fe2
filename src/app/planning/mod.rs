//! Planning with the dispatch engine: ranking and offering, the day as an optimizer problem,
//! and re-planning a day.

pub mod dayplan;
pub mod dispatching;
pub mod replan;
