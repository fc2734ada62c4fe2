//! Text messages to customers: what each notice says in at most three segments, with a short
//! link (`/t/{code}`) to the tracking page.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::BASE;
use crate::db::requests::RequestRow;
use crate::domain::fees::Money;

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

fn zh(r: &RequestRow) -> bool {
    r.language == "zh-CN"
}

fn local(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%m-%d %H:%M").to_string()
}

/// The booking taken, with the tracking link.
pub fn booked(r: &RequestRow) -> String {
    if zh(r) {
        format!("【fieldfix】您的维修 {} 已受理，我们会尽快安排技师。查看进度：{}", r.reference, link())
    } else {
        format!("fieldfix: repair {} booked; a technician will be assigned soon. Track it: {}", r.reference, link())
    }
}

/// A follow-up opened, with its own tracking link.
pub fn follow_up_opened(r: &RequestRow) -> String {
    if zh(r) {
        format!("【fieldfix】返修单 {} 已受理（免费）。查看进度：{}", r.reference, link())
    } else {
        format!("fieldfix: follow-up {} opened, free of charge. Track it: {}", r.reference, link())
    }
}

/// Who comes and when.
pub fn assigned(r: &RequestRow, technician: &str, start: DateTime<Utc>, tz: Tz) -> String {
    let (name, at) = (short_name(technician), local(start, tz));
    if zh(r) {
        format!("【fieldfix】维修 {}：{}将于 {} 左右上门。详情：{}", r.reference, name, at, link())
    } else {
        format!("fieldfix: repair {}: {} will come around {}. Details: {}", r.reference, name, at, link())
    }
}

/// The visit moved by the customer.
pub fn rescheduled(r: &RequestRow, start: DateTime<Utc>, tz: Tz) -> String {
    let at = local(start, tz);
    if zh(r) {
        format!("【fieldfix】维修 {} 已改到 {}。详情：{}", r.reference, at, link())
    } else {
        format!("fieldfix: repair {} moved to {}. Details: {}", r.reference, at, link())
    }
}

/// On the way, with the expected arrival.
pub fn on_the_way(r: &RequestRow, technician: &str, eta: DateTime<Utc>, tz: Tz) -> String {
    let (name, at) = (short_name(technician), eta.with_timezone(&tz).format("%H:%M").to_string());
    if zh(r) {
        format!("【fieldfix】{}已出发，预计 {} 到达。查看位置：{}", name, at, link())
    } else {
        format!("fieldfix: {} is on the way, arriving about {}. See where: {}", name, at, link())
    }
}

/// Fees to approve before paid work.
pub fn quote(r: &RequestRow, total: &Money) -> String {
    if zh(r) {
        format!("【fieldfix】维修 {} 的费用 {} 需要您确认后才会施工：{}", r.reference, total, link())
    } else {
        format!(
            "fieldfix: repair {}: fees of {} wait for your approval before the work: {}",
            r.reference,
            total,
            link()
        )
    }
}

/// The visit done, what is due, and where to rate.
pub fn completed(r: &RequestRow, total: &Money) -> String {
    if zh(r) {
        format!("【fieldfix】维修 {} 已完成，费用 {}。请评价本次服务：{}", r.reference, total, link())
    } else {
        format!("fieldfix: repair {} done, {} due. Please rate the visit: {}", r.reference, total, link())
    }
}

/// The day after: rate, or open a follow-up if the fault returns.
pub fn rating_reminder(r: &RequestRow) -> String {
    if zh(r) {
        format!("【fieldfix】您对维修 {} 满意吗？评价或申请返修：{}", r.reference, link())
    } else {
        format!(
            "fieldfix: how was repair {}? Rate it, or open a follow-up if the fault returns: {}",
            r.reference,
            link()
        )
    }
}

/// A new tracking link the customer asked for on `/`.
pub fn tracking_link(r: &RequestRow) -> String {
    if zh(r) {
        format!("【fieldfix】您申请的维修 {} 跟踪链接：{}", r.reference, link())
    } else {
        format!("fieldfix: the link to your repair {}: {}", r.reference, link())
    }
}

/// A code to sign in by phone, in `language` (`en` or `zh-CN`).
pub fn sign_in_code(language: &str, code: &str, minutes: i64) -> String {
    if language == "zh-CN" {
        format!("【fieldfix】您的登录验证码是 {code}，{minutes} 分钟内有效。请勿告诉他人。")
    } else {
        format!("fieldfix: your sign-in code is {code}, valid for {minutes} minutes. Do not share it.")
    }
}

/// A code that confirms this number as the customer's new one, in `language`.
pub fn contact_code(language: &str, code: &str, minutes: i64) -> String {
    if language == "zh-CN" {
        format!("【fieldfix】您正在将此号码设为维修联系电话，验证码 {code}，{minutes} 分钟内有效。")
    } else {
        format!("fieldfix: code {code} confirms this number as your repair contact; valid for {minutes} minutes.")
    }
}

/// To the former number once the customer confirmed a new one: no link, no reference.
pub fn contact_changed(language: &str) -> String {
    if language == "zh-CN" {
        "【fieldfix】您维修的联系电话已更改，此号码将不再收到通知。如非本人操作，请致电服务网点。".to_string()
    } else {
        "fieldfix: the contact number of your repair was changed; this number gets no more notices. Not you? Call the service point.".to_string()
    }
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

    #[test]
    fn names_are_cut_short() {
        assert_eq!(short_name("王师傅"), "王师傅");
        assert_eq!(short_name(&"x".repeat(40)).chars().count(), NAME_CHARS + 1);
    }
}
