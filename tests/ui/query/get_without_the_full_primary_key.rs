#[path = "common/models.rs"]
mod models;

use cql_orm::prelude::*;
use models::*;

async fn run(db: &cql_orm::Session) -> cql_orm::Result<()> {
    Event::get(db, EventPartitionKey { user_id: 1 }).await?;
    Ok(())
}

fn main() {}
