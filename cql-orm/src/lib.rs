//! cql-orm: a compile-time checked object mapper for Apache Cassandra and ScyllaDB.
