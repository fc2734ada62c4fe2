//! Work that needs a person: the next-day calls, the manager's queue, service recovery.

pub mod due;
pub mod next_day;
pub mod queue;
pub mod recovery;
pub mod tasks;
