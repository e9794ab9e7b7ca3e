//! Compile-time checks of `#[derive(Model)]` and `#[derive(UserType)]`: every misuse in
//! `ui/derive/<area>/` must fail with the reviewed `.stderr`, and every model in
//! `ui/derive/pass/` must compile and run.

#[test]
fn derive_ui() {
    let cases = trybuild::TestCases::new();
    for area in [
        "structure",
        "attributes",
        "keys",
        "static",
        "counters",
        "names",
        "index",
        "types",
        "udt",
        "fallback",
    ] {
        cases.compile_fail(format!("ui/derive/{area}/*.rs"));
    }
    cases.pass("ui/derive/pass/*.rs");
}
