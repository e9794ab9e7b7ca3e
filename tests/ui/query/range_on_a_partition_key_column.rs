#[path = "common/models.rs"]
mod models;

use cql_orm::prelude::*;
use models::*;

async fn run(db: &cql_orm::Session) -> cql_orm::Result<()> {
    Event::select().filter(event::user_id.gt(10)).all(db).await?;
    Ok(())
}

fn main() {}
