#[path = "../common/models.rs"]
mod models;

use cql_orm::prelude::*;
use models::*;

async fn run(db: &cql_orm::Session, other: &Other) -> cql_orm::Result<()> {
    cql_orm::Batch::logged(db).add(other.insert().if_not_exists())?.execute().await?;
    Ok(())
}

fn main() {}
