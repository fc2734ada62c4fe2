//! The use cases. Each opens one transaction (through [`crate::db::Db::write`]), applies the
//! domain rules and writes rows, events and outbox messages together. HTTP handlers and
//! background jobs call them alike.

pub mod accounts;
pub mod admin_points;
pub mod admin_technicians;
pub mod board;
pub mod booking;
pub mod booking_check;
pub mod booking_once;
pub mod calls;
pub mod cancel;
pub mod customer_accounts;
pub mod customer_history;
pub mod dayplan;
pub mod demo;
pub mod demo_history;
pub mod dispatching;
pub mod error;
pub mod find_repair;
pub mod follow_up;
pub mod follow_up_request;
pub mod images;
pub mod kpis;
pub mod kpis_csv;
pub mod kpis_weeks;
pub mod lifecycle;
pub mod metrics;
pub mod notices;
pub mod offers;
pub mod photo_uploads;
pub mod photos;
pub mod points;
pub mod positions;
pub mod queue;
pub mod quotes;
pub mod ratings;
pub mod replan;
pub mod reschedule;
pub mod slots;
pub mod tech_day;
pub mod views;
pub mod visits;
pub mod words;
