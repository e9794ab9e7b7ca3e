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
    let explicit_ts = match &b.using.timestamp {
        Some(t) => match eval(t, "[timestamp]", &CqlType::Native(NativeType::BigInt), ctx)? {
            Bound::Value(Value::BigInt(v)) => Some(v),
            _ => None,
        },
        None => None,
    };
    let stmts: Vec<Statement> = b.statements.iter().map(as_statement).collect();
    let mut plans = Vec::new();
    let shared_ts = explicit_ts
        .or(opts.timestamp)
        .unwrap_or_else(|| engine.next_timestamp());
    for s in &stmts {
        if explicit_ts.is_some() && has_own_timestamp(s) {
            return Err(CqlError::invalid(
                "Timestamp must be set either on BATCH or individual statements",
            ));
        }
        plans.push(plan(engine, node, conn, s, ctx, opts, Some(shared_ts))?);
    }
    if ctx.is_preparing() {
        validate(b.kind, &plans, explicit_ts.is_some())?;
        return Ok(resp(Outcome::Void));
    }
    execute(engine, node, b.kind, plans, explicit_ts.is_some())
}

fn validate(kind: BatchKind, plans: &[WritePlan], explicit_ts: bool) -> CqlResult<()> {
    let counters = plans.iter().any(|p| p.table.is_counter());
    let non_counters = plans.iter().any(|p| !p.table.is_counter());
    if kind == BatchKind::Logged && counters {
        return Err(CqlError::invalid(
            "Cannot include a counter statement in a logged batch",
        ));
    }
    if counters && non_counters {
        return Err(CqlError::invalid(
            "Counter and non-counter mutations cannot exist in the same batch",
        ));
    }
    if kind == BatchKind::Counter && non_counters {
        return Err(CqlError::invalid(
            "Cannot include non-counter statement in a counter batch",
        ));
    }
    let conditional = plans.iter().any(|p| p.condition != PlannedCondition::None);
    if conditional {
        if explicit_ts {
            return Err(CqlError::invalid(
                "Cannot provide custom timestamp for conditional BATCH",
            ));
        }
        let first = &plans[0];
        for p in plans {
            if p.table.id != first.table.id {
                return Err(CqlError::invalid(
                    "Batch with conditions cannot span multiple tables",
                ));
            }
            let same = p.keys.len() == 1
                && first.keys.len() == 1
                && partition_pos(&p.table, &p.keys[0])
                    == partition_pos(&first.table, &first.keys[0]);
            if !same {
                return Err(CqlError::invalid(
                    "Batch with conditions cannot span multiple partitions",
                ));
            }
        }
    }
    Ok(())
}

fn execute(
    engine: &Engine,
    node: &mut Node,
    kind: BatchKind,
    plans: Vec<WritePlan>,
    explicit_ts: bool,
) -> CqlResult<Response> {
    validate(kind, &plans, explicit_ts)?;
    if plans.iter().any(|p| p.condition != PlannedCondition::None) {
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
        plans.push(plan(
            engine,
            &node,
            &c,
            stmt,
            &mut ctx,
            &opts,
            Some(shared_ts),
        )?);
    }
    execute(engine, &mut node, kind, plans, false)
}
