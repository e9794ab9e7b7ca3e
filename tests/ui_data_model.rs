//! Compile-time checks of the data-model features: collections, static columns, deletes,
//! time functions, projections, token ranges, batches and counters. Every misuse in
//! `ui/data_model/<area>/` must fail with the reviewed `.stderr`.

#[test]
fn data_model_rules_are_compile_errors() {
    let cases = trybuild::TestCases::new();
    for area in [
        "collections",
        "statics",
        "deletes",
        "time",
        "projections",
        "reads",
        "batches",
        "counters",
    ] {
        cases.compile_fail(format!("ui/data_model/{area}/*.rs"));
    }
}
