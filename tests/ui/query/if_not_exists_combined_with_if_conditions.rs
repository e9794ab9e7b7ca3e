#[path = "common/models.rs"]
mod models;

use cql_orm::prelude::*;
use models::*;

async fn run(db: &cql_orm::Session, row: &Event) -> cql_orm::Result<()> {
    row.insert()
        .if_not_exists()
        .if_(event::kind.eq("click"))
        .execute(db)
        .await?;
    Ok(())
}

fn main() {}
