//! Booking and changing a repair: the checked input, the booking itself (once per
//! `Idempotency-Key`), the slot finder, finding a repair again, moving and calling it off, and
//! a follow-up request when the fault comes back.

pub mod book;
pub mod cancel;
pub mod check;
pub mod find;
pub mod input;
pub mod once;
pub mod place;
pub mod prices;
pub mod reschedule;
pub mod rework;
pub mod slots;
