//! The generated check of issue 10: every closure factory that compiles and
//! runs as plain Rust compiles and runs the same with `#[introspect]`.
//!
//! `combos` writes the cross product of return shapes, signature forms and
//! capture types, each as a plain and an annotated module. This test builds
//! the plain crate under `target/cross-product/`, drops the combinations
//! rustc refuses (it maps each error's line to its combination) until the
//! crate compiles, builds the survivors annotated the same way, then runs
//! both binaries and compares their `combination: results` lines.
//!
//! The return shapes the README refuses (`Rc<dyn Fn..>`, `Option<impl Fn..>`,
//! `Result<impl Fn.., E>`) are counted apart: annotated, they must be refused
//! with the attribute's own error, or compile and agree.
//!
//! Each signature form is generated twice, with an owned result and with one
//! borrowed from the closure's argument (`impl Fn(&str) -> &str`); a generic
//! value is captured only where the signature has a type parameter. Plain
//! sibling closures each rebind their own copy of a `let mut` integer where
//! annotated ones share its cell (Python's late binding), so for that capture
//! a tuple's two closures come from two calls and are compared one by one.
//! Why each dropped combination was dropped is in
//! `target/cross-product/{plain,annotated}-errors.txt`.

#[path = "cross_product/combos.rs"]
mod combos;
#[path = "cross_product/json.rs"]
mod json;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use combos::Combo;
use json::Json;

#[test]
#[ignore = "builds two generated crates; CI runs it with --ignored"]
fn every_plain_combination_compiles_and_runs_the_same_annotated() {
    let started = Instant::now();
    let workspace = Workspace::create();
    let all = combos::all();

    let plain = workspace.compile_until_clean("plain", &all, false);
    let survivors: Vec<Combo> = plain.compiled.iter().map(|&i| all[i]).collect();
    workspace.write_errors("plain-errors.txt", &all, &plain.failed);
    let annotated = workspace.compile_until_clean("annotated", &survivors, true);
    workspace.write_errors("annotated-errors.txt", &survivors, &annotated.failed);

    let plain_results = run(&plain.executable);
    let annotated_results = run(&annotated.executable);

    let mut report = Report::default();
    for (i, combo) in survivors.iter().enumerate() {
        let name = combo.name();
        let refused = combo.shape.documented_refused();
        if let Some(error) = annotated.failed.get(&i) {
            if !refused {
                report.failed.push((*combo, error.clone()));
            } else if !error.message.starts_with("#[introspect]") {
                report.unclear_refusals.push((*combo, error.clone()));
            }
            continue;
        }
        let (plain_result, annotated_result) = (&plain_results[&name], &annotated_results[&name]);
        if plain_result == annotated_result {
            report.equal += 1;
        } else {
            report
                .differ
                .push((name, plain_result.clone(), annotated_result.clone()));
        }
    }

    let count = |combos: &[Combo], refused: bool| {
        combos
            .iter()
            .filter(|combo| combo.shape.documented_refused() == refused)
            .count()
    };
    let annotated_compiled: Vec<Combo> = annotated.compiled.iter().map(|&i| survivors[i]).collect();
    println!(
        "cross product: {} combinations generated ({} with a supported shape, {} with a \
         documented-refused one)\n\
         plain survivors: {} supported + {} refused ({} rounds of rustc)\n\
         annotated: {} of {} supported survivors compile, {} of {} refused ones compile \
         ({} rounds of rustc)\n\
         results equal: {} of {} compiled\n\
         time: {:.1?}",
        all.len(),
        count(&all, false),
        count(&all, true),
        count(&survivors, false),
        count(&survivors, true),
        plain.rounds,
        count(&annotated_compiled, false),
        count(&survivors, false),
        count(&annotated_compiled, true),
        count(&survivors, true),
        annotated.rounds,
        report.equal,
        annotated_compiled.len(),
        started.elapsed(),
    );
    let failures = report.describe();
    assert!(failures.is_empty(), "{failures}");
    // The README states these counts (with Rust 1.95).
    assert_eq!(all.len(), 1_020);
    assert_eq!(
        (count(&survivors, false), count(&survivors, true)),
        (552, 104)
    );
}

#[derive(Default)]
struct Report {
    equal: usize,
    /// Supported shapes that compile plain and not annotated.
    failed: Vec<(Combo, Diagnostic)>,
    /// Documented-refused shapes whose first error is not the attribute's.
    unclear_refusals: Vec<(Combo, Diagnostic)>,
    /// Name, plain result, annotated result.
    differ: Vec<(String, String, String)>,
}

impl Report {
    /// The failures grouped by their first error, then by signature form,
    /// each group with one full rendering; empty when there are none.
    fn describe(&self) -> String {
        let mut text = String::new();
        for (title, failures) in [
            ("compile plain but not annotated", &self.failed),
            (
                "are documented as refused but the first error is not the attribute's",
                &self.unclear_refusals,
            ),
        ] {
            if failures.is_empty() {
                continue;
            }
            writeln!(text, "\n{} combinations {title}:", failures.len()).unwrap();
            let mut groups: BTreeMap<(&str, String), Vec<&(Combo, Diagnostic)>> = BTreeMap::new();
            for failure in failures {
                let key = (failure.1.message.as_str(), failure.0.form());
                groups.entry(key).or_default().push(failure);
            }
            for ((message, form), failures) in groups {
                let names: Vec<String> = failures
                    .iter()
                    .map(|(combo, _)| combo.shape_and_capture())
                    .collect();
                writeln!(
                    text,
                    "\n  `{message}`, {form}, {} combinations: {}\n  the first ({}):\n{}",
                    failures.len(),
                    names.join(", "),
                    failures[0].0.name(),
                    failures[0].1.rendered
                )
                .unwrap();
            }
        }
        if !self.differ.is_empty() {
            writeln!(
                text,
                "\n{} combinations give other results annotated:",
                self.differ.len()
            )
            .unwrap();
            for (name, plain, annotated) in &self.differ {
                writeln!(
                    text,
                    "  {name}\n    plain:     {plain}\n    annotated: {annotated}"
                )
                .unwrap();
            }
        }
        text
    }
}

/// The scratch workspace: `plain` and `annotated` crates sharing a target
/// directory of their own, so that the main build is never locked.
struct Workspace {
    root: PathBuf,
}

struct Outcome {
    /// Indices of the combinations that compiled.
    compiled: Vec<usize>,
    /// The first error of each combination that did not.
    failed: BTreeMap<usize, Diagnostic>,
    executable: PathBuf,
    rounds: usize,
}

#[derive(Clone, Debug)]
struct Diagnostic {
    message: String,
    rendered: String,
}

impl Workspace {
    fn create() -> Workspace {
        // `CARGO_TARGET_TMPDIR` is `<target>/tmp`, wherever the target is.
        let target = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().unwrap();
        let root = target.join("cross-product");
        let freevars = env!("CARGO_MANIFEST_DIR");
        for (package, dependencies) in [
            ("plain", String::new()),
            (
                "annotated",
                format!("freevars = {{ path = {freevars:?} }}\n"),
            ),
        ] {
            std::fs::create_dir_all(root.join(package).join("src")).unwrap();
            // Cargo loads every member, the one not built yet too.
            let main = root.join(package).join("src").join("main.rs");
            if !main.exists() {
                std::fs::write(main, "fn main() {}\n").unwrap();
            }
            write_if_changed(
                &root.join(package).join("Cargo.toml"),
                &format!(
                    "[package]\nname = \"{package}\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\
                     publish = false\n\n[dependencies]\n{dependencies}"
                ),
            );
        }
        write_if_changed(
            &root.join("Cargo.toml"),
            "[workspace]\nmembers = [\"plain\", \"annotated\"]\nresolver = \"3\"\n\n\
             [profile.dev]\ndebug = false\n",
        );
        // The main build's versions, so that cargo resolves nothing online.
        std::fs::copy(
            Path::new(freevars).join("Cargo.lock"),
            root.join("Cargo.lock"),
        )
        .unwrap();
        Workspace { root }
    }

    /// Builds `package` from `combos`, dropping the combinations with errors
    /// until it compiles.
    fn compile_until_clean(&self, package: &str, combos: &[Combo], annotated: bool) -> Outcome {
        let mut remaining: Vec<usize> = (0..combos.len()).collect();
        let mut failed = BTreeMap::new();
        for round in 1.. {
            let kept: Vec<Combo> = remaining.iter().map(|&i| combos[i]).collect();
            let (source, lines) = combos::crate_source(&kept, annotated);
            let main = self.root.join(package).join("src").join("main.rs");
            std::fs::write(&main, source).unwrap();
            let build = self.cargo_build(package);
            if let Some(executable) = build.executable {
                return Outcome {
                    compiled: remaining,
                    failed,
                    executable,
                    rounds: round,
                };
            }
            let owner: BTreeMap<usize, usize> = lines
                .iter()
                .enumerate()
                .flat_map(|(k, lines)| lines.iter().map(move |&line| (line, k)))
                .collect();
            let mut dropped = Vec::new();
            for (line, diagnostic) in &build.errors {
                if let Some(&k) = line.and_then(|line| owner.get(&line)) {
                    failed
                        .entry(remaining[k])
                        .or_insert_with(|| diagnostic.clone());
                    dropped.push(k);
                }
            }
            assert!(
                !dropped.is_empty(),
                "`{package}` fails with errors outside every combination (round {round}, {}):\n{}",
                main.display(),
                build
                    .errors
                    .iter()
                    .map(|(_, diagnostic)| diagnostic.rendered.as_str())
                    .collect::<String>(),
            );
            remaining = remaining
                .iter()
                .enumerate()
                .filter(|(k, _)| !dropped.contains(k))
                .map(|(_, &i)| i)
                .collect();
        }
        unreachable!()
    }

    /// Lists why each dropped combination was dropped, for a reader who
    /// wonders why one is missing.
    fn write_errors(&self, file: &str, combos: &[Combo], failed: &BTreeMap<usize, Diagnostic>) {
        let mut text = String::new();
        for (&i, diagnostic) in failed {
            writeln!(text, "{}: {}", combos[i].name(), diagnostic.message).unwrap();
        }
        std::fs::write(self.root.join(file), text).unwrap();
    }

    fn cargo_build(&self, package: &str) -> Build {
        let output = Command::new(env!("CARGO"))
            .args(["build", "--offline", "--message-format=json", "-p", package])
            .arg("--manifest-path")
            .arg(self.root.join("Cargo.toml"))
            .arg("--target-dir")
            .arg(self.root.join("target"))
            .output()
            .unwrap();
        let stdout = String::from_utf8(output.stdout).unwrap();
        let mut build = Build::default();
        for line in stdout.lines() {
            let message = Json::parse(line)
                .unwrap_or_else(|| panic!("cargo printed a line that is not JSON: {line}"));
            let is_ours = message
                .get("target")
                .get("name")
                .str()
                .is_some_and(|name| name == package);
            match message.get("reason").str() {
                Some("compiler-artifact") if is_ours && output.status.success() => {
                    build.executable = message.get("executable").str().map(PathBuf::from);
                }
                Some("compiler-message")
                    if message.get("message").get("level").str() == Some("error") =>
                {
                    let diagnostic = message.get("message");
                    build.errors.push((
                        line_in_main(
                            diagnostic.get("spans").array(),
                            &format!("{package}/src/main.rs"),
                        ),
                        Diagnostic {
                            message: diagnostic.get("message").str().unwrap().to_owned(),
                            rendered: diagnostic.get("rendered").str().unwrap_or("").to_owned(),
                        },
                    ));
                }
                _ => {}
            }
        }
        assert!(
            output.status.success() || !build.errors.is_empty(),
            "cargo failed without an error from rustc:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        build
    }
}

#[derive(Default)]
struct Build {
    executable: Option<PathBuf>,
    /// Each error, with the line of `main.rs` it is about.
    errors: Vec<(Option<usize>, Diagnostic)>,
}

/// The line in `main` (`PACKAGE/src/main.rs`) a diagnostic is about: its first primary span
/// there, or, for a span inside a macro, the nearest call site there.
fn line_in_main(spans: &[Json], main: &str) -> Option<usize> {
    let primary_first = spans
        .iter()
        .filter(|span| span.get("is_primary").is_true())
        .chain(
            spans
                .iter()
                .filter(|span| !span.get("is_primary").is_true()),
        );
    primary_first.into_iter().find_map(|span| {
        let mut span = span;
        loop {
            if span.get("file_name").str() == Some(main) {
                return span.get("line_start").usize();
            }
            span = span.get("expansion").get("span");
            if matches!(span, Json::Null) {
                return None;
            }
        }
    })
}

fn write_if_changed(path: &Path, contents: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(contents) {
        std::fs::write(path, contents).unwrap();
    }
}

/// Runs a generated binary: its `combination: results` lines.
fn run(executable: &Path) -> BTreeMap<String, String> {
    let output = Command::new(executable).output().unwrap();
    assert!(
        output.status.success(),
        "{} failed:\n{}",
        executable.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            let (name, result) = line.split_once(": ").unwrap();
            (name.to_owned(), result.to_owned())
        })
        .collect()
}
