//! Expansion snapshots, one per attribute feature: the derive's output for a small input,
//! pretty-printed and reviewed in `src/snapshots/`.

use proc_macro2::TokenStream;
use syn::DeriveInput;

fn pretty(tokens: TokenStream) -> String {
    match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(file) => prettyplease::unparse(&file),
        Err(err) => format!("unparsable expansion: {err}\n{tokens}"),
    }
}

fn model(input: DeriveInput) -> String {
    pretty(crate::expand::model(&input).unwrap_or_else(syn::Error::into_compile_error))
}

fn user_type(input: DeriveInput) -> String {
    pretty(crate::expand::user_type(&input).unwrap_or_else(syn::Error::into_compile_error))
}

#[test]
fn table_keyspace_and_options() {
    insta::assert_snapshot!(model(syn::parse_quote! {
        #[cql(
            table = "user_events",
            keyspace = "app",
            options(
                default_time_to_live = 86400,
                comment = "per-user log",
                gc_grace_seconds = 3600,
                bloom_filter_fp_chance = 0.01,
                compaction(class = "LeveledCompactionStrategy", sstable_size_in_mb = 160),
                caching(keys = "ALL", rows_per_partition = "NONE"),
            )
        )]
        pub struct UserEvent {
            #[cql(partition_key)]
            pub user_id: Uuid,
            pub body: String,
        }
    }));
}

#[test]
fn partition_clustering_and_order() {
    insta::assert_snapshot!(model(syn::parse_quote! {
        pub struct Reading {
            #[cql(partition_key)]
            pub sensor: String,
            #[cql(partition_key)]
            pub day: i32,
            #[cql(clustering_key, order = desc)]
            pub at: i64,
            #[cql(clustering_key)]
            pub seq: i32,
            pub value: f64,
        }
    }));
}

#[test]
fn static_column() {
    insta::assert_snapshot!(model(syn::parse_quote! {
        struct Message {
            #[cql(partition_key)]
            room: Uuid,
            #[cql(clustering_key)]
            sent: i64,
            #[cql(static)]
            topic: Option<String>,
            text: String,
        }
    }));
}

#[test]
fn secondary_indexes() {
    insta::assert_snapshot!(model(syn::parse_quote! {
        pub struct Post {
            #[cql(partition_key)]
            pub id: Uuid,
            #[cql(index)]
            pub author: Option<String>,
            #[cql(index = "values")]
            pub tags: HashSet<String>,
            #[cql(index = "keys")]
            pub attrs: HashMap<String, String>,
            #[cql(index = "entries")]
            pub scores: BTreeMap<String, i32>,
            #[cql(index = "full")]
            pub shape: Frozen<Vec<i32>>,
        }
    }));
}

#[test]
fn names_and_rename_all() {
    insta::assert_snapshot!(model(syn::parse_quote! {
        #[cql(table = "UserProfiles", rename_all = "camelCase")]
        pub struct UserProfile {
            #[cql(partition_key)]
            pub user_id: Uuid,
            pub display_name: String,
            #[cql(name = "select")]
            pub selection: Option<String>,
            pub r#type: i32,
        }
    }));
}

#[test]
fn type_override() {
    insta::assert_snapshot!(model(syn::parse_quote! {
        pub struct Code {
            #[cql(partition_key, type = "ascii")]
            pub code: String,
            #[cql(type = "set<ascii>")]
            pub aliases: HashSet<String>,
            #[cql(type = "frozen<list<int>>")]
            pub digits: Vec<i32>,
        }
    }));
}

#[test]
fn skip_and_default() {
    insta::assert_snapshot!(model(syn::parse_quote! {
        pub struct Account {
            #[cql(partition_key)]
            pub id: Uuid,
            #[cql(default)]
            pub roles: Vec<String>,
            #[cql(default = "Account::default_limit")]
            pub limit: i32,
            #[cql(skip)]
            pub cached: Option<String>,
        }
    }));
}

#[test]
fn counter_table_and_crate_path() {
    insta::assert_snapshot!(model(syn::parse_quote! {
        #[cql(crate = "my_orm")]
        pub struct PageViews {
            #[cql(partition_key)]
            pub page: String,
            pub views: Counter,
        }
    }));
}

#[test]
fn user_type_expansion() {
    insta::assert_snapshot!(user_type(syn::parse_quote! {
        #[cql(name = "address", rename_all = "camelCase")]
        pub struct Address {
            pub street: String,
            #[cql(name = "town")]
            pub city: String,
            #[cql(type = "ascii")]
            pub zip_code: Option<String>,
        }
    }));
}

#[test]
fn errors_come_with_a_fallback() {
    insta::assert_snapshot!(model(syn::parse_quote! {
        #[cql(tabel = "users")]
        pub struct User {
            #[cql(partition_key)]
            pub id: Option<Uuid>,
            #[cql(order = desc)]
            pub name: String,
        }
    }));
}

fn projection(input: DeriveInput) -> String {
    pretty(crate::expand::projection(&input).unwrap_or_else(syn::Error::into_compile_error))
}

#[test]
fn projection_of_columns_ttl_and_writetime() {
    insta::assert_snapshot!(projection(syn::parse_quote! {
        #[cql(model = crate::models::SensorEvent)]
        pub struct EventValue {
            pub id: Timeuuid,
            #[cql(column = value)]
            pub reading: f64,
            #[cql(ttl = value)]
            pub value_ttl: Option<i32>,
            #[cql(writetime = value)]
            pub written: Option<i64>,
        }
    }));
}

#[test]
fn projection_errors_are_reported_together() {
    insta::assert_snapshot!(projection(syn::parse_quote! {
        #[cql(table = "x")]
        pub struct Broken {
            #[cql(ttl = a, writetime = a)]
            pub a: Option<i32>,
            #[cql(column = "b")]
            pub b: i32,
        }
    }));
}
