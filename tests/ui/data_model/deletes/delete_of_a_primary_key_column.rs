#[path = "../common/models.rs"]
mod models;

use cql_orm::prelude::*;
use models::*;

async fn run(db: &cql_orm::Session) -> cql_orm::Result<()> {
    Feed::delete(feed_key()).column(feed::day).execute(db).await?;
    Ok(())
}

fn main() {}
