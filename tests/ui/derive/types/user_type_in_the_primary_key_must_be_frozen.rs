use cql_orm::{Model, UserType};

#[derive(UserType, Debug, Clone, PartialEq)]
struct Address {
    street: String,
    city: String,
}

#[derive(Model)]
struct Delivery {
    #[cql(partition_key)]
    to: Address,
    at: i64,
}

fn main() {}
