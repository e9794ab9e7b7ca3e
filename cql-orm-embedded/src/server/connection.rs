//! One client connection: a reader loop that decodes frames and dispatches them, and a
//! writer task that writes responses as they complete.

use std::sync::Arc;

use bytes::BytesMut;
use tokio::io::{AsyncReadExt, AsyncWriteExt, BufWriter};
use tokio::net::tcp::OwnedWriteHalf;
use tokio::net::TcpStream;
use tokio::sync::{mpsc, watch};

use crate::protocol::frame::{Decoded, FrameDecoder};
use crate::server::session::{Outgoing, Session};
use crate::server::{stopping, Shared};

const READ_CHUNK: usize = 64 * 1024;

/// Serves one connection until the client closes it, a fatal protocol error occurs or the
/// server stops.
pub(crate) async fn serve(
    stream: TcpStream,
    shared: Arc<Shared>,
    mut stopped: watch::Receiver<bool>,
) {
    let peer = stream.peer_addr().ok();
    let (mut reader, writer) = stream.into_split();
    let (tx, rx) = mpsc::unbounded_channel();
    let mut writer = tokio::spawn(write_loop(writer, rx));
    let mut session = Session::new(shared, tx);
    let mut decoder = FrameDecoder::default();
    let mut buf = BytesMut::with_capacity(READ_CHUNK);

    loop {
        let fatal = tokio::select! {
            _ = stopping(&mut stopped) => true,
            fatal = process(&mut decoder, &mut buf, &mut session) => fatal,
        };
        if fatal {
            break;
        }
        if buf.capacity() - buf.len() < READ_CHUNK / 4 {
            buf.reserve(READ_CHUNK);
        }
        tokio::select! {
            _ = stopping(&mut stopped) => break,
            read = reader.read_buf(&mut buf) => match read {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) => {
                    tracing::debug!(?peer, error = %e, "read failed");
                    break;
                }
            },
        }
    }
    // Dropping the session drops its sender (and stops event pushing): the writer ends once
    // the statements still running have answered.
    session.close();
    drop(session);
    tokio::select! {
        _ = &mut writer => {}
        _ = stopping(&mut stopped) => writer.abort(),
    }
    tracing::debug!(?peer, "connection closed");
}

/// Handles every complete frame in `buf`, then starts the statements among them. Returns
/// whether the connection must close.
async fn process(decoder: &mut FrameDecoder, buf: &mut BytesMut, session: &mut Session) -> bool {
    let mut fatal = false;
    loop {
        match decoder.decode(buf) {
            Decoded::NeedMore => break,
            Decoded::Frame(frame) => session.handle(frame).await,
            Decoded::Error(err) => {
                if session.frame_error(&err).await {
                    fatal = true;
                    break;
                }
            }
        }
    }
    session.run_pending();
    fatal
}

async fn write_loop(writer: OwnedWriteHalf, mut rx: mpsc::UnboundedReceiver<Outgoing>) {
    let mut out = BufWriter::with_capacity(READ_CHUNK, writer);
    while let Some(first) = rx.recv().await {
        let mut next = Some(first);
        let mut close = false;
        // Write everything already queued, then flush once.
        while let Some(msg) = next.take() {
            match msg {
                Outgoing::Frame(bytes, slot) => {
                    if out.write_all(&bytes).await.is_err() {
                        return;
                    }
                    drop(slot);
                }
                Outgoing::Close => {
                    close = true;
                    break;
                }
            }
            next = rx.try_recv().ok();
        }
        if out.flush().await.is_err() {
            return;
        }
        if close {
            let _ = out.shutdown().await;
            return;
        }
    }
}
