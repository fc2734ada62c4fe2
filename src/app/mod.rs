//! The use cases. Each opens one transaction (through [`crate::db::Db::write`]), applies the
//! domain rules and writes rows, events and outbox messages together. HTTP handlers and
//! background jobs call them alike.
//!
//! Grouped by what they serve; the top level holds what every group shares: the one error,
//! a request's state changes, the notices a change causes, the reader's words, service points.

pub mod access;
pub mod admin;
pub mod booking;
pub mod calls;
pub mod customers;
pub mod error;
pub mod evidence;
pub mod figures;
pub mod lifecycle;
pub mod messages;
pub mod notices;
pub mod photos;
pub mod planning;
pub mod points;
pub mod visits;
pub mod words;
