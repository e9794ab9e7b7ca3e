//! Collections and user-defined types: every collection operation, frozen and nested
//! collections, CONTAINS / CONTAINS KEY on indexed collections, nested UDTs, UDTs inside
//! collections and frozen in keys, optional and renamed UDT fields, and type DDL order.

#[path = "orm/data_model.rs"]
mod data_model;
#[path = "orm/setup.rs"]
mod setup;

use std::collections::{BTreeMap, BTreeSet};

use cql_orm::prelude::*;
use cql_orm::{Frozen, Schema};
use data_model::{
    profile, trip, visit, Geo, Place, Profile, ProfilePrimaryKey, Route, Trip, TripPrimaryKey,
    Visit, VisitPartitionKey,
};
use uuid::Uuid;

fn schema() -> Schema {
    // Declared out of dependency order on purpose: `place` uses `geo`.
    Schema::new()
        .user_type::<Place>()
        .user_type::<Geo>()
        .model::<Profile>()
        .model::<Visit>()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn place(street: &str, zip: Option<&str>, geo: Option<(f64, f64)>) -> Place {
    Place {
        street: street.into(),
        zip: zip.map(str::to_owned),
        geo: geo.map(|(lat, lon)| Frozen(Geo { lat, lon })),
    }
}

fn profile(id: Uuid) -> Profile {
    Profile {
        id,
        tags: set(&["rust", "cql"]),
        history: vec!["a".into(), "b".into()],
        prefs: BTreeMap::from([("theme".to_owned(), "dark".to_owned())]),
        scores: BTreeMap::from([("x".to_owned(), 1)]),
        frozen_tags: Frozen(set(&["f1", "f2"])),
        nested: BTreeMap::from([(
            "n".to_owned(),
            Frozen(vec![
                Frozen(BTreeSet::from([3, 1, 2])),
                Frozen(BTreeSet::new()),
            ]),
        )]),
        home: Some(place("1 Main St", Some("12345"), Some((51.5, -0.12)))),
        places: vec![
            Frozen(place("2 Side St", None, None)),
            Frozen(place("3 High St", Some("999"), Some((0.0, 0.0)))),
        ],
        by_name: BTreeMap::from([("work".to_owned(), Frozen(place("4 Office Rd", None, None)))]),
    }
}

fn key(id: Uuid) -> ProfilePrimaryKey {
    ProfilePrimaryKey { id }
}

#[test]
fn type_ddl_comes_in_dependency_order() {
    let ddl = schema().ddl("ks");
    let geo = ddl
        .iter()
        .position(|s| s.contains("TYPE IF NOT EXISTS \"ks\".\"geo\""));
    let place = ddl
        .iter()
        .position(|s| s.contains("TYPE IF NOT EXISTS \"ks\".\"place\""));
    let table = ddl
        .iter()
        .position(|s| s.contains("TABLE IF NOT EXISTS \"ks\".\"profiles\""));
    assert!(geo < place && place < table, "{ddl:#?}");
    let place_ddl = &ddl[place.unwrap()];
    assert!(place_ddl.contains("\"postal_code\" text"), "{place_ddl}");
    assert!(place_ddl.contains("\"geo\" frozen<\"geo\">"), "{place_ddl}");
}

#[tokio::test]
async fn nested_and_frozen_values_round_trip() {
    let (db, ks, h) = setup::setup("orm_coll_round", schema()).await;
    let id = Uuid::new_v4();
    let p = profile(id);
    p.insert().execute(&h).await.unwrap();
    assert_eq!(Profile::get(&h, key(id)).await.unwrap(), Some(p.clone()));

    // A UDT value with its optional fields unset reads back with them as None.
    let mut bare = profile(Uuid::new_v4());
    bare.home = Some(place("5 Empty St", None, None));
    bare.insert().execute(&h).await.unwrap();
    let read = Profile::get(&h, key(bare.id)).await.unwrap().unwrap();
    assert_eq!(read.home, Some(place("5 Empty St", None, None)));

    // Frozen UDT in the partition key.
    let where_ = Frozen(place("7 Key St", Some("1"), Some((1.0, 2.0))));
    for at in [3, 1, 2] {
        Visit {
            place: where_.clone(),
            at,
            who: format!("v{at}"),
        }
        .insert()
        .execute(&h)
        .await
        .unwrap();
    }
    let visits = Visit::select()
        .partition(VisitPartitionKey {
            place: where_.clone(),
        })
        .all(&h)
        .await
        .unwrap();
    assert_eq!(
        visits.iter().map(|v| v.at).collect::<Vec<_>>(),
        vec![1, 2, 3]
    );
    let only = Visit::select()
        .partition(VisitPartitionKey { place: where_ })
        .filter(visit::at.ge(2))
        .columns((visit::who,))
        .all(&h)
        .await
        .unwrap();
    assert_eq!(only, vec![("v2".to_owned(),), ("v3".to_owned(),)]);
    ks.drop(db.scylla()).await.unwrap();
}

#[tokio::test]
async fn udts_and_collections_nested_without_frozen_are_frozen_by_the_ddl() {
    let schema = Schema::new()
        .user_type::<Route>()
        .user_type::<Geo>()
        .model::<Trip>();
    let ddl = schema.ddl("ks").join("\n");
    assert!(ddl.contains("\"from\" frozen<\"geo\">"), "{ddl}");
    assert!(
        ddl.contains("\"stops\" frozen<list<frozen<\"geo\">>>"),
        "{ddl}"
    );
    assert!(ddl.contains("\"waypoints\" list<frozen<\"geo\">>"), "{ddl}");
    assert!(
        ddl.contains("\"legs\" map<text, frozen<list<int>>>"),
        "{ddl}"
    );
    let (db, ks, h) = setup::setup("orm_coll_autofreeze", schema).await;
    let geo = |lat| Geo { lat, lon: -lat };
    let t = Trip {
        id: 1,
        route: Route {
            from: geo(1.0),
            stops: vec![geo(2.0), geo(3.0)],
        },
        waypoints: vec![geo(4.0)],
        legs: BTreeMap::from([("a".to_owned(), vec![1, 2])]),
    };
    t.insert().execute(&h).await.unwrap();
    Trip::update(TripPrimaryKey { id: 1 })
        .append(trip::waypoints, [geo(5.0)])
        .put(trip::legs, "b", vec![3])
        .execute(&h)
        .await
        .unwrap();
    let back = Trip::get(&h, TripPrimaryKey { id: 1 })
        .await
        .unwrap()
        .unwrap();
    assert_eq!(back.route, t.route);
    assert_eq!(back.waypoints, vec![geo(4.0), geo(5.0)]);
    assert_eq!(back.legs["b"], vec![3]);
    db.verify_in::<Trip>(ks.name()).await.unwrap();
    ks.drop(db.scylla()).await.unwrap();
}

#[tokio::test]
async fn every_collection_operation() {
    let (db, ks, h) = setup::setup("orm_coll_ops", schema()).await;
    let id = Uuid::new_v4();
    profile(id).insert().execute(&h).await.unwrap();
    let get = || async { Profile::get(&h, key(id)).await.unwrap().unwrap() };

    // Sets: add, remove, replace.
    Profile::update(key(id))
        .add(profile::tags, ["db", "rust"])
        .execute(&h)
        .await
        .unwrap();
    assert_eq!(get().await.tags, set(&["cql", "db", "rust"]));
    Profile::update(key(id))
        .remove(profile::tags, ["cql"])
        .execute(&h)
        .await
        .unwrap();
    assert_eq!(get().await.tags, set(&["db", "rust"]));
    Profile::update(key(id))
        .set(profile::tags, set(&["only"]))
        .execute(&h)
        .await
        .unwrap();
    assert_eq!(get().await.tags, set(&["only"]));

    // Lists: append, prepend, set at an index, remove values, delete at an index.
    Profile::update(key(id))
        .append(profile::history, ["c", "a"])
        .execute(&h)
        .await
        .unwrap();
    Profile::update(key(id))
        .prepend(profile::history, ["z"])
        .execute(&h)
        .await
        .unwrap();
    assert_eq!(get().await.history, ["z", "a", "b", "c", "a"]);
    Profile::update(key(id))
        .set_at(profile::history, 1, "A")
        .execute(&h)
        .await
        .unwrap();
    assert_eq!(get().await.history, ["z", "A", "b", "c", "a"]);
    Profile::update(key(id))
        .remove(profile::history, ["a", "b"])
        .execute(&h)
        .await
        .unwrap();
    assert_eq!(get().await.history, ["z", "A", "c"]);
    Profile::delete(key(id))
        .element_at(profile::history, 0)
        .execute(&h)
        .await
        .unwrap();
    assert_eq!(get().await.history, ["A", "c"]);

    // Maps: put, merge, remove keys, delete an entry, replace.
    Profile::update(key(id))
        .put(profile::scores, "y", 2)
        .execute(&h)
        .await
        .unwrap();
    Profile::update(key(id))
        .merge(profile::scores, [("x", 10), ("z", 3)])
        .execute(&h)
        .await
        .unwrap();
    assert_eq!(
        get().await.scores,
        BTreeMap::from([("x".into(), 10), ("y".into(), 2), ("z".into(), 3)])
    );
    Profile::update(key(id))
        .remove_keys(profile::scores, ["x"])
        .execute(&h)
        .await
        .unwrap();
    Profile::delete(key(id))
        .element(profile::scores, "y")
        .execute(&h)
        .await
        .unwrap();
    assert_eq!(get().await.scores, BTreeMap::from([("z".into(), 3)]));
    Profile::update(key(id))
        .set(profile::scores, BTreeMap::new())
        .execute(&h)
        .await
        .unwrap();
    assert!(get().await.scores.is_empty());

    // A collection of UDTs grows like any other.
    Profile::update(key(id))
        .append(profile::places, [Frozen(place("9 New St", None, None))])
        .put(
            profile::by_name,
            "home",
            Frozen(place("10 Home Rd", Some("5"), None)),
        )
        .execute(&h)
        .await
        .unwrap();
    let p = get().await;
    assert_eq!(p.places.len(), 3);
    assert_eq!(p.places[2].street, "9 New St");
    assert_eq!(p.by_name["home"].zip.as_deref(), Some("5"));

    // Deleting a whole collection column.
    Profile::delete(key(id))
        .column(profile::prefs)
        .execute(&h)
        .await
        .unwrap();
    assert!(get().await.prefs.is_empty());
    ks.drop(db.scylla()).await.unwrap();
}

#[tokio::test]
async fn contains_and_contains_key_use_the_indexes() {
    let (db, ks, h) = setup::setup("orm_coll_contains", schema()).await;
    let (a, b, c) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
    let mut pa = profile(a);
    pa.tags = set(&["red", "blue"]);
    pa.prefs = BTreeMap::from([("lang".into(), "en".into())]);
    let mut pb = profile(b);
    pb.tags = set(&["blue"]);
    pb.prefs = BTreeMap::from([("theme".into(), "light".into())]);
    let mut pc = profile(c);
    pc.tags = set(&["green"]);
    for p in [&pa, &pb, &pc] {
        p.insert().execute(&h).await.unwrap();
    }
    let mut blue: Vec<Uuid> = Profile::select()
        .filter(profile::tags.contains("blue"))
        .all(&h)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.id)
        .collect();
    blue.sort();
    let mut expected = vec![a, b];
    expected.sort();
    assert_eq!(blue, expected);
    let lang: Vec<Uuid> = Profile::select()
        .filter(profile::prefs.contains_key("lang"))
        .all(&h)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(lang, vec![a]);
    // Both indexes at once need ALLOW FILTERING (the compiler insists); the result is the
    // intersection.
    let both = Profile::select()
        .filter(profile::tags.contains("blue"))
        .filter(profile::prefs.contains_key("theme"))
        .allow_filtering()
        .all(&h)
        .await
        .unwrap();
    assert_eq!(both.iter().map(|p| p.id).collect::<Vec<_>>(), vec![b]);
    ks.drop(db.scylla()).await.unwrap();
}
