//! Every diagnostic of `#[introspect]`, one case each with its reviewed
//! `.stderr`, in a folder per topic: `args`, `borrowing` (documented limits
//! of the borrows, which rustc reports), `composition` (a `Closure`
//! where a closure is expected, on stable), `impl_blocks`, `item`,
//! `macros_in_body`, `returns`, `scope`, `spans` (errors rustc reports
//! inside rewritten code point at the user's code), `sync` (closures for
//! other threads) and `twin`.

#[test]
fn diagnostics() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*/*.rs");
}
