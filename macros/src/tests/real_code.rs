//! The macro never panics on real code nobody here wrote: every function in
//! the sources of this workspace's dependencies (as cargo unpacked them
//! under `~/.cargo/registry/src/`) goes through it twice.
//!
//! As written, nearly all are refused for their return type (they return no
//! closure), so that pass proves the refusals: spanned at the input, and the
//! item given back unchanged. The second pass rewrites each function to
//! return a closure that captures all its parameters (`capturing_everything`)
//! and is what reaches the analysis and the rewrite: nearly every function
//! body is analysed and rewritten, and every output parses.
//!
//! Slow (tens of seconds), so opt-in: `cargo test -p freevars-macros --
//! --ignored`, which CI runs.

use super::expansion::{self, Reach};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use syn::visit::Visit;
use syn::{Block, FnArg, ReturnType, Signature};

/// The directory of every dependency, from `cargo metadata`.
fn dependency_dirs() -> Vec<PathBuf> {
    let host = Command::new("rustc")
        .arg("-vV")
        .output()
        .expect("rustc -vV runs");
    let host = String::from_utf8_lossy(&host.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_owned))
        .expect("rustc names its host");
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let output = Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--filter-platform",
            &host,
        ])
        .current_dir(&workspace)
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let members: Vec<&str> = metadata["workspace_members"]
        .as_array()
        .expect("workspace members")
        .iter()
        .filter_map(|m| m.as_str())
        .collect();
    let mut dirs: Vec<PathBuf> = metadata["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .filter(|p| !members.contains(&p["id"].as_str().unwrap_or_default()))
        .filter_map(|p| p["manifest_path"].as_str())
        .filter_map(|manifest| Path::new(manifest).parent().map(Path::to_path_buf))
        .collect();
    dirs.sort();
    dirs.dedup();
    dirs
}

fn rust_files(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

/// Every function with a body: free, in an `impl`, or a trait's default.
#[derive(Default)]
struct Functions(Vec<(Signature, Block)>);

impl<'ast> Visit<'ast> for Functions {
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        self.0.push((f.sig.clone(), (*f.block).clone()));
        syn::visit::visit_item_fn(self, f);
    }
    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        self.0.push((f.sig.clone(), f.block.clone()));
        syn::visit::visit_impl_item_fn(self, f);
    }
    fn visit_trait_item_fn(&mut self, f: &'ast syn::TraitItemFn) {
        if let Some(block) = &f.default {
            self.0.push((f.sig.clone(), block.clone()));
        }
        syn::visit::visit_trait_item_fn(self, f);
    }
}

/// `fn f(a: A, b: B) -> T { body }` becomes a function whose body runs in a
/// plain closure and that returns a closure capturing `a` and `b`: every
/// use of a parameter in the body is rewritten.
fn capturing_everything(sig: &Signature, block: &Block) -> TokenStream {
    let mut sig = sig.clone();
    sig.asyncness = None;
    sig.constness = None;
    sig.output = syn::parse_quote!(-> impl Fn());
    let params: Vec<TokenStream> = sig
        .inputs
        .iter()
        .map(|input| match input {
            FnArg::Receiver(_) => quote!(self,),
            FnArg::Typed(t) => {
                let names = crate::syntax::pattern_names(&t.pat, true);
                quote!(#(#names,)*)
            }
        })
        .collect();
    quote! {
        #sig {
            let _ = || #block;
            move || { let _ = (#(#params)*); }
        }
    }
}

/// Whether a return type names a closure trait anywhere; one that does not
/// cannot be rewritten, whatever the macro reads in it.
fn mentions_fn_trait(output: &ReturnType) -> bool {
    fn any_fn(tokens: TokenStream) -> bool {
        tokens.into_iter().any(|tree| match tree {
            proc_macro2::TokenTree::Ident(ident) => {
                ident == "Fn" || ident == "FnMut" || ident == "FnOnce"
            }
            proc_macro2::TokenTree::Group(group) => any_fn(group.stream()),
            _ => false,
        })
    }
    any_fn(quote!(#output))
}

/// What one pass saw, by how far each function got.
#[derive(Default)]
struct Tally {
    reach: BTreeMap<Reach, usize>,
    spans_checked: usize,
}

impl Tally {
    fn add(&mut self, expansion: &expansion::Expansion) {
        *self.reach.entry(expansion.reach).or_default() += 1;
        self.spans_checked += expansion.spans_checked;
    }

    fn analysed(&self) -> usize {
        self.count(Reach::analysed)
    }

    fn rewritten(&self) -> usize {
        self.count(|r| r == Reach::Rewritten)
    }

    fn count(&self, which: impl Fn(Reach) -> bool) -> usize {
        self.reach
            .iter()
            .filter(|(r, _)| which(**r))
            .map(|(_, n)| n)
            .sum()
    }

    fn report(&self, pass: &str) {
        println!(
            "{pass}: {} reached the analysis, {} rewritten, {} error spans checked",
            self.analysed(),
            self.rewritten(),
            self.spans_checked
        );
        for (reach, n) in &self.reach {
            if let Reach::Refused(message) = reach {
                println!("  refused before the analysis, {n}: {message}..");
            }
        }
    }
}

/// Expands `item`; fails the test, naming `what`, on what
/// [`expansion::check`] finds wrong.
fn expand_checked(item: &TokenStream, what: &str) -> expansion::Expansion {
    match expansion::check(item) {
        Ok(expansion) if expansion.reach == Reach::NotAnItem => {
            panic!("{what} is not an item once printed:\n{item}")
        }
        Ok(expansion) => expansion,
        Err(failure) => panic!("{what}: {failure}\ninput:\n{item}"),
    }
}

// Floors, about 80% of what the run sees today (69 dependencies, 28,142
// functions, 9 of them analysed as written, 26,847 rewritten once they
// capture every parameter): the corpus is what cargo has unpacked, so it
// moves a little.
const FUNCTIONS_READ: usize = 22_000;
const ANALYSED_AS_WRITTEN: usize = 7;
const ANALYSED_CAPTURING: usize = 22_000;
const REWRITTEN_CAPTURING: usize = 21_000;

#[test]
#[ignore = "expands every function of the dependencies (tens of seconds); CI runs it with --ignored"]
fn never_panics_on_the_dependencies_functions() {
    let started = std::time::Instant::now();
    let (dirs, without_src): (Vec<PathBuf>, Vec<PathBuf>) = dependency_dirs()
        .into_iter()
        .partition(|dir| dir.join("src").is_dir());
    assert!(
        !dirs.is_empty(),
        "no dependency sources found ({} packages without src/): run `cargo fetch` so that \
         cargo unpacks them under ~/.cargo/registry/src/",
        without_src.len()
    );
    let mut files = Vec::new();
    for dir in &dirs {
        rust_files(&dir.join("src"), &mut files);
    }
    let (mut parsed, mut unparsed, mut functions) = (0, 0, 0);
    let (mut as_written, mut capturing) = (Tally::default(), Tally::default());
    for file in &files {
        let Ok(source) = std::fs::read_to_string(file) else {
            unparsed += 1;
            continue;
        };
        // Some files are fragments `include!`d elsewhere, or newer syntax.
        let Ok(ast) = syn::parse_file(&source) else {
            unparsed += 1;
            continue;
        };
        parsed += 1;
        let mut found = Functions::default();
        found.visit_file(&ast);
        for (sig, block) in &found.0 {
            functions += 1;
            let what = format!("`{}` in {}", sig.ident, file.display());
            let written = expand_checked(&quote!(#sig #block), &what);
            if sig.asyncness.is_none() && sig.constness.is_none() && !mentions_fn_trait(&sig.output)
            {
                assert!(
                    matches!(written.reach, Reach::Refused(m) if m.contains("found no closure")),
                    "{what} returns no closure, so it is refused for that: {:?}",
                    written.errors
                );
            }
            as_written.add(&written);
            capturing.add(&expand_checked(&capturing_everything(sig, block), &what));
        }
    }
    println!(
        "#[introspect] read {functions} functions in {parsed} files of {} dependencies \
         ({unparsed} files skipped as not parseable, {} packages without src/) in {:?}",
        dirs.len(),
        without_src.len(),
        started.elapsed()
    );
    as_written.report("as written");
    capturing.report("capturing every parameter");
    let missing = "run `cargo fetch` so that cargo unpacks the dependencies under \
                   ~/.cargo/registry/src/, or lower the floor if they shrank";
    assert!(
        functions >= FUNCTIONS_READ,
        "{functions} functions read, fewer than {FUNCTIONS_READ}: {missing}"
    );
    assert!(
        as_written.analysed() >= ANALYSED_AS_WRITTEN,
        "{} functions as written reached the analysis, fewer than {ANALYSED_AS_WRITTEN}",
        as_written.analysed()
    );
    assert!(
        capturing.analysed() >= ANALYSED_CAPTURING,
        "{} functions capturing their parameters reached the analysis, fewer than \
         {ANALYSED_CAPTURING}: {missing}",
        capturing.analysed()
    );
    assert!(
        capturing.rewritten() >= REWRITTEN_CAPTURING,
        "{} functions capturing their parameters were rewritten, fewer than \
         {REWRITTEN_CAPTURING}: {missing}",
        capturing.rewritten()
    );
}
