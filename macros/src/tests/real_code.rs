//! The macro never panics on real code nobody here wrote: every function in
//! the sources of this workspace's dependencies goes through it, as written
//! and rewritten to return a closure that captures all its parameters.

use crate::expand::expand;
use proc_macro2::TokenStream;
use quote::quote;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::Command;
use syn::visit::Visit;
use syn::{Block, FnArg, ReturnType, Signature};

/// The source directories of every dependency, from `cargo metadata`.
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
        .filter(|dir| dir.join("src").is_dir())
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

/// Expands `item`; fails the test on a panic or on output that is not Rust.
fn expand_checked(item: &TokenStream, what: &str) -> Vec<String> {
    let expanded = catch_unwind(AssertUnwindSafe(|| {
        expand(TokenStream::new(), item.clone())
    }));
    let Ok((output, errors)) = expanded else {
        panic!("#[introspect] panicked on {what}:\n{item}");
    };
    let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert!(
        syn::parse2::<syn::File>(output.clone()).is_ok(),
        "the expansion of {what} does not parse:\n{output}"
    );
    assert!(
        !messages.iter().any(|m| m.contains("lost track")),
        "{what}: {messages:?}"
    );
    messages
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
                let mut names = Vec::new();
                crate::scope::pattern_names(&t.pat, &mut names);
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

#[test]
fn never_panics_on_the_dependencies_functions() {
    let started = std::time::Instant::now();
    let dirs = dependency_dirs();
    let mut files = Vec::new();
    for dir in &dirs {
        rust_files(&dir.join("src"), &mut files);
    }
    let (mut parsed, mut unparsed, mut functions, mut refused) = (0, 0, 0, 0);
    for file in &files {
        let Ok(source) = std::fs::read_to_string(file) else {
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
            let item = quote!(#sig #block);
            let messages = expand_checked(&item, &what);
            let returns_closure = match &sig.output {
                ReturnType::Type(_, ty) => {
                    let mut ty = (**ty).clone();
                    crate::shape::rewrite(&mut ty, &syn::parse_quote!(::freevars))
                        .map_or(true, |shape| !shape.is_plain())
                }
                ReturnType::Default => false,
            };
            if !returns_closure && sig.asyncness.is_none() && sig.constness.is_none() {
                assert!(
                    messages
                        .iter()
                        .any(|m| m.contains("found no closure in the return type")),
                    "{what} returns no closure, so it is refused: {messages:?}"
                );
                refused += 1;
            }
            expand_checked(&capturing_everything(sig, block), &what);
        }
    }
    println!(
        "#[introspect] expanded {functions} functions ({refused} refused as returning no closure) \
         from {parsed} files of {} dependencies ({unparsed} files skipped as not parseable) in {:?}",
        dirs.len(),
        started.elapsed()
    );
    assert!(
        functions > 10_000,
        "the dependencies hold more functions than {functions}"
    );
}
