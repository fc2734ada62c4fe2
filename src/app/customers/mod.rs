//! What customers have: accounts without passwords, their record of requests and products,
//! and what each reader sees of a request.

pub mod accounts;
pub mod history;
pub mod views;
