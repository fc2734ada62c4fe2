//! The conversation of each request: what the customer writes (on the tracking page or by a
//! text message to the point) and what staff answer (by text message and mail to the
//! customer), and the clock on the first answer (the point's `answer_minutes`).

pub mod answer_clock;
pub mod conversation;
pub mod inbound;
pub mod waiting;
