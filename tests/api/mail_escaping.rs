//! Typed text in mail: escaped by the template engine in the HTML part, as typed in the text
//! part, through the real SMTP sink.

use serde_json::json;

use crate::helpers::TestApp;
use crate::lifecycle::faucet_booking;
use crate::mail::{to, wait_for};
use crate::on_both_backends_with_smtp;
use crate::smtp::SmtpSink;

/// What a customer typed reaches their mail escaped by the template engine in the HTML part,
/// and as typed in the text part.
async fn typed_text_is_escaped_in_the_html_part(app: TestApp, sink: SmtpSink) {
    app.load_demo().await;
    let customer = "typed.mail@example.com";
    let typed = "<script>alert('hi')</script> & the tap drips";
    let mut body = faucet_booking(customer);
    body["problem"] = json!(typed);
    body["customer"]["name"] = json!("Chen <b>Xiaoming</b>");
    let (s, booked) = app.post("/api/requests", None, &body).await;
    assert_eq!(s, 201, "{booked}");
    let messages = wait_for(&sink, "the booking mail", |m| !to(m, customer).is_empty()).await;
    let mail = to(&messages, customer).remove(0);
    let html = mail.part("text/html").expect("an HTML part");
    let text = mail.part("text/plain").expect("a text part");
    assert!(html.contains("&lt;script&gt;alert(&#x27;hi&#x27;)&lt;&#x2f;script&gt; &amp; the tap drips"), "{html}");
    assert!(html.contains("Chen &lt;b&gt;Xiaoming&lt;&#x2f;b&gt;"), "{html}");
    assert!(!html.contains("<script") && !html.contains("<b>"), "{html}");
    assert!(text.contains(typed) && text.contains("Chen <b>Xiaoming</b>"), "{text}");
}
on_both_backends_with_smtp!(typed_text_is_escaped_in_the_html_part);
