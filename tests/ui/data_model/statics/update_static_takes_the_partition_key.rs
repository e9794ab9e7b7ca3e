#[path = "../common/models.rs"]
mod models;

use cql_orm::prelude::*;
use models::*;

async fn run(db: &cql_orm::Session) -> cql_orm::Result<()> {
    Feed::update_static(feed_key()).set(feed::owner, Some("x".to_owned())).execute(db).await?;
    Ok(())
}

fn main() {}
