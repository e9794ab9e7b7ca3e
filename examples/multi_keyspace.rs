//! Multi-tenant schema sync: one pooled session, one keyspace per tenant, brought to the
//! models' schema in one run, then evolved when a model gains a field.
//!
//! Run with `cargo run -p cql-orm-examples --example multi_keyspace`.

use cql_orm_migrate::connect::{connect, ConnectOptions};
use cql_orm_migrate::cql::KsRef;
use cql_orm_migrate::{KeyspaceOptions, Migrator, Progress, Snapshot, Targets};

/// The first release of the application's models.
mod v1 {
    use cql_orm::{Model, UserType};

    #[derive(UserType, Debug, Clone, PartialEq)]
    #[cql(name = "address")]
    pub struct Address {
        pub street: String,
        pub city: String,
    }

    #[derive(Model, Debug, Clone, PartialEq)]
    #[cql(table = "orders", options(comment = "orders of one tenant"))]
    pub struct Order {
        #[cql(partition_key)]
        pub customer: uuid::Uuid,
        #[cql(clustering_key, order = desc)]
        pub placed: chrono::DateTime<chrono::Utc>,
        pub total_cents: i64,
        pub ship_to: Option<Address>,
        #[cql(index)]
        pub status: String,
    }

    pub fn schema() -> cql_orm::Schema {
        cql_orm::Schema::new()
            .user_type::<Address>()
            .model::<Order>()
    }
}

/// The next release: orders get a note.
mod v2 {
    use cql_orm::Model;

    pub use super::v1::Address;

    #[derive(Model, Debug, Clone, PartialEq)]
    #[cql(table = "orders", options(comment = "orders of one tenant"))]
    pub struct Order {
        #[cql(partition_key)]
        pub customer: uuid::Uuid,
        #[cql(clustering_key, order = desc)]
        pub placed: chrono::DateTime<chrono::Utc>,
        pub total_cents: i64,
        pub ship_to: Option<Address>,
        #[cql(index)]
        pub status: String,
        pub note: Option<String>,
    }

    pub fn schema() -> cql_orm::Schema {
        cql_orm::Schema::new()
            .user_type::<Address>()
            .model::<Order>()
    }
}

fn progress(p: &Progress<'_>) {
    if let Progress::Finished {
        done,
        total,
        report,
    } = p
    {
        println!("  [{done}/{total}] {}", report.summary());
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = cql_orm_embedded::Server::start(Default::default()).await?;
    println!("embedded node listening on {}", server.addr());
    let db = connect(&ConnectOptions {
        nodes: vec![server.addr().to_string()],
        ..ConnectOptions::default()
    })
    .await?;

    // What would be committed as schema.json, written from the models.
    let desired = Snapshot::from_orm(&v1::schema()).with_keyspace(KeyspaceOptions::simple(1));
    println!("snapshot of the models:\n{}", desired.to_json());

    let tenants: Vec<String> = (1..=8).map(|i| format!("tenant_{i:02}")).collect();
    let migrator = Migrator::new(db.clone())
        .schema(desired)
        .create_keyspaces(true)
        .parallelism(4)
        .on_progress(progress);
    println!("first sync of {} tenant keyspaces:", tenants.len());
    let report = migrator.apply(&Targets::keyspaces(tenants.clone())).await?;
    println!("{} steps applied", report.steps_applied());
    report.into_result()?;

    // The next release adds a field: the plan is one ALTER TABLE per tenant.
    let all_tenants = Targets::pattern("tenant_*");
    let migrator = migrator.schema(Snapshot::from_orm(&v2::schema()));
    let plans = migrator.plan(&all_tenants).await?;
    if let Some(plan) = plans.first().and_then(|p| p.plan.as_ref()) {
        println!(
            "plan for each of {} tenants:\n{}",
            plans.len(),
            plan.render(KsRef::Placeholder)
        );
    }
    println!("second sync:");
    migrator.apply(&all_tenants).await?.into_result()?;

    println!("third sync (nothing left to do):");
    let again = migrator.apply(&all_tenants).await?.into_result()?;
    assert!(again.iter().all(|r| r.applied.is_empty()));
    migrator.verify(&all_tenants).await?;
    println!("every tenant keyspace matches the models");

    let history = migrator.history(&tenants[0]).await?;
    println!("history of {}:", tenants[0]);
    for e in &history.entries {
        println!("  {:<7} {}", e.outcome.as_str(), e.step);
    }
    server.shutdown().await;
    Ok(())
}
