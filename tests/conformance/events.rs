//! Schema change events, observed on a raw native-protocol connection of our own.
//!
//! The `scylla` driver's public API does not expose the body of a SCHEMA_CHANGE result
//! (`QueryResult` hides it), so the runner checks a step's recorded `schema_change` against
//! the SCHEMA_CHANGE *event* the node pushes to a connection registered for such events:
//! Cassandra sends one for every schema change it reports (plus, for a dropped keyspace, one
//! per dropped table and type), and none for a VOID result such as a no-op `IF NOT EXISTS`.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::mpsc;

const OPCODE_ERROR: u8 = 0x00;
const OPCODE_STARTUP: u8 = 0x01;
const OPCODE_READY: u8 = 0x02;
const OPCODE_REGISTER: u8 = 0x0B;
const OPCODE_EVENT: u8 = 0x0C;

/// One SCHEMA_CHANGE event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaEvent {
    /// `CREATED` / `UPDATED` / `DROPPED`.
    pub change: String,
    /// `KEYSPACE` / `TABLE` / `TYPE` / `FUNCTION` / `AGGREGATE`.
    pub target: String,
    /// The keyspace.
    pub keyspace: String,
    /// The table, type, function or aggregate name (`None` for KEYSPACE).
    pub name: Option<String>,
}

impl std::fmt::Display for SchemaEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} {}", self.change, self.target, self.keyspace)?;
        if let Some(name) = &self.name {
            write!(f, ".{name}")?;
        }
        Ok(())
    }
}

/// A connection registered for SCHEMA_CHANGE events; events arrive on a channel.
pub struct EventListener {
    events: mpsc::UnboundedReceiver<SchemaEvent>,
    reader: tokio::task::JoinHandle<()>,
}

impl Drop for EventListener {
    fn drop(&mut self) {
        self.reader.abort();
    }
}

impl EventListener {
    /// Connects to `addr`, sends STARTUP and REGISTER [SCHEMA_CHANGE].
    pub async fn connect(addr: &str) -> Result<EventListener, String> {
        let mut stream = tokio::time::timeout(Duration::from_secs(10), TcpStream::connect(addr))
            .await
            .map_err(|_| format!("connecting to {addr} timed out"))?
            .map_err(|e| format!("connecting to {addr}: {e}"))?;
        let mut startup = Vec::new();
        put_u16(&mut startup, 1);
        put_string(&mut startup, "CQL_VERSION");
        put_string(&mut startup, "3.0.0");
        expect_ready(&mut stream, OPCODE_STARTUP, &startup, "STARTUP").await?;
        let mut register = Vec::new();
        put_u16(&mut register, 1);
        put_string(&mut register, "SCHEMA_CHANGE");
        expect_ready(&mut stream, OPCODE_REGISTER, &register, "REGISTER").await?;

        let (tx, events) = mpsc::unbounded_channel();
        let reader = tokio::spawn(async move {
            while let Ok((opcode, body)) = read_frame(&mut stream).await {
                if opcode == OPCODE_EVENT {
                    if let Some(event) = parse_event(&body) {
                        if tx.send(event).is_err() {
                            return;
                        }
                    }
                }
            }
        });
        Ok(EventListener { events, reader })
    }

    /// The events that have arrived so far.
    pub fn drain(&mut self) -> Vec<SchemaEvent> {
        let mut out = Vec::new();
        while let Ok(event) = self.events.try_recv() {
            out.push(event);
        }
        out
    }

    /// Waits up to `timeout` for an event equal to `wanted`; returns every event received
    /// meanwhile (the wanted one included, when it came).
    pub async fn wait_for(&mut self, wanted: &SchemaEvent, timeout: Duration) -> Vec<SchemaEvent> {
        let mut seen = self.drain();
        let deadline = tokio::time::Instant::now() + timeout;
        while !seen.contains(wanted) {
            match tokio::time::timeout_at(deadline, self.events.recv()).await {
                Ok(Some(event)) => seen.push(event),
                Ok(None) | Err(_) => break,
            }
        }
        seen
    }
}

async fn expect_ready(
    stream: &mut TcpStream,
    opcode: u8,
    body: &[u8],
    what: &str,
) -> Result<(), String> {
    let mut frame = vec![0x04, 0x00, 0x00, 0x00, opcode];
    frame.extend_from_slice(&(body.len() as u32).to_be_bytes());
    frame.extend_from_slice(body);
    stream
        .write_all(&frame)
        .await
        .map_err(|e| format!("sending {what}: {e}"))?;
    let (reply, body) = tokio::time::timeout(Duration::from_secs(10), read_frame(stream))
        .await
        .map_err(|_| format!("no answer to {what}"))?
        .map_err(|e| format!("reading the answer to {what}: {e}"))?;
    match reply {
        OPCODE_READY => Ok(()),
        OPCODE_ERROR => Err(format!(
            "{what} failed: {}",
            String::from_utf8_lossy(body.get(6..).unwrap_or_default())
        )),
        other => Err(format!(
            "{what} answered with opcode 0x{other:02x} (authentication is not supported here)"
        )),
    }
}

async fn read_frame(stream: &mut TcpStream) -> std::io::Result<(u8, Vec<u8>)> {
    let mut header = [0u8; 9];
    stream.read_exact(&mut header).await?;
    let length = u32::from_be_bytes([header[5], header[6], header[7], header[8]]) as usize;
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).await?;
    Ok((header[4], body))
}

fn put_u16(out: &mut Vec<u8>, n: u16) {
    out.extend_from_slice(&n.to_be_bytes());
}

fn put_string(out: &mut Vec<u8>, s: &str) {
    put_u16(out, s.len() as u16);
    out.extend_from_slice(s.as_bytes());
}

/// Parses an EVENT body; `None` for other event types or a malformed body.
pub fn parse_event(body: &[u8]) -> Option<SchemaEvent> {
    let mut rest = body;
    let mut string = || -> Option<String> {
        let len = usize::from(u16::from_be_bytes([*rest.first()?, *rest.get(1)?]));
        let s = std::str::from_utf8(rest.get(2..2 + len)?).ok()?.to_owned();
        rest = &rest[2 + len..];
        Some(s)
    };
    if string()? != "SCHEMA_CHANGE" {
        return None;
    }
    let change = string()?;
    let target = string()?;
    let keyspace = string()?;
    let name = if target == "KEYSPACE" {
        None
    } else {
        Some(string()?)
    };
    Some(SchemaEvent {
        change,
        target,
        keyspace,
        name,
    })
}

#[cfg(test)]
mod tests {
    use super::{parse_event, put_string, SchemaEvent};

    #[test]
    fn parses_schema_change_events() {
        let mut body = Vec::new();
        for s in ["SCHEMA_CHANGE", "CREATED", "TABLE", "ks", "t"] {
            put_string(&mut body, s);
        }
        assert_eq!(
            parse_event(&body),
            Some(SchemaEvent {
                change: "CREATED".into(),
                target: "TABLE".into(),
                keyspace: "ks".into(),
                name: Some("t".into()),
            })
        );
        let mut body = Vec::new();
        for s in ["SCHEMA_CHANGE", "DROPPED", "KEYSPACE", "ks"] {
            put_string(&mut body, s);
        }
        assert_eq!(
            parse_event(&body).map(|e| e.to_string()).as_deref(),
            Some("DROPPED KEYSPACE ks")
        );
        let mut body = Vec::new();
        for s in ["STATUS_CHANGE", "UP"] {
            put_string(&mut body, s);
        }
        assert_eq!(parse_event(&body), None);
    }
}
