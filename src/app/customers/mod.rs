//! What customers have: accounts without passwords (sign-in links by mail, codes by text
//! message), their corrected contact, their record of requests and products,
//! and what each reader sees of a request.

pub mod accounts;
pub mod codes;
pub mod contact;
pub mod history;
pub mod phone_sign_in;
pub mod views;
