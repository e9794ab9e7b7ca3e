#[path = "common/models.rs"]
mod models;

use cql_orm::prelude::*;
use models::*;

async fn run(db: &cql_orm::Session, row: &Views) -> cql_orm::Result<()> {
    row.insert().execute(db).await?;
    Ok(())
}

fn main() {}
