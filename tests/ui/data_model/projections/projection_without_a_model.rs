use cql_orm::Projection;

#[derive(Projection)]
pub struct Named {
    pub name: String,
}

fn main() {}
