//! The address book's user-defined types and its `people` table.
use std::collections::BTreeMap;

use cql_orm::{Frozen, Model, UserType};

/// A postal address (CQL type `address`).
#[derive(UserType, Debug, Clone, PartialEq)]
#[cql(name = "address")]
pub struct Address {
    /// Street and number.
    pub street: String,
    /// City.
    pub city: String,
    /// Postal code, stored in the CQL field `postcode`.
    #[cql(name = "postcode")]
    pub zip: Option<String>,
}

/// How to reach someone (CQL type `contact`); it nests an [`Address`], which CQL requires to
/// be frozen inside another user-defined type.
#[derive(UserType, Debug, Clone, PartialEq)]
#[cql(name = "contact")]
pub struct Contact {
    /// E-mail address.
    pub email: String,
    /// Phone number, if known.
    pub phone: Option<String>,
    /// Where letters go.
    pub mailing: Frozen<Address>,
}

/// One person in an address book (table `people`).
#[derive(Model, Debug, Clone, PartialEq)]
#[cql(table = "people")]
pub struct Person {
    /// The address book (partition key).
    #[cql(partition_key)]
    pub book: String,
    /// The person's name (clustering key: a book lists people by name).
    #[cql(clustering_key)]
    pub name: String,
    /// A non-frozen UDT column holding a nested UDT.
    pub contact: Contact,
    /// Labelled addresses: `map<text, frozen<address>>`.
    pub addresses: BTreeMap<String, Frozen<Address>>,
    /// Former addresses, newest first: `list<frozen<address>>`.
    pub previous: Vec<Frozen<Address>>,
    /// Where invoices go, if anywhere (an optional UDT column).
    pub billing: Option<Address>,
    /// Stored in the CQL column `nick`.
    #[cql(name = "nick")]
    pub nickname: Option<String>,
}
