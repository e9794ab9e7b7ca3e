#[path = "common/models.rs"]
mod models;

use cql_orm::prelude::*;
use models::*;

async fn run(db: &cql_orm::Session) -> cql_orm::Result<()> {
    cql_orm::Batch::logged(db)
        .add(Views::update(ViewsPrimaryKey { page: "home".into() }).incr(views::hits, 1))?
        .execute()
        .await?;
    Ok(())
}

fn main() {}
