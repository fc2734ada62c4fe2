//! The query-string extractor: every refused parameter is named with the form it must take,
//! as 422 problem+json like body errors, and dates may be given as a day or a timestamp.

use std::future::{ready, Ready};

use actix_web::{dev::Payload, FromRequest, HttpRequest};
use chrono::NaiveDate;
use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer};

use crate::app::error::AppError;
use crate::domain::error::FieldError;
use crate::domain::msg::Msg;

/// The reason given for a date that does not parse.
pub const DATE_REASON: &str = "must be a date YYYY-MM-DD (or an RFC 3339 timestamp, whose date is used)";

/// A query string parsed into `T`.
pub struct ValidQuery<T>(pub T);

impl<T> std::ops::Deref for ValidQuery<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> ValidQuery<T> {
    /// The parsed query.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T: DeserializeOwned> FromRequest for ValidQuery<T> {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(parse_query(req.query_string()).map(ValidQuery))
    }
}

/// Parses a query string into `T`, naming the parameter that failed.
pub fn parse_query<T: DeserializeOwned>(query: &str) -> Result<T, AppError> {
    let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let message = e.into_inner().to_string();
        let (field, reason) = match message.strip_prefix("missing field `") {
            Some(rest) => (rest.trim_end_matches('`').to_string(), msg!("is-required")),
            None => (path, explain(&message)),
        };
        AppError::Validation(vec![FieldError::new(field, reason)])
    })
}

/// Turns the parser's words for a scalar into the form the parameter must take.
fn explain(message: &str) -> Msg {
    if message.contains("float literal") {
        msg!("must-number")
    } else if message.contains("digit") || message.contains("integer") || message.contains("number too") {
        msg!("must-whole-number-in-range")
    } else if message.contains("`true` or `false`") {
        msg!("must-true-false")
    } else {
        parser_reason(message)
    }
}

/// The serde parser's own English for a refused value (never a person's text) as a message:
/// its kind by the parser's fixed opening words, the rest kept as it is.
pub fn parser_reason(message: &str) -> Msg {
    if message == DATE_REASON {
        return msg!("must-date-yyyy-mm-dd-rfc");
    }
    if let Some(field) = message.strip_prefix("missing field `").and_then(|r| r.strip_suffix('`')) {
        return msg!("missing-field", field = field);
    }
    if let Some(value) = message.strip_suffix(" is out of range") {
        return msg!("is-out-of-range", value = value);
    }
    let kinds = [
        ("invalid type: ", msg!("invalid-type")),
        ("invalid value: ", msg!("invalid-value")),
        ("invalid length ", msg!("invalid-length")),
        ("unknown variant ", msg!("unknown-variant")),
        ("unknown field ", msg!("unknown-field")),
    ];
    kinds
        .into_iter()
        .find_map(|(opening, kind)| message.strip_prefix(opening).map(|rest| kind.with("detail", rest)))
        .unwrap_or_else(|| msg!("parser-refused", detail = message))
}

/// A date parameter: `YYYY-MM-DD`, or an RFC 3339 timestamp whose own date is taken.
pub fn date<'de, D: Deserializer<'de>>(de: D) -> Result<NaiveDate, D::Error> {
    let text = String::deserialize(de)?;
    parse_date(&text).ok_or_else(|| D::Error::custom(DATE_REASON))
}

/// An optional [`date`] parameter.
pub fn optional_date<'de, D: Deserializer<'de>>(de: D) -> Result<Option<NaiveDate>, D::Error> {
    date(de).map(Some)
}

fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .or_else(|| chrono::DateTime::parse_from_rfc3339(text).ok().map(|t| t.date_naive()))
}

/// Which day of which service point.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BoardQuery {
    /// Service point id; the manager's first when absent.
    pub service_point: Option<i64>,
    /// `YYYY-MM-DD`, local to the service point; today when absent.
    #[serde(default, deserialize_with = "optional_date")]
    pub date: Option<NaiveDate>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Debug)]
    struct Q {
        lat: f64,
        #[serde(default, deserialize_with = "optional_date")]
        from: Option<NaiveDate>,
        days: Option<i64>,
    }

    fn refused(query: &str) -> (String, String) {
        match parse_query::<Q>(query) {
            Err(AppError::Validation(errors)) => (errors[0].field.clone(), errors[0].reason.to_string()),
            other => panic!("expected a validation error, got {:?}", other.map(|_| ())),
        }
    }

    #[test]
    fn each_refusal_names_the_field_and_its_form() {
        assert_eq!(refused("lat=1&from=29-11-2026"), ("from".into(), DATE_REASON.into()));
        assert_eq!(refused("lat=north"), ("lat".into(), "must be a number".into()));
        assert_eq!(refused("lat=1&days=two"), ("days".into(), "must be a whole number in range".into()));
        assert_eq!(refused("days=2"), ("lat".into(), "is required".into()));
    }

    #[test]
    fn a_timestamp_gives_its_date() {
        let q: Q = parse_query("lat=1&from=2026-11-29T10:05:00Z").unwrap_or_else(|_| panic!("parses"));
        assert_eq!((q.lat, q.from, q.days), (1.0, NaiveDate::from_ymd_opt(2026, 11, 29), None));
        let q: Q = parse_query("lat=1").unwrap_or_else(|_| panic!("parses"));
        assert_eq!(q.from, None);
    }
}
