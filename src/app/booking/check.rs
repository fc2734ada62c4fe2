//! Booking input checked before anything is read or written: every field with its reason,
//! the wished window, the booking's language.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::app::booking::input::{BookingInput, Window};
use crate::app::error::AppError;
use crate::domain::area::Location;
use crate::domain::phone::Phone;
use crate::domain::text::{self, Checks};

/// The product as checked: trimmed, within their lengths.
#[derive(Clone, Debug)]
pub struct CheckedProduct {
    pub(crate) category: String,
    pub(crate) brand: String,
    pub(crate) model: String,
    pub(crate) serial: String,
    pub(crate) order_ref: String,
    /// Not in the future.
    pub(crate) purchased_on: Option<NaiveDate>,
}

/// A checked booking, ready to store: every field as its check answered it (the raw input is
/// not kept, so nothing downstream can read an unchecked value).
#[derive(Clone, Debug)]
pub struct CheckedBooking {
    pub(crate) email: Option<String>,
    pub(crate) name: String,
    pub(crate) phone: Phone,
    pub(crate) language: String,
    pub(crate) product: CheckedProduct,
    pub(crate) problem: String,
    pub(crate) skill: String,
    pub(crate) address: String,
    /// None until the address is looked up (`place`).
    pub(crate) location: Option<Location>,
    /// Starts between now and 60 days ahead, at most 12 hours long, not over.
    pub(crate) window: Option<Window>,
    /// Fixed-price services' codes, distinct (checked against the point's schedule in `plan`).
    pub(crate) services: Vec<String>,
}

impl CheckedBooking {
    /// Who books, as keys for the per-contact limit: the phone (E.164) and the email if any.
    pub fn contact_keys(&self) -> Vec<String> {
        let mut keys = vec![format!("phone:{}", self.phone.e164())];
        keys.extend(self.email.iter().map(|e| format!("email:{e}")));
        keys
    }

    /// The address to look up when the booking came without a map point.
    pub fn unplaced_address(&self) -> Option<&str> {
        self.location.is_none().then_some(self.address.as_str())
    }

    /// The point the address was found at.
    pub fn place(&mut self, at: Location) {
        self.location = Some(at);
    }

    /// Where the technician should come; an unplaced booking is refused at its address.
    pub fn at(&self) -> Result<Location, AppError> {
        self.location.ok_or_else(|| AppError::invalid("address", msg!("address-not-found-place-pin")))
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
    let category = c.take(text::line("product.category", &input.product.category, 1, 60));
    let mut lines = Vec::new();
    for (field, v) in [
        ("product.brand", &input.product.brand),
        ("product.model", &input.product.model),
        ("product.serial", &input.product.serial),
        ("product.order_ref", &input.product.order_ref),
    ] {
        lines.push(c.take(text::line(field, v, 0, 120)).unwrap_or_default());
    }
    if input.product.purchased_on.is_some_and(|d| d > now.date_naive()) {
        c.push("product.purchased_on", msg!("must-not-in-future"));
    }
    let problem = c.take(text::bounded("problem", &input.problem, 3, 4000));
    let skill = c.take(text::line("skill", &input.skill, 1, 40));
    let address = c.take(text::bounded("address", &input.address, 3, 300));
    let location = match input.location {
        Some(l) => c.take(l.validated("location")).map(Some),
        None => Some(None),
    };
    if let Some(w) = input.window {
        check_window(&mut c, w, now);
    }
    let mut services: Vec<String> = Vec::new();
    if input.services.len() > 10 {
        c.push("services", msg!("most-10-services"));
    }
    for (i, code) in input.services.iter().take(10).enumerate() {
        if let Some(code) = c.take(text::line(&format!("services[{i}]"), code, 1, 64)) {
            if services.contains(&code) {
                c.push(format!("services[{i}]"), msg!("listed-twice"));
            }
            services.push(code);
        }
    }
    if let Some(l) = &input.language {
        c.take(text::line("language", l, 0, 35));
    }
    let language = match input.language.as_deref().or(accept_language) {
        Some(l) if l.to_ascii_lowercase().starts_with("zh") => "zh-CN",
        _ => "en",
    };
    c.finish()?;
    let (
        Some(name),
        Some(email),
        Some(phone),
        Some(category),
        Some(problem),
        Some(skill),
        Some(address),
        Some(location),
    ) = (name, email, phone, category, problem, skill, address, location)
    else {
        return Err(AppError::internal("a refused field passed the checks"));
    };
    let [brand, model, serial, order_ref] = <[String; 4]>::try_from(lines)
        .map_err(|_| AppError::internal("the product's four lines were not all checked"))?;
    Ok(CheckedBooking {
        email,
        name,
        phone,
        language: language.to_string(),
        product: CheckedProduct { category, brand, model, serial, order_ref, purchased_on: input.product.purchased_on },
        problem,
        skill,
        address,
        location,
        window: input.window,
        services,
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
