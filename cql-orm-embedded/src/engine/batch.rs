//! BATCH: logged, unlogged and counter batches, from text or from a BATCH request.

use crate::cql::ast::{Batch, BatchKind, BatchStatement, Statement};
use crate::error::{CqlError, CqlResult};
use crate::types::CqlType;
use crate::types::NativeType;
use crate::value::Value;

use super::api::{BatchQuery, BatchRequest, ConnectionState, Outcome, Response};
use super::lwt::{self, PlannedCondition};
use super::terms::{eval, BindCtx, Bound};
use super::write::{apply_all, partition_pos, plan, WritePlan};
use super::{resp, Engine, Node, RequestOptions};

fn as_statement(s: &BatchStatement) -> Statement {
    match s {
        BatchStatement::Insert(i) => Statement::Insert(Box::new(i.clone())),
        BatchStatement::Update(u) => Statement::Update(Box::new(u.clone())),
        BatchStatement::Delete(d) => Statement::Delete(Box::new(d.clone())),
    }
}

fn has_own_timestamp(s: &Statement) -> bool {
    match s {
        Statement::Insert(i) => i.using.timestamp.is_some(),
        Statement::Update(u) => u.using.timestamp.is_some(),
        Statement::Delete(d) => d.using.timestamp.is_some(),
        _ => false,
    }
}

/// Runs a `BEGIN ... APPLY BATCH` statement.
pub fn run_text(
    engine: &Engine,
    node: &mut Node,
    conn: &ConnectionState,
    b: &Batch,
    ctx: &mut BindCtx,
    opts: &RequestOptions,
) -> CqlResult<Response> {
    let stmts: Vec<Statement> = b.statements.iter().map(as_statement).collect();
    let explicit = b.using.timestamp.is_some();
    if b.using.ttl.is_some() {
        return Err(CqlError::invalid(
            "Global TTL on the BATCH statement is not supported.",
        ));
    }
    // The checks Cassandra makes when preparing the batch, before any value is bound.
    let mut plans = Vec::new();
    for s in &stmts {
        // Statements without their own timestamp get the batch's, once it is known.
        let p = plan(engine, node, conn, s, ctx, opts, Some(0))?;
        plans.push((p, has_own_timestamp(s)));
    }
    validate(b.kind, &plans, explicit)?;
    let explicit_ts = match &b.using.timestamp {
        Some(t) => match eval(t, "[timestamp]", &CqlType::Native(NativeType::BigInt), ctx)? {
            Bound::Value(Value::BigInt(v)) => Some(v),
            Bound::Null => return Err(CqlError::invalid("Invalid null value of timestamp")),
            _ => None,
        },
        None => None,
    };
    if ctx.is_preparing() {
        return Ok(resp(Outcome::Void));
    }
    let shared_ts = explicit_ts
        .or(opts.timestamp)
        .unwrap_or_else(|| engine.next_timestamp());
    let plans = plans
        .into_iter()
        .map(|(mut p, own)| {
            if !own {
                p.ts = shared_ts;
            }
            p
        })
        .collect();
    execute(engine, node, plans)
}

/// Cassandra's `BatchStatement.validate`, in its order.
fn validate(kind: BatchKind, plans: &[(WritePlan, bool)], explicit_ts: bool) -> CqlResult<()> {
    let conditional = plans
        .iter()
        .any(|(p, _)| p.condition != PlannedCondition::None);
    if explicit_ts {
        if conditional {
            return Err(CqlError::invalid(
                "Cannot provide custom timestamp for conditional BATCH",
            ));
        }
        if kind == BatchKind::Counter {
            return Err(CqlError::invalid(
                "Cannot provide custom timestamp for counter BATCH",
            ));
        }
    }
    let mut counters = false;
    let mut non_counters = false;
    for (p, own_ts) in plans {
        let counter = p.table.is_counter();
        if explicit_ts && counter {
            return Err(CqlError::invalid(
                "Cannot provide custom timestamp for a BATCH containing counters",
            ));
        }
        if explicit_ts && *own_ts {
            return Err(CqlError::invalid(
                "Timestamp must be set either on BATCH or individual statements",
            ));
        }
        if kind == BatchKind::Counter && !counter {
            return Err(CqlError::invalid(
                "Cannot include non-counter statement in a counter batch",
            ));
        }
        if kind == BatchKind::Logged && counter {
            return Err(CqlError::invalid(
                "Cannot include a counter statement in a logged batch",
            ));
        }
        counters |= counter;
        non_counters |= !counter;
    }
    if counters && non_counters {
        return Err(CqlError::invalid(
            "Counter and non-counter mutations cannot exist in the same batch",
        ));
    }
    if conditional {
        let first = &plans[0].0;
        if plans.iter().any(|(p, _)| p.table.id != first.table.id) {
            return Err(CqlError::invalid(
                "Batch with conditions cannot span multiple tables",
            ));
        }
    }
    Ok(())
}

/// A conditional batch addresses one partition.
fn check_one_partition(plans: &[WritePlan]) -> CqlResult<()> {
    let Some(first) = plans.first() else {
        return Ok(());
    };
    for p in plans {
        let same = p.keys.len() == 1
            && first.keys.len() == 1
            && partition_pos(&p.table, &p.keys[0]) == partition_pos(&first.table, &first.keys[0]);
        if !same {
            return Err(CqlError::invalid(
                "Batch with conditions cannot span multiple partitions",
            ));
        }
    }
    Ok(())
}

fn execute(engine: &Engine, node: &mut Node, plans: Vec<WritePlan>) -> CqlResult<Response> {
    if plans.iter().any(|p| p.condition != PlannedCondition::None) {
        check_one_partition(&plans)?;
        let rows = lwt::run(engine, node, &plans, true)?;
        return Ok(resp(Outcome::Rows(rows)));
    }
    apply_all(engine, node, &plans)?;
    Ok(resp(Outcome::Void))
}

/// Runs a BATCH request.
pub fn run_request(
    engine: &Engine,
    conn: &mut ConnectionState,
    req: &BatchRequest,
) -> CqlResult<Response> {
    let kind = match req.kind {
        0 => BatchKind::Logged,
        1 => BatchKind::Unlogged,
        2 => BatchKind::Counter,
        other => return Err(CqlError::protocol(format!("Unknown batch type {other}"))),
    };
    let mut parsed: Vec<(Statement, Vec<super::api::BoundValue>, Option<String>)> = Vec::new();
    for q in &req.queries {
        match q {
            BatchQuery::Query { cql, values } => {
                parsed.push((crate::cql::parse(cql)?, values.clone(), None));
            }
            BatchQuery::Prepared { id, values } => {
                let p = engine
                    .prepared_statement(id)
                    .ok_or_else(|| CqlError::unprepared(id))?;
                parsed.push((p.statement.clone(), values.clone(), p.keyspace.clone()));
            }
        }
    }
    let opts = RequestOptions {
        page_size: None,
        paging_state: None,
        timestamp: req.timestamp,
    };
    let mut node = engine.node.write();
    let shared_ts = req.timestamp.unwrap_or_else(|| engine.next_timestamp());
    let mut plans = Vec::new();
    for (stmt, values, ks) in &parsed {
        if !matches!(
            stmt,
            Statement::Insert(_) | Statement::Update(_) | Statement::Delete(_)
        ) {
            return Err(CqlError::invalid(
                "Invalid statement in batch: only UPDATE, INSERT and DELETE statements are allowed.",
            ));
        }
        let c = ConnectionState {
            keyspace: ks.clone().or(conn.keyspace.clone()),
        };
        let mut ctx = BindCtx::with_values(values.clone());
        let p = plan(engine, &node, &c, stmt, &mut ctx, &opts, Some(shared_ts))?;
        plans.push((p, false));
    }
    validate(kind, &plans, false)?;
    for (stmt, _, ks) in &parsed {
        let c = ConnectionState {
            keyspace: ks.clone().or(conn.keyspace.clone()),
        };
        super::consistency::check(&node, &c, stmt, req.consistency)?;
    }
    execute(
        engine,
        &mut node,
        plans.into_iter().map(|(p, _)| p).collect(),
    )
}
