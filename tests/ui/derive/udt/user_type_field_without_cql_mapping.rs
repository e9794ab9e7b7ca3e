use cql_orm::UserType;

pub struct Money {
    pub cents: i64,
}

#[derive(UserType)]
pub struct Price {
    pub amount: Money,
    pub currency: String,
}

fn main() {}
