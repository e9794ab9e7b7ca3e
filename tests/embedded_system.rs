//! The system tables drivers read: `system.local`, `system.peers(_v2)` and
//! `system_schema.*`, kept consistent with the schema through CREATE / ALTER / DROP of
//! keyspaces, tables, types and indexes.

#[path = "embedded_support.rs"]
mod support;

use support::Db;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn system_local_describes_a_single_murmur3_node() {
    let db = Db::new("sys_local").await;
    let row = db
        .rows(
            "SELECT key, bootstrapped, cluster_name, cql_version, data_center, rack, partitioner, \
             release_version FROM system.local WHERE key = 'local'",
        )
        .await;
    assert_eq!(
        row,
        [
            "'local' | 'COMPLETED' | 'Test Cluster' | '3.4.5' | 'datacenter1' | 'rack1' | \
          'org.apache.cassandra.dht.Murmur3Partitioner' | '4.0.7'"
        ]
    );

    // The protocol version the node reports is one the driver can speak.
    let version = db
        .rows("SELECT native_protocol_version FROM system.local")
        .await;
    let version: u8 = version[0].trim_matches('\'').parse().expect("a number");
    assert!(version >= 4, "native_protocol_version {version}");

    // The host id is stable and is the one the driver knows the node by.
    let host = db.rows("SELECT host_id FROM system.local").await;
    assert_eq!(db.rows("SELECT host_id FROM system.local").await, host);
    let state = db.session.get_cluster_state();
    let known: Vec<String> = state
        .get_nodes_info()
        .iter()
        .map(|n| n.host_id.to_string())
        .collect();
    assert_eq!(known, host);

    // Tokens are Murmur3 tokens, as text.
    let tokens = db
        .session
        .query_unpaged("SELECT tokens FROM system.local", &[])
        .await
        .unwrap()
        .into_rows_result()
        .unwrap()
        .single_row::<(Vec<String>,)>()
        .unwrap()
        .0;
    assert!(!tokens.is_empty());
    for t in &tokens {
        t.parse::<i64>()
            .unwrap_or_else(|_| panic!("token {t:?} is not a Murmur3 token"));
    }
    db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn peers_tables_are_empty_on_a_single_node() {
    let db = Db::new("sys_peers").await;
    assert_eq!(
        db.rows("SELECT peer, data_center, host_id, rack, release_version, rpc_address, schema_version, tokens FROM system.peers")
            .await,
        Vec::<String>::new()
    );
    assert_eq!(
        db.rows("SELECT peer, peer_port, data_center, host_id, native_address, native_port, rack, schema_version, tokens FROM system.peers_v2")
            .await,
        Vec::<String>::new()
    );
    db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn system_schema_has_its_ten_tables() {
    let db = Db::new("sys_tables").await;
    assert_eq!(
        db.rows(
            "SELECT table_name FROM system_schema.tables WHERE keyspace_name = 'system_schema'"
        )
        .await,
        [
            "'aggregates'",
            "'columns'",
            "'dropped_columns'",
            "'functions'",
            "'indexes'",
            "'keyspaces'",
            "'tables'",
            "'triggers'",
            "'types'",
            "'views'"
        ]
    );
    // The tables without rows for a user keyspace are still there to be read.
    let ks = db.ks().to_owned();
    for table in ["views", "functions", "aggregates", "triggers"] {
        assert_eq!(
            db.rows(&format!(
                "SELECT * FROM system_schema.{table} WHERE keyspace_name = '{ks}'"
            ))
            .await,
            Vec::<String>::new(),
            "{table}"
        );
    }
    db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn system_schema_keyspaces_follow_create_alter_drop() {
    let db = Db::new("sys_ks").await;
    let ks = format!("{}_nts", db.ks());
    db.ok(&format!(
        "CREATE KEYSPACE {ks} WITH replication = {{'class': 'NetworkTopologyStrategy', 'datacenter1': 1}} AND durable_writes = false"
    ))
    .await;
    let select = format!(
        "SELECT keyspace_name, durable_writes, replication FROM system_schema.keyspaces WHERE keyspace_name = '{ks}'"
    );
    assert_eq!(
        db.rows(&select).await,
        [format!(
            "'{ks}' | false | {{'class': 'org.apache.cassandra.locator.NetworkTopologyStrategy', 'datacenter1': '1'}}"
        )]
    );
    db.ok(&format!(
        "ALTER KEYSPACE {ks} WITH replication = {{'class': 'SimpleStrategy', 'replication_factor': 1}} AND durable_writes = true"
    ))
    .await;
    assert_eq!(
        db.rows(&select).await,
        [format!(
            "'{ks}' | true | {{'class': 'org.apache.cassandra.locator.SimpleStrategy', 'replication_factor': '1'}}"
        )]
    );
    db.ok(&format!("DROP KEYSPACE {ks}")).await;
    assert_eq!(db.rows(&select).await, Vec::<String>::new());
    db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn system_schema_tables_and_columns_follow_table_ddl() {
    let db = Db::new("sys_cols").await;
    let ks = db.ks().to_owned();
    db.ok(
        "CREATE TABLE t (a int, b text, c timestamp, s set<int> static, v frozen<list<text>>, \
         PRIMARY KEY ((a, b), c)) WITH CLUSTERING ORDER BY (c DESC) AND comment = 'first' \
         AND gc_grace_seconds = 3600",
    )
    .await;
    let tables = format!(
        "SELECT table_name, comment, gc_grace_seconds, default_time_to_live, flags FROM system_schema.tables WHERE keyspace_name = '{ks}'"
    );
    let columns = format!(
        "SELECT column_name, clustering_order, kind, position, type FROM system_schema.columns WHERE keyspace_name = '{ks}' AND table_name = 't'"
    );
    assert_eq!(
        db.rows(&tables).await,
        ["'t' | 'first' | 3600 | 0 | {'compound'}"]
    );
    assert_eq!(
        db.rows(&columns).await,
        [
            "'a' | 'none' | 'partition_key' | 0 | 'int'",
            "'b' | 'none' | 'partition_key' | 1 | 'text'",
            "'c' | 'desc' | 'clustering' | 0 | 'timestamp'",
            "'s' | 'none' | 'static' | -1 | 'set<int>'",
            "'v' | 'none' | 'regular' | -1 | 'frozen<list<text>>'",
        ]
    );

    db.ok("ALTER TABLE t ADD (w map<text, int>, x int static)")
        .await;
    db.ok("ALTER TABLE t DROP v").await;
    db.ok("ALTER TABLE t WITH comment = 'second' AND default_time_to_live = 60")
        .await;
    assert_eq!(
        db.rows(&tables).await,
        ["'t' | 'second' | 3600 | 60 | {'compound'}"]
    );
    assert_eq!(
        db.rows(&columns).await,
        [
            "'a' | 'none' | 'partition_key' | 0 | 'int'",
            "'b' | 'none' | 'partition_key' | 1 | 'text'",
            "'c' | 'desc' | 'clustering' | 0 | 'timestamp'",
            "'s' | 'none' | 'static' | -1 | 'set<int>'",
            "'w' | 'none' | 'regular' | -1 | 'map<text, int>'",
            "'x' | 'none' | 'static' | -1 | 'int'",
        ]
    );
    assert_eq!(
        db.rows(&format!(
            "SELECT table_name, column_name, kind, type FROM system_schema.dropped_columns WHERE keyspace_name = '{ks}'"
        ))
        .await,
        ["'t' | 'v' | 'regular' | 'frozen<list<text>>'"]
    );

    // Renaming a key column renames its row.
    db.ok("ALTER TABLE t RENAME c TO c2").await;
    assert_eq!(
        db.rows(&format!(
            "SELECT column_name, kind FROM system_schema.columns WHERE keyspace_name = '{ks}' AND table_name = 't' AND column_name = 'c2'"
        ))
        .await,
        ["'c2' | 'clustering'"]
    );

    db.ok("DROP TABLE t").await;
    assert_eq!(db.rows(&tables).await, Vec::<String>::new());
    assert_eq!(db.rows(&columns).await, Vec::<String>::new());
    assert_eq!(
        db.rows(&format!(
            "SELECT * FROM system_schema.dropped_columns WHERE keyspace_name = '{ks}'"
        ))
        .await,
        Vec::<String>::new()
    );
    db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn system_schema_types_follow_type_ddl() {
    let db = Db::new("sys_types").await;
    let ks = db.ks().to_owned();
    let types = format!(
        "SELECT type_name, field_names, field_types FROM system_schema.types WHERE keyspace_name = '{ks}'"
    );
    db.ok("CREATE TYPE phone (kind text, num text)").await;
    db.ok("CREATE TYPE person (name text, phones list<frozen<phone>>, tags set<text>)")
        .await;
    assert_eq!(
        db.rows(&types).await,
        [
            "'person' | ['name', 'phones', 'tags'] | ['text', 'list<frozen<phone>>', 'set<text>']",
            "'phone' | ['kind', 'num'] | ['text', 'text']",
        ]
    );
    db.ok("ALTER TYPE phone ADD ext int").await;
    db.ok("ALTER TYPE phone RENAME num TO number AND kind TO label")
        .await;
    assert_eq!(
        db.rows(&format!("{types} AND type_name = 'phone'")).await,
        ["'phone' | ['label', 'number', 'ext'] | ['text', 'text', 'int']"]
    );
    db.ok("DROP TYPE person").await;
    db.ok("DROP TYPE phone").await;
    assert_eq!(db.rows(&types).await, Vec::<String>::new());
    db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn system_schema_indexes_follow_index_ddl() {
    let db = Db::new("sys_idx").await;
    let ks = db.ks().to_owned();
    db.ok(
        "CREATE TABLE t (k int, c int, v int, s set<text>, m map<text, int>, fl frozen<list<int>>, \
         PRIMARY KEY (k, c))",
    )
    .await;
    db.ok_all(&[
        "CREATE INDEX ON t (v)",
        "CREATE INDEX s_idx ON t (s)",
        "CREATE INDEX mk_idx ON t (keys(m))",
        "CREATE INDEX mv_idx ON t (values(m))",
        "CREATE INDEX me_idx ON t (entries(m))",
        "CREATE INDEX fl_idx ON t (full(fl))",
        "CREATE INDEX c_idx ON t (c)",
    ])
    .await;
    let indexes = format!(
        "SELECT index_name, kind, options FROM system_schema.indexes WHERE keyspace_name = '{ks}' AND table_name = 't'"
    );
    assert_eq!(
        db.rows(&indexes).await,
        [
            "'c_idx' | 'COMPOSITES' | {'target': 'c'}",
            "'fl_idx' | 'COMPOSITES' | {'target': 'full(fl)'}",
            "'me_idx' | 'COMPOSITES' | {'target': 'entries(m)'}",
            "'mk_idx' | 'COMPOSITES' | {'target': 'keys(m)'}",
            "'mv_idx' | 'COMPOSITES' | {'target': 'values(m)'}",
            "'s_idx' | 'COMPOSITES' | {'target': 'values(s)'}",
            "'t_v_idx' | 'COMPOSITES' | {'target': 'v'}",
        ]
    );
    db.ok("DROP INDEX mk_idx").await;
    db.ok(&format!("DROP INDEX {ks}.t_v_idx")).await;
    assert_eq!(
        db.rows(&format!(
            "SELECT index_name FROM system_schema.indexes WHERE keyspace_name = '{ks}'"
        ))
        .await,
        ["'c_idx'", "'fl_idx'", "'me_idx'", "'mv_idx'", "'s_idx'"]
    );
    // Dropping the table drops its indexes.
    db.ok("DROP TABLE t").await;
    assert_eq!(db.rows(&indexes).await, Vec::<String>::new());
    db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn driver_metadata_follows_schema_changes() {
    let db = Db::new("sys_meta").await;
    let ks = db.ks().to_owned();
    db.ok("CREATE TYPE addr (street text, zip int)").await;
    db.ok("CREATE TABLE t (k int, c text, a frozen<addr>, PRIMARY KEY (k, c))")
        .await;
    db.ok("ALTER TABLE t ADD n bigint").await;
    // Schema agreement after DDL then a metadata refresh: the driver reads system_schema.
    db.session
        .refresh_metadata()
        .await
        .expect("metadata refresh");
    let state = db.session.get_cluster_state();
    let keyspace = state.get_keyspace(&ks).expect("keyspace in metadata");
    let table = keyspace.tables.get("t").expect("table in metadata");
    let mut columns: Vec<&str> = table.columns.keys().map(String::as_str).collect();
    columns.sort_unstable();
    assert_eq!(columns, ["a", "c", "k", "n"]);
    assert_eq!(table.partition_key, ["k"]);
    assert_eq!(table.clustering_key, ["c"]);
    let udt = keyspace
        .user_defined_types
        .get("addr")
        .expect("type in metadata");
    let fields: Vec<&str> = udt.field_types.iter().map(|(n, _)| n.as_ref()).collect();
    assert_eq!(fields, ["street", "zip"]);
    db.drop().await;
}
