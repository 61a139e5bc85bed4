//! From the attribute's tokens to the rewritten item, or to the original
//! item next to a spanned error.
//!
//! Errors come in two kinds: those that stop a function's rewrite (the
//! function is emitted as written), and those emitted beside a rewrite that
//! still compiles (an assignment without `let mut`, Python's missing
//! `nonlocal`). The analysis steps gather both kinds in `errors::Errors`;
//! each function's rewrite then either stops with one combined error or
//! yields the errors to emit beside it, and the expansion collects them in
//! one list.

use crate::args::Args;
use crate::codegen::Gen;
use crate::errors::Errors;
use crate::plan::{self, Context, Impl, Plan};
use crate::scope::{self, Analysis};
use crate::shape::{self, Classified};
use crate::{returns, rewrite};
use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use syn::ext::IdentExt as _;
use syn::{Block, ImplItem, Item, ReturnType, Signature};

/// Expands `#[introspect(args)] input`. Never panics: what it cannot
/// rewrite comes back unchanged, next to a `compile_error!`.
pub fn introspect(args: TokenStream, input: TokenStream) -> TokenStream {
    let (mut output, errors) = expand(args, input);
    // Appended in place, rather than collected with the item into a new
    // stream that walks the item's tokens once more.
    output.extend(errors.iter().map(syn::Error::to_compile_error));
    output
}

/// The item to emit, and the errors to emit beside it.
pub fn expand(args: TokenStream, input: TokenStream) -> (TokenStream, Vec<syn::Error>) {
    let mut errors = Vec::new();
    let args = Args::parse(args).unwrap_or_else(|error| {
        errors.push(error);
        Args::default()
    });
    let output = match syn::parse2::<Item>(input.clone()) {
        Ok(Item::Fn(item)) => expand_fn(item, input, &args, &mut errors),
        Ok(Item::Impl(mut item)) => {
            expand_impl(&mut item, &args, &mut errors);
            item.into_token_stream()
        }
        Ok(other) => {
            errors.push(syn::Error::new_spanned(
                item_head(&other),
                "#[introspect] goes on a function that returns a closure \
                 (`fn make() -> impl Fn()`), or on an `impl` block with such methods",
            ));
            input
        }
        Err(error) => {
            errors.push(error);
            input
        }
    };
    (output, errors)
}

/// The rewrite's value, its errors moved to `errors`.
fn keep<T>(result: syn::Result<(T, Vec<syn::Error>)>, errors: &mut Vec<syn::Error>) -> Option<T> {
    match result {
        Ok((value, beside)) => {
            errors.extend(beside);
            Some(value)
        }
        Err(error) => {
            errors.push(error);
            None
        }
    }
}

/// Input: `fn make() -> impl Fn() { .. }`
/// Output: `fn make() -> ::freevars::Closure<impl Fn()> { .. }`, rewritten;
/// with `twin`, the function as written and
/// `fn make_introspected() -> ::freevars::Closure<impl Fn()> { .. }` beside it.
///
/// `input` is the function's tokens: what is emitted when it cannot be
/// rewritten.
fn expand_fn(
    mut item: syn::ItemFn,
    input: TokenStream,
    args: &Args,
    errors: &mut Vec<syn::Error>,
) -> TokenStream {
    // The rewrite takes the body (no copy of it), except for a twin, which
    // keeps the function as written beside the rewrite.
    let block = if args.twin {
        (*item.block).clone()
    } else {
        let empty = Block {
            brace_token: item.block.brace_token,
            stmts: Vec::new(),
        };
        std::mem::replace(&mut *item.block, empty)
    };
    let rewritten = keep(rewrite_fn(&item.sig, block, args, None), errors);
    let Some(rewritten) = rewritten else {
        return input;
    };
    if args.twin {
        let mut twin = syn::ItemFn {
            attrs: item.attrs.clone(),
            vis: item.vis.clone(),
            modifiers: item.modifiers.clone(),
            sig: item.sig.clone(),
            block: Box::new(Block {
                brace_token: item.block.brace_token,
                stmts: Vec::new(),
            }),
        };
        rewritten.apply(&mut twin.attrs, &mut twin.sig, &mut twin.block, true);
        quote!(#item #twin)
    } else {
        rewritten.apply(&mut item.attrs, &mut item.sig, &mut item.block, false);
        item.into_token_stream()
    }
}

fn expand_impl(item: &mut syn::ItemImpl, args: &Args, errors: &mut Vec<syn::Error>) {
    if let Some((path, _)) = &item.trait_ {
        errors.push(syn::Error::new_spanned(
            path,
            "#[introspect] cannot rewrite the methods of a trait impl: the trait fixes their \
             return types. Return `freevars::Closure<..>` from the trait's methods, or put the \
             attribute on an inherent `impl`",
        ));
        return;
    }
    let names: Vec<String> = item
        .items
        .iter()
        .filter_map(|i| match i {
            ImplItem::Fn(f) => Some(f.sig.ident.unraw().to_string()),
            _ => None,
        })
        .collect();
    let mut any = false;
    let mut items = Vec::with_capacity(item.items.len());
    for impl_item in std::mem::take(&mut item.items) {
        let ImplItem::Fn(method) = &impl_item else {
            items.push(impl_item);
            continue;
        };
        // A method returning no closure is left alone; one whose closure
        // the macro cannot reach gets the same error as a free function.
        if let Ok(Classified::Plain) = shape::classify(&method.sig.output, &args.wrapper_module()) {
            items.push(impl_item);
            continue;
        }
        any = true;
        let outer = Impl {
            generics: &item.generics,
            self_ty: &item.self_ty,
        };
        let rewritten = rewrite_fn(&method.sig, method.block.clone(), args, Some(outer));
        let rewritten = keep(rewritten, errors).and_then(|rewritten| {
            let taken = args.twin && names.contains(&twin_name(&method.sig.ident).to_string());
            if taken {
                errors.push(syn::Error::new_spanned(
                    &method.sig.ident,
                    format!(
                        "#[introspect(twin)] would add `{}` beside this method, and this impl \
                         block has a method of that name already: rename one of them",
                        twin_name(&method.sig.ident)
                    ),
                ));
            }
            (!taken).then_some(rewritten)
        });
        let Some(rewritten) = rewritten else {
            items.push(impl_item);
            continue;
        };
        let mut new = method.clone();
        rewritten.apply(&mut new.attrs, &mut new.sig, &mut new.block, args.twin);
        if args.twin {
            items.push(impl_item);
        }
        items.push(ImplItem::Fn(new));
    }
    item.items = items;
    if !any {
        errors.push(syn::Error::new_spanned(
            &item.self_ty,
            "#[introspect] found no method returning a closure in this impl block: \
             a method to rewrite returns `impl Fn..`, `Box<dyn Fn..>` or a tuple of them",
        ));
    }
}

/// A rewritten function.
pub struct Rewritten {
    pub sig: Signature,
    pub block: Block,
}

impl Rewritten {
    /// Puts the rewrite into the function's copy: in place of the function,
    /// or, for a twin, under the twin's name.
    fn apply(
        self,
        attrs: &mut Vec<syn::Attribute>,
        sig: &mut Signature,
        block: &mut Block,
        twin: bool,
    ) {
        if twin {
            let original = &sig.ident;
            let doc = format!(
                " The introspectable twin of `{original}`, made by `#[introspect(twin)]`: the \
                 same function, its closures wrapped in `freevars::Closure`."
            );
            // The original's docs (and their doc tests) stay with the
            // original; the twin's say what it is.
            attrs.retain(|a| !is_link_attribute(a) && !a.path().is_ident("doc"));
            attrs.push(syn::parse_quote!(#[doc = #doc]));
            // The twin is there for whoever wants it: not using it is fine.
            attrs.push(crate::syntax::allow(quote!(dead_code)));
            *sig = Signature {
                ident: twin_name(original),
                ..self.sig
            };
        } else {
            *sig = self.sig;
        }
        *block = self.block;
        attrs.push(wrapped_types_allowance());
    }
}

/// `make_introspected`, spanned at `make` so that a clash points there.
fn twin_name(ident: &syn::Ident) -> syn::Ident {
    quote::format_ident!("{}_introspected", ident.unraw(), span = ident.span())
}

/// Attributes that name a symbol: the twin would define it a second time.
fn is_link_attribute(attr: &syn::Attribute) -> bool {
    let path = attr.path();
    ["no_mangle", "export_name", "link_section", "unsafe"]
        .iter()
        .any(|name| path.is_ident(name))
}

/// The function rewritten, with the errors to emit beside it; or the error
/// that keeps it as written. `outer` is the `impl` block the attribute is
/// on; the rewrite takes `block`, the function's body.
pub fn rewrite_fn(
    sig: &Signature,
    block: Block,
    args: &Args,
    outer: Option<Impl<'_>>,
) -> syn::Result<(Rewritten, Vec<syn::Error>)> {
    let planned = plan_fn(sig, &block, args, outer)?;
    let beside = planned.errors.check()?;
    let emit = Gen {
        model: &planned.analysis.model,
        cx: &planned.cx,
        exclusive_cells: &planned.plan.exclusive_cells,
    };
    let mut new_sig = Signature {
        output: planned.output,
        ..sig.clone()
    };
    let mut new_block = block;
    rewrite::apply(&emit, &planned.plan, &mut new_sig, &mut new_block)?;
    let rewritten = Rewritten {
        sig: new_sig,
        block: new_block,
    };
    Ok((rewritten, beside))
}

/// What the analysis of one function decided, before any code is written.
pub struct Planned {
    pub analysis: Analysis,
    pub plan: Plan,
    pub errors: Errors,
    pub cx: Context,
    /// The return type, its closures wrapped.
    pub output: ReturnType,
}

/// Checks the function's kind, reads its return type, analyses its body,
/// finds the closures it returns and plans their cells.
pub fn plan_fn(
    sig: &Signature,
    block: &Block,
    args: &Args,
    outer: Option<Impl<'_>>,
) -> syn::Result<Planned> {
    check_kind(sig)?;
    let Classified::Closures { output, shape } =
        shape::classify(&sig.output, &args.wrapper_module())?
    else {
        return Err(no_closure(sig));
    };
    let analysis = scope::analyze(sig, block);
    let returned = returns::find(block, &shape, &analysis)?;
    let cx = Context {
        sync: args.sync,
        ..Context::new(sig, block, &args.krate, outer)
    };
    let (plan, errors) = plan::build(&analysis, returned, &cx);
    Ok(Planned {
        analysis,
        plan,
        errors,
        cx,
        output,
    })
}

/// `async fn` and `const fn` cannot be rewritten.
fn check_kind(sig: &Signature) -> syn::Result<()> {
    if let Some(asyncness) = &sig.asyncness {
        return Err(syn::Error::new_spanned(
            asyncness,
            "#[introspect] cannot rewrite an `async fn`: return the closure from a plain `fn`, \
             and make the closure `async` if it needs to be",
        ));
    }
    if let Some(constness) = &sig.constness {
        return Err(syn::Error::new_spanned(
            constness,
            "#[introspect] cannot rewrite a `const fn`: its cells are allocated at run time; \
             remove `const`",
        ));
    }
    Ok(())
}

fn no_closure(sig: &Signature) -> syn::Error {
    let message = "#[introspect] found no closure in the return type: write it as \
         `impl Fn(..) -> ..` (or `FnMut`, `FnOnce`), `Box<dyn Fn(..) -> ..>`, or a tuple of those";
    match &sig.output {
        ReturnType::Type(_, ty) => syn::Error::new_spanned(ty, message),
        ReturnType::Default => syn::Error::new_spanned(&sig.ident, message),
    }
}

/// Wrapping closure types in `freevars::Closure<..>` raises clippy's
/// complexity score of a signature the user did not write that way.
fn wrapped_types_allowance() -> syn::Attribute {
    crate::syntax::allow_clippy(quote!(clippy::type_complexity))
}

/// The tokens naming an item (`struct Point`), for errors about the item.
fn item_head(item: &Item) -> TokenStream {
    match item {
        Item::Struct(s) => {
            let (token, ident) = (&s.struct_token, &s.ident);
            quote!(#token #ident)
        }
        Item::Enum(e) => {
            let (token, ident) = (&e.enum_token, &e.ident);
            quote!(#token #ident)
        }
        Item::Trait(t) => {
            let (token, ident) = (&t.trait_token, &t.ident);
            quote!(#token #ident)
        }
        Item::Mod(m) => {
            let (token, ident) = (&m.mod_token, &m.ident);
            quote!(#token #ident)
        }
        other => other.to_token_stream(),
    }
}
