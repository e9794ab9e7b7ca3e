//! The CQL engine: schema catalogue, in-memory storage and statement execution.

pub mod api;
pub mod batch;
pub mod catalog;
pub mod consistency;
pub mod ddl;
pub mod lwt;
pub mod options;
pub mod paging;
pub mod prepared;
pub mod read;
pub mod restrictions;
pub mod select;
pub mod selection;
pub mod storage;
pub mod system_schema;
pub mod system_tables;
pub mod terms;
pub mod write;

pub use api::*;

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering as AtomicOrdering};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use parking_lot::RwLock;
use uuid::Uuid;

use crate::cql::ast::{QualifiedName, Statement};
use crate::error::{CqlError, CqlResult};

use catalog::{Catalog, TableDef};
use prepared::PreparedStatement;
use storage::TableData;
use terms::BindCtx;

/// Settings of an [`Engine`].
#[derive(Debug, Clone, Default)]
pub struct EngineConfig {}

/// Schema and data behind one lock.
#[derive(Debug, Default)]
pub struct Node {
    /// The schema.
    pub catalog: Catalog,
    /// Table data by table id.
    pub data: HashMap<Uuid, TableData>,
    /// The current schema version.
    pub schema_version: Uuid,
}

impl Node {
    /// The data of a table, created when missing.
    pub fn table_data(&mut self, id: Uuid) -> &mut TableData {
        self.data.entry(id).or_default()
    }
}

/// One node's schema and data, shared by all connections. Every method is synchronous and
/// takes its locks only for the duration of the call.
#[derive(Debug)]
pub struct Engine {
    node: RwLock<Node>,
    prepared: RwLock<HashMap<Vec<u8>, Arc<PreparedStatement>>>,
    clock: AtomicI64,
    seq: AtomicI64,
    host_id: Uuid,
    events: tokio::sync::broadcast::Sender<SchemaChange>,
}

impl Default for Engine {
    fn default() -> Self {
        Engine::new(EngineConfig::default())
    }
}

/// Per-request settings the statement handlers read.
#[derive(Debug, Clone, Default)]
pub struct RequestOptions {
    /// Page size (None: no paging).
    pub page_size: Option<usize>,
    /// Paging state from the previous page.
    pub paging_state: Option<Vec<u8>>,
    /// Client default timestamp (µs).
    pub timestamp: Option<i64>,
}

impl RequestOptions {
    fn from_params(params: &QueryParams) -> Self {
        RequestOptions {
            page_size: params.page_size.filter(|p| *p > 0).map(|p| p as usize),
            paging_state: params.paging_state.clone(),
            timestamp: params.timestamp,
        }
    }
}

/// Seconds since the epoch.
pub fn now_seconds() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn now_micros() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_micros() as i64)
        .unwrap_or(0)
}

impl Engine {
    /// A node with only the system keyspaces.
    pub fn new(config: EngineConfig) -> Self {
        let _ = config;
        let (events, _) = tokio::sync::broadcast::channel(256);
        let engine = Engine {
            node: RwLock::new(Node::default()),
            prepared: RwLock::new(HashMap::new()),
            clock: AtomicI64::new(0),
            seq: AtomicI64::new(0),
            host_id: Uuid::new_v4(),
            events,
        };
        {
            let mut node = engine.node.write();
            system_tables::bootstrap(&mut node, engine.host_id);
        }
        engine
    }

    /// This node's host id (as `system.local` reports it).
    pub fn host_id(&self) -> Uuid {
        self.host_id
    }

    /// The current schema version.
    pub fn schema_version(&self) -> Uuid {
        self.node.read().schema_version
    }

    /// A fresh, strictly increasing write timestamp in microseconds.
    pub fn next_timestamp(&self) -> i64 {
        let now = now_micros();
        let mut prev = self.clock.load(AtomicOrdering::Relaxed);
        loop {
            let next = if now > prev { now } else { prev + 1 };
            match self.clock.compare_exchange_weak(
                prev,
                next,
                AtomicOrdering::Relaxed,
                AtomicOrdering::Relaxed,
            ) {
                Ok(_) => return next,
                Err(p) => prev = p,
            }
        }
    }

    /// A fresh sequence number (list element positions).
    pub fn next_seq(&self, n: i64) -> i64 {
        self.seq.fetch_add(n, AtomicOrdering::Relaxed) + 1
    }

    /// Runs one statement sent as a QUERY.
    pub fn query(
        &self,
        conn: &mut ConnectionState,
        cql: &str,
        params: &QueryParams,
    ) -> CqlResult<Response> {
        let (stmt, markers) = crate::cql::parse_counting_markers(cql)?;
        if params.values.len() != markers {
            return Err(CqlError::invalid(format!(
                "There were {markers} markers(?) in CQL but {} bound variables",
                params.values.len()
            )));
        }
        consistency::check(&self.node.read(), conn, &stmt, params.consistency)?;
        let mut ctx = BindCtx::with_values(params.values.clone());
        let opts = RequestOptions::from_params(params);
        self.run(conn, &stmt, &mut ctx, &opts)
    }

    /// Prepares a statement.
    pub fn prepare(&self, conn: &ConnectionState, cql: &str) -> CqlResult<Prepared> {
        let stmt = crate::cql::parse(cql)?;
        let p = prepared::prepare(self, conn, cql, stmt)?;
        let out = p.prepared.clone();
        self.prepared.write().insert(out.id.clone(), Arc::new(p));
        Ok(out)
    }

    /// Runs a prepared statement.
    pub fn execute(
        &self,
        conn: &mut ConnectionState,
        id: &[u8],
        params: &QueryParams,
    ) -> CqlResult<Response> {
        let p = self
            .prepared
            .read()
            .get(id)
            .cloned()
            .ok_or_else(|| CqlError::unprepared(id))?;
        let values = prepared::order_values(&p, params)?;
        let mut ctx = BindCtx::with_values(values);
        let opts = RequestOptions::from_params(params);
        let mut exec_conn = ConnectionState {
            keyspace: p.keyspace.clone().or(conn.keyspace.clone()),
        };
        consistency::check(
            &self.node.read(),
            &exec_conn,
            &p.statement,
            params.consistency,
        )?;
        let resp = self.run(&mut exec_conn, &p.statement, &mut ctx, &opts)?;
        if let Statement::Use(_) = p.statement {
            conn.keyspace = exec_conn.keyspace;
        }
        Ok(resp)
    }

    /// Runs a BATCH.
    pub fn batch(&self, conn: &mut ConnectionState, batch: &BatchRequest) -> CqlResult<Response> {
        batch::run_request(self, conn, batch)
    }

    /// A receiver of every schema change from now on (for REGISTER'ed connections).
    pub fn subscribe(&self) -> tokio::sync::broadcast::Receiver<SchemaChange> {
        self.events.subscribe()
    }

    /// The prepared statement with this id.
    pub fn prepared_statement(&self, id: &[u8]) -> Option<Arc<PreparedStatement>> {
        self.prepared.read().get(id).cloned()
    }

    /// Runs a parsed statement.
    pub fn run(
        &self,
        conn: &mut ConnectionState,
        stmt: &Statement,
        ctx: &mut BindCtx,
        opts: &RequestOptions,
    ) -> CqlResult<Response> {
        match stmt {
            Statement::Use(ks) => {
                let node = self.node.read();
                if !node.catalog.keyspaces.contains_key(ks) {
                    return Err(CqlError::invalid(format!("Keyspace '{ks}' does not exist")));
                }
                if !ctx.is_preparing() {
                    conn.keyspace = Some(ks.clone());
                }
                Ok(resp(Outcome::SetKeyspace(ks.clone())))
            }
            Statement::Select(sel) => {
                let node = self.node.read();
                select::run(self, &node, conn, sel, ctx, opts)
            }
            Statement::Insert(_) | Statement::Update(_) | Statement::Delete(_) => {
                let mut node = self.node.write();
                write::run_single(self, &mut node, conn, stmt, ctx, opts)
            }
            Statement::Batch(b) => {
                let mut node = self.node.write();
                batch::run_text(self, &mut node, conn, b, ctx, opts)
            }
            _ => {
                if ctx.is_preparing() {
                    return Ok(resp(Outcome::Void));
                }
                let mut node = self.node.write();
                let change = ddl::execute(self, &mut node, conn, stmt)?;
                match change {
                    Some(change) => {
                        system_schema::refresh(&mut node, &change.keyspace);
                        node.schema_version = Uuid::new_v4();
                        system_tables::refresh_local(&mut node, self.host_id);
                        let _ = self.events.send(change.clone());
                        Ok(resp(Outcome::SchemaChange(change)))
                    }
                    None => Ok(resp(Outcome::Void)),
                }
            }
        }
    }
}

/// A response without warnings.
pub fn resp(outcome: Outcome) -> Response {
    Response {
        outcome,
        warnings: Vec::new(),
    }
}

/// The keyspace of a name, or the connection's, or Cassandra's error.
pub fn keyspace_of(name: &QualifiedName, conn: &ConnectionState) -> CqlResult<String> {
    name.keyspace
        .clone()
        .or_else(|| conn.keyspace.clone())
        .ok_or_else(|| {
            CqlError::invalid(
                "No keyspace has been specified. USE a keyspace, or explicitly specify keyspace.tablename",
            )
        })
}

/// Resolves a table name against the catalogue.
pub fn resolve_table(
    node: &Node,
    name: &QualifiedName,
    conn: &ConnectionState,
) -> CqlResult<Arc<TableDef>> {
    let ks = keyspace_of(name, conn)?;
    node.catalog.table(&ks, &name.name)
}
