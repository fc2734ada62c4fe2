//! What the customer receives when the service point writes to them about a request: a text
//! message (at most [`sms::MAX_SEGMENTS`] segments, the typed text cut short with a link to
//! read it whole) and, when they gave an email, a mail. The words come from the catalog's
//! `notices` area; what staff typed is an argument, never a key.

use super::templates::{render, Part};
use super::{sms, Mail, BASE, TRACK_TOKEN};
use crate::db::requests::RequestRow;
use crate::domain::lang::Lang;
use crate::i18n;

/// A public address as long as most deployments' (the short link is measured with it).
const TYPICAL_BASE: &str = "https://service.example.com";

/// The text message carrying `text` from `author`.
pub fn staff_message_sms(r: &RequestRow, author: &str, text: &str) -> String {
    sms_in(&r.language, &r.reference, author, text)
}

fn sms_in(language: &str, reference: &str, author: &str, text: &str) -> String {
    let lang = Lang::of_tag(language);
    let reference = reference.to_string();
    let link = format!("{BASE}/t/{}", sms::SHORT_CODE);
    let author: String = author.chars().take(16).collect();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let whole = i18n::render(
        &msg!(
            "sms-staff-message",
            reference = reference.clone(),
            author = author.clone(),
            text = text.clone(),
            link = link.clone()
        ),
        lang,
    );
    let fits = |s: &str| sms::segments(&s.replace(BASE, TYPICAL_BASE)) <= sms::MAX_SEGMENTS;
    if fits(&whole) {
        return whole;
    }
    let chars: Vec<char> = text.chars().collect();
    let cut = |n: usize| {
        let start: String = chars[..n].iter().collect();
        i18n::render(
            &msg!(
                "sms-staff-message-cut",
                reference = reference.clone(),
                author = author.clone(),
                text = start,
                link = link.clone()
            ),
            lang,
        )
    };
    // The longest start of the text that fits.
    let (mut lo, mut hi) = (0, chars.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if fits(&cut(mid)) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    cut(lo)
}

/// The mail carrying `text` from `author`, with the tracking link to answer on.
pub fn staff_message_mail(r: &RequestRow, author: &str, text: &str) -> Mail {
    let reference = r.reference.clone();
    render(
        Lang::of_tag(&r.language),
        msg!("mail-staff-message-subject", reference = reference.clone()),
        vec![
            Part::Para(msg!("mail-staff-message-intro", author = author.to_string(), reference = reference)),
            Part::Para(msg!("typed-text", text = text.to_string())),
            Part::Para(msg!("mail-staff-message-reply")),
        ],
        Some((format!("{BASE}/track/{TRACK_TOKEN}"), msg!("mail-staff-message-action"))),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_answer_is_cut_to_three_segments_with_the_link() {
        let long = "水".repeat(600);
        let text = sms_in("zh-CN", "FX-ABCD-2345", "王师傅", &long);
        assert!(sms::segments(&text.replace(BASE, TYPICAL_BASE)) <= sms::MAX_SEGMENTS);
        assert!(text.contains("/t/") && text.contains('…'), "{text}");
        assert!(text.chars().filter(|c| *c == '水').count() > 100, "as much of the text as fits: {text}");
        let short = sms_in("en", "FX-ABCD-2345", "Wang", "I will be there at 3pm.");
        assert!(short.contains("I will be there at 3pm.") && !short.contains('…'), "{short}");
    }
}
