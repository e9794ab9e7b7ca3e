//! Request bodies: decoding STARTUP, AUTH_RESPONSE, OPTIONS, QUERY, PREPARE, EXECUTE, BATCH
//! and REGISTER into the engine's request types.

use crate::engine::{BatchQuery, BatchRequest, BoundValue, QueryParams};
use crate::error::{CqlError, CqlResult};
use crate::protocol::frame::{Frame, Opcode, FLAG_CUSTOM_PAYLOAD, FLAG_TRACING};
use crate::protocol::primitives::Reader;

/// The event types a client may REGISTER for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventType {
    /// `TOPOLOGY_CHANGE` (accepted, never fired by a single node).
    TopologyChange,
    /// `STATUS_CHANGE` (accepted, never fired by a single node).
    StatusChange,
    /// `SCHEMA_CHANGE`
    SchemaChange,
}

/// A decoded request message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// STARTUP with its options, in the order sent.
    Startup(Vec<(String, String)>),
    /// AUTH_RESPONSE with its SASL token (`None` for a null token).
    AuthResponse(Option<Vec<u8>>),
    /// OPTIONS
    Options,
    /// QUERY
    Query {
        /// The statement text.
        cql: String,
        /// Its parameters.
        params: QueryParams,
    },
    /// PREPARE
    Prepare {
        /// The statement text.
        cql: String,
    },
    /// EXECUTE
    Execute {
        /// The prepared statement id.
        id: Vec<u8>,
        /// The parameters.
        params: QueryParams,
    },
    /// BATCH
    Batch(BatchRequest),
    /// REGISTER for these event types.
    Register(Vec<EventType>),
}

/// A request frame's decoded content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedRequest {
    /// Whether the client asked for tracing (header flag 0x02).
    pub tracing: bool,
    /// The message.
    pub request: Request,
}

const QP_VALUES: u8 = 0x01;
const QP_SKIP_METADATA: u8 = 0x02;
const QP_PAGE_SIZE: u8 = 0x04;
const QP_PAGING_STATE: u8 = 0x08;
const QP_SERIAL_CONSISTENCY: u8 = 0x10;
const QP_TIMESTAMP: u8 = 0x20;
const QP_NAMES: u8 = 0x40;

/// Decodes the body of a request frame. Trailing bytes after a complete message are ignored,
/// as Cassandra ignores them.
pub fn decode_request(frame: &Frame) -> CqlResult<DecodedRequest> {
    let mut r = Reader::new(&frame.body);
    if frame.flags & FLAG_CUSTOM_PAYLOAD != 0 {
        // Custom payloads are accepted and ignored (no query handler uses them).
        r.bytes_map()?;
    }
    let request = decode_body(frame.opcode, &mut r)?;
    Ok(DecodedRequest {
        tracing: frame.flags & FLAG_TRACING != 0,
        request,
    })
}

/// Decodes a message body of type `opcode`.
pub fn decode_body(opcode: Opcode, r: &mut Reader<'_>) -> CqlResult<Request> {
    Ok(match opcode {
        Opcode::Startup => Request::Startup(r.string_map()?),
        Opcode::AuthResponse => Request::AuthResponse(r.bytes()?.map(<[u8]>::to_vec)),
        Opcode::Options => Request::Options,
        Opcode::Query => {
            let cql = r.long_string()?;
            let params = query_params(r)?;
            Request::Query { cql, params }
        }
        Opcode::Prepare => Request::Prepare {
            cql: r.long_string()?,
        },
        Opcode::Execute => {
            let id = r.short_bytes()?.to_vec();
            let params = query_params(r)?;
            Request::Execute { id, params }
        }
        Opcode::Batch => Request::Batch(batch(r)?),
        Opcode::Register => Request::Register(
            r.string_list()?
                .into_iter()
                .map(|t| event_type(&t))
                .collect::<CqlResult<_>>()?,
        ),
        other => {
            return Err(CqlError::protocol(format!(
                "Unexpected message {}",
                other.name()
            )))
        }
    })
}

fn event_type(name: &str) -> CqlResult<EventType> {
    match name {
        "TOPOLOGY_CHANGE" => Ok(EventType::TopologyChange),
        "STATUS_CHANGE" => Ok(EventType::StatusChange),
        "SCHEMA_CHANGE" => Ok(EventType::SchemaChange),
        // Cassandra decodes the name with Enum.valueOf and reports the Java exception.
        other => Err(CqlError::server(format!(
            "java.lang.IllegalArgumentException: No enum constant org.apache.cassandra.transport.Event.Type.{other}"
        ))),
    }
}

fn values(r: &mut Reader<'_>, with_names: bool) -> CqlResult<(Vec<BoundValue>, Vec<String>)> {
    let n = r.short()?;
    let mut values = Vec::with_capacity(usize::from(n).min(r.remaining() / 4 + 1));
    let mut names = Vec::new();
    for _ in 0..n {
        if with_names {
            names.push(r.string()?);
        }
        values.push(r.value()?);
    }
    Ok((values, names))
}

/// `<query_parameters>` of QUERY and EXECUTE.
pub fn query_params(r: &mut Reader<'_>) -> CqlResult<QueryParams> {
    let consistency = r.consistency()?;
    let flags = r.byte()?;
    let mut params = QueryParams {
        consistency,
        skip_metadata: flags & QP_SKIP_METADATA != 0,
        ..QueryParams::default()
    };
    if flags & QP_VALUES != 0 {
        let (values, names) = values(r, flags & QP_NAMES != 0)?;
        params.values = values;
        if flags & QP_NAMES != 0 {
            params.names = Some(names);
        }
    }
    if flags & QP_PAGE_SIZE != 0 {
        params.page_size = Some(r.int()?);
    }
    if flags & QP_PAGING_STATE != 0 {
        params.paging_state = r.bytes()?.map(<[u8]>::to_vec);
    }
    if flags & QP_SERIAL_CONSISTENCY != 0 {
        params.serial_consistency = Some(r.consistency()?);
    }
    if flags & QP_TIMESTAMP != 0 {
        params.timestamp = Some(timestamp(r)?);
    }
    Ok(params)
}

fn timestamp(r: &mut Reader<'_>) -> CqlResult<i64> {
    let ts = r.long()?;
    if ts == i64::MIN {
        return Err(CqlError::protocol(format!(
            "Out of bound timestamp, must be in [{}, {}] (got {ts})",
            i64::MIN + 1,
            i64::MAX
        )));
    }
    Ok(ts)
}

fn batch(r: &mut Reader<'_>) -> CqlResult<BatchRequest> {
    let kind = r.byte()?;
    if kind > 2 {
        return Err(CqlError::protocol(format!(
            "Invalid BATCH message type {kind}"
        )));
    }
    let n = r.short()?;
    let mut queries = Vec::with_capacity(usize::from(n).min(r.remaining() / 3 + 1));
    for _ in 0..n {
        let query_kind = r.byte()?;
        let query = match query_kind {
            0 => {
                let cql = r.long_string()?;
                let (values, _) = values(r, false)?;
                BatchQuery::Query { cql, values }
            }
            1 => {
                let id = r.short_bytes()?.to_vec();
                let (values, _) = values(r, false)?;
                BatchQuery::Prepared { id, values }
            }
            other => {
                return Err(CqlError::protocol(format!(
                    "Invalid query kind in BATCH messages. Must be 0 or 1 but got {other}"
                )))
            }
        };
        queries.push(query);
    }
    let consistency = r.consistency()?;
    let flags = r.byte()?;
    if flags & QP_NAMES != 0 {
        return Err(CqlError::protocol(
            "Alternative syntax for named values is not supported in batches",
        ));
    }
    let serial_consistency = if flags & QP_SERIAL_CONSISTENCY != 0 {
        Some(r.consistency()?)
    } else {
        None
    };
    let timestamp = if flags & QP_TIMESTAMP != 0 {
        Some(timestamp(r)?)
    } else {
        None
    };
    Ok(BatchRequest {
        kind,
        queries,
        consistency,
        serial_consistency,
        timestamp,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Consistency;
    use crate::protocol::primitives::Writer;
    use bytes::Bytes;

    fn frame(opcode: Opcode, flags: u8, body: Vec<u8>) -> Frame {
        Frame {
            flags,
            stream: 1,
            opcode,
            body: Bytes::from(body),
        }
    }

    #[test]
    fn decodes_a_query_with_every_parameter() {
        let mut b = Vec::new();
        b.put_long_string("SELECT * FROM ks.t WHERE k = ?");
        b.put_consistency(Consistency::Quorum);
        b.put_byte(0x7f);
        b.put_short(2);
        b.put_string("k");
        b.put_bytes(Some(&[0, 0, 0, 1]));
        b.put_string("v");
        b.put_int(-2);
        b.put_int(100);
        b.put_bytes(Some(b"state"));
        b.put_consistency(Consistency::LocalSerial);
        b.put_long(1_234);
        let d = decode_request(&frame(Opcode::Query, FLAG_TRACING, b)).unwrap();
        assert!(d.tracing);
        let Request::Query { cql, params } = d.request else {
            panic!("not a query")
        };
        assert_eq!(cql, "SELECT * FROM ks.t WHERE k = ?");
        assert_eq!(
            params,
            QueryParams {
                consistency: Consistency::Quorum,
                values: vec![BoundValue::Bytes(vec![0, 0, 0, 1]), BoundValue::Unset],
                names: Some(vec!["k".into(), "v".into()]),
                skip_metadata: true,
                page_size: Some(100),
                paging_state: Some(b"state".to_vec()),
                serial_consistency: Some(Consistency::LocalSerial),
                timestamp: Some(1_234),
            }
        );
    }

    #[test]
    fn decodes_a_batch_and_skips_a_custom_payload() {
        let mut b = Vec::new();
        b.put_short(1);
        b.put_string("key");
        b.put_bytes(Some(b"v"));
        b.put_byte(1);
        b.put_short(2);
        b.put_byte(0);
        b.put_long_string("INSERT INTO t (k) VALUES (?)");
        b.put_short(1);
        b.put_bytes(None);
        b.put_byte(1);
        b.put_short_bytes(&[0xab, 0xcd]);
        b.put_short(0);
        b.put_consistency(Consistency::One);
        b.put_byte(0x20);
        b.put_long(7);
        let d = decode_request(&frame(Opcode::Batch, FLAG_CUSTOM_PAYLOAD, b)).unwrap();
        assert_eq!(
            d.request,
            Request::Batch(BatchRequest {
                kind: 1,
                queries: vec![
                    BatchQuery::Query {
                        cql: "INSERT INTO t (k) VALUES (?)".into(),
                        values: vec![BoundValue::Null],
                    },
                    BatchQuery::Prepared {
                        id: vec![0xab, 0xcd],
                        values: vec![],
                    },
                ],
                consistency: Consistency::One,
                serial_consistency: None,
                timestamp: Some(7),
            })
        );
    }

    #[test]
    fn refuses_bad_batches_and_event_types() {
        let err = decode_request(&frame(Opcode::Batch, 0, vec![3])).unwrap_err();
        assert_eq!(err.message, "Invalid BATCH message type 3");
        let mut b = Vec::new();
        b.put_string_list(&["SCHEMA_CHANGE", "NOPE"]);
        let err = decode_request(&frame(Opcode::Register, 0, b)).unwrap_err();
        assert_eq!(err.code, crate::ErrorCode::ServerError);
        let err = decode_request(&frame(Opcode::Query, 0, vec![0, 0, 0, 1])).unwrap_err();
        assert_eq!(err.code, crate::ErrorCode::ProtocolError);
    }
}
