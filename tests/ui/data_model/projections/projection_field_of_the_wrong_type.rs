#[path = "../common/models.rs"]
mod models;

use models::*;

#[derive(cql_orm::Projection)]
#[cql(model = Other)]
pub struct Named {
    pub name: i64,
}

fn main() {}
