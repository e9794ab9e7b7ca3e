//! Running statements: prepare through the cache, apply options, execute.

use scylla::client::pager::QueryPager;
use scylla::response::query_result::QueryResult;
use scylla::response::{PagingState, PagingStateResponse};
use scylla::serialize::row::SerializeRow;
use scylla::statement::prepared::PreparedStatement;

use tracing::Instrument as _;

use super::cache::Shape;
use super::{Db, Session, StatementOptions};
use crate::error::Result;
use crate::model::Template;

impl Session {
    /// The prepared statement for `text`, from the cache or prepared now.
    pub async fn prepare(&self, text: &str) -> Result<PreparedStatement> {
        let driver = &self.inner.driver;
        self.inner
            .cache
            .get_or_prepare(text, || async move {
                driver.prepare(text).await.map_err(crate::Error::from)
            })
            .await
    }

    /// The prepared statement for `text` with `opts` (over the session defaults) applied.
    pub(crate) async fn statement(
        &self,
        text: &str,
        opts: &StatementOptions,
        idempotent: bool,
    ) -> Result<PreparedStatement> {
        let mut stmt = self.cached(text).await?;
        opts.or(&self.inner.defaults).apply(&mut stmt, idempotent);
        Ok(stmt)
    }

    /// The prepared statement for `text`: a cached one is taken without building the
    /// preparing future.
    async fn cached(&self, text: &str) -> Result<PreparedStatement> {
        match self.inner.cache.hit(text) {
            Some(stmt) => Ok(stmt),
            None => self.prepare(text).await,
        }
    }

    /// The prepared statement of the text `render` builds, with `opts` (over the session
    /// defaults) applied. Once that text is cached, `shape` finds it without rendering it.
    pub(crate) async fn shaped_statement(
        &self,
        shape: Shape<'_>,
        render: impl FnOnce() -> String,
        opts: &StatementOptions,
        idempotent: bool,
    ) -> Result<PreparedStatement> {
        let cache = &self.inner.cache;
        let mut stmt = match cache.hit_shape(shape) {
            Some(stmt) => stmt,
            None => {
                let text = render();
                let stmt = self.cached(&text).await?;
                cache.remember_shape(shape, &text);
                stmt
            }
        };
        opts.or(&self.inner.defaults).apply(&mut stmt, idempotent);
        Ok(stmt)
    }

    /// The prepared statement of a model's fixed statement `template` on `table` through
    /// `db`, followed by `extra`: found by shape, rendered only the first time.
    pub(crate) async fn fixed_statement(
        &self,
        db: &impl Db,
        template: &Template,
        (keyspace, table, extra): (Option<&'static str>, &'static str, &'static str),
        opts: &StatementOptions,
        idempotent: bool,
    ) -> Result<PreparedStatement> {
        let pieces = [template.head, table, template.tail, extra];
        let shape = Shape {
            keyspace: db.keyspace_name().or(keyspace),
            pieces: &pieces,
            assignments: &[],
        };
        let render = || template.render_for(db, keyspace, table, extra);
        self.shaped_statement(shape, render, opts, idempotent).await
    }

    /// Executes a statement without paging. (Hot paths call [`Session::statement`] and the
    /// driver themselves: each async layer around the driver's future copies it once more.)
    pub(crate) async fn run(
        &self,
        text: &str,
        values: &impl SerializeRow,
        opts: &StatementOptions,
        idempotent: bool,
    ) -> Result<QueryResult> {
        let span = statement_span(text);
        async {
            let stmt = self.statement(text, opts, idempotent).await?;
            Ok(self.inner.driver.execute_unpaged(&stmt, values).await?)
        }
        .instrument(span)
        .await
    }

    /// Executes a read as a stream of pages.
    pub(crate) async fn run_iter(
        &self,
        text: &str,
        values: impl SerializeRow,
        opts: &StatementOptions,
    ) -> Result<QueryPager> {
        let span = statement_span(text);
        async {
            let stmt = self.statement(text, opts, true).await?;
            Ok(self.inner.driver.execute_iter(stmt, values).await?)
        }
        .instrument(span)
        .await
    }

    /// Executes one page of a read.
    pub(crate) async fn run_page(
        &self,
        text: &str,
        values: &impl SerializeRow,
        opts: &StatementOptions,
        paging_state: PagingState,
    ) -> Result<(QueryResult, PagingStateResponse)> {
        let span = statement_span(text);
        async {
            let stmt = self.statement(text, opts, true).await?;
            Ok(self
                .inner
                .driver
                .execute_single_page(&stmt, values, paging_state)
                .await?)
        }
        .instrument(span)
        .await
    }

    /// Runs an unprepared statement without bind values (DDL and other one-off text).
    pub async fn execute_raw(&self, cql: &str) -> Result<QueryResult> {
        let span = statement_span(cql);
        async { Ok(self.inner.driver.query_unpaged(cql, &[]).await?) }
            .instrument(span)
            .await
    }

    /// Waits until every node agrees on the schema version.
    pub async fn await_schema_agreement(&self) -> Result<()> {
        self.inner
            .driver
            .await_schema_agreement()
            .await
            .map(|_| ())
            .map_err(|e| crate::error::Error::driver("awaiting schema agreement", e))
    }
}

/// The `tracing` span every statement runs in: `cql` at DEBUG level, with the statement text.
/// Subscribers see the driver's own events (retries, speculative executions) inside it.
pub(crate) fn statement_span(text: &str) -> tracing::Span {
    tracing::debug_span!("cql", statement = text)
}
