//! A real crate of closure factories: nom 7.1.3, fetched from crates.io, with
//! `#[freevars::introspect]` on every function returning `impl Fn..`,
//! `impl FnMut..` or `impl FnOnce..`, must pass its own test suite (unit,
//! integration and doc tests):
//!
//! - on nightly with `--features nightly` and the default attribute, where
//!   every combinator returns a `Closure` and nom's code composes them (nom
//!   itself needs no `#![feature(..)]`);
//! - on stable with `#[introspect(twin)]`, plus one test calling
//!   `tag_introspected("ab")`.
//!
//! Opt-in: it downloads nom and builds it twice (CI runs it with
//! `--ignored`). Everything lives in `target/nom-check`; nothing of nom is
//! committed, and a second run rebuilds only what changed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::{env, fs};

use syn::spanned::Spanned;
use syn::visit::Visit;

const NOM: &str = "7.1.3";
/// nom 7.1.3 has 86 functions returning `impl Fn..` (issue 14).
const FACTORIES: usize = 86;
/// nom 7.1.3's own suite: 248 unit and integration tests, 247 doc tests.
const TESTS: usize = 248;
const DOC_TESTS: usize = 247;

#[test]
#[ignore = "downloads nom 7.1.3 and runs its tests on nightly (minutes); CI runs it with --ignored"]
fn nom_passes_its_tests_with_every_factory_introspected_on_nightly() {
    let nom = Annotated::prepare("nightly", "#[freevars::introspect]", &["nightly"]);
    let tests = nom.cargo_test("+nightly", &["--lib", "--tests"]);
    let doc = nom.cargo_test("+nightly", &["--doc"]);
    nom.report(&tests, &doc);
    tests.assert_all_passed(TESTS);
    doc.assert_all_passed(DOC_TESTS);
}

/// The twin of `tag`, called from outside nom: the one test added to nom.
const TWIN_TEST: &str = r#"
use nom::bytes::complete::tag_introspected;

#[test]
fn tag_has_an_introspectable_twin() {
    let tag = tag_introspected::<_, &str, nom::error::Error<&str>>("ab");
    assert_eq!(tag.freevars(), ["tag"]);
    assert_eq!(tag("abc"), Ok(("c", "ab")));
}
"#;

#[test]
#[ignore = "downloads nom 7.1.3 and runs its tests (minutes); CI runs it with --ignored"]
fn nom_passes_its_tests_with_every_factory_twinned_on_stable() {
    let nom = Annotated::prepare("twin", "#[freevars::introspect(twin)]", &[]);
    write_if_changed(&nom.dir.join("tests/freevars_twin.rs"), TWIN_TEST);
    let tests = nom.cargo_test("+stable", &["--lib", "--tests"]);
    let doc = nom.cargo_test("+stable", &["--doc"]);
    nom.report(&tests, &doc);
    assert!(
        tests
            .passed_names
            .iter()
            .any(|name| name == "tag_has_an_introspectable_twin"),
        "the twin's test ran: {}",
        tests.log.display()
    );
    tests.assert_all_passed(TESTS + 1);
    doc.assert_all_passed(DOC_TESTS);
}

/// A copy of nom with the attribute on every closure factory.
struct Annotated {
    mode: &'static str,
    dir: PathBuf,
    /// Annotated functions per file (`src/..`).
    factories: BTreeMap<String, usize>,
}

impl Annotated {
    /// Copies nom into `target/nom-check/nom-MODE`, writes `attribute` before
    /// every closure factory, and makes `freevars` (with `features`) a
    /// dependency. Files are written only when they change, so that cargo
    /// rebuilds nothing on a second run.
    fn prepare(mode: &'static str, attribute: &str, features: &[&str]) -> Annotated {
        let source = nom_source();
        let dir = check_dir().join(format!("nom-{mode}"));
        let mut factories = BTreeMap::new();
        for file in files(source) {
            let relative = file.strip_prefix(source).unwrap();
            let target = dir.join(relative);
            let text = fs::read_to_string(&file).unwrap();
            let text = if relative.starts_with("src") && file.extension().is_some_and(|e| e == "rs")
            {
                let (text, count) = annotate(&text, attribute)
                    .unwrap_or_else(|e| panic!("{} does not parse: {e}", file.display()));
                if count > 0 {
                    factories.insert(relative.display().to_string(), count);
                }
                text
            } else if relative == Path::new("Cargo.toml") {
                with_freevars(&text, features)
            } else {
                text
            };
            write_if_changed(&target, &text);
        }
        let nom = Annotated {
            mode,
            dir,
            factories,
        };
        assert!(
            nom.count() >= FACTORIES,
            "{} closure factories annotated in nom, expected at least {FACTORIES}: {:?}",
            nom.count(),
            nom.factories
        );
        nom
    }

    fn count(&self) -> usize {
        self.factories.values().sum()
    }

    /// `cargo TOOLCHAIN test ARGS` in the copy, its own target directory per
    /// mode so that the two runs do not wait for each other's lock.
    fn cargo_test(&self, toolchain: &str, args: &[&str]) -> Run {
        let mut command = Command::new("cargo");
        command
            .arg(toolchain)
            .args(["test", "--no-fail-fast"])
            .args(args)
            .current_dir(&self.dir)
            .env(
                "CARGO_TARGET_DIR",
                check_dir().join(format!("target-{}", self.mode)),
            )
            .env("CARGO_TERM_COLOR", "never");
        // This test's own build settings are not nom's: CI denies warnings
        // in rustdoc, and nom's doc tests are not ours to lint.
        for var in [
            "RUSTFLAGS",
            "RUSTDOCFLAGS",
            "CARGO_ENCODED_RUSTFLAGS",
            "CARGO_ENCODED_RUSTDOCFLAGS",
            "CARGO_BUILD_TARGET_DIR",
            "RUSTC",
            "RUSTDOC",
            "RUSTC_WRAPPER",
            "RUSTC_WORKSPACE_WRAPPER",
        ] {
            command.env_remove(var);
        }
        let output = command.output().expect("cargo runs");
        let what = args.join("-").replace("--", "");
        let log = check_dir().join(format!("{}-{what}.log", self.mode));
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        fs::write(&log, format!("{stderr}\n{stdout}")).unwrap();
        let run = Run::parse(&stdout, log);
        assert!(
            output.status.success() || run.failed > 0,
            "cargo {toolchain} test {} failed to build nom ({}):\n{}",
            args.join(" "),
            run.log.display(),
            tail(&stderr, 60)
        );
        run
    }

    fn report(&self, tests: &Run, doc: &Run) {
        println!(
            "nom {NOM} ({}): {} functions annotated in {} files; unit and integration \
             tests {} passed, {} failed; doc tests {} passed, {} failed",
            self.mode,
            self.count(),
            self.factories.len(),
            tests.passed,
            tests.failed,
            doc.passed,
            doc.failed
        );
    }
}

/// The counts of one `cargo test`, summed over its test binaries.
struct Run {
    passed: usize,
    failed: usize,
    failed_names: Vec<String>,
    passed_names: Vec<String>,
    log: PathBuf,
}

impl Run {
    fn parse(stdout: &str, log: PathBuf) -> Run {
        let mut run = Run {
            passed: 0,
            failed: 0,
            failed_names: Vec::new(),
            passed_names: Vec::new(),
            log,
        };
        for line in stdout.lines() {
            if let Some(result) = line.strip_prefix("test result: ") {
                run.passed += count(result, " passed");
                run.failed += count(result, " failed");
            } else if let Some(name) = line
                .strip_prefix("test ")
                .and_then(|l| l.strip_suffix(" ... FAILED"))
            {
                run.failed_names.push(name.to_owned());
            } else if let Some(name) = line
                .strip_prefix("test ")
                .and_then(|l| l.strip_suffix(" ... ok"))
            {
                run.passed_names.push(name.to_owned());
            }
        }
        run
    }

    fn assert_all_passed(&self, at_least: usize) {
        assert!(
            self.failed == 0 && self.passed >= at_least,
            "{} passed (expected at least {at_least}), {} failed: {:#?}\nlog: {}",
            self.passed,
            self.failed,
            self.failed_names,
            self.log.display()
        );
    }
}

/// `N` in `ok. 12 passed; 0 failed; ..` for `what` = `" passed"`.
fn count(result: &str, what: &str) -> usize {
    result
        .split(';')
        .find_map(|part| {
            part.trim()
                .rsplit(". ")
                .next()?
                .strip_suffix(what)?
                .trim()
                .parse()
                .ok()
        })
        .unwrap_or(0)
}

/// Inserts `attribute` before every function (free, nested or in an
/// inherent `impl`) whose return type is `impl Fn..`, `impl FnMut..` or
/// `impl FnOnce..`, after its other attributes and doc comment, leaving
/// every other byte as it was (doc tests and line numbers included).
fn annotate(text: &str, attribute: &str) -> syn::Result<(String, usize)> {
    let file = syn::parse_file(text)?;
    let mut factories = Factories::default();
    factories.visit_file(&file);
    let mut text = text.to_owned();
    let count = factories.starts.len();
    for start in factories.starts.into_iter().rev() {
        let offset = byte_offset(&text, start);
        text.insert_str(offset, &format!("{attribute} "));
    }
    Ok((text, count))
}

#[derive(Default)]
struct Factories {
    /// Where each factory starts, past its attributes: its visibility or
    /// `fn`.
    starts: Vec<proc_macro2::LineColumn>,
}

impl<'ast> Visit<'ast> for Factories {
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        if returns_a_closure(&f.sig.output) {
            let bare = syn::ItemFn {
                attrs: Vec::new(),
                ..f.clone()
            };
            self.starts.push(bare.span().start());
        }
        syn::visit::visit_item_fn(self, f);
    }

    fn visit_item_impl(&mut self, item: &'ast syn::ItemImpl) {
        // A trait fixes its methods' return types: the attribute refuses
        // trait impls.
        if item.trait_.is_none() {
            syn::visit::visit_item_impl(self, item);
        }
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        if returns_a_closure(&f.sig.output) {
            let bare = syn::ImplItemFn {
                attrs: Vec::new(),
                ..f.clone()
            };
            self.starts.push(bare.span().start());
        }
        syn::visit::visit_impl_item_fn(self, f);
    }
}

fn returns_a_closure(output: &syn::ReturnType) -> bool {
    let syn::ReturnType::Type(_, ty) = output else {
        return false;
    };
    let syn::Type::ImplTrait(bounds) = &**ty else {
        return false;
    };
    bounds.bounds.iter().any(|bound| match bound {
        syn::TypeParamBound::Trait(t) => t
            .path
            .segments
            .last()
            .is_some_and(|s| ["Fn", "FnMut", "FnOnce"].iter().any(|name| s.ident == name)),
        _ => false,
    })
}

/// The byte offset of a line (from 1) and column (in characters, from 0).
fn byte_offset(text: &str, at: proc_macro2::LineColumn) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(at.line - 1)
        .map(str::len)
        .sum();
    let line = &text[line_start..];
    line_start
        + line
            .char_indices()
            .nth(at.column)
            .map_or(line.len(), |(i, _)| i)
}

/// nom's `Cargo.toml` with `freevars` from this workspace, and a
/// `[workspace]` of its own (the copy is inside this workspace's `target`).
fn with_freevars(manifest: &str, features: &[&str]) -> String {
    let root = workspace_root();
    format!(
        "{manifest}\n[dependencies.freevars]\npath = {:?}\nfeatures = {features:?}\n\n[workspace]\n",
        root.display().to_string()
    )
}

/// nom's unpacked source in cargo's registry, downloaded once through a
/// scratch project that depends on it.
fn nom_source() -> &'static Path {
    static SOURCE: OnceLock<PathBuf> = OnceLock::new();
    SOURCE.get_or_init(|| {
        let scratch = check_dir().join("fetch");
        write_if_changed(
            &scratch.join("Cargo.toml"),
            &format!(
                "[package]\nname = \"nom-fetch\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\
                 publish = false\n\n[dependencies]\nnom = \"={NOM}\"\n\n[workspace]\n"
            ),
        );
        write_if_changed(&scratch.join("src/lib.rs"), "");
        let output = Command::new("cargo")
            .args(["metadata", "--format-version", "1"])
            .current_dir(&scratch)
            .output()
            .expect("cargo runs");
        assert!(
            output.status.success(),
            "cargo metadata (fetching nom {NOM}): {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let nom = metadata["packages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == "nom" && p["version"] == NOM)
            .expect("nom is a package of the scratch project");
        Path::new(nom["manifest_path"].as_str().unwrap())
            .parent()
            .unwrap()
            .to_owned()
    })
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_owned()
}

fn check_dir() -> PathBuf {
    workspace_root().join("target/nom-check")
}

/// Every file under `dir`, sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn write_if_changed(path: &Path, text: &str) {
    if fs::read_to_string(path).is_ok_and(|old| old == text) {
        return;
    }
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

#[test]
fn annotates_factories_after_their_attributes_and_nothing_else() {
    let source = "\
/// Doc, with `-> impl Fn()` in it.
#[inline]
pub fn tag<T>(t: T) -> impl Fn(&str) -> bool { move |s| true }
fn plain() -> i32 { 1 }
impl S {
    pub(crate) fn m(&self) -> impl FnMut() + '_ { || () }
}
impl Parser for S {
    fn parse(&self) -> impl Fn() { || () }
}
fn é() -> impl FnOnce() { || () }
";
    let (text, count) = annotate(source, "#[a]").unwrap();
    assert_eq!(count, 3);
    assert_eq!(
        text,
        "\
/// Doc, with `-> impl Fn()` in it.
#[inline]
#[a] pub fn tag<T>(t: T) -> impl Fn(&str) -> bool { move |s| true }
fn plain() -> i32 { 1 }
impl S {
    #[a] pub(crate) fn m(&self) -> impl FnMut() + '_ { || () }
}
impl Parser for S {
    fn parse(&self) -> impl Fn() { || () }
}
#[a] fn é() -> impl FnOnce() { || () }
"
    );
}

#[test]
fn counts_each_binarys_results() {
    let run = Run::parse(
        "test a ... ok\ntest b ... FAILED\ntest result: FAILED. 1 passed; 1 failed; 0 ignored\n\
         test result: ok. 12 passed; 0 failed; 2 ignored; 0 measured; 0 filtered out\n",
        PathBuf::new(),
    );
    assert_eq!((run.passed, run.failed), (13, 1));
    assert_eq!(run.failed_names, ["b"]);
    assert_eq!(run.passed_names, ["a"]);
}
