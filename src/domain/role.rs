//! The four roles of fieldfix.

use serde::{Deserialize, Serialize};

/// Who a user is to the system; checked on the server for every endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Books repairs; may sign in to see their history.
    Customer,
    /// Accepts offers and runs visits.
    Technician,
    /// Runs the queue of their service points.
    Manager,
    /// Sets up service points, skills, users and policies.
    Admin,
}

impl Role {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Customer => "customer",
            Role::Technician => "technician",
            Role::Manager => "manager",
            Role::Admin => "admin",
        }
    }

    /// The role in the reader's words.
    pub fn named(self) -> super::msg::Msg {
        match self {
            Role::Customer => msg!("role-customer"),
            Role::Technician => msg!("role-technician"),
            Role::Manager => msg!("role-manager"),
            Role::Admin => msg!("role-admin"),
        }
    }

    /// Parses a stored or typed name.
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "customer" => Some(Role::Customer),
            "technician" => Some(Role::Technician),
            "manager" => Some(Role::Manager),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}
