use cql_orm::Model;

pub struct Money {
    pub cents: i64,
}

#[derive(Model)]
struct Invoice {
    #[cql(partition_key)]
    id: uuid::Uuid,
    total: Money,
}

fn main() {}
