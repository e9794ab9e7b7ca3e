#[path = "../common/models.rs"]
mod models;

use models::*;

async fn run(db: &cql_orm::Session) -> cql_orm::Result<()> {
    cql_orm::Batch::conditional::<Views>(db).execute().await?;
    Ok(())
}

fn main() {}
