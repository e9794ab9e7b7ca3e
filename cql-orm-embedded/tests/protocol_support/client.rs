//! A tiny raw-socket CQL client for protocol tests: builds request frames by hand and reads
//! response frames, independently of the server's own codec.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub const STARTUP: u8 = 0x01;
pub const OPTIONS: u8 = 0x05;
pub const QUERY: u8 = 0x07;
pub const PREPARE: u8 = 0x09;
pub const EXECUTE: u8 = 0x0A;
pub const REGISTER: u8 = 0x0B;
pub const BATCH: u8 = 0x0D;
pub const AUTH_RESPONSE: u8 = 0x0F;

pub const ERROR: u8 = 0x00;
pub const READY: u8 = 0x02;
pub const AUTHENTICATE: u8 = 0x03;
pub const SUPPORTED: u8 = 0x06;
pub const RESULT: u8 = 0x08;
pub const EVENT: u8 = 0x0C;
pub const AUTH_SUCCESS: u8 = 0x10;

/// A response frame as read off the socket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawFrame {
    pub version: u8,
    pub flags: u8,
    pub stream: i16,
    pub opcode: u8,
    pub body: Vec<u8>,
}

impl RawFrame {
    /// The code and message of an ERROR frame.
    pub fn error(&self) -> (i32, String) {
        assert_eq!(self.opcode, ERROR, "not an ERROR frame: {self:?}");
        let mut b = Body::new(&self.body);
        (b.int(), b.string())
    }
}

/// Reads body notations.
pub struct Body<'a> {
    pub buf: &'a [u8],
}

impl<'a> Body<'a> {
    pub fn new(buf: &'a [u8]) -> Self {
        Body { buf }
    }
    pub fn take(&mut self, n: usize) -> &'a [u8] {
        let (a, b) = self.buf.split_at(n);
        self.buf = b;
        a
    }
    pub fn short(&mut self) -> u16 {
        u16::from_be_bytes(self.take(2).try_into().unwrap())
    }
    pub fn int(&mut self) -> i32 {
        i32::from_be_bytes(self.take(4).try_into().unwrap())
    }
    pub fn string(&mut self) -> String {
        let n = self.short() as usize;
        String::from_utf8(self.take(n).to_vec()).unwrap()
    }
    pub fn string_list(&mut self) -> Vec<String> {
        let n = self.short();
        (0..n).map(|_| self.string()).collect()
    }
    pub fn bytes(&mut self) -> Option<Vec<u8>> {
        let n = self.int();
        (n >= 0).then(|| self.take(n as usize).to_vec())
    }
    pub fn short_bytes(&mut self) -> Vec<u8> {
        let n = self.short() as usize;
        self.take(n).to_vec()
    }
    pub fn string_multimap(&mut self) -> Vec<(String, Vec<String>)> {
        let n = self.short();
        (0..n)
            .map(|_| (self.string(), self.string_list()))
            .collect()
    }
}

pub fn string(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as u16).to_be_bytes());
    out.extend_from_slice(s.as_bytes());
}

pub fn long_string(out: &mut Vec<u8>, s: &[u8]) {
    out.extend_from_slice(&(s.len() as i32).to_be_bytes());
    out.extend_from_slice(s);
}

pub fn string_map(pairs: &[(&str, &str)]) -> Vec<u8> {
    let mut out = (pairs.len() as u16).to_be_bytes().to_vec();
    for (k, v) in pairs {
        string(&mut out, k);
        string(&mut out, v);
    }
    out
}

pub fn string_list(items: &[&str]) -> Vec<u8> {
    let mut out = (items.len() as u16).to_be_bytes().to_vec();
    for s in items {
        string(&mut out, s);
    }
    out
}

/// A QUERY body: the statement, consistency ONE, no flags.
pub fn query_body(cql: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    long_string(&mut out, cql);
    out.extend_from_slice(&[0x00, 0x01, 0x00]);
    out
}

/// A frame with a v4 request header.
pub fn frame(stream: i16, opcode: u8, flags: u8, body: &[u8]) -> Vec<u8> {
    let mut out = vec![0x04, flags];
    out.extend_from_slice(&stream.to_be_bytes());
    out.push(opcode);
    out.extend_from_slice(&(body.len() as u32).to_be_bytes());
    out.extend_from_slice(body);
    out
}

pub struct Client {
    pub stream: TcpStream,
}

const TIMEOUT: Duration = Duration::from_secs(10);

impl Client {
    pub async fn connect(addr: SocketAddr) -> Client {
        let stream = TcpStream::connect(addr).await.expect("connect");
        stream.set_nodelay(true).unwrap();
        Client { stream }
    }

    pub async fn send_raw(&mut self, bytes: &[u8]) {
        self.stream.write_all(bytes).await.expect("write");
    }

    pub async fn send(&mut self, stream: i16, opcode: u8, body: &[u8]) {
        self.send_raw(&frame(stream, opcode, 0, body)).await;
    }

    /// The next frame, or `None` once the server has closed the connection.
    pub async fn recv(&mut self) -> Option<RawFrame> {
        tokio::time::timeout(TIMEOUT, self.recv_inner())
            .await
            .expect("timed out waiting for a frame")
    }

    async fn recv_inner(&mut self) -> Option<RawFrame> {
        let mut first = [0u8; 1];
        if self.stream.read_exact(&mut first).await.is_err() {
            return None;
        }
        let version = first[0] & 0x7f;
        let (flags, stream, opcode, len) = if version >= 3 {
            let mut h = [0u8; 8];
            self.stream.read_exact(&mut h).await.ok()?;
            (
                h[0],
                i16::from_be_bytes([h[1], h[2]]),
                h[3],
                u32::from_be_bytes([h[4], h[5], h[6], h[7]]),
            )
        } else {
            let mut h = [0u8; 7];
            self.stream.read_exact(&mut h).await.ok()?;
            (
                h[0],
                i16::from(h[1] as i8),
                h[2],
                u32::from_be_bytes([h[3], h[4], h[5], h[6]]),
            )
        };
        let mut body = vec![0u8; len as usize];
        self.stream.read_exact(&mut body).await.ok()?;
        Some(RawFrame {
            version: first[0],
            flags,
            stream,
            opcode,
            body,
        })
    }

    /// Sends a request and returns the response on the same stream (events are skipped).
    pub async fn request(&mut self, stream: i16, opcode: u8, body: &[u8]) -> RawFrame {
        self.send(stream, opcode, body).await;
        loop {
            let f = self.recv().await.expect("connection closed");
            if f.stream == stream {
                return f;
            }
        }
    }

    pub async fn startup(&mut self) -> RawFrame {
        self.request(1, STARTUP, &string_map(&[("CQL_VERSION", "3.0.0")]))
            .await
    }

    /// Whether the server has closed the connection (reads EOF within the timeout).
    pub async fn is_closed(&mut self) -> bool {
        let mut buf = [0u8; 256];
        loop {
            match tokio::time::timeout(TIMEOUT, self.stream.read(&mut buf)).await {
                Ok(Ok(0)) | Ok(Err(_)) => return true,
                Ok(Ok(_)) => continue,
                Err(_) => return false,
            }
        }
    }
}

/// Checks that a fresh connection gets READY and that OPTIONS is answered: the node is alive.
pub async fn assert_node_serves(addr: SocketAddr) {
    let mut c = Client::connect(addr).await;
    let ready = c.startup().await;
    assert_eq!(ready.opcode, READY, "{ready:?}");
    assert_eq!(ready.version, 0x84);
    let supported = c.request(2, OPTIONS, &[]).await;
    assert_eq!(supported.opcode, SUPPORTED, "{supported:?}");
}
