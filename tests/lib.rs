//! Shared helpers for the workspace tests: where to find a CQL node (the embedded one by
//! default, or the cluster named by `CQL_ORM_TEST_NODES`).
