//! Where text messages go: a Kannel gateway's send-sms interface (`FIELDFIX_SMS_KANNEL_URL`),
//! or one `.txt` file per message in `FIELDFIX_SMS_DIR` (the default, like mail's files).

use std::time::Duration;

use super::transport::SendError;

/// How to reach Kannel's smsbox.
#[derive(Clone, Debug)]
pub struct Kannel {
    /// The send-sms address, e.g. `http://127.0.0.1:13013/cgi-bin/sendsms`.
    pub url: String,
    pub username: String,
    pub password: String,
    /// The sender shown to the customer (`from`); Kannel's `global-sender` when empty.
    pub from: String,
    /// Where Kannel reports delivery, without the message id (`.../api/sms/dlr?secret=…`);
    /// none asks for no report.
    pub dlr_url: Option<String>,
}

/// A configured text message transport.
pub enum SmsTransport {
    Kannel {
        gateway: Kannel,
        agent: ureq::Agent,
    },
    /// One file per message in a folder (created when missing).
    Files(std::path::PathBuf),
}

/// Kannel's delivery report mask: delivered (1), failed (2), buffered (4), accepted by the
/// SMS centre (8), rejected by it (16).
pub const DLR_MASK: u8 = 31;

impl SmsTransport {
    /// Kannel when `gateway` is given, else files in `dir`.
    pub fn new(gateway: Option<Kannel>, dir: &str) -> anyhow::Result<SmsTransport> {
        match gateway {
            Some(gateway) => {
                let agent = ureq::AgentBuilder::new()
                    .timeout_connect(Duration::from_secs(5))
                    .timeout(Duration::from_secs(20))
                    .build();
                Ok(SmsTransport::Kannel { gateway, agent })
            }
            None => {
                std::fs::create_dir_all(dir)?;
                Ok(SmsTransport::Files(dir.into()))
            }
        }
    }

    /// Sends one message (outbox row `id`) to `to` (E.164): 202 from Kannel is sent; another
    /// 4xx is permanent; 5xx, a time-out or no connection is tried again later.
    pub fn send(&self, id: i64, to: &str, text: &str) -> Result<(), SendError> {
        match self {
            SmsTransport::Kannel { gateway, agent } => {
                let mut request = agent
                    .get(&gateway.url)
                    .query("username", &gateway.username)
                    .query("password", &gateway.password)
                    .query("to", to)
                    .query("text", text)
                    .query("charset", "UTF-8")
                    .query("coding", "2");
                if !gateway.from.is_empty() {
                    request = request.query("from", &gateway.from);
                }
                if let Some(dlr) = &gateway.dlr_url {
                    request = request
                        .query("dlr-mask", &DLR_MASK.to_string())
                        .query("dlr-url", &format!("{dlr}&id={id}&status=%d"));
                }
                match request.call() {
                    Ok(res) if res.status() == 202 => Ok(()),
                    Ok(res) => Err(SendError {
                        permanent: false,
                        message: format!("gateway answered {} {}", res.status(), res.status_text()),
                    }),
                    Err(ureq::Error::Status(code, res)) => Err(SendError {
                        permanent: (400..500).contains(&code),
                        message: format!("gateway answered {code}: {}", res.into_string().unwrap_or_default().trim()),
                    }),
                    Err(e) => Err(SendError { permanent: false, message: format!("gateway unreachable: {e}") }),
                }
            }
            SmsTransport::Files(dir) => {
                let body = format!("To: {to}\n\n{text}\n");
                std::fs::write(dir.join(format!("{id}.txt")), body)
                    .map_err(|e| SendError { permanent: false, message: e.to_string() })
            }
        }
    }
}
