#[path = "common/models.rs"]
mod models;

use cql_orm::prelude::*;
use models::*;

async fn run(db: &cql_orm::Session) -> cql_orm::Result<()> {
    Other::update(OtherPrimaryKey { id: 1 }).execute(db).await?;
    Ok(())
}

fn main() {}
