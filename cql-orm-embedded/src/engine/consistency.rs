//! Consistency levels against this one-node cluster: the replicas a level needs, as
//! Cassandra counts them from the keyspace's replication, and the Unavailable error (0x1000)
//! when the one live replica is not enough.

use crate::cql::ast::{BatchStatement, Statement};
use crate::engine::api::Consistency;
use crate::engine::Node;
use crate::engine::{keyspace_of, ConnectionState};
use crate::error::{CqlError, CqlResult, ErrorCode, ErrorExtra};

/// The data center this node reports (`system.local`).
const DATACENTER: &str = "datacenter1";

/// Replicas alive for any token: this node.
const ALIVE: i32 = 1;

/// The keyspaces a data statement reads or writes (each statement of a BATCH).
fn statement_keyspaces(stmt: &Statement, conn: &ConnectionState) -> Vec<String> {
    let tables: Vec<&crate::cql::ast::QualifiedName> = match stmt {
        Statement::Select(s) => vec![&s.table],
        Statement::Insert(s) => vec![&s.table],
        Statement::Update(s) => vec![&s.table],
        Statement::Delete(s) => vec![&s.table],
        Statement::Batch(b) => b
            .statements
            .iter()
            .map(|s| match s {
                BatchStatement::Insert(s) => &s.table,
                BatchStatement::Update(s) => &s.table,
                BatchStatement::Delete(s) => &s.table,
            })
            .collect(),
        _ => Vec::new(),
    };
    let mut keyspaces: Vec<String> = Vec::new();
    for table in tables {
        if let Ok(ks) = keyspace_of(table, conn) {
            if !keyspaces.contains(&ks) {
                keyspaces.push(ks);
            }
        }
    }
    keyspaces
}

/// `(total replication factor, replication factor of this data center)`, or `None` for
/// keyspaces whose data is local to each node (system keyspaces).
fn replication(node: &Node, keyspace: &str) -> Option<(i32, i32)> {
    let ks = node.catalog.keyspaces.get(keyspace)?;
    if ks.system {
        return None;
    }
    let class = ks
        .replication
        .get("class")
        .map(String::as_str)
        .unwrap_or("");
    if class.ends_with("SimpleStrategy") {
        let rf = ks
            .replication
            .get("replication_factor")
            .and_then(|v| v.parse().ok())
            .unwrap_or(1);
        Some((rf, rf))
    } else if class.ends_with("NetworkTopologyStrategy") {
        let mut total = 0;
        let mut local = 0;
        for (dc, v) in &ks.replication {
            if dc == "class" {
                continue;
            }
            let rf: i32 = v.parse().unwrap_or(0);
            total += rf;
            if dc == DATACENTER {
                local = rf;
            }
        }
        Some((total, local))
    } else {
        None
    }
}

/// The replicas `level` waits for (Cassandra's `blockFor`).
fn block_for(level: Consistency, total: i32, local: i32) -> i32 {
    match level {
        Consistency::Any | Consistency::One | Consistency::LocalOne => 1,
        Consistency::Two => 2,
        Consistency::Three => 3,
        Consistency::Quorum | Consistency::Serial => total / 2 + 1,
        Consistency::LocalQuorum | Consistency::LocalSerial | Consistency::EachQuorum => {
            local / 2 + 1
        }
        Consistency::All => total,
    }
}

fn name(level: Consistency) -> &'static str {
    match level {
        Consistency::Any => "ANY",
        Consistency::One => "ONE",
        Consistency::Two => "TWO",
        Consistency::Three => "THREE",
        Consistency::Quorum => "QUORUM",
        Consistency::All => "ALL",
        Consistency::LocalQuorum => "LOCAL_QUORUM",
        Consistency::EachQuorum => "EACH_QUORUM",
        Consistency::Serial => "SERIAL",
        Consistency::LocalSerial => "LOCAL_SERIAL",
        Consistency::LocalOne => "LOCAL_ONE",
    }
}

/// Refuses a statement (or a BATCH with a statement on a keyspace) whose consistency level
/// needs more live replicas than this node gives, as a coordinator of a one-node cluster would: `Unavailable` with the level, the
/// replicas required and the replicas alive.
pub fn check(
    node: &Node,
    conn: &ConnectionState,
    stmt: &Statement,
    level: Consistency,
) -> CqlResult<()> {
    for keyspace in statement_keyspaces(stmt, conn) {
        let Some((total, local)) = replication(node, &keyspace) else {
            continue;
        };
        let required = block_for(level, total, local);
        if required > ALIVE {
            return Err(CqlError {
                code: ErrorCode::Unavailable,
                message: format!("Cannot achieve consistency level {}", name(level)),
                extra: ErrorExtra::Unavailable {
                    consistency: level,
                    required,
                    alive: ALIVE,
                },
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::block_for;
    use crate::engine::api::Consistency;

    #[test]
    fn replicas_needed_follow_the_replication_factor() {
        assert_eq!(block_for(Consistency::Quorum, 1, 1), 1);
        assert_eq!(block_for(Consistency::Quorum, 3, 3), 2);
        assert_eq!(block_for(Consistency::All, 1, 1), 1);
        assert_eq!(block_for(Consistency::All, 3, 3), 3);
        assert_eq!(block_for(Consistency::Two, 1, 1), 2);
        assert_eq!(block_for(Consistency::LocalQuorum, 5, 3), 2);
        assert_eq!(block_for(Consistency::LocalOne, 3, 3), 1);
    }
}
