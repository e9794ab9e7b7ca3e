#[path = "common/models.rs"]
mod models;

use cql_orm::prelude::*;
use models::*;

async fn run(db: &cql_orm::Session) -> cql_orm::Result<()> {
    cql_orm::Batch::counter(db)
        .add(Other::update(OtherPrimaryKey { id: 1 }).set(other::name, "x"))?
        .execute()
        .await?;
    Ok(())
}

fn main() {}
