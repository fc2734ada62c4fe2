//! Photos of a request: the upload budget of an instance, decoding within the memory limits,
//! storing and listing.

pub mod images;
pub mod store;
pub mod uploads;
