//! Passwords, sessions and the checks of who may do what.

pub mod link_limit;
pub mod password;
pub mod rate;
pub mod throttle;
pub mod user;

pub use user::{AccessError, AuthUser};
