//! Where mail goes: an SMTP server (`FIELDFIX_SMTP_URL`) or `.eml` files (the default).

use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart};
use lettre::{FileTransport, Message, SmtpTransport, Transport};

use super::Mail;

/// Why a message was not delivered.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct SendError {
    /// What went wrong.
    pub message: String,
    /// True when trying again cannot help (a bad address, a 5xx answer).
    pub permanent: bool,
}

/// A configured transport.
pub enum MailTransport {
    /// SMTP with STARTTLS or TLS as the URL says (`smtp://`, `smtp://...?tls=required`, `smtps://`).
    Smtp(SmtpTransport),
    /// One `.eml` file per message in a folder.
    Files(FileTransport),
}

impl MailTransport {
    /// SMTP when `smtp_url` is given, else files in `mail_dir` (created when missing).
    pub fn from_settings(smtp_url: Option<&str>, mail_dir: &str) -> anyhow::Result<MailTransport> {
        match smtp_url {
            Some(url) => {
                Ok(MailTransport::Smtp(SmtpTransport::from_url(url)?.timeout(Some(Duration::from_secs(20))).build()))
            }
            None => {
                std::fs::create_dir_all(mail_dir)?;
                Ok(MailTransport::Files(FileTransport::new(mail_dir)))
            }
        }
    }

    /// Sends one message.
    pub fn send(&self, message: &Message) -> Result<(), SendError> {
        match self {
            MailTransport::Smtp(t) => t
                .send(message)
                .map(|_| ())
                .map_err(|e| SendError { permanent: e.is_permanent(), message: e.to_string() }),
            MailTransport::Files(t) => {
                t.send(message).map(|_| ()).map_err(|e| SendError { permanent: false, message: e.to_string() })
            }
        }
    }
}

/// Builds the MIME message: text and HTML alternatives, and the invitation when there is one.
/// The Message-ID is derived from the outbox row, so a redelivery after a crash carries the
/// same id and receiving servers can drop the duplicate.
pub fn build_message(outbox_id: i64, from: &str, to: &str, mail: &Mail) -> Result<Message, SendError> {
    let permanent = |e: String| SendError { message: e, permanent: true };
    let from: Mailbox = from.parse().map_err(|e| permanent(format!("sender {from:?}: {e}")))?;
    let to: Mailbox = to.parse().map_err(|e| permanent(format!("recipient {to:?}: {e}")))?;
    let alternative = MultiPart::alternative_plain_html(mail.text.clone(), mail.html.clone());
    let builder = Message::builder()
        .message_id(Some(format!("<outbox-{outbox_id}@fieldfix>")))
        .from(from)
        .to(to)
        .subject(mail.subject.clone());
    let built = match &mail.ics {
        Some(ics) => {
            let kind = ContentType::parse("text/calendar; charset=utf-8; method=PUBLISH")
                .map_err(|e| permanent(e.to_string()))?;
            builder.multipart(
                MultiPart::mixed()
                    .multipart(alternative)
                    .singlepart(Attachment::new("visit.ics".to_string()).body(ics.clone(), kind)),
            )
        }
        None => builder.multipart(alternative),
    };
    built.map_err(|e| permanent(e.to_string()))
}
