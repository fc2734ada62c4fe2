//! What a booking asks for, as the client sends it: contact, product, problem, skill, address,
//! place and wished window. Checked in `check` before anything is read or written.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::area::Location;

/// The customer's contact details.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomerInput {
    #[schema(
        min_length = 1,
        max_length = 120,
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
    )]
    pub name: String,
    /// Optional: notices go by text message to a mobile phone, and by mail too when given.
    #[serde(default)]
    #[schema(format = "email", min_length = 3, max_length = 254)]
    pub email: Option<String>,
    /// The customer's phone, read in the service area's region when written without a country
    /// code and kept in E.164; a mobile number when no email is given.
    #[schema(min_length = 5, max_length = 40, pattern = r"^[ +().-]*([0-9][ +().-]*){5,17}$")]
    pub phone: String,
}

/// The product that broke.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProductInput {
    /// Category such as `faucet`.
    #[schema(
        min_length = 1,
        max_length = 60,
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
    )]
    pub category: String,
    /// Brand.
    #[serde(default)]
    #[schema(min_length = 0, max_length = 120, pattern = r"^[^\x00-\x1f\x7f-\x9f]*$")]
    pub brand: String,
    /// Model.
    #[serde(default)]
    #[schema(min_length = 0, max_length = 120, pattern = r"^[^\x00-\x1f\x7f-\x9f]*$")]
    pub model: String,
    /// Serial number.
    #[serde(default)]
    #[schema(min_length = 0, max_length = 120, pattern = r"^[^\x00-\x1f\x7f-\x9f]*$")]
    pub serial: String,
    /// Purchase date, for the warranty; not in the future.
    pub purchased_on: Option<NaiveDate>,
    /// Order number of the purchase.
    #[serde(default)]
    #[schema(min_length = 0, max_length = 120, pattern = r"^[^\x00-\x1f\x7f-\x9f]*$")]
    pub order_ref: String,
}

/// A time window for the start of the visit. No other field: the document says so, and a
/// field nobody reads is refused instead of kept unseen.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Window {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// A booking.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BookingInput {
    /// Contact.
    pub customer: CustomerInput,
    pub product: ProductInput,
    /// What is wrong.
    #[schema(
        min_length = 3,
        max_length = 4000,
        pattern = r"^[^\x00-\x08\x0b-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x08\x0b-\x1f\x7f-\x9f]+[^\s\x00-\x1f\x7f-\x9f][^\x00-\x08\x0b-\x1f\x7f-\x9f]*$"
    )]
    pub problem: String,
    /// Skill needed: the code of an active skill (`GET /api/skills`).
    #[schema(
        min_length = 1,
        max_length = 40,
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
    )]
    pub skill: String,
    /// Street address.
    #[schema(
        min_length = 3,
        max_length = 300,
        pattern = r"^[^\x00-\x08\x0b-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x08\x0b-\x1f\x7f-\x9f]+[^\s\x00-\x1f\x7f-\x9f][^\x00-\x08\x0b-\x1f\x7f-\x9f]*$"
    )]
    pub address: String,
    /// Where the technician should come: the customer's position or the pin they placed.
    /// When absent, the address is looked up with the configured geocoder and its first
    /// result inside a service area is taken (422 `address` when there is none).
    #[serde(default)]
    pub location: Option<Location>,
    /// Wished window (at most 12 hours, starting between now and 60 days ahead), or null for as
    /// soon as possible.
    pub window: Option<Window>,
    /// Fixed-price services chosen from the covering point's fee schedule (`GET /api/prices`),
    /// by code; the technician's quote starts from them. At most 10.
    #[serde(default)]
    #[schema(max_items = 10, value_type = Vec<String>)]
    pub services: Vec<String>,
    /// `en` or `zh-CN`; from Accept-Language when absent.
    #[schema(max_length = 35, pattern = r"^[^\x00-\x1f\x7f-\x9f]*$")]
    pub language: Option<String>,
}
