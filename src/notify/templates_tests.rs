//! The customer mails in both languages: every one renders, typed text escaped in HTML.

use super::*;
use crate::domain::fees::LineKind;
use crate::notify::fixtures::request;

fn tz() -> Tz {
    chrono_tz::Asia::Shanghai
}

fn cny(minor: i64) -> Money {
    Money { amount_minor: minor, currency: "CNY".into() }
}

fn lines() -> Vec<PricedLine> {
    let line = |description: &str, covered, billable| PricedLine {
        kind: LineKind::Part,
        description: description.into(),
        quantity: 2,
        unit_price: cny(450),
        covered,
        covered_by_warranty: covered,
        item_code: None,
        billable: cny(billable),
    };
    vec![line("Call-out", true, 0), line("Washer <15 mm> & seal", false, 900)]
}

/// Every mail fieldfix sends, for a booking in `language` with `problem` typed.
fn every_mail(language: &str, problem: &str) -> Vec<Mail> {
    let r = request(language, problem);
    let now = DateTime::<Utc>::from_timestamp(1_795_000_000, 0).unwrap_or_default();
    let inv = Invitation { visit_seq: 1, sequence: 0, start: now, end: now + chrono::Duration::hours(2) };
    let staff = super::super::staff_templates::quote_declined(crate::domain::lang::Lang::En, &r, "too dear");
    vec![
        booking_confirmed(&r, "Chen Xiaoming", tz()),
        follow_up_opened(&r, "FX-2222-3333", tz()),
        technician_assigned(&r, "王师傅", 4.3, &inv, tz(), now),
        visit_rescheduled(&r, None, &inv, tz(), now),
        visit_moved(crate::domain::lang::Lang::En, &r, None, tz()),
        on_the_way(&r, "王师傅", now, tz()),
        quote(&r, &lines(), &cny(900)),
        visit_completed(&r, "Wrong washer", &lines(), &cny(900), "RATE"),
        rating_reminder(&r, "RATE"),
        sign_in_link(language, "TOKEN", 30),
        tracking_link(&r),
        staff,
    ]
}

#[test]
fn typed_text_is_escaped_in_html_and_kept_as_typed_in_text() {
    let typed = "<script>alert(1)</script> & \"the tap\"";
    for language in ["en", "zh-CN"] {
        let mail = booking_confirmed(&request(language, typed), "Chen <b>Xiaoming</b>", tz());
        assert!(
            mail.html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt; &amp; &quot;the tap&quot;"),
            "{}",
            mail.html
        );
        assert!(mail.html.contains("Chen &lt;b&gt;Xiaoming&lt;&#x2f;b&gt;"), "{}", mail.html);
        assert!(!mail.html.contains("<script>") && !mail.html.contains("<b>"), "{}", mail.html);
        assert!(mail.text.contains(typed) && mail.text.contains("Chen <b>Xiaoming</b>"), "{}", mail.text);
    }
    let completed = visit_completed(&request("en", "x"), "<img src=x>", &lines(), &cny(900), "RATE");
    assert!(completed.html.contains("<li>2 × Washer &lt;15 mm&gt; &amp; seal: 9.00 CNY</li>"), "{}", completed.html);
    assert!(completed.html.contains("Diagnosis: &lt;img src=x&gt;"), "{}", completed.html);
    assert!(completed.text.contains("- 2 × Washer <15 mm> & seal: 9.00 CNY\n"), "{}", completed.text);
}

#[test]
fn every_mail_is_written_whole_in_the_bookings_language() {
    for language in ["en", "zh-CN"] {
        for mail in every_mail(language, "It drips.\nAgain.") {
            for part in [&mail.subject, &mail.text, &mail.html] {
                assert!(!part.contains("mail-") && !part.contains("ics-"), "an id left unrendered: {part}");
            }
            assert!(mail.html.starts_with("<!doctype html>") && mail.html.trim_end().ends_with("</html>"));
            assert!(mail.text.ends_with("\n\n-- fieldfix\n"), "{:?}", mail.text);
            assert!(!mail.html.contains("<pre>"), "laid out by the template: {}", mail.html);
        }
    }
    let zh = booking_confirmed(&request("zh-CN", "漏水"), "陈小明", tz());
    assert_eq!(zh.subject, "维修预约 FX-7K3M-9Q2P 已受理");
    assert!(zh.text.starts_with("陈小明，您好：\n\n我们已收到您的维修申请 FX-7K3M-9Q2P（漏水）。\n\n"), "{}", zh.text);
    assert!(zh.text.contains("\n\n查看维修进度: {{public_url}}/track/{{track_token}}\n\n-- fieldfix\n"), "{}", zh.text);
    let typed_lines = booking_confirmed(&request("en", "It drips.\nAgain."), "Chen", tz());
    assert!(typed_lines.html.contains("(It drips.<br>Again.)"), "{}", typed_lines.html);
    let assigned = &every_mail("en", "x")[2];
    assert!(assigned.text.contains("王师傅 (rated 4.3 of 5) will come on 2026-11-18 19:06"), "{}", assigned.text);
    assert!(assigned.ics.as_ref().is_some_and(|i| i.contains("SUMMARY:Repair FX-7K3M-9Q2P (王师傅)")));
    let staff = &every_mail("zh-CN", "x")[4];
    assert!(staff.subject.starts_with("Visit moved: "), "staff mail stays in English: {}", staff.subject);
}
