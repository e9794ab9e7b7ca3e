//! Only the attribute error is reported: the key structs, the column module and the
//! `Model` impl still exist, so the code using them adds no errors.

use cql_orm::Model;

#[derive(Model)]
#[cql(table = "events", ttl = 3600)]
pub struct Event {
    #[cql(partition_key)]
    pub id: uuid::Uuid,
    pub body: String,
}

fn main() {
    let key = EventPrimaryKey { id: uuid::Uuid::nil() };
    let _ = (key, event::body, Event::TABLE);
}
