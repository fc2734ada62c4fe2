//! The messages fieldfix sends, in English and Simplified Chinese, as plain text and HTML.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::{escape_html, ics, Mail, BASE, TRACK_TOKEN};
use crate::db::requests::RequestRow;
use crate::domain::fees::{Money, PricedLine};

/// A sentence in both languages.
pub(super) type Both = (String, String);

fn pick(lang: &str, both: &Both) -> String {
    if lang == "zh-CN" {
        both.1.clone()
    } else {
        both.0.clone()
    }
}

pub(super) fn render(lang: &str, subject: Both, body: Vec<Both>, link: Option<(String, Both)>) -> Mail {
    let subject = pick(lang, &subject);
    let paragraphs: Vec<String> = body.iter().map(|b| pick(lang, b)).collect();
    let mut text = paragraphs.join("\n\n");
    let mut html = String::from("<!doctype html><html><body style=\"font-family:sans-serif\">");
    for p in &paragraphs {
        html.push_str("<p>");
        html.push_str(&escape_html(p).replace('\n', "<br>"));
        html.push_str("</p>");
    }
    if let Some((url, label)) = link {
        let label = pick(lang, &label);
        text.push_str(&format!("\n\n{label}: {url}"));
        html.push_str(&format!("<p><a href=\"{}\">{}</a></p>", escape_html(&url), escape_html(&label)));
    }
    text.push_str("\n\n-- fieldfix\n");
    html.push_str("<p style=\"color:#666\">fieldfix</p></body></html>");
    Mail { subject, text, html, ics: None }
}

pub(super) fn local(t: DateTime<Utc>, tz: Tz) -> String {
    crate::domain::time::local_text(t, tz)
}

fn money(m: &Money) -> String {
    m.to_string()
}

fn tracking() -> String {
    format!("{BASE}/track/{TRACK_TOKEN}")
}

pub(super) fn both(en: impl Into<String>, zh: impl Into<String>) -> Both {
    (en.into(), zh.into())
}

/// The respond-by and arrive-by promises of a new request, in the point's time zone.
fn promises(r: &RequestRow, tz: Tz) -> Both {
    let (respond_by, arrive_by) = (local(r.respond_by.and_utc(), tz), local(r.arrive_by.and_utc(), tz));
    both(
        format!("A technician will accept it by {respond_by} and be with you by {arrive_by}."),
        format!("我们承诺在 {respond_by} 前安排技师接单，{arrive_by} 前上门。"),
    )
}

/// To the customer: the booking with its promises and warranty.
pub fn booking_confirmed(r: &RequestRow, customer: &str, tz: Tz) -> Mail {
    let warranty = if r.warranty_covered {
        both("Your warranty covers this repair: you will not be charged for it.", "您的产品在保修期内，本次维修免费。")
    } else {
        both(
            "This repair is not covered by warranty; you will see and approve every fee before paid work is done.",
            "本次维修不在保修范围内；任何收费项目都会先给您确认后再进行。",
        )
    };
    render(
        &r.language,
        both(format!("Repair {} booked", r.reference), format!("维修预约 {} 已受理", r.reference)),
        vec![
            both(format!("Hello {customer},"), format!("{customer}，您好：")),
            both(
                format!("we received your repair request {} ({}).", r.reference, r.problem),
                format!("我们已收到您的维修申请 {}（{}）。", r.reference, r.problem),
            ),
            promises(r, tz),
            warranty,
        ],
        Some((tracking(), both("Follow your repair", "查看维修进度"))),
    )
}

/// To the customer: a follow-up of their repair is open (they opened it, or a manager did on
/// the next-day call), free within the rework period, with its own tracking link.
pub fn follow_up_opened(r: &RequestRow, original_reference: &str, tz: Tz) -> Mail {
    render(
        &r.language,
        both(
            format!("Follow-up {} of repair {original_reference} opened", r.reference),
            format!("维修 {original_reference} 的返修 {} 已受理", r.reference),
        ),
        vec![
            both(
                format!("We opened follow-up {} of your repair {original_reference} ({}).", r.reference, r.problem),
                format!("我们已为您的维修 {original_reference} 开启返修 {}（{}）。", r.reference, r.problem),
            ),
            both("It is free of charge within the rework period.", "返修期内免费。"),
            promises(r, tz),
        ],
        Some((tracking(), both("Follow the follow-up", "查看返修进度"))),
    )
}

/// A visit's place in the customer's calendar: one `UID` per visit of a request, and a
/// `SEQUENCE` that grows each time the visit moves.
pub struct Invitation {
    /// The visit's number within its request.
    pub visit_seq: i32,
    /// How many times the request was rescheduled.
    pub sequence: u32,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

fn invitation_ics(r: &RequestRow, inv: &Invitation, technician: Option<&str>, now: DateTime<Utc>) -> String {
    let summary = match technician {
        Some(name) => format!("Repair {} ({name})", r.reference),
        None => format!("Repair {}", r.reference),
    };
    ics::visit_event(
        &format!("{}-{}@fieldfix", r.reference, inv.visit_seq),
        inv.sequence,
        (inv.start, inv.end),
        &summary,
        &r.address,
        &format!("{} {}", r.problem, tracking()),
        now,
    )
}

/// To the customer: who comes and when, with a calendar invitation.
pub fn technician_assigned(
    r: &RequestRow,
    technician: &str,
    rating: f64,
    inv: &Invitation,
    tz: Tz,
    now: DateTime<Utc>,
) -> Mail {
    let start = inv.start;
    let mut mail = render(
        &r.language,
        both(
            format!("{technician} will repair it ({})", r.reference),
            format!("技师{technician}将为您上门维修（{}）", r.reference),
        ),
        vec![
            both(
                format!(
                    "{technician} (rated {rating:.1} of 5) will come on {} for repair {}.",
                    local(start, tz),
                    r.reference
                ),
                format!(
                    "技师{technician}（评分 {rating:.1}/5）将于 {} 上门处理维修 {}。",
                    local(start, tz),
                    r.reference
                ),
            ),
            both(format!("Address: {}", r.address), format!("地址：{}", r.address)),
        ],
        Some((tracking(), both("Follow your repair", "查看维修进度"))),
    );
    mail.ics = Some(invitation_ics(r, inv, Some(technician), now));
    mail
}

/// To the customer: the visit moved to the window they chose, with the updated invitation.
/// `technician` is the one who still comes, or None while a technician is found again.
pub fn visit_rescheduled(
    r: &RequestRow,
    technician: Option<&str>,
    inv: &Invitation,
    tz: Tz,
    now: DateTime<Utc>,
) -> Mail {
    let who = match technician {
        Some(name) => both(format!("{name} will come then."), format!("技师{name}将按新时间上门。")),
        None => both(
            "We are finding a technician for the new time and will tell you who comes.",
            "我们正在为新时间安排技师，安排好后会通知您。",
        ),
    };
    let mut mail = render(
        &r.language,
        both(format!("Repair {} moved", r.reference), format!("维修 {} 已改期", r.reference)),
        vec![
            both(
                format!("Your visit for repair {} is now on {}.", r.reference, local(inv.start, tz)),
                format!("您的维修 {} 已改到 {}。", r.reference, local(inv.start, tz)),
            ),
            who,
        ],
        Some((tracking(), both("Follow your repair", "查看维修进度"))),
    );
    mail.ics = Some(invitation_ics(r, inv, technician, now));
    mail
}

/// To the technician: the customer moved the visit; `start` is its new start in their day,
/// or None when they have no room for the new window and the visit left their day.
pub fn visit_moved(r: &RequestRow, start: Option<DateTime<Utc>>, tz: Tz) -> Mail {
    let what = match start {
        Some(s) => format!("The customer moved the visit at {} to {}.", r.address, local(s, tz)),
        None => format!(
            "The customer moved the visit at {} to a time you have no room for: it has left your day.",
            r.address
        ),
    };
    render(
        "en",
        both(format!("Visit moved: {}", r.reference), String::new()),
        vec![both(what, String::new())],
        Some((format!("{BASE}/tech"), both("Open your visits", "查看上门"))),
    )
}

/// To the customer: the technician is on the way.
pub fn on_the_way(r: &RequestRow, technician: &str, eta: DateTime<Utc>, tz: Tz) -> Mail {
    render(
        &r.language,
        both(
            format!("{technician} is on the way ({})", r.reference),
            format!("技师{technician}正在赶来（{}）", r.reference),
        ),
        vec![both(format!("Expected at about {}.", local(eta, tz)), format!("预计 {} 左右到达。", local(eta, tz)))],
        Some((tracking(), both("Follow your repair", "查看维修进度"))),
    )
}

fn line_list(lines: &[PricedLine]) -> Both {
    let en: Vec<String> = lines
        .iter()
        .map(|l| {
            format!(
                "- {} × {}: {}{}",
                l.quantity,
                l.description,
                money(&l.billable),
                if l.covered { " (covered)" } else { "" }
            )
        })
        .collect();
    let zh: Vec<String> = lines
        .iter()
        .map(|l| {
            format!(
                "- {} × {}：{}{}",
                l.quantity,
                l.description,
                money(&l.billable),
                if l.covered { "（保修）" } else { "" }
            )
        })
        .collect();
    (en.join("\n"), zh.join("\n"))
}

/// To the customer: a quote to approve before paid work is completed.
pub fn quote(r: &RequestRow, lines: &[PricedLine], total: &Money) -> Mail {
    render(
        &r.language,
        both(format!("Please approve the quote for {}", r.reference), format!("请确认维修报价（{}）", r.reference)),
        vec![
            both("The technician proposes this work:", "技师建议的维修项目如下："),
            line_list(lines),
            both(format!("Total: {}", money(total)), format!("合计：{}", money(total))),
        ],
        Some((tracking(), both("Review and approve", "查看并确认"))),
    )
}

/// To the customer: what was found, what it cost, and the rating link.
pub fn visit_completed(
    r: &RequestRow,
    diagnosis: &str,
    lines: &[PricedLine],
    total: &Money,
    rating_token: &str,
) -> Mail {
    render(
        &r.language,
        both(format!("Repair {} completed", r.reference), format!("维修 {} 已完成", r.reference)),
        vec![
            both(format!("Diagnosis: {diagnosis}"), format!("故障诊断：{diagnosis}")),
            line_list(lines),
            both(format!("You pay: {}", money(total)), format!("您需支付：{}", money(total))),
            both("Please tell us how it went.", "请为本次服务评分。"),
        ],
        Some((format!("{BASE}/rate/{rating_token}"), both("Rate the visit", "评价本次服务"))),
    )
}

/// To the customer, the day after: a reminder to rate, and how to open a follow-up.
pub fn rating_reminder(r: &RequestRow, rating_token: &str) -> Mail {
    render(
        &r.language,
        both(format!("How was your repair {}?", r.reference), format!("您对维修 {} 满意吗？", r.reference)),
        vec![
            both("We would be glad to hear how the visit went.", "期待您对本次上门服务的评价。"),
            both(
                format!(
                    "If the fault returns, open a follow-up from {}: within the rework period it is free.",
                    tracking()
                ),
                format!("如果故障复发，可在 {} 申请返修；返修期内免费。", tracking()),
            ),
        ],
        Some((format!("{BASE}/rate/{rating_token}"), both("Rate the visit", "评价本次服务"))),
    )
}

/// To a customer who asked for it: a one-time link that signs them in to their account.
pub fn sign_in_link(language: &str, token: &str, minutes: i64) -> Mail {
    render(
        language,
        both("Your fieldfix sign-in link", "您的 fieldfix 登录链接"),
        vec![
            both(
                "Follow the link below to see your repairs and products, and to set a password if you like.",
                "点击下面的链接即可查看您的维修记录和产品，也可以设置密码。",
            ),
            both(
                format!("The link works once, for {minutes} minutes. If you did not ask for it, ignore this mail."),
                format!("链接仅可使用一次，{minutes} 分钟内有效。如果不是您本人申请，请忽略此邮件。"),
            ),
        ],
        Some((format!("{BASE}/me#link={token}"), both("Sign in", "登录"))),
    )
}

/// To the customer's former email once they changed it on the tracking page: no link and
/// no reference (a mistyped address may be a stranger's), only what to do if it was not them.
pub fn contact_changed(r: &RequestRow) -> Mail {
    render(
        &r.language,
        both("Your repair contact was changed", "您的维修联系方式已更改"),
        vec![
            both(
                "The email for the notices of your repair was changed on its tracking page; this address gets no more of them.",
                "您维修通知使用的电子邮箱已在跟踪页面上更改，此邮箱将不再收到通知。",
            ),
            both(
                "If you did not make this change, call the service point.",
                "如果不是您本人更改，请致电服务网点。",
            ),
        ],
        None,
    )
}

/// To a customer who asked on `/` with the reference and phone: a new tracking link.
pub fn tracking_link(r: &RequestRow) -> Mail {
    render(
        &r.language,
        both(format!("Your repair {}", r.reference), format!("您的维修 {}", r.reference)),
        vec![
            both(
                "You asked for the link to your repair. Follow it to see where it stands, the fees and the technician.",
                "您申请了维修跟踪链接。打开即可查看进度、费用和上门技师。",
            ),
            both("If you did not ask for it, ignore this mail.", "如果不是您本人申请，请忽略此邮件。"),
        ],
        Some((tracking(), both("Track your repair", "查看维修进度"))),
    )
}
