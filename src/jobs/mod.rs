//! Background jobs, one file each. Each is idempotent and safe with several instances.

pub mod mail_delivery;
