//! Running statements: prepare through the cache, apply options, execute.

use scylla::client::pager::QueryPager;
use scylla::response::query_result::QueryResult;
use scylla::response::{PagingState, PagingStateResponse};
use scylla::serialize::row::SerializeRow;
use scylla::statement::prepared::PreparedStatement;

use tracing::Instrument as _;

use super::{Session, StatementOptions};
use crate::error::Result;

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
    /// A cached statement is taken without building the preparing future.
    pub(crate) async fn statement(
        &self,
        text: &str,
        opts: &StatementOptions,
        idempotent: bool,
    ) -> Result<PreparedStatement> {
        let mut stmt = match self.inner.cache.hit(text) {
            Some(stmt) => stmt,
            None => self.prepare(text).await?,
        };
        opts.or(&self.inner.defaults).apply(&mut stmt, idempotent);
        Ok(stmt)
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
