//! CQL keywords (Cassandra 4.0's `K_*` tokens) and which of them may be used as identifiers.

use crate::types::NativeType;

/// How a keyword may be used outside its keyword role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// Reserved: never an unquoted identifier.
    Reserved,
    /// Cassandra's `basic_unreserved_keyword`: an identifier anywhere, also a function or
    /// user type name.
    Basic,
    /// A native type name: an identifier and a function name, not a user type name.
    Native,
    /// `TTL`, `COUNT`, `WRITETIME`, `KEY`, `CAST`, `JSON`, `DISTINCT`: an identifier, but not
    /// a function name (except `COUNT`) nor a user type name (except `KEY`).
    Special,
}

macro_rules! keywords {
    ($( $var:ident = $text:literal : $class:ident ),* $(,)?) => {
        /// A keyword token.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub(crate) enum Kw { $( $var, )* }

        impl Kw {
            /// The keyword spelled by an upper-cased word, if any.
            pub(crate) fn from_upper(word: &str) -> Option<Kw> {
                match word {
                    "TABLE" => Some(Kw::ColumnFamily),
                    "SCHEMA" => Some(Kw::Keyspace),
                    $( $text => Some(Kw::$var), )*
                    _ => None,
                }
            }

            /// The keyword's class.
            pub(crate) fn class(self) -> Class {
                match self { $( Kw::$var => Class::$class, )* }
            }

            /// Cassandra's token name (`K_FROM`), used in "expecting ..." messages.
            pub(crate) fn token_name(self) -> &'static str {
                match self { $( Kw::$var => concat!("K_", $text), )* }
            }
        }
    };
}

keywords! {
    Select = "SELECT": Reserved, From = "FROM": Reserved, Where = "WHERE": Reserved,
    And = "AND": Reserved, Entries = "ENTRIES": Reserved, Full = "FULL": Reserved,
    Insert = "INSERT": Reserved, Update = "UPDATE": Reserved, With = "WITH": Reserved,
    Limit = "LIMIT": Reserved, Using = "USING": Reserved, Use = "USE": Reserved,
    Set = "SET": Reserved, Begin = "BEGIN": Reserved, Unlogged = "UNLOGGED": Reserved,
    Batch = "BATCH": Reserved, Apply = "APPLY": Reserved, Truncate = "TRUNCATE": Reserved,
    Delete = "DELETE": Reserved, In = "IN": Reserved, Create = "CREATE": Reserved,
    Keyspace = "KEYSPACE": Reserved, ColumnFamily = "COLUMNFAMILY": Reserved,
    Materialized = "MATERIALIZED": Reserved, View = "VIEW": Reserved, Index = "INDEX": Reserved,
    On = "ON": Reserved, To = "TO": Reserved, Drop = "DROP": Reserved,
    Primary = "PRIMARY": Reserved, Into = "INTO": Reserved, Alter = "ALTER": Reserved,
    Rename = "RENAME": Reserved, Add = "ADD": Reserved, Order = "ORDER": Reserved,
    By = "BY": Reserved, Asc = "ASC": Reserved, Desc = "DESC": Reserved,
    Allow = "ALLOW": Reserved, If = "IF": Reserved, Is = "IS": Reserved,
    Grant = "GRANT": Reserved, Of = "OF": Reserved, Revoke = "REVOKE": Reserved,
    Modify = "MODIFY": Reserved, Authorize = "AUTHORIZE": Reserved,
    Describe = "DESCRIBE": Reserved, Execute = "EXECUTE": Reserved,
    NoRecursive = "NORECURSIVE": Reserved, Token = "TOKEN": Reserved, Null = "NULL": Reserved,
    Not = "NOT": Reserved, NaN = "NAN": Reserved, Infinity = "INFINITY": Reserved,
    Or = "OR": Reserved, Replace = "REPLACE": Reserved,

    Keys = "KEYS": Basic, As = "AS": Basic, Cluster = "CLUSTER": Basic,
    Clustering = "CLUSTERING": Basic, Compact = "COMPACT": Basic, Storage = "STORAGE": Basic,
    Tables = "TABLES": Basic, Type = "TYPE": Basic, Types = "TYPES": Basic,
    Values = "VALUES": Basic, Map = "MAP": Basic, List = "LIST": Basic,
    Filtering = "FILTERING": Basic, Permission = "PERMISSION": Basic,
    Permissions = "PERMISSIONS": Basic, Keyspaces = "KEYSPACES": Basic, All = "ALL": Basic,
    User = "USER": Basic, Users = "USERS": Basic, Role = "ROLE": Basic, Roles = "ROLES": Basic,
    Superuser = "SUPERUSER": Basic, NoSuperuser = "NOSUPERUSER": Basic, Login = "LOGIN": Basic,
    NoLogin = "NOLOGIN": Basic, Options = "OPTIONS": Basic, Password = "PASSWORD": Basic,
    Exists = "EXISTS": Basic, Custom = "CUSTOM": Basic, Trigger = "TRIGGER": Basic,
    Contains = "CONTAINS": Basic, Internals = "INTERNALS": Basic, Only = "ONLY": Basic,
    Static = "STATIC": Basic, Frozen = "FROZEN": Basic, Tuple = "TUPLE": Basic,
    Function = "FUNCTION": Basic, Functions = "FUNCTIONS": Basic,
    Aggregate = "AGGREGATE": Basic, Aggregates = "AGGREGATES": Basic, SFunc = "SFUNC": Basic,
    SType = "STYPE": Basic, FinalFunc = "FINALFUNC": Basic, InitCond = "INITCOND": Basic,
    Returns = "RETURNS": Basic, Language = "LANGUAGE": Basic, Called = "CALLED": Basic,
    Input = "INPUT": Basic, Like = "LIKE": Basic, Per = "PER": Basic,
    Partition = "PARTITION": Basic, Group = "GROUP": Basic, Datacenters = "DATACENTERS": Basic,
    Access = "ACCESS": Basic, Default = "DEFAULT": Basic, MBean = "MBEAN": Basic,
    MBeans = "MBEANS": Basic, Unset = "UNSET": Basic,

    Ascii = "ASCII": Native, BigInt = "BIGINT": Native, Blob = "BLOB": Native,
    Boolean = "BOOLEAN": Native, Counter = "COUNTER": Native, Decimal = "DECIMAL": Native,
    Double = "DOUBLE": Native, Duration = "DURATION": Native, Float = "FLOAT": Native,
    Inet = "INET": Native, Int = "INT": Native, SmallInt = "SMALLINT": Native,
    TinyInt = "TINYINT": Native, Text = "TEXT": Native, Uuid = "UUID": Native,
    Varchar = "VARCHAR": Native, Varint = "VARINT": Native, TimeUuid = "TIMEUUID": Native,
    Timestamp = "TIMESTAMP": Native, Date = "DATE": Native, Time = "TIME": Native,

    Ttl = "TTL": Special, Count = "COUNT": Special, WriteTime = "WRITETIME": Special,
    Key = "KEY": Special, Cast = "CAST": Special, Json = "JSON": Special,
    Distinct = "DISTINCT": Special,
}

impl Kw {
    /// Whether the keyword may be used as an unquoted identifier.
    pub(crate) fn is_unreserved(self) -> bool {
        self.class() != Class::Reserved
    }

    /// The native type a native-type keyword names.
    pub(crate) fn native_type(self) -> Option<NativeType> {
        Some(match self {
            Kw::Ascii => NativeType::Ascii,
            Kw::BigInt => NativeType::BigInt,
            Kw::Blob => NativeType::Blob,
            Kw::Boolean => NativeType::Boolean,
            Kw::Counter => NativeType::Counter,
            Kw::Decimal => NativeType::Decimal,
            Kw::Double => NativeType::Double,
            Kw::Duration => NativeType::Duration,
            Kw::Float => NativeType::Float,
            Kw::Inet => NativeType::Inet,
            Kw::Int => NativeType::Int,
            Kw::SmallInt => NativeType::SmallInt,
            Kw::TinyInt => NativeType::TinyInt,
            Kw::Text | Kw::Varchar => NativeType::Text,
            Kw::Uuid => NativeType::Uuid,
            Kw::Varint => NativeType::Varint,
            Kw::TimeUuid => NativeType::TimeUuid,
            Kw::Timestamp => NativeType::Timestamp,
            Kw::Date => NativeType::Date,
            Kw::Time => NativeType::Time,
            _ => return None,
        })
    }
}
