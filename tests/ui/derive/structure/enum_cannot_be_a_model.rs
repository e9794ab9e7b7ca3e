use cql_orm::Model;

#[derive(Model)]
enum Status {
    Active,
    Closed,
}

fn main() {}
