//! User-defined types: as a regular column, frozen in a key, in a collection.

use cql_orm::{Frozen, Model, UserType};

#[derive(UserType, Debug, Clone, PartialEq)]
#[cql(name = "address")]
pub struct Address {
    pub street: String,
    pub city: String,
    #[cql(name = "postcode", type = "ascii")]
    pub zip: Option<String>,
}

#[derive(UserType, Debug, Clone, PartialEq)]
#[cql(rename_all = "camelCase")]
pub struct GeoPoint {
    pub lat_deg: f64,
    pub lon_deg: f64,
}

#[derive(Model, Debug, Clone, PartialEq)]
pub struct Delivery {
    #[cql(partition_key)]
    pub to: Frozen<Address>,
    #[cql(clustering_key)]
    pub at: i64,
    pub from: Option<Address>,
    pub route: Vec<Frozen<GeoPoint>>,
}

fn main() {
    assert_eq!(Address::NAME, "address");
    let fields: Vec<(&str, String)> = Address::FIELDS
        .iter()
        .map(|f| (f.name, f.cql_type.to_string()))
        .collect();
    assert_eq!(
        fields,
        [
            ("street", "text".to_owned()),
            ("city", "text".to_owned()),
            ("postcode", "ascii".to_owned())
        ]
    );
    assert_eq!(GeoPoint::NAME, "geo_point");
    let names: Vec<&str> = GeoPoint::FIELDS.iter().map(|f| f.name).collect();
    assert_eq!(names, ["latDeg", "lonDeg"]);

    assert_eq!(Delivery::TABLE, "delivery");
    let types: Vec<String> = Delivery::COLUMNS.iter().map(|c| c.cql_type.schema_string()).collect();
    assert_eq!(types, ["frozen<address>", "bigint", "address", "list<frozen<geo_point>>"]);
}
