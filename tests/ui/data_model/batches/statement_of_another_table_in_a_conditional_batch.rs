#[path = "../common/models.rs"]
mod models;

use cql_orm::prelude::*;
use models::*;

async fn run(db: &cql_orm::Session, other: &Other) -> cql_orm::Result<()> {
    cql_orm::Batch::conditional::<Feed>(db).add(other.insert())?.execute().await?;
    Ok(())
}

fn main() {}
