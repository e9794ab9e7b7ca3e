#[path = "../common/models.rs"]
mod models;

use cql_orm::prelude::*;
use models::*;

async fn run(db: &cql_orm::Session) -> cql_orm::Result<()> {
    Views::update(ViewsPrimaryKey { page: "p".into() })
        .incr(views::hits, 1)
        .if_exists()
        .execute(db)
        .await?;
    Ok(())
}

fn main() {}
