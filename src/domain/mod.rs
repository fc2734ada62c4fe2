//! Business rules with no web and no database: ids and tokens, roles, places, policies.

#[macro_use]
pub mod msg;
pub mod area;
pub mod call;
pub mod error;
pub mod evidence;
pub mod fees;
pub mod ids;
pub mod lang;
pub mod line_kind;
pub mod phone;
pub mod photo;
pub mod policy;
pub mod promise;
pub mod reschedule;
pub mod rework;
pub mod role;
pub mod shift;
pub mod status;
pub mod task;
pub mod text;
pub mod time;
pub mod visit_state;
