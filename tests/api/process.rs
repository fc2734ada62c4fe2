//! The real binary as a child process: `fieldfix serve` on a given database, stopped with a
//! signal, as an operator or a power failure would.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long a server may take to start (the demo city included).
const START_DEADLINE: Duration = Duration::from_secs(180);

/// `fieldfix` with a database and a quiet, local configuration.
pub fn fieldfix(database_url: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_fieldfix"));
    cmd.env("DATABASE_URL", database_url)
        .env("FIELDFIX_BIND", "127.0.0.1:0")
        .env("FIELDFIX_MAP_TILES", "none")
        .env("FIELDFIX_MAIL_DIR", std::env::temp_dir().join(format!("fieldfix_mail_{}", std::process::id())))
        .env("FIELDFIX_SMS_DIR", std::env::temp_dir().join(format!("fieldfix_sms_{}", std::process::id())))
        .env("RUST_LOG", "warn");
    cmd
}

/// A running `fieldfix serve`; killed when dropped.
pub struct Served {
    child: Child,
    pub address: String,
}

impl Served {
    /// Starts `fieldfix serve ARGS` with these extra variables and waits for its address.
    pub fn start(database_url: &str, args: &[&str], vars: &[(&str, &str)]) -> Served {
        let mut cmd = fieldfix(database_url);
        cmd.arg("serve").args(args).envs(vars.iter().copied()).stdout(Stdio::piped()).stderr(Stdio::inherit());
        let mut child = cmd.spawn().expect("fieldfix starts");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(address) = line.strip_prefix("Serving on ") {
                    let _ = tx.send(address.trim().to_string());
                }
            }
        });
        let address = match rx.recv_timeout(START_DEADLINE) {
            Ok(a) => a,
            Err(e) => {
                let _ = child.kill();
                panic!("fieldfix serve did not start: {e}");
            }
        };
        Served { child, address }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// Sends SIGTERM, as a service manager stops a service.
    pub fn terminate(&self) {
        let pid = rustix::process::Pid::from_raw(self.child.id() as i32).expect("a child has a pid");
        rustix::process::kill_process(pid, rustix::process::Signal::TERM).expect("signal sent");
    }

    /// Kills with SIGKILL: nothing of the process runs after this.
    pub fn kill(&mut self) {
        self.child.kill().expect("killed");
        self.child.wait().expect("reaped");
    }

    /// Waits for the process to exit, at most `deadline`.
    pub fn wait(&mut self, deadline: Duration) -> ExitStatus {
        let until = Instant::now() + deadline;
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return status;
            }
            assert!(Instant::now() < until, "fieldfix did not exit within {deadline:?}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Polls `probe` every 20 ms until it returns Some, at most `deadline`.
pub async fn poll_until<T, F, Fut>(what: &str, deadline: Duration, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let until = Instant::now() + deadline;
    loop {
        if let Some(v) = probe().await {
            return v;
        }
        assert!(Instant::now() < until, "{what}: not within {deadline:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
