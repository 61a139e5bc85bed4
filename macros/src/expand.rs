//! From the attribute's tokens to the rewritten item, or to the original
//! item next to a spanned error.

use crate::args::Args;
use crate::codegen::Gen;
use crate::plan::{self, Context};
use crate::{lifetimes, returns, rewrite, scope, shape};
use proc_macro2::{TokenStream, TokenTree};
use quote::{ToTokens, quote};
use syn::ext::IdentExt as _;
use syn::{Block, Generics, ImplItem, Item, ReturnType, Signature};

/// Expands `#[introspect(args)] input`. Never panics: what it cannot
/// rewrite comes back unchanged, next to a `compile_error!`.
pub fn introspect(args: TokenStream, input: TokenStream) -> TokenStream {
    let (output, errors) = expand(args, input);
    let errors = errors.iter().map(syn::Error::to_compile_error);
    quote!(#output #(#errors)*)
}

/// The item to emit, and the errors to emit beside it.
pub fn expand(args: TokenStream, input: TokenStream) -> (TokenStream, Vec<syn::Error>) {
    let mut errors = Vec::new();
    let args = Args::parse(args).unwrap_or_else(|error| {
        errors.push(error);
        Args::default()
    });
    let output = match syn::parse2::<Item>(input.clone()) {
        Ok(Item::Fn(mut item)) => {
            if let Some((sig, block)) = expand_fn(&item.sig, &item.block, &args, None, &mut errors)
            {
                item.sig = sig;
                *item.block = block;
                item.attrs.push(wrapped_types_allowance());
            }
            item.into_token_stream()
        }
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
    let mut any = false;
    for impl_item in &mut item.items {
        let ImplItem::Fn(method) = impl_item else {
            continue;
        };
        let mut probe = method.sig.output.clone();
        let returns_closure = match &mut probe {
            ReturnType::Type(_, ty) => shape::rewrite(ty, &args.krate).is_ok_and(|s| !s.is_plain()),
            ReturnType::Default => false,
        };
        if !returns_closure {
            continue;
        }
        any = true;
        let generics = Some(&item.generics);
        if let Some((sig, block)) = expand_fn(&method.sig, &method.block, args, generics, errors) {
            method.sig = sig;
            method.block = block;
            method.attrs.push(wrapped_types_allowance());
        }
    }
    if !any {
        errors.push(syn::Error::new_spanned(
            &item.self_ty,
            "#[introspect] found no method returning a closure in this impl block: \
             a method to rewrite returns `impl Fn..`, `Box<dyn Fn..>` or a tuple of them",
        ));
    }
}

/// The rewritten signature and body, or `None` when the function must stay
/// as written (the reasons are pushed to `errors`). `impl_generics` are
/// those of the `impl` block the attribute is on.
fn expand_fn(
    sig: &Signature,
    block: &Block,
    args: &Args,
    impl_generics: Option<&Generics>,
    errors: &mut Vec<syn::Error>,
) -> Option<(Signature, Block)> {
    if let Some(asyncness) = &sig.asyncness {
        errors.push(syn::Error::new_spanned(
            asyncness,
            "#[introspect] cannot rewrite an `async fn`: return the closure from a plain `fn`, \
             and make the closure `async` if it needs to be",
        ));
        return None;
    }
    if let Some(constness) = &sig.constness {
        errors.push(syn::Error::new_spanned(
            constness,
            "#[introspect] cannot rewrite a `const fn`: its cells are allocated at run time; \
             remove `const`",
        ));
        return None;
    }
    let mut new_sig = sig.clone();
    let shape = match &mut new_sig.output {
        ReturnType::Type(_, ty) => shape::rewrite(ty, &args.krate),
        ReturnType::Default => Ok(shape::Shape::Plain),
    };
    let shape = match shape {
        Ok(shape) if shape.is_plain() => {
            let message = "#[introspect] found no closure in the return type: write it as \
                 `impl Fn(..) -> ..` (or `FnMut`, `FnOnce`), `Box<dyn Fn(..) -> ..>`, or a tuple of those";
            errors.push(match &sig.output {
                ReturnType::Type(_, ty) => syn::Error::new_spanned(ty, message),
                ReturnType::Default => syn::Error::new_spanned(&sig.ident, message),
            });
            return None;
        }
        Ok(shape) => shape,
        Err(error) => {
            errors.push(error);
            return None;
        }
    };
    let analysis = scope::analyze(sig, block);
    let returned = match returns::find(block, &shape, &analysis) {
        Ok(returned) => returned,
        Err(error) => {
            errors.push(error);
            return None;
        }
    };
    let mut non_static_params: Vec<proc_macro2::Ident> = [Some(&sig.generics), impl_generics]
        .into_iter()
        .flatten()
        .flat_map(lifetimes::non_static_type_params)
        .collect();
    let self_may_borrow = impl_generics.is_some_and(|g| {
        g.lifetimes().next().is_some() || !lifetimes::non_static_type_params(g).is_empty()
    });
    if self_may_borrow {
        // A value of type `Self` may borrow as well.
        non_static_params.push(proc_macro2::Ident::new(
            "Self",
            proc_macro2::Span::call_site(),
        ));
    }
    let cx = Context {
        krate: args.krate.clone(),
        fn_name: sig.ident.unraw().to_string(),
        in_impl: impl_generics.is_some() || mentions_self(sig, block),
        non_static_params,
        generic_names: [Some(&sig.generics), impl_generics]
            .into_iter()
            .flatten()
            .flat_map(lifetimes::param_names)
            .collect(),
    };
    let (plan, outcome) = plan::build(&analysis, returned, &cx);
    let rewritable = outcome.fatal.is_empty();
    errors.extend(outcome.fatal);
    errors.extend(outcome.nonlocal);
    if !rewritable {
        return None;
    }
    let emit = Gen {
        model: &analysis.model,
        cx: &cx,
    };
    let mut new_block = block.clone();
    let counted = rewrite::apply(&emit, &plan, &mut new_sig, &mut new_block);
    if counted != analysis.counters {
        errors.push(syn::Error::new_spanned(
            &sig.ident,
            format!(
                "#[introspect] lost track of this function's names (analysis saw {:?}, rewrite \
                 saw {counted:?}); please report this function at the freevars repository",
                analysis.counters
            ),
        ));
        return None;
    }
    Some((new_sig, new_block))
}

/// Wrapping closure types in `freevars::Closure<..>` raises clippy's
/// complexity score of a signature the user did not write that way.
fn wrapped_types_allowance() -> syn::Attribute {
    syn::parse_quote!(#[allow(clippy::type_complexity)])
}

/// A method (it has `self`) or an associated function that names `Self`.
fn mentions_self(sig: &Signature, block: &Block) -> bool {
    fn has_self_type(tokens: TokenStream) -> bool {
        tokens.into_iter().any(|tree| match tree {
            TokenTree::Ident(ident) => ident == "Self",
            TokenTree::Group(group) => has_self_type(group.stream()),
            _ => false,
        })
    }
    sig.receiver().is_some()
        || has_self_type(sig.to_token_stream())
        || has_self_type(block.to_token_stream())
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
