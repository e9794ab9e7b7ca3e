//! Compile-fail cases for the query DSL: each file under `ui/query/` breaks one CQL rule and
//! its `.stderr` holds the diagnostic a user sees.

#[test]
fn query_rules_are_compile_errors() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/query/*.rs");
}
