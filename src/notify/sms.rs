//! Text messages to customers: what each notice says in at most three segments, with a short
//! link (`/t/{code}`) to the tracking page. The words are the catalog's (`sms-*` in
//! `src/i18n/*/notices.ftl`), in the language of the booking.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::BASE;
use crate::db::requests::RequestRow;
use crate::domain::fees::Money;
use crate::domain::lang::Lang;
use crate::domain::msg::Msg;

/// Where a request's short tracking code goes in a text message: the code is issued when the
/// message is queued (only its hash is kept, as for tracking links).
pub const SHORT_CODE: &str = "{{short_code}}";

/// The most segments a text message may take.
pub const MAX_SEGMENTS: usize = 3;

/// The longest piece of typed text (a technician's name) a text message carries.
const NAME_CHARS: usize = 16;

/// A queued text message, as the outbox keeps it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Sms {
    pub text: String,
}

/// The characters of the GSM 03.38 basic set and its extension table (which count twice).
const GSM7: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM7_EXTENDED: &str = "^{}\\[~]|€";

/// How many segments `text` takes when sent: GSM 7-bit when every character is in its set
/// (160 alone, 153 each when concatenated), else UCS-2 (70 alone, 67 each; a character
/// outside the basic plane counts as two).
pub fn segments(text: &str) -> usize {
    let gsm: Option<usize> = text
        .chars()
        .map(|c| {
            if GSM7.contains(c) {
                Some(1)
            } else if GSM7_EXTENDED.contains(c) {
                Some(2)
            } else {
                None
            }
        })
        .sum();
    let (units, single, each) = match gsm {
        Some(septets) => (septets, 160, 153),
        None => (text.encode_utf16().count(), 70, 67),
    };
    if units <= single {
        1
    } else {
        units.div_ceil(each)
    }
}

/// A person's name as a text message carries it: at most [`NAME_CHARS`] characters.
fn short_name(name: &str) -> String {
    let mut out: String = name.chars().take(NAME_CHARS).collect();
    if name.chars().count() > NAME_CHARS {
        out.push('…');
    }
    out
}

fn link() -> String {
    format!("{BASE}/t/{SHORT_CODE}")
}

/// `msg` in the language of the booking of `r`.
fn say(r: &RequestRow, msg: Msg) -> String {
    crate::i18n::render(&msg, Lang::of_tag(&r.language))
}

fn local(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%m-%d %H:%M").to_string()
}

/// The booking taken, with the tracking link.
pub fn booked(r: &RequestRow) -> String {
    say(r, msg!("sms-booked", reference = &r.reference, link = link()))
}

/// A follow-up opened, with its own tracking link.
pub fn follow_up_opened(r: &RequestRow) -> String {
    say(r, msg!("sms-follow-up-opened", reference = &r.reference, link = link()))
}

/// Who comes and when.
pub fn assigned(r: &RequestRow, technician: &str, start: DateTime<Utc>, tz: Tz) -> String {
    let (name, at) = (short_name(technician), local(start, tz));
    say(r, msg!("sms-assigned", reference = &r.reference, technician = name, start = at, link = link()))
}

/// The visit moved by the customer.
pub fn rescheduled(r: &RequestRow, start: DateTime<Utc>, tz: Tz) -> String {
    say(r, msg!("sms-rescheduled", reference = &r.reference, start = local(start, tz), link = link()))
}

/// The service point cancelled the repair (the reason is on the tracking page).
pub fn cancelled_by_point(r: &RequestRow) -> String {
    say(r, msg!("sms-cancelled-by-point", reference = &r.reference, link = link()))
}

/// On the way, with the expected arrival.
pub fn on_the_way(r: &RequestRow, technician: &str, eta: DateTime<Utc>, tz: Tz) -> String {
    let (name, at) = (short_name(technician), eta.with_timezone(&tz).format("%H:%M").to_string());
    say(r, msg!("sms-on-the-way", technician = name, eta = at, link = link()))
}

/// Fees to approve before paid work.
pub fn quote(r: &RequestRow, total: &Money) -> String {
    say(r, msg!("sms-quote", reference = &r.reference, total = total.to_string(), link = link()))
}

/// The visit done, what is due, and where to rate.
pub fn completed(r: &RequestRow, total: &Money) -> String {
    say(r, msg!("sms-completed", reference = &r.reference, total = total.to_string(), link = link()))
}

/// The day after: rate, or open a follow-up if the fault returns.
pub fn rating_reminder(r: &RequestRow) -> String {
    say(r, msg!("sms-rating-reminder", reference = &r.reference, link = link()))
}

/// A new tracking link the customer asked for on `/`.
pub fn tracking_link(r: &RequestRow) -> String {
    say(r, msg!("sms-tracking-link", reference = &r.reference, link = link()))
}

/// A code to sign in by phone, in `language` (`en` or `zh-CN`).
pub fn sign_in_code(language: &str, code: &str, minutes: i64) -> String {
    crate::i18n::render(&msg!("sms-sign-in-code", code = code, minutes = minutes), Lang::of_tag(language))
}

/// A code that confirms this number as the customer's new one, in `language`.
pub fn contact_code(language: &str, code: &str, minutes: i64) -> String {
    crate::i18n::render(&msg!("sms-contact-code", code = code, minutes = minutes), Lang::of_tag(language))
}

/// To the former number once the customer confirmed a new one: no link, no reference.
pub fn contact_changed(language: &str) -> String {
    crate::i18n::render(&msg!("sms-contact-changed"), Lang::of_tag(language))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_follow_the_encoding() {
        assert_eq!(segments(""), 1);
        assert_eq!(segments(&"a".repeat(160)), 1);
        assert_eq!(segments(&"a".repeat(161)), 2);
        assert_eq!(segments(&"a".repeat(306)), 2);
        assert_eq!(segments(&"a".repeat(307)), 3);
        assert_eq!(segments(&"{".repeat(80)), 1, "an extension character counts twice");
        assert_eq!(segments(&"修".repeat(70)), 1);
        assert_eq!(segments(&"修".repeat(71)), 2);
        assert_eq!(segments(&"修".repeat(201)), 3, "a Chinese segment is 67 characters when concatenated");
        assert_eq!(segments(&"修".repeat(202)), 4);
        assert_eq!(segments(&format!("{}修", "a".repeat(69))), 1, "one Chinese character makes it UCS-2");
    }

    /// Every text message of a booking in `language`, as sent: the public URL and a short code
    /// in their places.
    fn every_text(language: &str, technician: &str) -> Vec<String> {
        let r = crate::notify::fixtures::request(language, "x");
        let (now, tz) =
            (DateTime::<Utc>::from_timestamp(1_795_000_000, 0).unwrap_or_default(), chrono_tz::Asia::Shanghai);
        let total = Money { amount_minor: 1_234_567, currency: "CNY".into() };
        [
            booked(&r),
            follow_up_opened(&r),
            assigned(&r, technician, now, tz),
            rescheduled(&r, now, tz),
            cancelled_by_point(&r),
            on_the_way(&r, technician, now, tz),
            quote(&r, &total),
            completed(&r, &total),
            rating_reminder(&r),
            tracking_link(&r),
        ]
        .into_iter()
        .map(|t| t.replace(BASE, "https://repair.example.com").replace(SHORT_CODE, "AbCdEfGhIjKlMnOpQrStUv"))
        .collect()
    }

    #[test]
    fn every_text_is_in_the_bookings_language_within_three_segments() {
        let long_name = "Alexandra-Konstantina Papadopoulou-Wojciechowska";
        for (language, name) in [("en", long_name), ("zh-CN", "欧阳娜娜欧阳娜娜欧阳娜娜欧阳娜娜欧阳娜娜")]
        {
            for text in every_text(language, name) {
                assert!(segments(&text) <= MAX_SEGMENTS, "{} segments: {text}", segments(&text));
                assert!(!text.contains("sms-") && text.contains("https://repair.example.com/t/AbCd"), "{text}");
                assert_eq!(text.starts_with("【fieldfix】"), language == "zh-CN", "{text}");
            }
        }
        assert_eq!(
            every_text("en", "Wang Lei")[2],
            "fieldfix: repair FX-7K3M-9Q2P: Wang Lei will come around 11-18 19:06. Details: https://repair.example.com/t/AbCdEfGhIjKlMnOpQrStUv"
        );
        assert_eq!(
            every_text("zh-CN", "王师傅")[0],
            "【fieldfix】您的维修 FX-7K3M-9Q2P 已受理，我们会尽快安排技师。查看进度：https://repair.example.com/t/AbCdEfGhIjKlMnOpQrStUv"
        );
    }

    #[test]
    fn names_are_cut_short() {
        assert_eq!(short_name("王师傅"), "王师傅");
        assert_eq!(short_name(&"x".repeat(40)).chars().count(), NAME_CHARS + 1);
    }
}
