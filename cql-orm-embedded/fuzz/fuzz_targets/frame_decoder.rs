//! Arbitrary bytes through the frame decoder, in chunks of varying size, and every decoded
//! frame through the request decoder: nothing may panic, and the decoder must keep making
//! progress or ask for more bytes.
#![no_main]

use bytes::BytesMut;
use cql_orm_embedded::protocol::frame::{Decoded, FrameDecoder};
use cql_orm_embedded::protocol::request::decode_request;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the chunk size, so split frames are exercised too.
    let Some((&chunk, data)) = data.split_first() else {
        return;
    };
    let chunk = usize::from(chunk).max(1);
    let mut decoder = FrameDecoder::default();
    let mut buf = BytesMut::new();
    for piece in data.chunks(chunk) {
        buf.extend_from_slice(piece);
        loop {
            match decoder.decode(&mut buf) {
                Decoded::NeedMore => break,
                Decoded::Frame(frame) => {
                    let _ = decode_request(&frame);
                }
                Decoded::Error(err) => {
                    if err.fatal {
                        return;
                    }
                }
            }
        }
    }
});
