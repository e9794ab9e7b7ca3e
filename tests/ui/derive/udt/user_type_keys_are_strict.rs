use cql_orm::UserType;

#[derive(UserType)]
#[cql(name = "address", table = "addresses")]
struct Address {
    #[cql(partition_key)]
    street: String,
}

fn main() {}
