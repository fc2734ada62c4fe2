//! Booking input checked before anything is read or written: every field with its reason,
//! the wished window, the booking's language.

use chrono::{DateTime, Duration, Utc};

use crate::app::booking::{BookingInput, Window};
use crate::app::error::AppError;
use crate::domain::text::{self, Checks};

/// A checked booking, ready to store.
#[derive(Clone)]
pub struct CheckedBooking {
    pub(crate) input: BookingInput,
    pub(crate) email: String,
    pub(crate) name: String,
    pub(crate) phone: String,
    pub(crate) language: String,
}

impl CheckedBooking {
    /// Who books, as keys for the per-contact limit: the email and the phone's digits.
    pub fn contact_keys(&self) -> Vec<String> {
        let digits: String = self.phone.chars().filter(char::is_ascii_digit).collect();
        vec![format!("email:{}", self.email.to_lowercase()), format!("phone:{digits}")]
    }
}

/// Field checks that need no database.
pub fn check(
    input: BookingInput,
    accept_language: Option<&str>,
    now: DateTime<Utc>,
) -> Result<CheckedBooking, AppError> {
    let mut c = Checks::default();
    let name = c.take(text::line("customer.name", &input.customer.name, 1, 120));
    let email = c.take(text::email("customer.email", &input.customer.email));
    let phone = c.take(text::phone("customer.phone", &input.customer.phone));
    c.take(text::line("product.category", &input.product.category, 1, 60));
    for (field, v) in [
        ("product.brand", &input.product.brand),
        ("product.model", &input.product.model),
        ("product.serial", &input.product.serial),
        ("product.order_ref", &input.product.order_ref),
    ] {
        c.take(text::line(field, v, 0, 120));
    }
    if input.product.purchased_on.is_some_and(|d| d > now.date_naive()) {
        c.push("product.purchased_on", msg!("must-not-in-future"));
    }
    c.take(text::bounded("problem", &input.problem, 3, 4000));
    c.take(text::line("skill", &input.skill, 1, 40));
    c.take(text::bounded("address", &input.address, 3, 300));
    c.take(input.location.validated("location"));
    if let Some(w) = input.window {
        check_window(&mut c, w, now);
    }
    if let Some(l) = &input.language {
        c.take(text::line("language", l, 0, 35));
    }
    let language = match input.language.as_deref().or(accept_language) {
        Some(l) if l.to_ascii_lowercase().starts_with("zh") => "zh-CN",
        _ => "en",
    };
    c.finish()?;
    Ok(CheckedBooking {
        email: email.unwrap_or_default(),
        name: name.unwrap_or_default(),
        phone: phone.unwrap_or_default(),
        language: language.to_string(),
        input,
    })
}

/// The checks of a wished window: ordered, at most 12 hours, not over yet, starting within
/// 60 days. A window under way is taken (`GET /api/slots` offers it while a technician can
/// still arrive inside it); whether someone can is the ranking's answer, not this check's.
pub fn check_window(c: &mut Checks, w: Window, now: DateTime<Utc>) {
    if w.end <= w.start {
        c.push("window.end", msg!("must-after-start"));
    } else if w.end - w.start > Duration::hours(12) {
        c.push("window", msg!("must-most-12-hours-long"));
    }
    if w.end <= now {
        c.push("window.end", msg!("window-over-choose-one-get-api"));
    }
    if w.start > now + Duration::days(60) {
        c.push("window.start", msg!("must-within-60-days"));
    }
}
