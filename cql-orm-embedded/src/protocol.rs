//! Native protocol v4: frames, request and response bodies.
//!
//! This is a small hand-written codec for exactly what the embedded node serves:
//!
//! - [`primitives`]: the body notations (`[int]`, `[string]`, `[value]`, ...), a bounds-checked
//!   [`primitives::Reader`] and the matching [`primitives::Writer`];
//! - [`frame`]: the 9-byte header, the incremental [`frame::FrameDecoder`] (version
//!   negotiation, unknown opcodes, the 256 MiB frame limit) and response frame encoding;
//! - [`request`]: request bodies decoded into the engine's [`QueryParams`](crate::engine::QueryParams)
//!   and [`BatchRequest`](crate::engine::BatchRequest);
//! - [`response`]: ERROR, READY, AUTHENTICATE, SUPPORTED, RESULT, EVENT and AUTH_SUCCESS bodies.
//!
//! Values are never interpreted here: bound values reach the engine as bytes, result cells
//! leave it serialised, and type metadata is written by [`crate::values::encode_type_option`].

pub mod frame;
pub mod primitives;
pub mod request;
pub mod response;

pub use frame::{Decoded, Frame, FrameDecoder, FrameError, Opcode, MAX_FRAME_SIZE};
pub use request::{decode_request, DecodedRequest, EventType, Request};
