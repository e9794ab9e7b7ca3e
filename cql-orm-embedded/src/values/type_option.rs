//! Types as protocol v4 `[option]`s.

use crate::types::{CqlType, NativeType};

/// The v4 option id of a native type; `None` for `duration` (sent as a custom type).
fn native_id(t: NativeType) -> Option<u16> {
    Some(match t {
        NativeType::Ascii => 0x0001,
        NativeType::BigInt => 0x0002,
        NativeType::Blob => 0x0003,
        NativeType::Boolean => 0x0004,
        NativeType::Counter => 0x0005,
        NativeType::Decimal => 0x0006,
        NativeType::Double => 0x0007,
        NativeType::Float => 0x0008,
        NativeType::Int => 0x0009,
        NativeType::Timestamp => 0x000B,
        NativeType::Uuid => 0x000C,
        NativeType::Text => 0x000D,
        NativeType::Varint => 0x000E,
        NativeType::TimeUuid => 0x000F,
        NativeType::Inet => 0x0010,
        NativeType::Date => 0x0011,
        NativeType::Time => 0x0012,
        NativeType::SmallInt => 0x0013,
        NativeType::TinyInt => 0x0014,
        NativeType::Duration => return None,
    })
}

/// The Java class Cassandra names for `duration` in protocol v4 metadata.
pub const DURATION_CLASS: &str = "org.apache.cassandra.db.marshal.DurationType";

fn put_short(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_be_bytes());
}

fn put_string(out: &mut Vec<u8>, s: &str) {
    // [string]: a [short] length then UTF-8 bytes; names longer than 65535 bytes cannot
    // exist in a schema, so truncation never happens in practice.
    let bytes = s.as_bytes();
    let len = bytes.len().min(u16::MAX as usize);
    put_short(out, len as u16);
    out.extend_from_slice(&bytes[..len]);
}

/// See [`crate::values::encode_type_option`].
pub fn encode_type_option(ty: &CqlType, out: &mut Vec<u8>) {
    match ty {
        CqlType::Native(t) => match native_id(*t) {
            Some(id) => put_short(out, id),
            None => {
                put_short(out, 0x0000);
                put_string(out, DURATION_CLASS);
            }
        },
        CqlType::Custom(class) => {
            put_short(out, 0x0000);
            put_string(out, class);
        }
        CqlType::List { elem, .. } => {
            put_short(out, 0x0020);
            encode_type_option(elem, out);
        }
        CqlType::Map { key, value, .. } => {
            put_short(out, 0x0021);
            encode_type_option(key, out);
            encode_type_option(value, out);
        }
        CqlType::Set { elem, .. } => {
            put_short(out, 0x0022);
            encode_type_option(elem, out);
        }
        CqlType::Udt { def, .. } => {
            put_short(out, 0x0030);
            put_string(out, &def.keyspace);
            put_string(out, &def.name);
            put_short(out, def.fields.len().min(u16::MAX as usize) as u16);
            for (name, fty) in &def.fields {
                put_string(out, name);
                encode_type_option(fty, out);
            }
        }
        CqlType::Tuple(items) => {
            put_short(out, 0x0031);
            put_short(out, items.len().min(u16::MAX as usize) as u16);
            for t in items {
                encode_type_option(t, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::types::UdtDef;

    fn enc(ty: &CqlType) -> Vec<u8> {
        let mut v = Vec::new();
        encode_type_option(ty, &mut v);
        v
    }

    #[test]
    fn natives() {
        assert_eq!(enc(&CqlType::Native(NativeType::Int)), vec![0, 9]);
        assert_eq!(enc(&CqlType::Native(NativeType::Text)), vec![0, 0x0D]);
        let d = enc(&CqlType::Native(NativeType::Duration));
        assert_eq!(&d[..4], &[0, 0, 0, DURATION_CLASS.len() as u8]);
        assert_eq!(&d[4..], DURATION_CLASS.as_bytes());
    }

    #[test]
    fn composites() {
        let m = CqlType::Map {
            key: Box::new(CqlType::Native(NativeType::Text)),
            value: Box::new(CqlType::List {
                elem: Box::new(CqlType::Native(NativeType::Int)),
                frozen: true,
            }),
            frozen: false,
        };
        assert_eq!(enc(&m), vec![0, 0x21, 0, 0x0D, 0, 0x20, 0, 9]);
        let def = Arc::new(UdtDef {
            keyspace: "ks".into(),
            name: "pt".into(),
            fields: vec![("x".into(), CqlType::Native(NativeType::Int))],
        });
        let u = CqlType::Udt { def, frozen: true };
        assert_eq!(
            enc(&u),
            vec![0, 0x30, 0, 2, b'k', b's', 0, 2, b'p', b't', 0, 1, 0, 1, b'x', 0, 9]
        );
        let t = CqlType::Tuple(vec![
            CqlType::Native(NativeType::Int),
            CqlType::Native(NativeType::Blob),
        ]);
        assert_eq!(enc(&t), vec![0, 0x31, 0, 2, 0, 9, 0, 3]);
    }
}
