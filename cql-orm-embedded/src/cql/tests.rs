//! Unit tests of the CQL front end.
