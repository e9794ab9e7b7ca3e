#[path = "common/models.rs"]
mod models;

use cql_orm::prelude::*;
use models::*;

async fn run(db: &cql_orm::Session) -> cql_orm::Result<()> {
    Event::update(EventPrimaryKey { user_id: 1, day: 2, seq: 3 })
        .set(event::kind, "view")
        .if_exists()
        .if_(event::kind.eq("click"))
        .execute(db)
        .await?;
    Ok(())
}

fn main() {}
