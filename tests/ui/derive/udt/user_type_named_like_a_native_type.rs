use cql_orm::UserType;

#[derive(UserType)]
#[cql(name = "text")]
struct Label {
    value: String,
}

fn main() {}
