//! Passwords, sessions and the checks of who may do what.

pub mod extract;
pub mod password;
pub mod rate;
pub mod throttle;

pub use extract::AuthUser;
