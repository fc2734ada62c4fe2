//! Text messages customers send to a service point's number, handed over by the SMS gateway:
//! added to the conversation of the sender's latest running request (or their last one that
//! ended within the rework period); from a phone no request matches, kept without a request
//! for the managers of the point whose number it was sent to.

use chrono::{DateTime, Duration, Utc};

use crate::app::error::AppError;
use crate::db::messages::{self, Channel, MessageRow, Sender};
use crate::db::requests::RequestRow;
use crate::db::{service_points, users, DbConnection};
use crate::domain::ids::new_id;
use crate::domain::phone::Phone;
use crate::domain::status::RequestStatus;

/// A text message as the gateway hands it over.
pub struct Inbound<'a> {
    /// The sender's number as the gateway writes it.
    pub from: &'a str,
    /// The number it was sent to.
    pub to: &'a str,
    pub text: &'a str,
    /// The gateway's id of the message, when it gives one: a repeat is kept once.
    pub gateway_id: Option<&'a str>,
}

/// What became of a text message.
#[derive(Debug, PartialEq, Eq)]
pub enum Received {
    /// Added to this request's conversation.
    Request(i64),
    /// Kept for the managers: no request matched.
    Unmatched,
    /// Already kept (the gateway sent it again).
    Repeat,
}

/// A number in E.164 when it parses in `region`, else its digits as given.
fn normalized(number: &str, region: &str) -> String {
    Phone::parse("from", number, region)
        .map_or_else(|_| number.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect(), |p| p.e164().to_string())
}

/// The request a message from these requests' customer is about.
fn matching(conn: &mut DbConnection, candidates: &[RequestRow], now: DateTime<Utc>) -> Result<Option<i64>, AppError> {
    let running = candidates.iter().find(|r| RequestStatus::parse(&r.status).is_some_and(|s| !s.is_finished()));
    if let Some(r) = running {
        return Ok(Some(r.id));
    }
    for r in candidates.iter().filter(|r| r.status != RequestStatus::Cancelled.as_str()) {
        let days = service_points::find(conn, r.service_point_id)?.map_or(30, |p| p.rework_days);
        if r.updated_at.and_utc() + Duration::days(i64::from(days)) >= now {
            return Ok(Some(r.id));
        }
    }
    Ok(None)
}

/// Keeps a text message from a customer.
pub fn receive(
    conn: &mut DbConnection,
    message: &Inbound<'_>,
    region: &str,
    now: DateTime<Utc>,
) -> Result<Received, AppError> {
    let from = normalized(message.from, region);
    let candidates = messages::requests_of_phone(conn, &from)?;
    let request_id = matching(conn, &candidates, now)?;
    let request = candidates.iter().find(|r| Some(r.id) == request_id);
    let point = match request {
        Some(r) => Some(r.service_point_id),
        None => {
            let to = normalized(message.to, region);
            service_points::list(conn)?
                .into_iter()
                .find(|p| !p.phone.trim().is_empty() && normalized(&p.phone, region) == to)
                .map(|p| p.id)
        }
    };
    let author = match request {
        Some(r) => users::find(conn, r.customer_user_id)?.map_or_else(|| from.clone(), |u| u.name),
        None => from.clone(),
    };
    let body: String = message.text.chars().filter(|c| !c.is_control() || *c == '\n').take(2000).collect();
    let row = MessageRow {
        id: new_id(),
        request_id,
        service_point_id: point,
        sender: Sender::Customer.as_str().into(),
        author_user_id: request.map(|r| r.customer_user_id),
        author,
        channel: Channel::Sms.as_str().into(),
        phone: Some(from),
        body,
        created_at: now.naive_utc(),
        answered_at: None,
        answered_by: None,
        gateway_id: message.gateway_id.map(str::to_string),
    };
    if !messages::insert(conn, &row)? {
        return Ok(Received::Repeat);
    }
    Ok(request_id.map_or(Received::Unmatched, Received::Request))
}
