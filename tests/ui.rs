//! Every diagnostic of `#[introspect]`, one case each, with its reviewed
//! `.stderr`; and the shapes that must compile.

#[test]
fn diagnostics() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
}
