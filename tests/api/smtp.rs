//! A real SMTP server for the tests (RFC 5321 subset: EHLO, MAIL, RCPT, DATA, RSET, NOOP,
//! QUIT), listening on a loopback port. A recipient whose address contains "bounce" is refused
//! for good (550). It can be switched "down": it then answers every
//! connection with 421, as a server under maintenance does.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// One received message.
#[derive(Clone, Debug)]
pub struct Received {
    pub to: Vec<String>,
    pub data: String,
}

impl Received {
    pub fn parsed(&self) -> mailparse::ParsedMail<'_> {
        mailparse::parse_mail(self.data.as_bytes()).expect("parseable mail")
    }

    pub fn subject(&self) -> String {
        use mailparse::MailHeaderMap;
        self.parsed().headers.get_first_value("Subject").unwrap_or_default()
    }

    /// Every decoded text part with its MIME type.
    pub fn parts(&self) -> Vec<(String, String)> {
        fn walk(m: &mailparse::ParsedMail<'_>, out: &mut Vec<(String, String)>) {
            if m.subparts.is_empty() {
                out.push((m.ctype.mimetype.clone(), m.get_body().unwrap_or_default()));
            }
            for s in &m.subparts {
                walk(s, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.parsed(), &mut out);
        out
    }

    pub fn part(&self, mimetype: &str) -> Option<String> {
        self.parts().into_iter().find(|p| p.0 == mimetype).map(|p| p.1)
    }
}

/// The server and what it received.
#[derive(Clone)]
pub struct SmtpSink {
    pub port: u16,
    pub received: Arc<Mutex<Vec<Received>>>,
    pub down: Arc<AtomicBool>,
}

impl SmtpSink {
    pub fn start() -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind smtp");
        let port = listener.local_addr().expect("addr").port();
        let sink = SmtpSink { port, received: Arc::default(), down: Arc::default() };
        let shared = sink.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let s = shared.clone();
                std::thread::spawn(move || s.serve(stream));
            }
        });
        sink
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn messages(&self) -> Vec<Received> {
        self.received.lock().map(|m| m.clone()).unwrap_or_default()
    }

    fn serve(&self, stream: TcpStream) {
        let mut out = match stream.try_clone() {
            Ok(s) => s,
            Err(_) => return,
        };
        if self.down.load(Ordering::SeqCst) {
            let _ = out.write_all(b"421 sink.test Service not available, try later\r\n");
            return;
        }
        let mut reader = BufReader::new(stream);
        let _ = out.write_all(b"220 sink.test ESMTP ready\r\n");
        let mut to = Vec::new();
        let mut line = String::new();
        loop {
            line.clear();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let upper = line.to_ascii_uppercase();
            let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                b"250-sink.test\r\n250-8BITMIME\r\n250 SIZE 10485760\r\n"
            } else if upper.starts_with("MAIL FROM") {
                to.clear();
                b"250 OK\r\n"
            } else if upper.starts_with("RCPT TO") && upper.contains("BOUNCE") {
                b"550 5.1.1 no such mailbox here\r\n"
            } else if upper.starts_with("RCPT TO") {
                to.push(
                    line[8..].trim().trim_start_matches(':').trim().trim_matches(|c| c == '<' || c == '>').to_string(),
                );
                b"250 OK\r\n"
            } else if upper.starts_with("DATA") {
                let _ = out.write_all(b"354 end with <CRLF>.<CRLF>\r\n");
                let mut data = String::new();
                loop {
                    line.clear();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    if line == ".\r\n" || line == ".\n" {
                        break;
                    }
                    data.push_str(line.strip_prefix('.').filter(|_| line.starts_with("..")).unwrap_or(&line));
                }
                if let Ok(mut r) = self.received.lock() {
                    r.push(Received { to: to.clone(), data });
                }
                b"250 OK queued\r\n"
            } else if upper.starts_with("QUIT") {
                let _ = out.write_all(b"221 bye\r\n");
                return;
            } else if upper.starts_with("RSET") || upper.starts_with("NOOP") {
                b"250 OK\r\n"
            } else {
                b"502 command not implemented\r\n"
            };
            if out.write_all(reply).is_err() {
                return;
            }
        }
    }
}
