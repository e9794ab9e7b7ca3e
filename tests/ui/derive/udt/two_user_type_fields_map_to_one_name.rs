use cql_orm::UserType;

#[derive(UserType)]
struct Address {
    street: String,
    #[cql(name = "street")]
    line: String,
}

fn main() {}
