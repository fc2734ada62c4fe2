//! Mail: messages are written to the outbox in the same transaction as the change that
//! causes them, and delivered later by `jobs::mail_delivery`.

pub mod ics;
pub mod templates;
pub mod transport;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::db::{outbox, DbConnection};
use crate::error::AppError;

/// Stands for the public URL in stored messages; the worker puts the configured
/// `FIELDFIX_PUBLIC_URL` in its place when it sends.
pub const BASE: &str = "{{public_url}}";

/// A rendered message.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Mail {
    /// Subject line.
    pub subject: String,
    /// Plain text body.
    pub text: String,
    /// HTML body (every value escaped).
    pub html: String,
    /// An iCalendar invitation, when the message has one.
    pub ics: Option<String>,
}

impl Mail {
    /// Replaces the public URL placeholder.
    pub fn with_base(mut self, public_url: &str) -> Mail {
        let base = public_url.trim_end_matches('/');
        self.subject = self.subject.replace(BASE, base);
        self.text = self.text.replace(BASE, base);
        self.html = self.html.replace(BASE, base);
        self.ics = self.ics.map(|i| i.replace(BASE, base));
        self
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
) -> Result<(), AppError> {
    let payload = serde_json::to_string(mail).map_err(|e| AppError::Internal(format!("mail payload: {e}")))?;
    outbox::insert(conn, kind, request_id, recipient, language, &payload, now.naive_utc())?;
    Ok(())
}

/// Escapes text for HTML.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(escape_html("<b>\"Tom\" & 'Jerry'</b>"), "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;");
    }
}
