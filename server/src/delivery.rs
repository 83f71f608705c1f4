//! Delivery of one-time codes and notices to a person's mobile or e-mail, behind a trait
//! ([`Delivery`]): the development outbox ([`Outbox`]: a JSON-lines file and the last messages in
//! memory, which tests read), and SMTP for e-mail ([`Smtp`], `YIWANG_SMTP=host:port`,
//! `YIWANG_SMTP_FROM`). A message is sent after the transaction that stored its code commits; a
//! failed delivery is logged and answered "not sent, ask again" — the code is never lost silently
//! and never shown to anyone but its addressee.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use app::service::BoxFuture;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

/// Where a message goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Medium {
    Mobile,
    Email,
}

impl Medium {
    pub fn code(self) -> &'static str {
        match self {
            Medium::Mobile => "mobile",
            Medium::Email => "email",
        }
    }
}

/// One message to one person.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Message {
    pub medium: Medium,
    pub to: String,
    pub subject: String,
    pub body: String,
    /// Unix seconds, UTC.
    pub at: i64,
}

/// Why a message did not go out (for the log; the user is told to ask again).
#[derive(Debug, thiserror::Error)]
#[error("delivery failed: {0}")]
pub struct DeliveryError(pub String);

/// A delivery channel.
pub trait Delivery: Send + Sync + 'static {
    fn send<'a>(&'a self, message: &'a Message) -> BoxFuture<'a, Result<(), DeliveryError>>;
}

/// The development and test channel: each message appended as one JSON line to a file (when
/// configured: `YIWANG_OUTBOX`) and kept in memory (the last 1,000).
#[derive(Default)]
pub struct Outbox {
    path: Option<PathBuf>,
    kept: Mutex<Vec<Message>>,
}

impl Outbox {
    pub fn new(path: Option<PathBuf>) -> Outbox {
        Outbox {
            path,
            kept: Mutex::new(Vec::new()),
        }
    }

    /// The messages kept in memory, oldest first.
    pub fn messages(&self) -> Vec<Message> {
        self.kept.lock().map(|m| m.clone()).unwrap_or_default()
    }

    /// The last message to `to`, if any.
    pub fn last_to(&self, to: &str) -> Option<Message> {
        self.messages().into_iter().rev().find(|m| m.to == to)
    }
}

impl Delivery for Outbox {
    fn send<'a>(&'a self, message: &'a Message) -> BoxFuture<'a, Result<(), DeliveryError>> {
        Box::pin(async move {
            if let Some(path) = &self.path {
                let mut line =
                    serde_json::to_string(message).map_err(|e| DeliveryError(e.to_string()))?;
                line.push('\n');
                let mut file = tokio::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(path)
                    .await
                    .map_err(|e| DeliveryError(format!("{}: {e}", path.display())))?;
                file.write_all(line.as_bytes())
                    .await
                    .map_err(|e| DeliveryError(e.to_string()))?;
                file.sync_data()
                    .await
                    .map_err(|e| DeliveryError(e.to_string()))?;
            }
            if let Ok(mut kept) = self.kept.lock() {
                if kept.len() >= 1_000 {
                    kept.remove(0);
                }
                kept.push(message.clone());
            }
            tracing::info!(
                medium = message.medium.code(),
                "message written to the outbox"
            );
            Ok(())
        })
    }
}

/// E-mail through an SMTP server (a local relay or the bureau's mail server; plain SMTP as RFC
/// 5321 describes it, UTF-8 subject and body in base64).
pub struct Smtp {
    pub addr: String,
    pub from: String,
}

fn base64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// An address fit for an SMTP command (no line breaks, no angle brackets).
fn clean_address(a: &str) -> Result<&str, DeliveryError> {
    if a.is_empty() || a.len() > 254 || a.contains(['\r', '\n', '<', '>', ' ']) {
        return Err(DeliveryError("unusable address".into()));
    }
    Ok(a)
}

impl Smtp {
    async fn exchange(&self, message: &Message) -> Result<(), DeliveryError> {
        let err = |e: std::io::Error| DeliveryError(e.to_string());
        let to = clean_address(&message.to)?;
        let from = clean_address(&self.from)?;
        let stream = tokio::net::TcpStream::connect(&self.addr)
            .await
            .map_err(err)?;
        let (read, mut write) = stream.into_split();
        let mut read = BufReader::new(read);
        // Reads one reply (all its lines) and checks its code class.
        async fn reply(
            read: &mut BufReader<tokio::net::tcp::OwnedReadHalf>,
            want: char,
        ) -> Result<(), DeliveryError> {
            loop {
                let mut line = String::new();
                let n = read
                    .read_line(&mut line)
                    .await
                    .map_err(|e| DeliveryError(e.to_string()))?;
                if n == 0 || line.len() < 4 {
                    return Err(DeliveryError(
                        "the SMTP server closed the connection".into(),
                    ));
                }
                if !line.starts_with(want) {
                    return Err(DeliveryError(format!("SMTP answered {}", line.trim_end())));
                }
                if line.as_bytes()[3] != b'-' {
                    return Ok(());
                }
            }
        }
        reply(&mut read, '2').await?;
        let host = "yiwang.local";
        for (command, want) in [
            (format!("EHLO {host}\r\n"), '2'),
            (format!("MAIL FROM:<{from}>\r\n"), '2'),
            (format!("RCPT TO:<{to}>\r\n"), '2'),
            ("DATA\r\n".to_owned(), '3'),
        ] {
            write.write_all(command.as_bytes()).await.map_err(err)?;
            reply(&mut read, want).await?;
        }
        let body = base64(message.body.as_bytes());
        let mut wrapped = String::new();
        for line in body.as_bytes().chunks(76) {
            wrapped.push_str(std::str::from_utf8(line).unwrap_or(""));
            wrapped.push_str("\r\n");
        }
        let date = shared::time::Instant::from_unix_seconds(message.at);
        let data = format!(
            "From: <{from}>\r\nTo: <{to}>\r\nSubject: =?UTF-8?B?{}?=\r\nX-Yiwang-Sent: {}\r\nMIME-Version: 1.0\r\n\
             Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{wrapped}.\r\n",
            base64(message.subject.as_bytes()),
            date.china_display(),
        );
        write.write_all(data.as_bytes()).await.map_err(err)?;
        reply(&mut read, '2').await?;
        let _ = write.write_all(b"QUIT\r\n").await;
        Ok(())
    }
}

impl Delivery for Smtp {
    fn send<'a>(&'a self, message: &'a Message) -> BoxFuture<'a, Result<(), DeliveryError>> {
        Box::pin(async move {
            tokio::time::timeout(Duration::from_secs(15), self.exchange(message))
                .await
                .map_err(|_| DeliveryError("the SMTP server did not answer in time".into()))?
        })
    }
}

/// The channels in use: one per medium. Mobile numbers get their codes through the outbox here
/// (an SMS gateway is the operator's to connect); e-mail through SMTP when configured.
#[derive(Clone)]
pub struct Channels {
    pub mobile: Arc<dyn Delivery>,
    pub email: Arc<dyn Delivery>,
    /// The outbox (also when SMTP carries e-mail): tests and the development tools read it.
    pub outbox: Arc<Outbox>,
}

impl Channels {
    /// Both media through one outbox.
    pub fn outbox(outbox: Arc<Outbox>) -> Channels {
        Channels {
            mobile: outbox.clone(),
            email: outbox.clone(),
            outbox,
        }
    }

    pub fn for_medium(&self, medium: Medium) -> &dyn Delivery {
        match medium {
            Medium::Mobile => self.mobile.as_ref(),
            Medium::Email => self.email.as_ref(),
        }
    }
}

impl Default for Channels {
    fn default() -> Channels {
        Channels::outbox(Arc::new(Outbox::default()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_as_rfc_4648() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }
}
