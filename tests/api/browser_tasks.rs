//! A low rating on /manage in Chromium, in Chinese at a phone's width: the task shows the
//! customer's words and a tel: link; the manager closes it with a coupon; the customer's
//! /track timeline says what was agreed. The board's charts keep their labels apart at 390 px.

use crate::browser::sign_in;
use crate::chromium::{browser_available, Driver, Page};
use crate::helpers::{Kind, TestApp};

const WORDS: &str = "收费太贵，而且师傅迟到";

/// Pairs of text labels that overlap inside one chart ("chart: a / b"), and labels cut off at
/// the chart's edge ("chart: a cut").
const OVERLAPS: &str = "[...document.querySelectorAll('#charts svg')].flatMap((svg) => {
    const edge = svg.getBoundingClientRect();
    const boxes = [...svg.querySelectorAll('text')].map((t) => ({ t: t.textContent, r: t.getBoundingClientRect() }))
      .filter((b) => b.r.width > 0);
    const out = boxes.filter((b) => b.r.left < edge.left - 0.5 || b.r.right > edge.right + 0.5).map((b) => `${svg.id}: ${b.t} cut`);
    boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => {
      if (a.r.left < b.r.right - 0.5 && b.r.left < a.r.right - 0.5 && a.r.top < b.r.bottom - 0.5 && b.r.top < a.r.bottom - 0.5)
        out.push(`${svg.id}: ${a.t} / ${b.t}`);
    }));
    return out;
  })";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_manager_wins_back_a_low_rating_with_a_coupon() {
    if !browser_available() {
        return;
    }
    let Some(app) = TestApp::spawn(Kind::Sqlite).await else { return };
    app.load_demo().await;
    let done = app.with_completed_repair("goodwill@example.com").await;
    app.rate(&done, 2, WORDS).await;
    let task = app.texts_where("follow_up_tasks", "CAST(id AS TEXT)", &format!("request_id = {}", done.id)).await;
    let task = task.first().expect("a task").clone();

    let driver = Driver::start().await;
    let page = Page { c: driver.browser().await, driver: &driver, base: app.address.clone() };
    page.c.set_window_size(390, 1600).await.expect("resizes");
    page.open("/").await;
    page.js("localStorage.setItem('fieldfix.lang', 'zh-CN')").await;
    sign_in(&page, "/manage", "manager1@demo.fieldfix.test").await;
    let card = format!("#task-{task}");
    page.until("the task", &format!("document.querySelector('{card}')")).await;
    let text = page.js(&format!("document.querySelector('{card}').textContent")).await;
    let text = text.as_str().expect("text").to_string();
    assert!(text.contains(WORDS), "the customer's words: {text}");
    assert!(text.contains("评分较低：2/5"), "why, in Chinese: {text}");
    let tel = page.js(&format!("document.getElementById('task-phone-{task}').getAttribute('href')")).await;
    assert_eq!(tel, "tel:+8613805710000");
    page.js("document.getElementById('tasks').scrollIntoView()").await;
    page.shoot_here("manage-task-zh-390").await;

    page.click(&format!("{card} details > summary")).await;
    page.fill(&format!("#task-outcome-{task}"), "已致歉，赠送下次维修优惠券").await;
    page.set(&format!("#task-goodwill-{task}"), "coupon").await;
    page.fill(&format!("#task-amount-{task}"), "abc").await;
    page.click(&format!("#task-close-{task}")).await;
    page.until("the amount refused at its field", &format!("document.getElementById('task-amount-{task}-error')"))
        .await;
    page.fill(&format!("#task-amount-{task}"), "50").await;
    page.fill(&format!("#task-notes-{task}"), "内部：师傅睡过头").await;
    page.shoot_here("manage-task-form-zh-390").await;
    page.click(&format!("#task-close-{task}")).await;
    page.until("the task to leave the panel", &format!("!document.querySelector('{card}')")).await;
    page.until("no task left", "document.getElementById('tasks-count').textContent === '0'").await;
    let closed =
        format!("id = {task} AND status = 'resolved' AND goodwill_kind = 'coupon' AND compensation_minor = 5000");
    assert_eq!(app.count_where("follow_up_tasks", &closed).await, 1);
    page.assert_clean_console("/manage").await;

    // The board's charts at a phone's width: no label over another.
    page.until("the charts", "document.querySelector('#chart-response text')").await;
    let overlaps = page.js(OVERLAPS).await;
    assert_eq!(overlaps, serde_json::json!([]), "chart labels overlap at 390 px");
    page.js("document.getElementById('charts').scrollIntoView()").await;
    page.shoot_here("manage-charts-zh-390").await;

    page.open(&format!("/track/{}", done.token)).await;
    let agreed = "服务网点已回访：已致歉，赠送下次维修优惠券；补偿：价值 50.00 CNY 的优惠券";
    page.until(
        "what was agreed on the timeline",
        &format!("document.getElementById('timeline').textContent.includes('{agreed}')"),
    )
    .await;
    let timeline = page.js("document.getElementById('timeline').textContent").await;
    assert!(!timeline.as_str().unwrap_or_default().contains("睡过头"), "the managers' notes stay theirs");
    page.until("the request closed", "document.getElementById('status').textContent === '已结束'").await;
    page.js("document.getElementById('timeline').scrollIntoView()").await;
    page.shoot_here("track-goodwill-zh-390").await;
    page.assert_clean_console("/track").await;
    page.c.clone().close().await.expect("closes");
}
