//! Expansion snapshots: each `tests/expand/NAME.rs` expands to the reviewed
//! `tests/expand/NAME.expanded.rs`. A change to the generated code fails
//! here, naming every file that changed, until the snapshots are rewritten
//! (`FREEVARS_BLESS=1 cargo test`) and the diff reviewed. A new input needs
//! its snapshot: blessing writes it.

use std::path::{Path, PathBuf};

const BLESS: &str = "FREEVARS_BLESS";

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expand")
}

/// The inputs `tests/expand/NAME.rs` (not the `.expanded.rs` snapshots),
/// sorted by name.
fn inputs() -> Vec<PathBuf> {
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(dir())
        .expect("tests/expand is readable")
        .map(|entry| entry.expect("tests/expand is readable").path())
        .filter(|path| {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            name.ends_with(".rs") && !name.ends_with(".expanded.rs")
        })
        .collect();
    inputs.sort();
    inputs
}

fn snapshot_of(input: &Path) -> PathBuf {
    input.with_extension("expanded.rs")
}

fn name(path: &Path) -> String {
    path.file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned()
}

/// The expansion of `input`, as the snapshot shows it.
fn expand(input: &Path) -> Result<String, String> {
    let source = std::fs::read_to_string(input).map_err(|e| e.to_string())?;
    // A first line `#[introspect(ARGS)]` gives the attribute's arguments.
    let (args, source) = match source.strip_prefix("#[introspect(") {
        Some(rest) => rest.split_once(")]\n").ok_or("an unclosed #[introspect(")?,
        None => ("", source.as_str()),
    };
    let args: proc_macro2::TokenStream = args.parse().map_err(|e| format!("{e:?}"))?;
    let item: proc_macro2::TokenStream = source.parse().map_err(|e| format!("{e:?}"))?;
    let output = crate::expand::introspect(args, item);
    let file: syn::File =
        syn::parse2(output).map_err(|e| format!("the expansion does not parse: {e}"))?;
    Ok(with_file_name(&prettyplease::unparse(&file), &name(input)))
}

/// `text` with the file name proc-macro2 gives tokens parsed from a string
/// outside a compiler (`<parsed string 4>`, numbered in parse order on this
/// thread) replaced by `file`, so that a snapshot does not depend on which
/// tests ran before it.
fn with_file_name(text: &str, file: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("\"<parsed string ") {
        let Some(len) = rest[start..].find(">\"") else {
            break;
        };
        out.push_str(&rest[..start]);
        out.push('"');
        out.push_str(file);
        out.push('"');
        rest = &rest[start + len + 2..];
    }
    out.push_str(rest);
    out
}

/// Where the snapshot `old` and the expansion `new` first differ.
fn first_difference(new: &str, old: &str) -> String {
    let (mut new_lines, mut old_lines) = (new.lines(), old.lines());
    for number in 1.. {
        match (new_lines.next(), old_lines.next()) {
            (Some(x), Some(y)) if x == y => {}
            (None, None) => break,
            (x, y) => {
                let show = |line: Option<&str>| line.unwrap_or("<end of file>").to_owned();
                return format!(
                    "from line {number}\n    snapshot:  {}\n    expansion: {}",
                    show(y),
                    show(x)
                );
            }
        }
    }
    "in the line ends".to_owned()
}

#[test]
fn expansions_match_their_snapshots() {
    let inputs = inputs();
    assert!(!inputs.is_empty(), "tests/expand has no inputs");
    let bless = std::env::var_os(BLESS).is_some();
    let mut changed = Vec::new();
    for input in &inputs {
        let expanded = match expand(input) {
            Ok(expanded) => expanded,
            Err(error) => {
                changed.push(format!("{}: {error}", name(input)));
                continue;
            }
        };
        let snapshot = snapshot_of(input);
        if bless {
            std::fs::write(&snapshot, &expanded).expect("the snapshot is writable");
        }
        let Ok(reviewed) = std::fs::read_to_string(&snapshot) else {
            // `every_input_has_a_snapshot` reports it.
            continue;
        };
        if expanded != reviewed {
            let difference = first_difference(&expanded, &reviewed);
            changed.push(format!("{}: {difference}", name(&snapshot)));
        }
    }
    assert!(
        changed.is_empty(),
        "{} of {} expansions differ from their snapshots; run `{BLESS}=1 cargo test` and \
         review the diff of each:\n{}",
        changed.len(),
        inputs.len(),
        changed.join("\n")
    );
}

#[test]
fn every_input_has_a_snapshot() {
    if std::env::var_os(BLESS).is_some() {
        // `expansions_match_their_snapshots` is writing them.
        return;
    }
    let missing: Vec<String> = inputs()
        .iter()
        .filter(|input| !snapshot_of(input).is_file())
        .map(|input| name(input))
        .collect();
    assert!(
        missing.is_empty(),
        "no .expanded.rs snapshot for {}: run `{BLESS}=1 cargo test` and review it",
        missing.join(", ")
    );
}

#[test]
fn every_snapshot_has_an_input() {
    let orphans: Vec<String> = std::fs::read_dir(dir())
        .expect("tests/expand is readable")
        .map(|entry| entry.expect("tests/expand is readable").path())
        .filter(|path| name(path).ends_with(".expanded.rs"))
        .filter(|snapshot| {
            let input = name(snapshot).replace(".expanded.rs", ".rs");
            !snapshot.with_file_name(input).is_file()
        })
        .map(|snapshot| name(&snapshot))
        .collect();
    assert!(
        orphans.is_empty(),
        "snapshots whose input is gone (delete them): {}",
        orphans.join(", ")
    );
}

#[test]
fn the_readme_shows_the_averager_snapshot() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("../README.md")).unwrap();
    let snapshot = std::fs::read_to_string(root.join("tests/expand/averager.expanded.rs")).unwrap();
    assert!(
        readme.contains(&snapshot),
        "README's \"How it works\" must show tests/expand/averager.expanded.rs as it is"
    );
}
