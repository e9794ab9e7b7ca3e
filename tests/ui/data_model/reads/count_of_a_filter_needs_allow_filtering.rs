#[path = "../common/models.rs"]
mod models;

use cql_orm::prelude::*;
use models::*;

async fn run(db: &cql_orm::Session) -> cql_orm::Result<()> {
    Other::select().filter(other::name.eq("x")).count(db).await?;
    Ok(())
}

fn main() {}
