//! Mail and text messages: written to the outbox in the same transaction as the change that
//! causes them, and delivered later by `jobs::mail_delivery`. What they say is in the
//! catalog's `notices` area (`src/i18n/*/notices.ftl`); mail is laid out by the templates in
//! `templates/mail/` (`templates`), text messages are one catalog message each (`sms`).

pub mod conversation;
pub mod ics;
pub mod sms;
pub mod sms_transport;
pub mod staff_templates;
pub mod templates;
pub mod transport;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::db::links::LinkKind;
use crate::db::{outbox, DbConnection};

/// Why a message could not be queued.
#[derive(Debug, thiserror::Error)]
pub enum NotifyError {
    /// Writing the outbox row (or the link it carries) failed.
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
    /// The message could not be stored as JSON.
    #[error("mail payload: {0}")]
    Payload(#[from] serde_json::Error),
}

/// Stands for the public URL in stored messages; the worker puts the configured
/// `FIELDFIX_PUBLIC_URL` in its place when it sends.
pub const BASE: &str = "{{public_url}}";

/// Where a customer's tracking token goes in a message. The token is issued when the
/// message is queued ([`Mail::mentions`] tells whether one is needed): only its hash is
/// kept, so a message cannot be written with a token read back from the database.
pub const TRACK_TOKEN: &str = "{{track_token}}";

/// A rendered message.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Mail {
    /// Subject line.
    pub subject: String,
    /// Plain text body.
    pub text: String,
    /// HTML body (every value escaped by the template engine).
    pub html: String,
    /// An iCalendar invitation, when the message has one.
    pub ics: Option<String>,
}

impl Mail {
    /// True when the message holds `placeholder` anywhere.
    pub fn mentions(&self, placeholder: &str) -> bool {
        self.subject.contains(placeholder)
            || self.text.contains(placeholder)
            || self.html.contains(placeholder)
            || self.ics.as_ref().is_some_and(|i| ics::unfold(i).contains(placeholder))
    }

    /// Replaces `placeholder` with `value` everywhere.
    pub fn fill(mut self, placeholder: &str, value: &str) -> Mail {
        self.subject = self.subject.replace(placeholder, value);
        self.text = self.text.replace(placeholder, value);
        self.html = self.html.replace(placeholder, value);
        self.ics = self.ics.map(|i| ics::fill(&i, placeholder, value));
        self
    }

    /// Replaces the public URL placeholder.
    pub fn with_base(self, public_url: &str) -> Mail {
        self.fill(BASE, public_url.trim_end_matches('/'))
    }
}

/// Queues a message for `recipient` in the caller's transaction.
pub fn enqueue(
    conn: &mut DbConnection,
    kind: &str,
    request_id: Option<i64>,
    recipient: &str,
    language: &str,
    mail: &Mail,
    now: DateTime<Utc>,
) -> Result<(), NotifyError> {
    let filled;
    let mail = match request_id {
        Some(id) if mail.mentions(TRACK_TOKEN) => {
            let token = crate::db::links::issue(conn, LinkKind::Track, id, None, now.naive_utc())?;
            filled = mail.clone().fill(TRACK_TOKEN, &token);
            &filled
        }
        _ => mail,
    };
    let payload = serde_json::to_string(mail)?;
    outbox::insert(conn, outbox::MAIL, kind, request_id, recipient, language, &payload, now.naive_utc())?;
    Ok(())
}

/// Queues a text message to `phone` (E.164) in the caller's transaction; a request's short
/// tracking code is issued here when the text has its place ([`sms::SHORT_CODE`]).
pub fn enqueue_sms(
    conn: &mut DbConnection,
    kind: &str,
    request_id: Option<i64>,
    phone: &str,
    language: &str,
    text: &str,
    now: DateTime<Utc>,
) -> Result<(), NotifyError> {
    let text = match request_id {
        Some(id) if text.contains(sms::SHORT_CODE) => {
            let code = crate::db::links::issue_short(conn, id, now.naive_utc())?;
            text.replace(sms::SHORT_CODE, &code)
        }
        _ => text.to_string(),
    };
    let payload = serde_json::to_string(&sms::Sms { text })?;
    outbox::insert(conn, outbox::SMS, kind, request_id, phone, language, &payload, now.naive_utc())?;
    Ok(())
}

/// Queues the same mail to each of `recipients`: one insert, unless the mail carries a
/// tracking link, which each recipient gets their own of.
pub fn enqueue_to_all(
    conn: &mut DbConnection,
    kind: &str,
    request_id: Option<i64>,
    recipients: &[&str],
    language: &str,
    mail: &Mail,
    now: DateTime<Utc>,
) -> Result<(), NotifyError> {
    if request_id.is_some() && mail.mentions(TRACK_TOKEN) {
        for recipient in recipients {
            enqueue(conn, kind, request_id, recipient, language, mail, now)?;
        }
        return Ok(());
    }
    let payload = serde_json::to_string(mail)?;
    outbox::insert_to_all(conn, kind, request_id, recipients, language, &payload, now.naive_utc())?;
    Ok(())
}

#[cfg(test)]
pub(crate) mod fixtures {
    use chrono::NaiveDate;

    use crate::db::requests::RequestRow;

    /// A booking in `language` whose customer typed `problem`.
    pub(crate) fn request(language: &str, problem: &str) -> RequestRow {
        let at = NaiveDate::from_ymd_opt(2026, 11, 25).and_then(|d| d.and_hms_opt(2, 30, 0)).unwrap_or_default();
        RequestRow {
            id: 1,
            reference: "FX-7K3M-9Q2P".into(),
            tracking_token: String::new(),
            service_point_id: 1,
            customer_user_id: 1,
            language: language.into(),
            product_category: "faucet".into(),
            product_brand: "Jiumu".into(),
            product_model: "K-2031".into(),
            product_serial: String::new(),
            purchased_on: None,
            order_ref: String::new(),
            problem: problem.into(),
            skill_code: "plumbing".into(),
            min_level: 1,
            address: "12 Wensan Road, Hangzhou".into(),
            lat: 30.275,
            lon: 120.13,
            window_start: None,
            window_end: None,
            status: "awaiting_technician".into(),
            warranty_covered: false,
            warranty_until: None,
            respond_by: at,
            arrive_by: at + chrono::Duration::hours(4),
            resolve_by: at + chrono::Duration::hours(48),
            follow_up_of: None,
            free_of_charge: false,
            created_at: at,
            updated_at: at,
            booked_services: "[]".into(),
        }
    }
}
