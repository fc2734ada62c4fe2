//! Text messages through a real gateway: Debian's Kannel (bearerbox and smsbox) with
//! `fakesmsc` standing in for the operator's SMS centre, started here with a generated
//! configuration. The gateway is stopped in the middle: nothing is lost, nothing sent twice.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration as StdDuration, Instant};

use chrono::Duration;

use crate::helpers::{Kind, TestApp};
use crate::sms::phone_only_booking;

const BEARERBOX: &str = "/usr/sbin/bearerbox";
const SMSBOX: &str = "/usr/sbin/smsbox";
const FAKESMSC: &str = "/usr/lib/kannel/test/fakesmsc";
const USER: &str = "fieldfix";
const PASSWORD: &str = "gateway-password";
const SECRET: &str = "gateway-secret";

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

/// The parts of a concatenated message by (run of the SMS centre, recipient, reference):
/// (sequence, total, bytes). Each run of Kannel numbers its references from 0 again.
type Concatenated = ((usize, String, u8), Vec<(u8, u8, Vec<u8>)>);

/// A running Kannel with its fake SMS centre; everything is killed when dropped.
struct Gateway {
    dir: PathBuf,
    ports: [u16; 4],
    boxes: Vec<Child>,
    smscs: Vec<Child>,
    runs: usize,
    /// The sms-service's get-url: where smsbox hands over the text messages phones send.
    inbound_url: Option<String>,
    /// Text messages the fake SMS centre sends from phones when it next starts, in its format
    /// ("sender receiver ucs2 url-encoded-UTF-16BE").
    from_phones: Vec<String>,
}

impl Gateway {
    /// Starts it, or None when Kannel is not installed and not required.
    fn start() -> Option<Gateway> {
        Self::start_with(None)
    }

    /// Starts it with texts from phones handed over to `inbound_url`.
    fn start_with(inbound_url: Option<String>) -> Option<Gateway> {
        if !Path::new(BEARERBOX).exists() || !Path::new(FAKESMSC).exists() {
            if std::env::var("FIELDFIX_REQUIRE_KANNEL").is_ok_and(|v| v == "1") {
                panic!("Kannel is required (FIELDFIX_REQUIRE_KANNEL=1): install kannel and kannel-extras");
            }
            eprintln!("skipping the Kannel test: kannel or kannel-extras is not installed");
            return None;
        }
        let dir = std::env::temp_dir().join(format!("fieldfix_kannel_{}_{}", std::process::id(), free_port()));
        std::fs::create_dir_all(&dir).expect("kannel dir");
        let mut gateway = Gateway {
            dir,
            ports: [free_port(), free_port(), free_port(), free_port()],
            boxes: vec![],
            smscs: vec![],
            runs: 0,
            inbound_url,
            from_phones: vec![],
        };
        gateway.write_config();
        gateway.run();
        Some(gateway)
    }

    /// The send-sms address fieldfix is given.
    fn sendsms_url(&self) -> String {
        format!("http://127.0.0.1:{}/cgi-bin/sendsms", self.ports[3])
    }

    fn write_config(&self) {
        let [admin, smsbox, smsc, sendsms] = self.ports;
        let dir = self.dir.display();
        // Texts from phones go to fieldfix's inbound address, nothing is sent back
        // (max-messages 0), and UCS-2 texts are recoded to UTF-8 (mo-recode).
        let service = self.inbound_url.as_ref().map_or(String::new(), |url| {
            format!(
                "\n\ngroup = sms-service\nkeyword = default\ncatch-all = true\nmax-messages = 0\n\
                 get-url = \"{url}&from=%p&to=%P&text=%a&id=%I\"\n"
            )
        });
        let config = format!(
            "group = core\nadmin-port = {admin}\nadmin-password = admin-pw\nsmsbox-port = {smsbox}\n\
             log-level = 1\nlog-file = \"{dir}/bearerbox.log\"\nbox-allow-ip = \"127.0.0.1\"\ndlr-storage = internal\n\n\
             group = smsc\nsmsc = fake\nsmsc-id = fake\nport = {smsc}\nconnect-allow-ip = \"127.0.0.1\"\n\n\
             group = smsbox\nbearerbox-host = 127.0.0.1\nbearerbox-port = {smsbox}\nsendsms-port = {sendsms}\n\
             log-file = \"{dir}/smsbox.log\"\nlog-level = 1\nglobal-sender = \"10690000\"\nmo-recode = true\n\n\
             group = sendsms-user\nusername = {USER}\npassword = {PASSWORD}\nconcatenation = true\nmax-messages = 3\n{service}"
        );
        std::fs::write(self.dir.join("kannel.conf"), config).expect("kannel.conf");
    }

    /// Starts bearerbox, the fake SMS centre and smsbox, and waits until send-sms answers.
    fn run(&mut self) {
        let conf = self.dir.join("kannel.conf");
        let quiet = || Stdio::null();
        self.boxes.push(Command::new(BEARERBOX).arg(&conf).stdout(quiet()).stderr(quiet()).spawn().expect("bearerbox"));
        wait_for_port(self.ports[2]);
        self.runs += 1;
        let log = std::fs::File::create(self.dir.join(format!("fakesmsc-{}.log", self.runs))).expect("log");
        let sends = self.from_phones.len().to_string();
        let smsc = Command::new(FAKESMSC)
            .args(["-H", "127.0.0.1", "-r", &self.ports[2].to_string(), "-i", "0.2", "-m", &sends])
            .args(&self.from_phones)
            .stdin(Stdio::piped())
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .spawn()
            .expect("fakesmsc");
        self.smscs.push(smsc);
        self.boxes.push(Command::new(SMSBOX).arg(&conf).stdout(quiet()).stderr(quiet()).spawn().expect("smsbox"));
        wait_for_port(self.ports[3]);
    }

    /// Stops the gateway (both boxes) as a crash would.
    fn stop(&mut self) {
        for mut child in self.boxes.drain(..) {
            let _ = child.kill();
            let _ = child.wait();
        }
        for mut child in self.smscs.drain(..) {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Every message the fake SMS centre received so far, over every run: (to, text), the
    /// parts of a concatenated message put together again.
    fn received(&self) -> Vec<(String, String)> {
        let mut whole = Vec::new();
        let mut parts: Vec<Concatenated> = Vec::new();
        for run in 1..=self.runs {
            let Ok(bytes) = std::fs::read(self.dir.join(format!("fakesmsc-{run}.log"))) else { continue };
            for line in String::from_utf8_lossy(&bytes).lines() {
                let Some(body) = line.split_once("Got message ").and_then(|(_, b)| b.split_once(": <")) else {
                    continue;
                };
                let Some(body) = body.1.strip_suffix('>') else { continue };
                let mut fields = body.splitn(4, ' ');
                let (Some(_from), Some(to), Some(kind), Some(data)) =
                    (fields.next(), fields.next(), fields.next(), fields.next())
                else {
                    continue;
                };
                match kind {
                    "ucs-2" => whole.push((to.to_string(), utf16(&unescape(data)))),
                    "udh" => {
                        let Some((udh, msg)) = data.split_once(" data ") else { continue };
                        let udh = unescape(udh);
                        let (reference, total, seq) = (udh[3], udh[4], udh[5]);
                        let key = (run, to.to_string(), reference);
                        match parts.iter_mut().find(|(k, _)| *k == key) {
                            Some((_, list)) => list.push((seq, total, unescape(msg))),
                            None => parts.push((key, vec![(seq, total, unescape(msg))])),
                        }
                    }
                    _ => whole.push((to.to_string(), data.replace('+', " "))),
                }
            }
        }
        for ((_, to, _), mut list) in parts {
            list.sort_by_key(|p| p.0);
            if list.len() == usize::from(list[0].1) {
                whole.push((to, utf16(&list.into_iter().flat_map(|p| p.2).collect::<Vec<u8>>())));
            }
        }
        whole
    }
}

impl Drop for Gateway {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The bytes of fakesmsc's url-encoded data.
fn unescape(data: &str) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut chars = data.bytes();
    while let Some(b) = chars.next() {
        if b == b'%' {
            let hex: Vec<u8> = chars.by_ref().take(2).collect();
            bytes.push(u8::from_str_radix(std::str::from_utf8(&hex).unwrap_or("00"), 16).unwrap_or(0));
        } else {
            bytes.push(b);
        }
    }
    bytes
}

/// UTF-16BE bytes as text.
fn utf16(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes.chunks(2).map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)])).collect();
    String::from_utf16_lossy(&units)
}

fn wait_for_port(port: u16) {
    let deadline = Instant::now() + StdDuration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "Kannel did not open port {port}");
        std::thread::sleep(StdDuration::from_millis(20));
    }
}

async fn poll<T>(what: &str, mut check: impl AsyncFnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + StdDuration::from_secs(30);
    loop {
        if let Some(found) = check().await {
            return found;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(StdDuration::from_millis(50)).await;
    }
}

async fn texts_go_through_kannel_and_survive_its_crash(kind: Kind) {
    let Some(mut gateway) = Gateway::start() else { return };
    let port = free_port();
    let url = gateway.sendsms_url();
    let Some(app) = TestApp::spawn_configured(kind, |s| {
        s.bind = format!("127.0.0.1:{port}");
        s.public_url = format!("http://127.0.0.1:{port}");
        s.sms_kannel_url = Some(url);
        s.sms_kannel_user = USER.into();
        s.sms_kannel_password = PASSWORD.into();
        s.sms_inbound_secret = Some(SECRET.into());
    })
    .await
    else {
        return;
    };
    app.load_demo().await;
    let (s, first) = app.post("/api/requests", None, &phone_only_booking("13805710000")).await;
    assert_eq!(s, 201, "{first}");
    let reference = first["reference"].as_str().expect("reference").to_string();
    let got = poll("the first text at the SMS centre", async || {
        let r = gateway.received();
        (!r.is_empty()).then_some(r)
    })
    .await;
    assert_eq!(got[0].0, "+8613805710000");
    assert!(
        got[0].1.contains("【fieldfix】") && got[0].1.contains(&reference),
        "in Chinese, through UCS-2: {:?}",
        got[0].1
    );
    poll("Kannel's delivery report", async || {
        let d = app.texts_where("outbox", "delivery", "channel = 'sms' AND delivery = 'delivered'").await;
        (!d.is_empty()).then_some(())
    })
    .await;

    gateway.stop();
    let (s, second) = app.post("/api/requests", None, &phone_only_booking("13905710002")).await;
    assert_eq!(s, 201, "booking does not wait for the gateway: {second}");
    let second_ref = second["reference"].as_str().expect("reference").to_string();
    poll("a failed attempt while the gateway is down", async || {
        let failed = app.count_where("outbox_attempts", "ok = false").await;
        let pending = app.count_where("outbox", "channel = 'sms' AND status = 'pending' AND attempts >= 1").await;
        (failed >= 1 && pending == 1).then_some(())
    })
    .await;

    gateway.run();
    app.clock.advance(Duration::minutes(2));
    poll("the held text after the gateway came back", async || {
        gateway.received().iter().any(|(_, t)| t.contains(&second_ref)).then_some(())
    })
    .await;
    poll("every text marked sent", async || {
        (app.count_where("outbox", "channel = 'sms' AND status <> 'sent'").await == 0).then_some(())
    })
    .await;
    let received = gateway.received();
    let sent_rows = app.count_where("outbox", "channel = 'sms'").await;
    assert_eq!(received.len() as i64, sent_rows, "each text reached the SMS centre exactly once: {received:?}");
    for r in [&reference, &second_ref] {
        assert_eq!(received.iter().filter(|(_, t)| t.contains(r.as_str())).count(), 1, "{r} once");
    }
}

mod texts_go_through_kannel_and_survive_its_crash {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        super::texts_go_through_kannel_and_survive_its_crash(crate::helpers::Kind::Sqlite).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        super::texts_go_through_kannel_and_survive_its_crash(crate::helpers::Kind::Postgres).await;
    }
}

/// A text as fakesmsc's `ucs2` message data: UTF-16BE, every byte url-encoded.
fn ucs2(text: &str) -> String {
    text.encode_utf16().flat_map(u16::to_be_bytes).map(|b| format!("%{b:02X}")).collect()
}

async fn a_reply_by_text_comes_back_through_kannel(kind: Kind) {
    let port = free_port();
    let inbound = format!("http://127.0.0.1:{port}/api/sms/inbound?secret={SECRET}");
    let Some(mut gateway) = Gateway::start_with(Some(inbound)) else { return };
    let url = gateway.sendsms_url();
    let Some(app) = TestApp::spawn_configured(kind, |s| {
        s.bind = format!("127.0.0.1:{port}");
        s.public_url = format!("http://127.0.0.1:{port}");
        s.sms_kannel_url = Some(url);
        s.sms_kannel_user = USER.into();
        s.sms_kannel_password = PASSWORD.into();
        s.sms_inbound_secret = Some(SECRET.into());
    })
    .await
    else {
        return;
    };
    app.load_demo().await;
    let a = app.book_and_assign(&phone_only_booking("13805710000")).await;
    let manager = app.login("manager1@demo.fieldfix.test", "fieldfix-demo").await;
    poll("the booking's text at the SMS centre", async || (!gateway.received().is_empty()).then_some(())).await;

    // The customer answers from their phone: the SMS centre hands it to Kannel, Kannel to us.
    gateway.stop();
    let reply = "好的，下午三点我在家";
    gateway.from_phones = vec![format!("8613805710000 10690000 ucs2 {}", ucs2(reply))];
    gateway.run();
    let path = format!("/api/requests/{}/messages", a.id);
    let thread = poll("the reply in the conversation", async || {
        let (_, thread) = app.get(&path, Some(&manager)).await;
        (thread["messages"].as_array().is_some_and(|m| !m.is_empty())).then_some(thread)
    })
    .await;
    let got = &thread["messages"][0];
    assert_eq!((got["text"].as_str(), got["channel"].as_str()), (Some(reply), Some("sms")), "{thread}");
    assert_eq!(thread["unanswered"], 1);

    // The answer goes back to the phone through Kannel (the fake SMS centre leaves once it has
    // sent its texts: it is started again without any).
    gateway.stop();
    gateway.from_phones.clear();
    gateway.run();
    let (s, _) = app.post(&path, Some(&manager), &serde_json::json!({"text": "收到，师傅三点到"})).await;
    assert_eq!(s, 201);
    poll("the answer at the SMS centre", async || {
        gateway.received().iter().any(|(to, t)| to == "+8613805710000" && t.contains("收到，师傅三点到")).then_some(())
    })
    .await;
    assert_eq!(app.count("request_messages").await, 2, "the reply kept once");
}

mod a_reply_by_text_comes_back_through_kannel {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        super::a_reply_by_text_comes_back_through_kannel(crate::helpers::Kind::Sqlite).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        super::a_reply_by_text_comes_back_through_kannel(crate::helpers::Kind::Postgres).await;
    }
}
