//! One connection's protocol state: the STARTUP / AUTHENTICATE / READY stages, REGISTER'ed
//! events, the `USE`d keyspace, and the dispatch of statements to the engine.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use parking_lot::Mutex;
use tokio::sync::{broadcast, mpsc, OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinHandle;
use uuid::Uuid;

use crate::engine::{ConnectionState, Engine, Prepared, Response};
use crate::error::{CqlError, CqlResult};
use crate::protocol::frame::{self, encode_response, Frame, FrameError, Opcode};
use crate::protocol::request::{decode_request, EventType, Request};
use crate::protocol::response;
use crate::server::auth::{authenticate, PASSWORD_AUTHENTICATOR};
use crate::server::{Shared, MAX_IN_FLIGHT_PER_CONNECTION};

/// The CQL version this node reports (Cassandra 4.0's).
pub(crate) const CQL_VERSION: &str = "3.4.5";

/// What the reader hands the writer.
#[derive(Debug)]
pub(crate) enum Outgoing {
    /// An encoded frame, with the in-flight slot it holds until it is written (so a client
    /// that does not read its responses stops being read rather than filling memory).
    Frame(Vec<u8>, Option<OwnedSemaphorePermit>),
    /// Flush and close the connection.
    Close,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// Waiting for STARTUP.
    Established,
    /// AUTHENTICATE sent, waiting for a successful AUTH_RESPONSE.
    Authenticating,
    /// Serving requests.
    Ready,
}

/// The state of one client connection.
pub(crate) struct Session {
    shared: Arc<Shared>,
    tx: mpsc::UnboundedSender<Outgoing>,
    stage: Stage,
    conn: Arc<Mutex<ConnectionState>>,
    in_flight: Arc<Semaphore>,
    events: Option<JoinHandle<()>>,
    pending: Vec<Statement>,
    /// The in-flight slot of the request being handled.
    slot: Option<OwnedSemaphorePermit>,
}

/// A statement waiting for [`Session::run_pending`].
struct Statement {
    stream: i16,
    tracing: bool,
    request: Request,
    permit: OwnedSemaphorePermit,
}

impl Session {
    pub(crate) fn new(shared: Arc<Shared>, tx: mpsc::UnboundedSender<Outgoing>) -> Self {
        Session {
            shared,
            tx,
            stage: Stage::Established,
            conn: Arc::new(Mutex::new(ConnectionState::default())),
            in_flight: Arc::new(Semaphore::new(MAX_IN_FLIGHT_PER_CONNECTION)),
            events: None,
            pending: Vec::new(),
            slot: None,
        }
    }

    fn send(&mut self, frame: Vec<u8>) {
        // A failed send means the writer is gone: the connection is closing anyway.
        let _ = self.tx.send(Outgoing::Frame(frame, self.slot.take()));
    }

    /// Takes an in-flight slot for the next request, waiting (after starting the statements
    /// collected so far) when all are taken.
    async fn take_slot(&mut self) -> bool {
        let permit = match Arc::clone(&self.in_flight).try_acquire_owned() {
            Ok(permit) => permit,
            Err(_) => {
                self.run_pending();
                match Arc::clone(&self.in_flight).acquire_owned().await {
                    Ok(permit) => permit,
                    Err(_) => return false,
                }
            }
        };
        self.slot = Some(permit);
        true
    }

    fn send_body(&mut self, stream: i16, opcode: Opcode, body: &[u8]) {
        self.send(encode_response(
            frame::VERSION,
            stream,
            opcode,
            None,
            &[],
            body,
        ));
    }

    fn send_error(&mut self, stream: i16, err: &CqlError) {
        self.send(error_frame(frame::VERSION, stream, err));
    }

    /// Answers a framing error; returns whether the connection must close.
    pub(crate) async fn frame_error(&mut self, err: &FrameError) -> bool {
        self.take_slot().await;
        tracing::debug!(error = %err.error, fatal = err.fatal, "protocol error");
        self.send(error_frame(err.version, err.stream, &err.error));
        if err.fatal {
            let _ = self.tx.send(Outgoing::Close);
        }
        err.fatal
    }

    /// Handles one request frame. Returns once the request is answered or, for statements,
    /// handed to its own task.
    pub(crate) async fn handle(&mut self, frame: Frame) {
        if !self.take_slot().await {
            return;
        }
        let stream = frame.stream;
        if let Err(e) = self.check_stage(frame.opcode) {
            self.send_error(stream, &e);
            return;
        }
        let decoded = match decode_request(&frame) {
            Ok(d) => d,
            Err(e) => {
                self.send_error(stream, &e);
                return;
            }
        };
        match decoded.request {
            Request::Options => {
                let body = response::supported_body(&[
                    ("COMPRESSION", vec![]),
                    ("CQL_VERSION", vec![CQL_VERSION]),
                    ("PROTOCOL_VERSIONS", frame::SUPPORTED_VERSIONS.to_vec()),
                ]);
                self.send_body(stream, Opcode::Supported, &body);
            }
            Request::Startup(options) => match self.startup(&options) {
                Ok((opcode, body)) => self.send_body(stream, opcode, &body),
                Err(e) => self.send_error(stream, &e),
            },
            Request::AuthResponse(token) => match self.auth_response(token.as_deref()) {
                Ok(()) => {
                    self.send_body(stream, Opcode::AuthSuccess, &response::auth_success_body())
                }
                Err(e) => self.send_error(stream, &e),
            },
            Request::Register(types) => {
                if types.contains(&EventType::SchemaChange) && self.events.is_none() {
                    self.events = Some(forward_events(
                        self.shared.engine.subscribe(),
                        self.tx.clone(),
                    ));
                }
                self.send_body(stream, Opcode::Ready, &[]);
            }
            request => {
                let Some(permit) = self.slot.take() else {
                    return;
                };
                self.pending.push(Statement {
                    stream,
                    tracing: decoded.tracing,
                    request,
                    permit,
                });
            }
        }
    }

    /// Starts the statements collected since the last call. They run in one task, one after
    /// the other, each answered as soon as it completes; statements of different reads run
    /// concurrently. Grouping the frames that arrived together spares a task per request,
    /// which on a loaded connection roughly doubles throughput.
    pub(crate) fn run_pending(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let batch = std::mem::take(&mut self.pending);
        let engine = Arc::clone(&self.shared.engine);
        let conn = Arc::clone(&self.conn);
        let tx = self.tx.clone();
        tokio::spawn(async move {
            for statement in batch {
                let frame = run_statement(
                    &engine,
                    &conn,
                    statement.stream,
                    statement.tracing,
                    statement.request,
                );
                if tx
                    .send(Outgoing::Frame(frame, Some(statement.permit)))
                    .is_err()
                {
                    return;
                }
            }
        });
    }

    /// Cassandra's `ServerConnection.validateNewMessage`.
    fn check_stage(&self, opcode: Opcode) -> CqlResult<()> {
        let name = opcode.name();
        match self.stage {
            Stage::Established if !matches!(opcode, Opcode::Startup | Opcode::Options) => {
                Err(CqlError::protocol(format!(
                    "Unexpected message {name}, expecting STARTUP or OPTIONS"
                )))
            }
            Stage::Authenticating if opcode != Opcode::AuthResponse => Err(CqlError::protocol(
                format!("Unexpected message {name}, expecting SASL_RESPONSE"),
            )),
            Stage::Ready if opcode == Opcode::Startup => Err(CqlError::protocol(
                "Unexpected message STARTUP, the connection is already initialized",
            )),
            _ => Ok(()),
        }
    }

    /// Cassandra's `StartupMessage.execute`.
    fn startup(&mut self, options: &[(String, String)]) -> CqlResult<(Opcode, Vec<u8>)> {
        let get = |key: &str| {
            options
                .iter()
                .rev()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
        };
        let Some(cql_version) = get("CQL_VERSION") else {
            return Err(CqlError::protocol(
                "Missing value CQL_VERSION in STARTUP message",
            ));
        };
        check_cql_version(cql_version)?;
        if let Some(compression) = get("COMPRESSION") {
            let compression = compression.to_lowercase();
            return Err(CqlError::protocol(match compression.as_str() {
                "snappy" => "This instance does not support Snappy compression".to_string(),
                "lz4" => "This instance does not support LZ4 compression".to_string(),
                other => format!("Unknown compression algorithm: {other}"),
            }));
        }
        if self.shared.credentials.is_some() {
            self.stage = Stage::Authenticating;
            Ok((
                Opcode::Authenticate,
                response::authenticate_body(PASSWORD_AUTHENTICATOR),
            ))
        } else {
            self.stage = Stage::Ready;
            Ok((Opcode::Ready, Vec::new()))
        }
    }

    fn auth_response(&mut self, token: Option<&[u8]>) -> CqlResult<()> {
        let Some(expected) = &self.shared.credentials else {
            // AllowAllAuthenticator has no SASL negotiator.
            return Err(CqlError::server("java.lang.UnsupportedOperationException"));
        };
        authenticate(token.unwrap_or_default(), expected)?;
        self.stage = Stage::Ready;
        Ok(())
    }

    /// Stops pushing events; called when the connection ends.
    pub(crate) fn close(&mut self) {
        if let Some(task) = self.events.take() {
            task.abort();
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        self.close();
    }
}

/// Checks a STARTUP `CQL_VERSION` as Cassandra's `CassandraVersion` parser and version floor do.
fn check_cql_version(version: &str) -> CqlResult<()> {
    let invalid = || CqlError::protocol(format!("Invalid version value: {version}"));
    let core = version
        .split(['-', '+'])
        .next()
        .filter(|c| !c.is_empty())
        .ok_or_else(invalid)?;
    let parts: Vec<&str> = core.split('.').collect();
    if !(2..=3).contains(&parts.len()) {
        return Err(invalid());
    }
    let mut nums = [0u64; 3];
    for (i, p) in parts.iter().enumerate() {
        if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        nums[i] = p.parse().map_err(|_| invalid())?;
    }
    if (nums[0], nums[1], nums[2]) < (2, 99, 0) {
        return Err(CqlError::protocol(format!(
            "CQL version {version} is not supported by the binary protocol (supported version are >= 3.0.0)"
        )));
    }
    Ok(())
}

fn error_frame(version: u8, stream: i16, err: &CqlError) -> Vec<u8> {
    encode_response(
        version,
        stream,
        Opcode::Error,
        None,
        &[],
        &response::error_body(err),
    )
}

/// Pushes every schema change to the connection as an EVENT on stream -1.
fn forward_events(
    mut changes: broadcast::Receiver<crate::engine::SchemaChange>,
    tx: mpsc::UnboundedSender<Outgoing>,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            match changes.recv().await {
                Ok(change) => {
                    let body = response::schema_change_event_body(&change);
                    let frame =
                        encode_response(frame::VERSION, -1, Opcode::Event, None, &[], &body);
                    if tx.send(Outgoing::Frame(frame, None)).is_err() {
                        return;
                    }
                }
                Err(broadcast::error::RecvError::Lagged(n)) => {
                    tracing::warn!(missed = n, "schema change events dropped for a slow client");
                }
                Err(broadcast::error::RecvError::Closed) => return,
            }
        }
    })
}

/// What a statement produced, ready to encode.
enum Answer {
    Result(Response, bool),
    Prepared(Prepared),
}

/// Runs a QUERY, PREPARE, EXECUTE or BATCH on the engine and encodes the response frame.
fn run_statement(
    engine: &Engine,
    conn: &Mutex<ConnectionState>,
    stream: i16,
    tracing: bool,
    request: Request,
) -> Vec<u8> {
    let before = conn.lock().clone();
    let mut state = before.clone();
    let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| match &request {
        Request::Query { cql, params } => engine
            .query(&mut state, cql, params)
            .map(|r| Answer::Result(r, params.skip_metadata)),
        Request::Execute { id, params } => engine
            .execute(&mut state, id, params)
            .map(|r| Answer::Result(r, params.skip_metadata)),
        Request::Batch(batch) => engine
            .batch(&mut state, batch)
            .map(|r| Answer::Result(r, false)),
        Request::Prepare { cql } => engine.prepare(&state, cql).map(Answer::Prepared),
        _ => Err(CqlError::server("unexpected request")),
    }));
    let outcome = outcome.unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        tracing::error!(panic = %what, "statement execution panicked");
        Err(CqlError::server(format!(
            "java.lang.RuntimeException: {what}"
        )))
    });
    if state != before {
        *conn.lock() = state;
    }
    let tracing_id = tracing.then(tracing_session_id);
    match outcome {
        Ok(Answer::Result(r, skip)) => encode_response(
            frame::VERSION,
            stream,
            Opcode::Result,
            tracing_id.as_ref(),
            &r.warnings,
            &response::result_body(&r.outcome, skip),
        ),
        Ok(Answer::Prepared(p)) => encode_response(
            frame::VERSION,
            stream,
            Opcode::Result,
            tracing_id.as_ref(),
            &[],
            &response::prepared_body(&p),
        ),
        Err(e) => error_frame(frame::VERSION, stream, &e),
    }
}

/// A time-based id for a tracing session, as Cassandra makes them.
fn tracing_session_id() -> Uuid {
    Uuid::now_v1(&[0x02, 0x00, 0x7f, 0x00, 0x00, 0x01])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cql_versions() {
        assert!(check_cql_version("3.4.5").is_ok());
        assert!(check_cql_version("4.0.0").is_ok());
        assert!(check_cql_version("3.0").is_ok());
        assert!(check_cql_version("3.4.5-SNAPSHOT").is_ok());
        assert_eq!(
            check_cql_version("2.0.0").unwrap_err().message,
            "CQL version 2.0.0 is not supported by the binary protocol (supported version are >= 3.0.0)"
        );
        assert_eq!(
            check_cql_version("three").unwrap_err().message,
            "Invalid version value: three"
        );
    }
}
