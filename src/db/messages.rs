//! The conversation of each request (see the migration `conversations`).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::request_messages;
use super::DbConnection;

/// Who wrote a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sender {
    Customer,
    Staff,
}

impl Sender {
    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Sender::Customer => "customer",
            Sender::Staff => "staff",
        }
    }
}

/// Where a message was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Channel {
    /// On a page.
    Web,
    /// A text message through the gateway.
    Sms,
}

impl Channel {
    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Web => "web",
            Channel::Sms => "sms",
        }
    }
}

/// One message as stored.
#[derive(Queryable, Selectable, Insertable, Clone, Debug)]
#[diesel(table_name = request_messages)]
pub struct MessageRow {
    pub id: i64,
    /// None: a text message no request matched.
    pub request_id: Option<i64>,
    pub service_point_id: Option<i64>,
    /// `customer` or `staff`.
    pub sender: String,
    pub author_user_id: Option<i64>,
    /// The name shown with the message.
    pub author: String,
    /// `web` or `sms`.
    pub channel: String,
    /// The sender's number of a text message (E.164).
    pub phone: Option<String>,
    pub body: String,
    pub created_at: NaiveDateTime,
    pub answered_at: Option<NaiveDateTime>,
    pub answered_by: Option<i64>,
    pub gateway_id: Option<String>,
}

impl MessageRow {
    /// Who wrote it (None for a value this build does not know).
    pub fn sender(&self) -> Option<Sender> {
        [Sender::Customer, Sender::Staff].into_iter().find(|s| s.as_str() == self.sender)
    }
}

/// Keeps a message; one with a gateway id already kept is not kept again (false).
pub fn insert(conn: &mut DbConnection, row: &MessageRow) -> QueryResult<bool> {
    if let Some(gid) = &row.gateway_id {
        let seen: i64 =
            request_messages::table.filter(request_messages::gateway_id.eq(gid)).count().get_result(conn)?;
        if seen > 0 {
            return Ok(false);
        }
    }
    diesel::insert_into(request_messages::table).values(row).execute(conn)?;
    Ok(true)
}

/// A request's messages, oldest first.
pub fn of_request(conn: &mut DbConnection, request_id: i64) -> QueryResult<Vec<MessageRow>> {
    request_messages::table
        .filter(request_messages::request_id.eq(request_id))
        .order((request_messages::created_at.asc(), request_messages::id.asc()))
        .select(MessageRow::as_select())
        .load(conn)
}

/// Marks the customer's unanswered messages on a request answered by `by` at `at`.
pub fn answer(conn: &mut DbConnection, request_id: i64, by: i64, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        request_messages::table
            .filter(request_messages::request_id.eq(request_id))
            .filter(request_messages::sender.eq(Sender::Customer.as_str()))
            .filter(request_messages::answered_at.is_null()),
    )
    .set((request_messages::answered_at.eq(at), request_messages::answered_by.eq(by)))
    .execute(conn)
}

/// Customers' messages on requests of these points that nobody has answered, oldest first.
pub fn waiting(conn: &mut DbConnection, points: &[i64]) -> QueryResult<Vec<MessageRow>> {
    request_messages::table
        .filter(request_messages::service_point_id.eq_any(points))
        .filter(request_messages::request_id.is_not_null())
        .filter(request_messages::sender.eq(Sender::Customer.as_str()))
        .filter(request_messages::answered_at.is_null())
        .order((request_messages::created_at.asc(), request_messages::id.asc()))
        .select(MessageRow::as_select())
        .load(conn)
}

/// Unanswered messages on these requests, by request.
pub fn waiting_on(conn: &mut DbConnection, request_ids: &[i64]) -> QueryResult<Vec<MessageRow>> {
    request_messages::table
        .filter(request_messages::request_id.eq_any(request_ids))
        .filter(request_messages::sender.eq(Sender::Customer.as_str()))
        .filter(request_messages::answered_at.is_null())
        .order((request_messages::created_at.asc(), request_messages::id.asc()))
        .select(MessageRow::as_select())
        .load(conn)
}

/// The latest text messages no request matched, sent to these points' numbers (or to no
/// point's), newest first.
pub fn unmatched(conn: &mut DbConnection, points: &[i64], limit: i64) -> QueryResult<Vec<MessageRow>> {
    request_messages::table
        .filter(request_messages::request_id.is_null())
        .filter(request_messages::service_point_id.eq_any(points).or(request_messages::service_point_id.is_null()))
        .order((request_messages::created_at.desc(), request_messages::id.desc()))
        .limit(limit)
        .select(MessageRow::as_select())
        .load(conn)
}

/// Customers' messages on requests of these points written in [from, to).
pub fn from_customers(
    conn: &mut DbConnection,
    points: &[i64],
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> QueryResult<Vec<MessageRow>> {
    request_messages::table
        .filter(request_messages::service_point_id.eq_any(points))
        .filter(request_messages::request_id.is_not_null())
        .filter(request_messages::sender.eq(Sender::Customer.as_str()))
        .filter(request_messages::created_at.ge(from))
        .filter(request_messages::created_at.lt(to))
        .select(MessageRow::as_select())
        .load(conn)
}

/// How many messages a request's customer wrote since `since` (the brake on writing).
pub fn customer_count_since(conn: &mut DbConnection, request_id: i64, since: NaiveDateTime) -> QueryResult<i64> {
    request_messages::table
        .filter(request_messages::request_id.eq(request_id))
        .filter(request_messages::sender.eq(Sender::Customer.as_str()))
        .filter(request_messages::created_at.ge(since))
        .count()
        .get_result(conn)
}

/// The requests of the customers whose phone is `phone` (E.164), newest first.
pub fn requests_of_phone(conn: &mut DbConnection, phone: &str) -> QueryResult<Vec<super::requests::RequestRow>> {
    use super::schema::{repair_requests, users};
    repair_requests::table
        .inner_join(users::table.on(users::id.eq(repair_requests::customer_user_id)))
        .filter(users::phone.eq(phone))
        .filter(users::role.eq("customer"))
        .order((repair_requests::created_at.desc(), repair_requests::id.desc()))
        .limit(50)
        .select(super::requests::RequestRow::as_select())
        .load(conn)
}
