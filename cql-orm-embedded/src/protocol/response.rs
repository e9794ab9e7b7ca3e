//! Response bodies: ERROR, READY, AUTHENTICATE, SUPPORTED, RESULT, EVENT and AUTH_SUCCESS.

use crate::engine::{
    ChangeTarget, ChangeType, ColumnSpec, Consistency, Outcome, Prepared, RowSet, SchemaChange,
};
use crate::error::{CqlError, ErrorCode, ErrorExtra};
use crate::protocol::primitives::Writer;
use crate::values::encode_type_option;

const RESULT_VOID: i32 = 0x0001;
const RESULT_ROWS: i32 = 0x0002;
const RESULT_SET_KEYSPACE: i32 = 0x0003;
const RESULT_PREPARED: i32 = 0x0004;
const RESULT_SCHEMA_CHANGE: i32 = 0x0005;

/// Rows metadata flag: one keyspace/table for all columns.
pub const META_GLOBAL_TABLES_SPEC: i32 = 0x0001;
/// Rows metadata flag: a paging state follows.
pub const META_HAS_MORE_PAGES: i32 = 0x0002;
/// Rows metadata flag: no column specifications.
pub const META_NO_METADATA: i32 = 0x0004;

/// The body of an ERROR message: code, message and the code's extra fields.
///
/// Codes whose extra fields the engine never produces (timeouts, failures, unavailable) get
/// neutral values so that the frame always parses.
pub fn error_body(err: &CqlError) -> Vec<u8> {
    let mut out = Vec::with_capacity(8 + err.message.len());
    out.put_int(err.code.as_i32());
    out.put_string(&err.message);
    match (&err.extra, err.code) {
        (ErrorExtra::AlreadyExists { keyspace, table }, _) => {
            out.put_string(keyspace);
            out.put_string(table);
        }
        (ErrorExtra::Unprepared { id }, _) => out.put_short_bytes(id),
        (
            ErrorExtra::Unavailable {
                consistency,
                required,
                alive,
            },
            _,
        ) => {
            out.put_consistency(*consistency);
            out.put_int(*required);
            out.put_int(*alive);
        }
        (ErrorExtra::None, ErrorCode::AlreadyExists) => {
            out.put_string("");
            out.put_string("");
        }
        (ErrorExtra::None, ErrorCode::Unprepared) => out.put_short_bytes(&[]),
        (ErrorExtra::None, ErrorCode::Unavailable) => {
            out.put_consistency(Consistency::One);
            out.put_int(1);
            out.put_int(0);
        }
        (ErrorExtra::None, ErrorCode::WriteTimeout) => {
            out.put_consistency(Consistency::One);
            out.put_int(0);
            out.put_int(1);
            out.put_string("SIMPLE");
        }
        (ErrorExtra::None, ErrorCode::ReadTimeout) => {
            out.put_consistency(Consistency::One);
            out.put_int(0);
            out.put_int(1);
            out.put_byte(0);
        }
        (ErrorExtra::None, ErrorCode::ReadFailure) => {
            out.put_consistency(Consistency::One);
            out.put_int(0);
            out.put_int(1);
            out.put_int(1);
            out.put_byte(0);
        }
        (ErrorExtra::None, ErrorCode::WriteFailure) => {
            out.put_consistency(Consistency::One);
            out.put_int(0);
            out.put_int(1);
            out.put_int(1);
            out.put_string("SIMPLE");
        }
        (ErrorExtra::None, ErrorCode::FunctionFailure) => {
            out.put_string("");
            out.put_string("");
            out.put_string_list::<&str>(&[]);
        }
        (ErrorExtra::None, _) => {}
    }
    out
}

/// The body of AUTHENTICATE: the authenticator's class name.
pub fn authenticate_body(authenticator: &str) -> Vec<u8> {
    let mut out = Vec::new();
    out.put_string(authenticator);
    out
}

/// The body of AUTH_SUCCESS (a null token, as PasswordAuthenticator sends).
pub fn auth_success_body() -> Vec<u8> {
    let mut out = Vec::new();
    out.put_bytes(None);
    out
}

/// The body of SUPPORTED.
pub fn supported_body(options: &[(&str, Vec<&str>)]) -> Vec<u8> {
    let mut out = Vec::new();
    out.put_string_multimap(options);
    out
}

/// Whether every column comes from the same keyspace and table (and there is at least one).
fn global_spec(columns: &[ColumnSpec]) -> Option<(&str, &str)> {
    let first = columns.first()?;
    columns
        .iter()
        .all(|c| c.keyspace == first.keyspace && c.table == first.table)
        .then_some((first.keyspace.as_str(), first.table.as_str()))
}

fn column_count(columns: &[ColumnSpec]) -> i32 {
    i32::try_from(columns.len()).unwrap_or(i32::MAX)
}

fn column_specs(out: &mut Vec<u8>, columns: &[ColumnSpec], global: bool) {
    for c in columns {
        if !global {
            out.put_string(&c.keyspace);
            out.put_string(&c.table);
        }
        out.put_string(&c.name);
        encode_type_option(&c.ty, out);
    }
}

/// Writes a `<metadata>` of a ROWS result (or the result metadata of PREPARED).
pub fn rows_metadata(
    out: &mut Vec<u8>,
    columns: &[ColumnSpec],
    paging_state: Option<&[u8]>,
    no_metadata: bool,
) {
    let global = global_spec(columns);
    let mut flags = 0;
    if paging_state.is_some() {
        flags |= META_HAS_MORE_PAGES;
    }
    if no_metadata {
        flags |= META_NO_METADATA;
    } else if global.is_some() {
        flags |= META_GLOBAL_TABLES_SPEC;
    }
    out.put_int(flags);
    out.put_int(column_count(columns));
    if let Some(state) = paging_state {
        out.put_bytes(Some(state));
    }
    if no_metadata {
        return;
    }
    if let Some((ks, table)) = global {
        out.put_string(ks);
        out.put_string(table);
    }
    column_specs(out, columns, global.is_some());
}

/// Writes a ROWS result body (kind included).
pub fn rows_result(out: &mut Vec<u8>, rows: &RowSet, skip_metadata: bool) {
    out.put_int(RESULT_ROWS);
    rows_metadata(
        out,
        &rows.columns,
        rows.paging_state.as_deref(),
        skip_metadata,
    );
    out.put_int(i32::try_from(rows.rows.len()).unwrap_or(i32::MAX));
    for row in &rows.rows {
        for cell in row {
            out.put_bytes(cell.as_deref());
        }
    }
}

fn change_type(c: ChangeType) -> &'static str {
    match c {
        ChangeType::Created => "CREATED",
        ChangeType::Updated => "UPDATED",
        ChangeType::Dropped => "DROPPED",
    }
}

fn change_target(t: ChangeTarget) -> &'static str {
    match t {
        ChangeTarget::Keyspace => "KEYSPACE",
        ChangeTarget::Table => "TABLE",
        ChangeTarget::Type => "TYPE",
        ChangeTarget::Function => "FUNCTION",
        ChangeTarget::Aggregate => "AGGREGATE",
    }
}

/// Writes the `<change_type><target><options>` of a schema change (RESULT and EVENT).
pub fn schema_change(out: &mut Vec<u8>, change: &SchemaChange) {
    out.put_string(change_type(change.change));
    out.put_string(change_target(change.target));
    out.put_string(&change.keyspace);
    match change.target {
        ChangeTarget::Keyspace => {}
        ChangeTarget::Table | ChangeTarget::Type => {
            out.put_string(change.name.as_deref().unwrap_or(""));
        }
        ChangeTarget::Function | ChangeTarget::Aggregate => {
            out.put_string(change.name.as_deref().unwrap_or(""));
            out.put_string_list::<&str>(&[]);
        }
    }
}

/// The RESULT body of a QUERY, EXECUTE or BATCH outcome.
pub fn result_body(outcome: &Outcome, skip_metadata: bool) -> Vec<u8> {
    let mut out = Vec::new();
    match outcome {
        Outcome::Void => out.put_int(RESULT_VOID),
        Outcome::Rows(rows) => rows_result(&mut out, rows, skip_metadata),
        Outcome::SetKeyspace(ks) => {
            out.put_int(RESULT_SET_KEYSPACE);
            out.put_string(ks);
        }
        Outcome::SchemaChange(change) => {
            out.put_int(RESULT_SCHEMA_CHANGE);
            schema_change(&mut out, change);
        }
    }
    out
}

/// The RESULT body of PREPARE: id, bind metadata with partition key indexes, result metadata.
pub fn prepared_body(p: &Prepared) -> Vec<u8> {
    let mut out = Vec::new();
    out.put_int(RESULT_PREPARED);
    out.put_short_bytes(&p.id);
    let global = global_spec(&p.bind);
    out.put_int(if global.is_some() {
        META_GLOBAL_TABLES_SPEC
    } else {
        0
    });
    out.put_int(column_count(&p.bind));
    out.put_int(i32::try_from(p.pk_indexes.len()).unwrap_or(i32::MAX));
    for i in &p.pk_indexes {
        out.put_short(*i);
    }
    if let Some((ks, table)) = global {
        out.put_string(ks);
        out.put_string(table);
    }
    column_specs(&mut out, &p.bind, global.is_some());
    // Statements without rows have Cassandra's empty result metadata: NO_METADATA, 0 columns.
    rows_metadata(&mut out, &p.result, None, p.result.is_empty());
    out
}

/// The body of an EVENT carrying a schema change.
pub fn schema_change_event_body(change: &SchemaChange) -> Vec<u8> {
    let mut out = Vec::new();
    out.put_string("SCHEMA_CHANGE");
    schema_change(&mut out, change);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::primitives::Reader;

    #[test]
    fn error_bodies_carry_extra_fields() {
        let body = error_body(&CqlError::already_exists("exists", "ks", "t"));
        let mut r = Reader::new(&body);
        assert_eq!(r.int().unwrap(), 0x2400);
        assert_eq!(r.string().unwrap(), "exists");
        assert_eq!(r.string().unwrap(), "ks");
        assert_eq!(r.string().unwrap(), "t");
        assert_eq!(r.remaining(), 0);

        let body = error_body(&CqlError::unprepared(&[1, 2, 3]));
        let mut r = Reader::new(&body);
        assert_eq!(r.int().unwrap(), 0x2500);
        r.string().unwrap();
        assert_eq!(r.short_bytes().unwrap(), &[1, 2, 3]);
        assert_eq!(r.remaining(), 0);
    }

    #[test]
    fn rows_metadata_flags() {
        let rows = RowSet {
            columns: vec![],
            rows: vec![vec![], vec![]],
            paging_state: Some(vec![9]),
        };
        let body = result_body(&Outcome::Rows(rows), true);
        let mut r = Reader::new(&body);
        assert_eq!(r.int().unwrap(), RESULT_ROWS);
        assert_eq!(r.int().unwrap(), META_HAS_MORE_PAGES | META_NO_METADATA);
        assert_eq!(r.int().unwrap(), 0);
        assert_eq!(r.bytes().unwrap(), Some(&[9u8][..]));
        assert_eq!(r.int().unwrap(), 2);
        assert_eq!(r.remaining(), 0);
    }

    #[test]
    fn schema_change_of_a_table() {
        let change = SchemaChange {
            change: ChangeType::Created,
            target: ChangeTarget::Table,
            keyspace: "ks".into(),
            name: Some("t".into()),
        };
        let body = schema_change_event_body(&change);
        let mut r = Reader::new(&body);
        let got: Vec<String> = (0..5).map(|_| r.string().unwrap()).collect();
        assert_eq!(got, ["SCHEMA_CHANGE", "CREATED", "TABLE", "ks", "t"]);
        assert_eq!(r.remaining(), 0);
    }
}
