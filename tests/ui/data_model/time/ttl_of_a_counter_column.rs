#[path = "../common/models.rs"]
mod models;

use cql_orm::prelude::*;
use models::*;

async fn run(db: &cql_orm::Session) -> cql_orm::Result<()> {
    Views::select().columns((views::hits.ttl(),)).all(db).await?;
    Ok(())
}

fn main() {}
