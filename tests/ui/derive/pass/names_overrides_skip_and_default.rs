//! `rename_all`, `name`, quoting of names CQL would fold or misread, `type` overrides,
//! `skip` and `default`.

use std::collections::HashSet;

use cql_orm::Model;

#[derive(Model, Debug)]
#[cql(table = "Profiles", rename_all = "camelCase")]
pub struct Profile {
    #[cql(partition_key, type = "ascii")]
    pub user_code: String,
    #[cql(name = "select")]
    pub selection: Option<String>,
    pub r#type: i32,
    #[cql(type = "set<ascii>")]
    pub short_tags: HashSet<String>,
    #[cql(type = "frozen<list<int>>")]
    pub digits: Vec<i32>,
    #[cql(default)]
    pub roles: Vec<String>,
    #[cql(default = "Profile::default_limit")]
    pub daily_limit: i32,
    #[cql(skip)]
    pub cached_score: Option<f64>,
}

impl Profile {
    fn default_limit() -> i32 {
        100
    }
}

fn main() {
    let cols: Vec<(&str, String)> = Profile::COLUMNS
        .iter()
        .map(|c| (c.name, c.cql_type.to_string()))
        .collect();
    assert_eq!(
        cols,
        [
            ("userCode", "ascii".to_owned()),
            ("select", "text".to_owned()),
            ("type", "int".to_owned()),
            ("shortTags", "set<ascii>".to_owned()),
            ("digits", "frozen<list<int>>".to_owned()),
            ("roles", "list<text>".to_owned()),
            ("dailyLimit", "int".to_owned()),
        ]
    );
    assert_eq!(
        Profile::STATEMENTS.insert.render("\"Profiles\""),
        "INSERT INTO \"Profiles\" (\"userCode\", \"select\", \"type\", \"shortTags\", \
         \"digits\", \"roles\", \"dailyLimit\") VALUES (?, ?, ?, ?, ?, ?, ?)"
    );
    assert_eq!(Profile::default_limit(), 100);
    let _type_column = profile::r#type;
}
