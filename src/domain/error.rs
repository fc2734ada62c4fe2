//! Why input was refused, in the terms of the business rules: field paths and reasons a
//! person can read. Knows nothing of HTTP; the web layer turns it into a 422.

use super::msg::Msg;

/// One reason a field was refused.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldError {
    /// A JSON path such as `customer.email` or `lines[2].quantity`.
    pub field: String,
    /// What is wrong, shown in the reader's language.
    pub reason: Msg,
}

impl FieldError {
    /// A field error from a path and a reason.
    pub fn new(field: impl Into<String>, reason: Msg) -> Self {
        FieldError { field: field.into(), reason }
    }
}

/// Input that breaks one or more rules, every reason listed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("the request has invalid fields")]
pub struct Invalid(pub Vec<FieldError>);

impl From<FieldError> for Invalid {
    fn from(e: FieldError) -> Self {
        Invalid(vec![e])
    }
}
