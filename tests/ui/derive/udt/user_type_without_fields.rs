use cql_orm::UserType;

#[derive(UserType)]
struct Empty {}

fn main() {}
