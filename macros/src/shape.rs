//! Which parts of a return type are closures, and their rewriting to
//! `freevars::Closure<..>`.
//!
//! Input:
//! ```text
//! fn make() -> (impl Fn() -> i32, Box<dyn FnMut(i32) + Send>)
//! ```
//! Output:
//! ```text
//! fn make() -> (::freevars::Closure<impl Fn() -> i32>, ::freevars::Closure<Box<dyn FnMut(i32) + Send>>)
//! ```

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::{
    GenericArgument, Lifetime, ParenthesizedGenericArguments, Path, PathArguments, ReturnType,
    Type, TypeParamBound,
};

/// The closures in a type.
#[derive(Clone)]
pub enum Shape {
    /// Nothing to introspect.
    Plain,
    Closure(Box<ClosureType>),
    Tuple(Vec<Shape>),
}

/// `impl Fn(A) -> R` or `Box<dyn Fn(A) -> R>`.
#[derive(Clone)]
pub struct ClosureType {
    pub inputs: Vec<Type>,
    /// The output type, after its own closures were rewritten; `None` for `()`.
    pub output: Option<Type>,
    pub output_shape: Shape,
    /// `AsyncFn(A) -> R`: `R` is what a call's future gives.
    pub is_async: bool,
    /// Lifetimes bound by `for<'a>`, which a closure cannot name.
    pub late_bound: Vec<Lifetime>,
    /// A `+ Send` or `+ Sync` bound, which cells (`Rc`) cannot satisfy.
    pub thread_bound: Option<TokenStream>,
    /// The whole `Fn(A) -> R` bound, output rewritten, with its `for<'a>`.
    pub bound: TokenStream,
    /// `Box<dyn Fn(A) -> R>`, output rewritten, for a boxed closure.
    pub boxed: Option<Type>,
}

impl Shape {
    pub fn is_plain(&self) -> bool {
        matches!(self, Shape::Plain)
    }
}

/// What a function's return type says about rewriting the function.
pub enum Classified {
    /// No closure in it: nothing to rewrite.
    Plain,
    /// The return type with each closure wrapped in `Closure<..>`, and where
    /// the closures are.
    Closures { output: ReturnType, shape: Shape },
}

/// Reads a function's return type once, for free functions and methods
/// alike. A closure the macro cannot reach (`Option<impl Fn()>`) is an
/// error.
pub fn classify(output: &ReturnType, krate: &Path) -> syn::Result<Classified> {
    let mut output = output.clone();
    let shape = match &mut output {
        ReturnType::Type(_, ty) => rewrite(ty, krate)?,
        ReturnType::Default => Shape::Plain,
    };
    Ok(match shape {
        Shape::Plain => Classified::Plain,
        shape => Classified::Closures { output, shape },
    })
}

/// Reads the closures in `ty` and wraps each in `Closure<..>`.
pub fn rewrite(ty: &mut Type, krate: &Path) -> syn::Result<Shape> {
    match ty {
        Type::Paren(p) => rewrite(&mut p.elem, krate),
        Type::Group(g) => rewrite(&mut g.elem, krate),
        Type::Tuple(tuple) => {
            let shapes = tuple
                .elems
                .iter_mut()
                .map(|elem| rewrite(elem, krate))
                .collect::<syn::Result<Vec<_>>>()?;
            Ok(if shapes.iter().all(Shape::is_plain) {
                Shape::Plain
            } else {
                Shape::Tuple(shapes)
            })
        }
        Type::ImplTrait(imp) => match closure_bound(&mut imp.bounds, krate)? {
            Some(closure) => {
                let span = imp.impl_token.span;
                wrap_in_closure(ty, krate, span);
                Ok(Shape::Closure(Box::new(closure)))
            }
            None => Ok(Shape::Plain),
        },
        Type::Path(p) if p.qself.is_none() => {
            let first_span = match (&p.path.leading_colon, p.path.segments.first()) {
                (Some(colon), _) => colon.spans[0],
                (None, Some(first)) => first.ident.span(),
                (None, None) => proc_macro2::Span::call_site(),
            };
            let Some(last) = p.path.segments.last_mut() else {
                return Ok(Shape::Plain);
            };
            let name = last.ident.to_string();
            let inner = single_type_argument(&mut last.arguments);
            match (name.as_str(), inner) {
                ("Box", Some(Type::TraitObject(object))) => {
                    match closure_bound(&mut object.bounds, krate)? {
                        Some(closure) => {
                            let closure = ClosureType {
                                boxed: Some(ty.clone()),
                                ..closure
                            };
                            wrap_in_closure(ty, krate, first_span);
                            Ok(Shape::Closure(Box::new(closure)))
                        }
                        None => plain_or_unsupported(ty),
                    }
                }
                // Already written as `freevars::Closure<impl Fn..>`.
                ("Closure", Some(inner)) => {
                    let mut probe = inner.clone();
                    match rewrite(&mut probe, krate)? {
                        Shape::Closure(closure) => {
                            *inner = unwrap_closure(probe);
                            Ok(Shape::Closure(closure))
                        }
                        _ => plain_or_unsupported(ty),
                    }
                }
                _ => plain_or_unsupported(ty),
            }
        }
        _ => plain_or_unsupported(ty),
    }
}

/// `X` → `KRATE::Closure<X>`, spanned at `span`; built as a node, as
/// parsing tokens costs more in the unoptimised macro users build.
fn wrap_in_closure(ty: &mut Type, krate: &Path, span: proc_macro2::Span) {
    let inner = std::mem::replace(ty, Type::Verbatim(TokenStream::new()));
    let mut path = krate.clone();
    path.segments.push(syn::PathSegment {
        ident: proc_macro2::Ident::new("Closure", span),
        arguments: PathArguments::AngleBracketed(syn::AngleBracketedGenericArguments {
            colon2_token: None,
            lt_token: syn::Token![<](span),
            args: std::iter::once(GenericArgument::Type(inner)).collect(),
            gt_token: syn::Token![>](span),
        }),
    });
    *ty = Type::Path(syn::TypePath {
        attrs: Vec::new(),
        qself: None,
        path,
    });
}

/// `Closure<X>` → `X`, undoing the wrapping `rewrite` just did.
fn unwrap_closure(ty: Type) -> Type {
    if let Type::Path(mut p) = ty.clone()
        && let Some(last) = p.path.segments.pop()
        && let Some(inner) = single_type_argument(&mut { last }.arguments)
    {
        return inner.clone();
    }
    ty
}

fn single_type_argument(arguments: &mut PathArguments) -> Option<&mut Type> {
    let PathArguments::AngleBracketed(args) = arguments else {
        return None;
    };
    if args.args.len() != 1 {
        return None;
    }
    match args.args.first_mut() {
        Some(GenericArgument::Type(ty)) => Some(ty),
        _ => None,
    }
}

/// A type with no closure of a supported shape is fine, unless a closure
/// hides inside it (`Option<impl Fn()>`), which `freevars` cannot wrap.
fn plain_or_unsupported(ty: &Type) -> syn::Result<Shape> {
    let mut finder = FindFnTrait(None);
    finder.visit_type(ty);
    let container = match ty {
        Type::Path(p) => p
            .path
            .segments
            .last()
            .map_or_else(String::new, |s| format!("`{}<..>`", s.ident)),
        _ => "this type".to_owned(),
    };
    match finder.0 {
        Some(found) => Err(syn::Error::new_spanned(
            found,
            format!(
                "#[introspect] cannot wrap a closure inside {container}: return it as \
                 `impl Fn..`, `Box<dyn Fn..>`, or an element of a tuple of those"
            ),
        )),
        None => Ok(Shape::Plain),
    }
}

struct FindFnTrait(Option<TokenStream>);

impl<'ast> Visit<'ast> for FindFnTrait {
    fn visit_type_param_bound(&mut self, bound: &'ast TypeParamBound) {
        if self.0.is_none()
            && let TypeParamBound::Trait(t) = bound
            && is_fn_trait(&t.path)
        {
            self.0 = Some(t.to_token_stream());
        }
        syn::visit::visit_type_param_bound(self, bound);
    }
}

/// `Fn(..)`, `FnMut(..)` or `FnOnce(..)`, or their `AsyncFn` forms, with
/// any path before it.
fn is_fn_trait(path: &Path) -> bool {
    path.segments.last().is_some_and(|last| {
        matches!(last.arguments, PathArguments::Parenthesized(_))
            && matches!(
                last.ident.to_string().as_str(),
                "Fn" | "FnMut" | "FnOnce" | "AsyncFn" | "AsyncFnMut" | "AsyncFnOnce"
            )
    })
}

fn closure_bound(
    bounds: &mut syn::punctuated::Punctuated<TypeParamBound, syn::Token![+]>,
    krate: &Path,
) -> syn::Result<Option<ClosureType>> {
    let mut found = None;
    let mut thread_bound = None;
    for bound in bounds.iter_mut() {
        let TypeParamBound::Trait(trait_bound) = bound else {
            continue;
        };
        let name = trait_bound
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string());
        if matches!(name.as_deref(), Some("Send" | "Sync")) {
            thread_bound = Some(trait_bound.to_token_stream());
        }
        if !is_fn_trait(&trait_bound.path) {
            continue;
        }
        let late_bound = trait_bound
            .lifetimes
            .iter()
            .flat_map(|l| l.lifetimes.iter())
            .filter_map(|param| match param {
                syn::GenericParam::Lifetime(l) => Some(l.lifetime.clone()),
                _ => None,
            })
            .collect();
        let Some(PathArguments::Parenthesized(args)) = trait_bound
            .path
            .segments
            .last_mut()
            .map(|s| &mut s.arguments)
        else {
            continue;
        };
        let is_async = name
            .as_deref()
            .is_some_and(|name| name.starts_with("Async"));
        let (output, output_shape) = rewrite_output(args, krate)?;
        let inputs = args.inputs.iter().map(|arg| arg.ty.clone()).collect();
        found = Some(ClosureType {
            inputs,
            output,
            output_shape,
            is_async,
            late_bound,
            thread_bound: None,
            bound: trait_bound.to_token_stream(),
            boxed: None,
        });
    }
    Ok(found.map(|closure| ClosureType {
        thread_bound,
        ..closure
    }))
}

fn rewrite_output(
    args: &mut ParenthesizedGenericArguments,
    krate: &Path,
) -> syn::Result<(Option<Type>, Shape)> {
    match &mut args.output {
        ReturnType::Default => Ok((None, Shape::Plain)),
        ReturnType::Type(_, ty) => {
            let shape = rewrite(ty, krate)?;
            Ok((Some((**ty).clone()), shape))
        }
    }
}

/// `'_` in place of the lifetimes a closure cannot declare (`for<'a>`).
pub fn without_late_bound(ty: &Type, late_bound: &[Lifetime]) -> Type {
    struct Replace<'a>(&'a [Lifetime]);
    impl syn::visit_mut::VisitMut for Replace<'_> {
        fn visit_lifetime_mut(&mut self, lifetime: &mut Lifetime) {
            if self.0.contains(lifetime) {
                *lifetime = Lifetime::new("'_", lifetime.span());
            }
        }
    }
    let mut ty = ty.clone();
    syn::visit_mut::VisitMut::visit_type_mut(&mut Replace(late_bound), &mut ty);
    ty
}

/// Whether a type names a lifetime the closure would have to be annotated
/// with: an elided reference (`&str`) or `'_`. Closures do not elide
/// lifetimes in their return type the way functions do.
pub fn has_elided_lifetime(ty: &Type) -> bool {
    struct Find(bool);
    impl<'ast> Visit<'ast> for Find {
        fn visit_type_reference(&mut self, r: &'ast syn::TypeReference) {
            self.0 |= r.lifetime.is_none();
            syn::visit::visit_type_reference(self, r);
        }
        fn visit_lifetime(&mut self, l: &'ast Lifetime) {
            self.0 |= l.ident == "_";
        }
        fn visit_type_impl_trait(&mut self, _: &'ast syn::TypeImplTrait) {
            self.0 = true;
        }
    }
    let mut find = Find(false);
    find.visit_type(ty);
    find.0
}

#[cfg(test)]
mod tests {
    use super::{Shape, rewrite};
    use quote::ToTokens;
    use syn::{Path, Type, parse_quote};

    fn run(mut ty: Type) -> (String, syn::Result<Shape>) {
        let krate: Path = parse_quote!(::freevars);
        let shape = rewrite(&mut ty, &krate);
        (ty.to_token_stream().to_string().replace(' ', ""), shape)
    }

    #[test]
    fn wraps_impl_fn_and_reads_its_signature() {
        let (ty, shape) = run(parse_quote!(impl Fn(f64) -> f64));
        assert_eq!(ty, "::freevars::Closure<implFn(f64)->f64>");
        let Ok(Shape::Closure(closure)) = shape else {
            panic!("a closure")
        };
        assert_eq!(closure.inputs.len(), 1);
        assert!(closure.output.is_some());
    }

    #[test]
    fn wraps_boxed_and_tuple_elements() {
        let (ty, shape) = run(parse_quote!((
            Box<dyn FnMut(i32) + 'a>,
            impl FnOnce() -> String
        )));
        assert_eq!(
            ty,
            "(::freevars::Closure<Box<dynFnMut(i32)+'a>>,::freevars::Closure<implFnOnce()->String>)"
        );
        assert!(matches!(shape, Ok(Shape::Tuple(ref s)) if s.len() == 2));
    }

    #[test]
    fn keeps_an_already_wrapped_closure() {
        let (ty, shape) = run(parse_quote!(freevars::Closure<impl Fn() -> i32>));
        assert_eq!(ty, "freevars::Closure<implFn()->i32>");
        assert!(matches!(shape, Ok(Shape::Closure(_))));
    }

    #[test]
    fn rewrites_a_closure_returned_by_a_closure() {
        let (ty, shape) = run(parse_quote!(impl Fn(i32) -> Box<dyn Fn(i32) -> i32>));
        assert_eq!(
            ty,
            "::freevars::Closure<implFn(i32)->::freevars::Closure<Box<dynFn(i32)->i32>>>"
        );
        let Ok(Shape::Closure(outer)) = shape else {
            panic!("a closure")
        };
        assert!(matches!(outer.output_shape, Shape::Closure(_)));
    }

    #[test]
    fn plain_types_are_plain_and_hidden_closures_are_refused() {
        assert!(matches!(run(parse_quote!(i32)).1, Ok(Shape::Plain)));
        assert!(matches!(
            run(parse_quote!((i32, String))).1,
            Ok(Shape::Plain)
        ));
        assert!(run(parse_quote!(Option<impl Fn()>)).1.is_err());
    }

    #[test]
    fn notes_thread_bounds() {
        let (_, shape) = run(parse_quote!(Box<dyn Fn() + Send + 'static>));
        let Ok(Shape::Closure(closure)) = shape else {
            panic!("a closure")
        };
        assert!(closure.thread_bound.is_some());
    }
}
