//! Reading and writing a request's conversation: the customer with the tracking link, staff
//! signed in (the point's managers, admins, the technician of a visit on it). A staff message
//! answers every unanswered message of the customer and reaches them by text message (and
//! mail when they gave one) in the same transaction.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::error::AppError;
use crate::app::messages::answer_clock::{AnswerClock, AnswerState};
use crate::app::notices;
use crate::app::points::point_context;
use crate::auth::AuthUser;
use crate::db::messages::{self, Channel, MessageRow, Sender};
use crate::db::requests::{self, RequestRow};
use crate::db::{users, visits, DbConnection};
use crate::domain::ids::new_id;
use crate::domain::lang::{technician_for_customer, Lang};
use crate::domain::role::Role;
use crate::domain::status::RequestStatus;
use crate::domain::text;
use crate::notify::conversation::{staff_message_mail, staff_message_sms};

/// The longest message, in characters.
pub const MAX_CHARS: usize = 2000;
/// Messages a request's customer may write per hour (counted in the database, so across
/// instances).
pub const CUSTOMER_PER_HOUR: i64 = 20;

/// What someone writes.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MessageInput {
    /// 1 to 2000 characters; line breaks kept.
    #[schema(
        min_length = 1,
        max_length = 2000,
        pattern = r"^[^\x00-\x08\x0b-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x08\x0b-\x1f\x7f-\x9f]*$"
    )]
    pub text: String,
}

/// One message as shown.
#[derive(Serialize, ToSchema)]
pub struct MessageView {
    pub id: i64,
    /// When it was written.
    pub at: DateTime<Utc>,
    /// `customer` or `staff`.
    pub from: String,
    /// Who wrote it, as shown (a technician as 王师傅 to a Chinese customer).
    pub author: String,
    /// As typed.
    pub text: String,
    /// `web` (written on a page) or `sms` (a text message).
    pub channel: String,
}

/// A request's conversation.
#[derive(Serialize, ToSchema)]
pub struct Conversation {
    pub request_id: i64,
    pub reference: String,
    /// Oldest first.
    pub messages: Vec<MessageView>,
    /// The customer's messages nobody has answered yet.
    pub unanswered: usize,
    /// When the oldest of them must be answered (staff readers only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer_by: Option<DateTime<Utc>>,
    /// Where the oldest of them stands (staff readers only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer_state: Option<AnswerState>,
}

pub(crate) fn view(m: &MessageRow) -> MessageView {
    MessageView {
        id: m.id,
        at: m.created_at.and_utc(),
        from: m.sender.clone(),
        author: m.author.clone(),
        text: m.body.clone(),
        channel: m.channel.clone(),
    }
}

fn conversation(
    conn: &mut DbConnection,
    r: &RequestRow,
    staff: bool,
    now: DateTime<Utc>,
) -> Result<Conversation, AppError> {
    let rows = messages::of_request(conn, r.id)?;
    let waiting: Vec<&MessageRow> =
        rows.iter().filter(|m| m.sender() == Some(Sender::Customer) && m.answered_at.is_none()).collect();
    let (mut answer_by, mut answer_state) = (None, None);
    if let (true, Some(oldest)) = (staff, waiting.first()) {
        let ctx = point_context(conn, r.service_point_id)?;
        let clock = AnswerClock { policy: &ctx.point.promise_policy, tz: ctx.tz };
        answer_by = Some(clock.due(oldest.created_at.and_utc()));
        answer_state = Some(clock.state(oldest.created_at.and_utc(), now));
    }
    Ok(Conversation {
        request_id: r.id,
        reference: r.reference.clone(),
        messages: rows.iter().map(view).collect(),
        unanswered: waiting.len(),
        answer_by,
        answer_state,
    })
}

/// Whether the customer may still write about `r`: while it runs, and within the point's
/// rework period after it ended (then a follow-up is the way).
fn open_for_customer(conn: &mut DbConnection, r: &RequestRow, now: DateTime<Utc>) -> Result<bool, AppError> {
    let finished = RequestStatus::parse(&r.status).is_some_and(RequestStatus::is_finished);
    if !finished {
        return Ok(true);
    }
    let rework_days = crate::db::service_points::find(conn, r.service_point_id)?.map_or(30, |p| p.rework_days);
    Ok(r.updated_at.and_utc() + Duration::days(i64::from(rework_days)) >= now)
}

fn checked_text(input: &MessageInput) -> Result<String, AppError> {
    Ok(text::bounded("text", &input.text, 1, MAX_CHARS)?)
}

/// The conversation behind a tracking link.
pub fn for_token(conn: &mut DbConnection, token: &str, now: DateTime<Utc>) -> Result<Conversation, AppError> {
    let r = requests::find_by_token(conn, token)?.ok_or(AppError::NotFound(msg!("thing-request")))?;
    conversation(conn, &r, false, now)
}

/// The customer writes with the tracking link: 404 for an unknown link, 409 once the request
/// ended more than the rework period ago, 429 past [`CUSTOMER_PER_HOUR`].
pub fn write_by_token(
    conn: &mut DbConnection,
    token: &str,
    input: &MessageInput,
    now: DateTime<Utc>,
) -> Result<MessageView, AppError> {
    let text = checked_text(input)?;
    let r = requests::find_by_token(conn, token)?.ok_or(AppError::NotFound(msg!("thing-request")))?;
    requests::lock(conn, r.id)?;
    if !open_for_customer(conn, &r, now)? {
        return Err(AppError::conflict(msg!("conversation-closed"), Some(&r.status)));
    }
    let hour_ago = (now - Duration::hours(1)).naive_utc();
    if messages::customer_count_since(conn, r.id, hour_ago)? >= CUSTOMER_PER_HOUR {
        return Err(AppError::too_many(Duration::minutes(10)));
    }
    let customer = users::find(conn, r.customer_user_id)?.ok_or(AppError::NotFound(msg!("thing-customer")))?;
    let row = MessageRow {
        id: new_id(),
        request_id: Some(r.id),
        service_point_id: Some(r.service_point_id),
        sender: Sender::Customer.as_str().into(),
        author_user_id: Some(customer.id),
        author: customer.name,
        channel: Channel::Web.as_str().into(),
        phone: None,
        body: text,
        created_at: now.naive_utc(),
        answered_at: None,
        answered_by: None,
        gateway_id: None,
    };
    messages::insert(conn, &row)?;
    Ok(view(&row))
}

/// The request `id` when `user` may take part in its conversation: an admin, a manager of its
/// point, a technician with a visit on it; anyone else is told it does not exist.
fn staff_request(conn: &mut DbConnection, user: &AuthUser, id: i64) -> Result<RequestRow, AppError> {
    let not_found = || AppError::NotFound(msg!("thing-request"));
    let r = requests::find(conn, id)?.ok_or_else(not_found)?;
    let allowed = match user.role {
        Role::Admin => true,
        Role::Manager => user.service_points.contains(&r.service_point_id),
        Role::Technician => {
            let tech = user.technician_id;
            tech.is_some() && visits::of_request(conn, r.id)?.iter().any(|v| v.technician_id == tech)
        }
        Role::Customer => false,
    };
    if allowed {
        Ok(r)
    } else {
        Err(not_found())
    }
}

/// The conversation of request `id` for staff.
pub fn for_staff(
    conn: &mut DbConnection,
    user: &AuthUser,
    id: i64,
    now: DateTime<Utc>,
) -> Result<Conversation, AppError> {
    let r = staff_request(conn, user, id)?;
    conversation(conn, &r, true, now)
}

/// Staff write to the customer of request `id`: kept, the customer's waiting messages marked
/// answered, and the message sent to them by text message (and mail when they gave one).
pub fn write_by_staff(
    conn: &mut DbConnection,
    user: &AuthUser,
    id: i64,
    input: &MessageInput,
    now: DateTime<Utc>,
) -> Result<MessageView, AppError> {
    let text = checked_text(input)?;
    let r = staff_request(conn, user, id)?;
    requests::lock(conn, r.id)?;
    let author = match user.role {
        Role::Technician => technician_for_customer(&user.name, Lang::of_tag(&r.language)),
        _ => user.name.clone(),
    };
    let row = MessageRow {
        id: new_id(),
        request_id: Some(r.id),
        service_point_id: Some(r.service_point_id),
        sender: Sender::Staff.as_str().into(),
        author_user_id: Some(user.id),
        author: author.clone(),
        channel: Channel::Web.as_str().into(),
        phone: None,
        body: text.clone(),
        created_at: now.naive_utc(),
        answered_at: None,
        answered_by: None,
        gateway_id: None,
    };
    messages::insert(conn, &row)?;
    messages::answer(conn, r.id, user.id, now.naive_utc())?;
    let mail = staff_message_mail(&r, &author, &text);
    let sms = staff_message_sms(&r, &author, &text);
    notices::to_customer(conn, &r, "staff_message", mail, sms, now)?;
    Ok(view(&row))
}
