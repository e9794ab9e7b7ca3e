//! Models of every visibility compile, including private ones nested in modules, and their
//! generated key structs and column modules are usable where the model is.
use cql_orm::prelude::*;
use cql_orm::Model;

#[derive(Model, Debug, Clone, PartialEq)]
struct Invoice {
    #[cql(partition_key)]
    id: uuid::Uuid,
    #[cql(clustering_key)]
    line: i32,
    total: i64,
}

mod billing {
    use cql_orm::Model;

    #[derive(Model, Debug, Clone, PartialEq)]
    pub(crate) struct Payment {
        #[cql(partition_key)]
        pub(crate) id: uuid::Uuid,
        pub(crate) amount: i64,
    }

    pub mod inner {
        use cql_orm::Model;

        #[derive(Model, Debug, Clone, PartialEq)]
        pub(super) struct Refund {
            #[cql(partition_key)]
            pub(super) id: uuid::Uuid,
            pub(super) amount: i64,
        }

        #[derive(Model, Debug, Clone, PartialEq)]
        pub(in crate::billing) struct Chargeback {
            #[cql(partition_key)]
            pub(in crate::billing) id: uuid::Uuid,
        }
    }

    pub(crate) fn refund_text() -> String {
        let _ = inner::chargeback::id;
        inner::Refund::select()
            .partition(inner::RefundPartitionKey { id: uuid::Uuid::nil() })
            .text_for("\"r\"")
    }
}

fn main() {
    let text = Invoice::select()
        .partition(InvoicePartitionKey { id: uuid::Uuid::nil() })
        .filter(invoice::line.gt(3))
        .text_for("\"t\"");
    assert!(text.contains("\"line\" > ?"), "{text}");
    let _ = billing::Payment::select()
        .allow_filtering()
        .filter(billing::payment::amount.eq(5));
    assert!(billing::refund_text().contains("\"id\" = ?"));
}
