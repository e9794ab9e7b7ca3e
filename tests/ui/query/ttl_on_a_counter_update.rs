#[path = "common/models.rs"]
mod models;

use cql_orm::prelude::*;
use models::*;

async fn run(db: &cql_orm::Session) -> cql_orm::Result<()> {
    Views::update(ViewsPrimaryKey { page: "home".into() })
        .incr(views::hits, 1)
        .ttl(60)
        .execute(db)
        .await?;
    Ok(())
}

fn main() {}
