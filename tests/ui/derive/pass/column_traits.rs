//! The column module's values carry the column traits the query DSL relies on.

use std::collections::{BTreeMap, BTreeSet};

use cql_orm::column::{
    ClusteringColumn, Column, CounterColumn, FollowsClustering, Indexed, ListColumn, MapColumn,
    NoClustering, NonCounterColumn, NonKeyColumn, PartitionKeyColumn, RegularColumn, SetColumn,
    StaticColumn,
};
use cql_orm::{Counter, Model};

#[derive(Model)]
pub struct Sensor {
    #[cql(partition_key)]
    pub site: String,
    #[cql(partition_key)]
    pub sensor: i32,
    #[cql(clustering_key, order = desc)]
    pub day: i32,
    #[cql(clustering_key)]
    pub seq: i64,
    #[cql(static)]
    pub label: Option<String>,
    #[cql(index)]
    pub kind: Option<String>,
    pub samples: Vec<f64>,
    pub flags: BTreeSet<String>,
    pub limits: BTreeMap<String, f64>,
}

#[derive(Model)]
pub struct Hits {
    #[cql(partition_key)]
    pub page: String,
    pub hits: Counter,
}

fn partition<C: PartitionKeyColumn<Sensor>>(_: C) -> usize {
    C::POSITION
}
fn clustering<C: ClusteringColumn<Sensor>>(_: C) -> usize {
    C::POSITION
}
fn follows<C: FollowsClustering<P>, P>(_: C, _: P) {}
fn static_col<C: StaticColumn<Sensor> + NonKeyColumn<Sensor>>(_: C) {}
fn regular<C: RegularColumn<Sensor> + NonCounterColumn<Sensor>>(_: C) {}
fn indexed<C: Indexed<Sensor>>(_: C) {}
fn list<C: ListColumn<Sensor, Elem = f64>>(_: C) {}
fn set<C: SetColumn<Sensor, Elem = String>>(_: C) {}
fn map<C: MapColumn<Sensor, Key = String, Val = f64>>(_: C) {}
fn counter<C: CounterColumn<Hits>>(_: C) {}
fn index_of<C: Column>(_: C) -> usize {
    C::INDEX
}

fn main() {
    assert_eq!(partition(sensor::site), 0);
    assert_eq!(partition(sensor::sensor), 1);
    assert_eq!(clustering(sensor::day), 0);
    assert_eq!(clustering(sensor::seq), 1);
    follows(sensor::day, NoClustering);
    follows(sensor::seq, sensor::day);
    static_col(sensor::label);
    regular(sensor::samples);
    indexed(sensor::kind);
    list(sensor::samples);
    set(sensor::flags);
    map(sensor::limits);
    counter(hits::hits);
    assert_eq!(index_of(sensor::limits), 8);
    assert_eq!(<sensor::kind as Column>::NAME, "kind");
}
