//! Business rules with no web and no database: ids and tokens, roles, places, policies.

pub mod area;
pub mod ids;
pub mod policy;
pub mod role;
pub mod shift;
pub mod text;
