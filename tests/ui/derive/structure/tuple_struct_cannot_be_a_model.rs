use cql_orm::Model;

#[derive(Model)]
struct Reading(uuid::Uuid, f64);

fn main() {}
