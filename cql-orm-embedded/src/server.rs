//! The TCP server: accepts connections on loopback and serves native protocol v4 requests.
