//! Booking input checked before anything is read or written: every field with its reason,
//! the wished window, the booking's language.

use chrono::{DateTime, Duration, Utc};

use crate::app::booking::input::{BookingInput, Window};
use crate::app::error::AppError;
use crate::domain::phone::Phone;
use crate::domain::text::{self, Checks};

/// A checked booking, ready to store.
#[derive(Clone)]
pub struct CheckedBooking {
    pub(crate) input: BookingInput,
    pub(crate) email: Option<String>,
    pub(crate) name: String,
    pub(crate) phone: Phone,
    pub(crate) language: String,
}

impl CheckedBooking {
    /// Who books, as keys for the per-contact limit: the phone (E.164) and the email if any.
    pub fn contact_keys(&self) -> Vec<String> {
        let mut keys = vec![format!("phone:{}", self.phone.e164())];
        keys.extend(self.email.iter().map(|e| format!("email:{e}")));
        keys
    }
}

/// Field checks that need no database; a phone without a country code is read in `region`.
pub fn check(
    input: BookingInput,
    accept_language: Option<&str>,
    region: &str,
    now: DateTime<Utc>,
) -> Result<CheckedBooking, AppError> {
    let mut c = Checks::default();
    let name = c.take(text::line("customer.name", &input.customer.name, 1, 120));
    let email = match input.customer.email.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
        Some(e) => c.take(text::email("customer.email", e)).map(Some),
        None => Some(None),
    };
    let phone = c.take(Phone::parse("customer.phone", &input.customer.phone, region));
    if let (Some(None), Some(p)) = (&email, &phone) {
        if !p.is_mobile() {
            c.push("customer.phone", msg!("not-mobile-give-email"));
        }
    }
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
    let (Some(email), Some(phone)) = (email, phone) else {
        return Err(AppError::internal("a refused contact passed the checks"));
    };
    Ok(CheckedBooking { email, name: name.unwrap_or_default(), phone, language: language.to_string(), input })
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
