use cql_orm::UserType;

#[derive(UserType)]
enum Address {
    Street(String),
}

fn main() {}
