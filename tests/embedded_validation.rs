//! Values are validated as Cassandra validates them: invalid UTF-8 and ascii bytes, wrong
//! sizes, integer overflow of literals, empty and oversized partition keys, empty values
//! and timeuuid versions.

#[path = "embedded_support.rs"]
mod support;

use scylla::frame::response::result::ColumnType;
use scylla::serialize::value::SerializeValue;
use scylla::serialize::writers::{CellWriter, WrittenCellProof};
use scylla::serialize::SerializationError;
use support::{Db, INVALID};

/// Bytes bound as they are, whatever the receiver's type (what a faulty client might send).
struct Raw(&'static [u8]);

impl SerializeValue for Raw {
    fn serialize<'b>(
        &self,
        _typ: &ColumnType<'_>,
        writer: CellWriter<'b>,
    ) -> Result<WrittenCellProof<'b>, SerializationError> {
        writer.set_value(self.0).map_err(SerializationError::new)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bound_bytes_are_validated_by_type() {
    let db = Db::new("val_bytes").await;
    db.ok("CREATE TABLE t (k int PRIMARY KEY, t text, a ascii, i int, b bigint, tu timeuuid, d double)")
        .await;
    for (column, bytes, message) in [
        ("t", &b"\xff\xfe"[..], "String didn't validate."),
        ("t", &b"ok \xc3\x28"[..], "String didn't validate."),
        ("a", &b"caf\xc3\xa9"[..], "Invalid byte for ascii: -61"),
        ("i", &b"\x00\x00\x01"[..], "Expected 4 or 0 byte int (3)"),
        (
            "b",
            &b"\x00\x00\x00\x00\x01"[..],
            "Expected 8 or 0 byte long (5)",
        ),
        (
            "d",
            &b"\x00\x01"[..],
            "Expected 8 or 0 byte value for a double (2)",
        ),
    ] {
        let e = db
            .execute(
                &format!("INSERT INTO t (k, {column}) VALUES (?, ?)"),
                (1, Raw(bytes)),
            )
            .await
            .unwrap_err();
        assert_eq!(
            (e.code, e.message.as_str()),
            (INVALID, message),
            "{column} {bytes:?}"
        );
    }
    // A version 4 UUID is no timeuuid.
    let v4 = uuid::Uuid::parse_str("6ba7b810-9dad-41d1-80b4-00c04fd430c8").unwrap();
    let e = db
        .execute(
            "INSERT INTO t (k, tu) VALUES (?, ?)",
            (1, scylla::value::CqlTimeuuid::from(v4)),
        )
        .await
        .unwrap_err();
    assert_eq!(
        (e.code, e.message.as_str()),
        (INVALID, "Invalid version for TimeUUID type.")
    );
    assert_eq!(
        db.err("INSERT INTO t (k, tu) VALUES (1, 6ba7b810-9dad-41d1-80b4-00c04fd430c8)")
            .await,
        (INVALID, "TimeUUID supports only version 1 UUIDs".into())
    );
    // Nothing was written by the refused statements.
    assert_eq!(db.rows("SELECT * FROM t").await, Vec::<String>::new());
    // Valid UTF-8 of every width is kept as sent.
    db.execute("INSERT INTO t (k, t) VALUES (?, ?)", (2, "aé€😀"))
        .await
        .unwrap();
    assert_eq!(db.rows("SELECT t FROM t WHERE k = 2").await, ["'aé€😀'"]);
    db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn literals_are_checked_against_their_type() {
    let db = Db::new("val_literals").await;
    db.ok("CREATE TABLE t (k int PRIMARY KEY, ti tinyint, si smallint, i int, bi bigint, vi varint, a ascii, u uuid, bo boolean)")
        .await;
    db.refuses(
        INVALID,
        &[
        ("INSERT INTO t (k, ti) VALUES (1, 128)", "Unable to make byte from '128'"),
        ("INSERT INTO t (k, ti) VALUES (1, -129)", "Unable to make byte from '-129'"),
        ("INSERT INTO t (k, si) VALUES (1, 32768)", "Unable to make short from '32768'"),
        ("INSERT INTO t (k, i) VALUES (1, 2147483648)", "Unable to make int from '2147483648'"),
        (
            "INSERT INTO t (k, bi) VALUES (1, 9223372036854775808)",
            "Unable to make long from '9223372036854775808'",
        ),
        ("INSERT INTO t (k, i) VALUES (1, 1.5)", "Invalid FLOAT constant (1.5) for \"i\" of type int"),
        ("INSERT INTO t (k, i) VALUES (1, '1')", "Invalid STRING constant (1) for \"i\" of type int"),
        ("INSERT INTO t (k, bo) VALUES (1, 1)", "Invalid INTEGER constant (1) for \"bo\" of type boolean"),
        ("INSERT INTO t (k, u) VALUES (1, 'abc')", "Invalid STRING constant (abc) for \"u\" of type uuid"),
        (
            "INSERT INTO t (k, a) VALUES (1, 'é')",
            "Invalid ASCII character in string literal: java.nio.charset.UnmappableCharacterException: Input length = 1",
        ),
        ("INSERT INTO t (k, i) VALUES (null, 1)", "Invalid null value in condition for column k"),
        ],
    )
    .await;
    // The extremes themselves are fine, and varint has no bound.
    db.ok("INSERT INTO t (k, ti, si, i, bi, vi) VALUES (1, -128, 32767, -2147483648, 9223372036854775807, -99999999999999999999999999999999)")
        .await;
    assert_eq!(
        db.rows("SELECT ti, si, i, bi, vi FROM t WHERE k = 1").await,
        ["-128 | 32767 | -2147483648 | 9223372036854775807 | -99999999999999999999999999999999"]
    );
    db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn partition_keys_may_not_be_empty_or_too_long() {
    let db = Db::new("val_keys").await;
    db.ok("CREATE TABLE t (k text PRIMARY KEY, v int)").await;
    db.ok("CREATE TABLE b (k blob, c text, v int, PRIMARY KEY (k, c))")
        .await;
    for cql in [
        "INSERT INTO t (k, v) VALUES ('', 1)",
        "UPDATE t SET v = 1 WHERE k = ''",
        "DELETE FROM t WHERE k = ''",
        "INSERT INTO b (k, c, v) VALUES (0x, 'x', 1)",
    ] {
        assert_eq!(
            db.err(cql).await,
            (INVALID, "Key may not be empty".into()),
            "{cql}"
        );
    }
    let e = db
        .execute("INSERT INTO t (k, v) VALUES (?, ?)", ("", 1))
        .await
        .unwrap_err();
    assert_eq!(
        (e.code, e.message.as_str()),
        (INVALID, "Key may not be empty")
    );
    // Reading an empty key finds nothing; empty clustering values are fine.
    assert_eq!(
        db.rows("SELECT * FROM t WHERE k = ''").await,
        Vec::<String>::new()
    );
    db.ok("INSERT INTO b (k, c, v) VALUES (0x01, '', 1)").await;
    assert_eq!(db.rows("SELECT c, v FROM b").await, ["'' | 1"]);

    let long = "x".repeat(65_536);
    let e = db
        .execute("INSERT INTO t (k, v) VALUES (?, ?)", (long.as_str(), 1))
        .await
        .unwrap_err();
    assert_eq!(
        (e.code, e.message.as_str()),
        (
            INVALID,
            "Key length of 65536 is longer than maximum of 65535"
        )
    );
    db.execute("INSERT INTO t (k, v) VALUES (?, ?)", (&long[1..], 2))
        .await
        .unwrap();
    db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn empty_values_are_values() {
    let db = Db::new("val_empty").await;
    db.ok("CREATE TABLE t (k int PRIMARY KEY, i int, d double, ts timestamp, t text)")
        .await;
    db.ok("INSERT INTO t (k, i, d, ts, t) VALUES (1, blobAsInt(0x), blobAsDouble(0x), blobAsTimestamp(0x), '')")
        .await;
    assert_eq!(
        db.rows("SELECT i, d, ts, t FROM t WHERE k = 1").await,
        ["<empty> | <empty> | <empty> | ''"]
    );
    db.execute("INSERT INTO t (k, i) VALUES (?, ?)", (2, Raw(b"")))
        .await
        .unwrap();
    assert_eq!(db.rows("SELECT i FROM t WHERE k = 2").await, ["<empty>"]);
    // An empty value is not null: the row exists and the cell has a write time.
    let wt = db.rows("SELECT WRITETIME(i) FROM t WHERE k = 2").await;
    assert_ne!(wt, ["null"]);
    db.drop().await;
}
