//! User-defined types: an address book whose rows hold a UDT with a nested UDT, UDTs inside
//! a map and a list, an optional UDT and renamed fields. Run by the `user_types` example.

use std::collections::BTreeMap;
use std::io::Write;

use cql_orm::prelude::*;
use cql_orm::{Frozen, Schema, Session};

use crate::check::{found, same};
use crate::ExampleError;

mod model;

pub use model::{person, Address, Contact, Person, PersonPartitionKey, PersonPrimaryKey};

/// The schema of this example. The types are added dependents first on purpose:
/// [`Schema::ddl`] still creates `address` before `contact`, and both before the table.
pub fn schema() -> Schema {
    Schema::new()
        .model::<Person>()
        .user_type::<Contact>()
        .user_type::<Address>()
}

/// What [`run`] did.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The DDL statements executed, in order.
    pub ddl: Vec<String>,
    /// The people written (after the map update), in clustering order.
    pub written: Vec<Person>,
    /// The people read back from the table, in clustering order.
    pub read: Vec<Person>,
}

fn address(street: &str, city: &str, zip: Option<&str>) -> Address {
    Address {
        street: street.to_owned(),
        city: city.to_owned(),
        zip: zip.map(str::to_owned),
    }
}

/// The two people the example writes into `book`.
pub fn sample_people(book: &str) -> Vec<Person> {
    let home = address("12 Analytical Row", "London", Some("N1 7AA"));
    let ada = Person {
        book: book.to_owned(),
        name: "Ada Lovelace".to_owned(),
        contact: Contact {
            email: "ada@example.org".to_owned(),
            phone: Some("+44 20 7946 0000".to_owned()),
            mailing: Frozen(home.clone()),
        },
        addresses: BTreeMap::from([("home".to_owned(), Frozen(home))]),
        previous: vec![
            Frozen(address("St James's Square", "London", None)),
            Frozen(address("Ockham Park", "Surrey", Some("KT11"))),
        ],
        billing: Some(address("1 Counting House Lane", "London", Some("EC2"))),
        nickname: Some("Enchantress of Numbers".to_owned()),
    };
    let alan = Person {
        book: book.to_owned(),
        name: "Alan Turing".to_owned(),
        contact: Contact {
            email: "alan@example.org".to_owned(),
            phone: None,
            mailing: Frozen(address("Bletchley Park", "Milton Keynes", None)),
        },
        addresses: BTreeMap::new(),
        previous: Vec::new(),
        billing: None,
        nickname: None,
    };
    vec![ada, alan]
}

/// Creates the schema in `keyspace`, writes [`sample_people`], adds one labelled address
/// with a map-entry update, reads everything back and checks it equals what was written.
/// Prints each step to `out`; a read-back difference is an [`ExampleError::Mismatch`].
pub async fn run<W: Write + Send>(
    db: &Session,
    keyspace: &str,
    out: &mut W,
) -> Result<Outcome, ExampleError> {
    let schema = schema();
    let ddl = schema.ddl(keyspace);
    for stmt in &ddl {
        writeln!(out, "DDL: {stmt}")?;
    }
    schema.create_all(db, keyspace).await?;
    let ks = db.keyspace(keyspace);
    ks.verify::<Person>().await?;
    writeln!(out, "the live table `people` matches the model")?;

    let book = "friends";
    let mut people = sample_people(book);
    for p in &people {
        p.insert().execute(&ks).await?;
        writeln!(
            out,
            "inserted {:?}: mailing city {:?}, {} labelled and {} previous addresses, billing {}",
            p.name,
            p.contact.mailing.city,
            p.addresses.len(),
            p.previous.len(),
            if p.billing.is_some() { "set" } else { "unset" },
        )?;
    }

    // One map entry, whose value is a frozen UDT, written without rewriting the map.
    let work = address("Manchester University", "Manchester", Some("M13 9PL"));
    let alan = &mut people[1];
    Person::update(alan.primary_key())
        .put(person::addresses, "work", Frozen(work.clone()))
        .execute(&ks)
        .await?;
    alan.addresses.insert("work".to_owned(), Frozen(work));
    writeln!(out, "added a `work` address to {:?}", alan.name)?;

    for p in &people {
        let got = found(&p.name, Person::get(&ks, p.primary_key()).await?)?;
        same(&format!("person {:?}", p.name), p, &got)?;
    }
    writeln!(out, "every person reads back equal to what was written")?;

    // A projection reads single UDT-typed columns.
    let (contact, billing) = found(
        "Ada's contact",
        Person::select()
            .partition(PersonPartitionKey {
                book: book.to_owned(),
            })
            .filter(person::name.eq("Ada Lovelace"))
            .columns((person::contact, person::billing))
            .one(&ks)
            .await?,
    )?;
    same("Ada's contact", &people[0].contact, &contact)?;
    same("Ada's billing address", &people[0].billing, &billing)?;
    writeln!(
        out,
        "projection: Ada's mailing postcode {:?}, billing city {:?}",
        contact.mailing.zip,
        billing.as_ref().map(|b| b.city.as_str()),
    )?;

    let read = Person::select()
        .partition(PersonPartitionKey {
            book: book.to_owned(),
        })
        .all(&ks)
        .await?;
    same("the whole book", &people, &read)?;
    writeln!(
        out,
        "the book `{book}` lists {} people in name order",
        read.len()
    )?;
    Ok(Outcome {
        ddl,
        written: people,
        read,
    })
}
