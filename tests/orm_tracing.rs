//! Every statement runs in a `tracing` span named `cql` that carries its text. (Alone in
//! its test process: tracing caches per call site whether anyone listens.)

#[path = "orm/data_model.rs"]
mod data_model;
#[path = "orm/setup.rs"]
mod setup;

use std::sync::{Arc, Mutex};

use cql_orm::prelude::*;
use cql_orm::Schema;
use data_model::{Cell, CellPartitionKey, CellPrimaryKey};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id};
use tracing::Subscriber;
use tracing_subscriber::layer::{Context, Layer};
use tracing_subscriber::prelude::*;

fn cell_at(row: i32) -> Cell {
    Cell {
        sheet: 1,
        row,
        col: 0,
        value: format!("r{row}"),
    }
}

/// Records the `statement` field of every `cql` span.
#[derive(Clone, Default)]
struct Statements(Arc<Mutex<Vec<String>>>);

struct StatementField<'a>(&'a mut Option<String>);

impl Visit for StatementField<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "statement" {
            *self.0 = Some(value.to_owned());
        }
    }
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "statement" {
            *self.0 = Some(format!("{value:?}"));
        }
    }
}

impl<S: Subscriber> Layer<S> for Statements {
    fn on_new_span(&self, attrs: &Attributes<'_>, _id: &Id, _ctx: Context<'_, S>) {
        if attrs.metadata().name() == "cql" {
            let mut text = None;
            attrs.record(&mut StatementField(&mut text));
            if let Some(text) = text {
                self.0.lock().unwrap().push(text);
            }
        }
    }
}

#[tokio::test]
async fn every_statement_runs_in_a_tracing_span() {
    let statements = Statements::default();
    let subscriber = tracing_subscriber::registry().with(statements.clone());
    let _guard = tracing::subscriber::set_default(subscriber);
    let (db, ks, h) = setup::setup("orm_sess_spans", Schema::new().model::<Cell>()).await;
    cell_at(1).insert().execute(&h).await.unwrap();
    Cell::get(
        &h,
        CellPrimaryKey {
            sheet: 1,
            row: 1,
            col: 0,
        },
    )
    .await
    .unwrap();
    Cell::select()
        .partition(CellPartitionKey { sheet: 1 })
        .all(&h)
        .await
        .unwrap();
    cql_orm::Batch::logged(&h)
        .add(cell_at(2).insert())
        .unwrap()
        .execute()
        .await
        .unwrap();
    let seen = statements.0.lock().unwrap().clone();
    assert!(
        seen.iter()
            .any(|s| s.starts_with("INSERT INTO") && s.contains("\"grid\"")),
        "{seen:#?}"
    );
    assert!(
        seen.iter()
            .any(|s| s.starts_with("SELECT") && s.contains("WHERE \"sheet\" = ?")),
        "{seen:#?}"
    );
    assert!(seen.iter().any(|s| s == "BATCH"), "{seen:#?}");
    assert!(
        seen.iter().any(|s| s.starts_with("CREATE TABLE")),
        "{seen:#?}"
    );
    ks.drop(db.scylla()).await.unwrap();
}
