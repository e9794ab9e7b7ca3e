#[path = "common/models.rs"]
mod models;

use cql_orm::prelude::*;
use models::*;

async fn run(db: &cql_orm::Session) -> cql_orm::Result<()> {
    Event::select()
        .partition(EventPartitionKey { user_id: 1 })
        .filter(event::day.eq("yesterday"))
        .all(db)
        .await?;
    Ok(())
}

fn main() {}
