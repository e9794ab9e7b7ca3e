#[path = "common/models.rs"]
mod models;

use cql_orm::prelude::*;
use models::*;

async fn run(db: &cql_orm::Session) -> cql_orm::Result<()> {
    Event::update(EventPrimaryKey { user_id: 1, day: 2, seq: 3 })
        .add(event::tags, [1, 2])
        .execute(db)
        .await?;
    Ok(())
}

fn main() {}
