//! `cargo clippy --fix` on a user crate never breaks it: the suggestions
//! clippy makes inside annotated functions land on the user's code, and
//! the fixed crate compiles and computes what it did before.
//!
//! The scratch crate `target/clippy-fix/` holds annotated functions written
//! with lints clippy fixes by machine (`x = x + 1`, `v.len() == 0`,
//! `x.clone()` of a `Copy` value, a needless `return`, `&` of a reference,
//! `.map(|x| x.clone())`), in returned closures and in the function body,
//! beside every use shape of `tests/lint`. The test runs it, fixes it, checks
//! that the fix changed the source (three fixes apply: the needless `return`,
//! the `&&`, and a `match` on a cell made an `if let`, whose suggestion quotes
//! the rewritten scrutinee), that cargo applied everything it tried, and runs
//! it again.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const MAIN: &str = r#"
#![allow(dead_code)]
use freevars::introspect;

#[derive(Debug, Clone, Default)]
struct Tags {
    names: Vec<String>,
    added: usize,
}

fn count(tags: &Tags) -> usize {
    tags.names.len()
}

fn add(tags: &mut Tags, name: &str) {
    tags.names.push(name.to_owned());
    tags.added += 1;
}

#[introspect]
fn shapes() -> (impl Fn() -> usize, impl Fn(&str) -> usize, impl Fn() -> String) {
    let tags = Tags::default();
    let mut limit = 3_usize;
    let read = move || {
        let copied = tags.clone();
        let slice = &tags.names[..];
        let empty = if tags.names.len() == 0 { 1 } else { 0 };
        count(&&tags) + copied.added + slice.len() + tags.added + limit.clone() + empty
    };
    let write = move |name: &str| {
        add(&mut tags, name);
        tags.added = tags.added + 1;
        limit = limit.max(tags.added);
        let all = &mut tags;
        return all.names.len();
    };
    let show = move || {
        let names: Vec<String> = tags.names.iter().map(|n| n.clone()).collect();
        format!("{names:?} {} {tags:?} {limit}", tags.added)
    };
    (read, write, show)
}

#[introspect]
fn body() -> (impl Fn() -> usize, String) {
    let tags = Tags::default();
    let mut limit = 3_usize;
    let mut state = Some(1_u8);
    let get = move || tags.added + limit + usize::from(state.unwrap_or(0));
    add(&mut tags, "a");
    limit = limit + tags.names.len();
    tags.names.push(tags.names.len().to_string());
    if tags.names.len() == 0 {
        limit = limit * 2;
    }
    if let Some(1) = state {
        state = None;
    }
    let shown = format!("{} {:?} {}", count(&&tags), tags.clone(), limit.clone());
    match state {
        Some(n) => println!("n = {n}"),
        None => {}
    }
    match limit {
        3 => limit = 4,
        _ => {}
    }
    (get, shown)
}

#[introspect]
fn counted(tags: Tags) -> impl Fn() -> usize {
    move || count(&tags)
}

fn main() {
    let (read, write, show) = shapes();
    write("x");
    println!("{} {} {}", read(), write("y"), show());
    let (get, shown) = body();
    println!("{} {shown}", get());
    println!("{}", counted(Tags::default())());
}
"#;

#[test]
#[ignore = "builds a scratch crate and runs clippy on it; CI runs it with --ignored"]
fn clippy_fix_leaves_an_annotated_crate_that_compiles_and_computes_the_same() {
    let krate = Scratch::create();
    let before = krate.run();
    let fix = krate.cargo(&[
        "clippy",
        "--fix",
        "--allow-dirty",
        "--allow-no-vcs",
        "--",
        "-W",
        "clippy::all",
    ]);
    let messages = String::from_utf8_lossy(&fix.stderr);
    assert!(fix.status.success(), "{messages}");
    assert!(
        !messages.contains("failed to automatically apply fixes"),
        "clippy's fixes broke the crate:\n{messages}"
    );
    let fixed = std::fs::read_to_string(krate.main()).unwrap();
    assert_ne!(fixed, MAIN, "clippy fixed nothing: the test proves nothing");
    // The fixes clippy 1.95 applies here; the other lints are not reported
    // inside annotated functions (their expressions carry the macro's spans).
    for written in [
        "count(&tags) + copied",
        "        all.names.len()\n",
        "if let Some(n) = state {",
    ] {
        assert!(
            fixed.contains(written),
            "not fixed to `{written}`:\n{fixed}"
        );
    }
    assert_eq!(
        krate.run(),
        before,
        "the fixed crate computes something else"
    );
}

struct Scratch {
    root: PathBuf,
}

impl Scratch {
    fn create() -> Scratch {
        // `CARGO_TARGET_TMPDIR` is `<target>/tmp`, wherever the target is.
        let target = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().unwrap();
        let root = target.join("clippy-fix");
        std::fs::create_dir_all(root.join("src")).unwrap();
        let manifest = format!(
            "[package]\nname = \"clippy-fix-scratch\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\
             publish = false\n\n[dependencies]\nfreevars = {{ path = {:?} }}\n\n[workspace]\n",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::write(root.join("Cargo.toml"), manifest).unwrap();
        std::fs::write(root.join("src/main.rs"), MAIN).unwrap();
        Scratch { root }
    }

    fn main(&self) -> PathBuf {
        self.root.join("src/main.rs")
    }

    fn cargo(&self, args: &[&str]) -> Output {
        let (command, rest) = args.split_first().unwrap();
        Command::new(env!("CARGO"))
            .arg(command)
            .arg("--manifest-path")
            .arg(self.root.join("Cargo.toml"))
            .args(rest)
            .env("CARGO_TARGET_DIR", self.root.join("target"))
            .output()
            .unwrap()
    }

    fn run(&self) -> String {
        let output = self.cargo(&["run", "--quiet"]);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }
}
