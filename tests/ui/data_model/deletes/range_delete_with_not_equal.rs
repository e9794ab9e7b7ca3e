#[path = "../common/models.rs"]
mod models;

use cql_orm::prelude::*;
use models::*;

async fn run(db: &cql_orm::Session) -> cql_orm::Result<()> {
    Feed::delete_range(feed_partition()).filter(feed::day.ne(3)).execute(db).await?;
    Ok(())
}

fn main() {}
