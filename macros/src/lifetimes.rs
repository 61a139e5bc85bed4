//! Whether a declared type may borrow data. A cell's contents can only be
//! handed out type-erased (`dyn Any`) when they are `'static`; a variable
//! whose type borrows still lives in a cell, but its view shows only its
//! name, type and address.

use proc_macro2::Ident;
use syn::visit::Visit;
use syn::{GenericParam, Generics, Type, TypeParamBound, WherePredicate};

/// The type parameters of a function that are not bounded by `'static`:
/// a value of such a type may borrow.
pub fn non_static_type_params(generics: &Generics) -> Vec<Ident> {
    let is_static = |bound: &TypeParamBound| matches!(bound, TypeParamBound::Lifetime(l) if l.ident == "static");
    generics
        .params
        .iter()
        .filter_map(|param| match param {
            GenericParam::Type(t) => Some(t),
            _ => None,
        })
        .filter(|t| {
            let inline = t.bounds.iter().any(is_static);
            let in_where = generics.where_clause.iter().any(|w| {
                w.predicates.iter().any(|p| match p {
                    WherePredicate::Type(pt) => {
                        matches!(&pt.bounded_ty, Type::Path(b) if b.path.is_ident(&t.ident))
                            && pt.bounds.iter().any(is_static)
                    }
                    _ => false,
                })
            });
            !inline && !in_where
        })
        .map(|t| t.ident.clone())
        .collect()
}

/// The names of all generic parameters: types, consts, and lifetimes
/// (without their `'`).
pub fn param_names(generics: &Generics) -> Vec<Ident> {
    generics
        .params
        .iter()
        .map(|param| match param {
            GenericParam::Type(t) => t.ident.clone(),
            GenericParam::Const(c) => c.ident.clone(),
            GenericParam::Lifetime(l) => l.lifetime.ident.clone(),
        })
        .collect()
}

/// Whether a value of type `ty` may borrow: the type has a reference, a
/// lifetime other than `'static`, an `impl Trait` without `+ 'static`, or one
/// of `params`.
pub fn may_borrow(ty: &Type, params: &[Ident]) -> bool {
    struct Find<'a> {
        params: &'a [Ident],
        found: bool,
        /// Inside `Fn(..)` sugar, where an elided lifetime is the
        /// closure's own (higher-ranked), not one the value holds.
        in_fn_sugar: bool,
    }
    impl<'ast> Visit<'ast> for Find<'_> {
        fn visit_type_reference(&mut self, r: &'ast syn::TypeReference) {
            let static_ref = r.lifetime.as_ref().is_some_and(|l| l.ident == "static");
            let higher_ranked = self.in_fn_sugar && r.lifetime.is_none();
            self.found |= !static_ref && !higher_ranked;
            syn::visit::visit_type_reference(self, r);
        }
        fn visit_lifetime(&mut self, l: &'ast syn::Lifetime) {
            let higher_ranked = self.in_fn_sugar && l.ident == "_";
            self.found |= l.ident != "static" && !higher_ranked;
        }
        // Regression: `Box<dyn Fn(&str) -> usize>` is `'static`; its `&str`
        // made every untyped local of the function hide its contents.
        fn visit_parenthesized_generic_arguments(
            &mut self,
            args: &'ast syn::ParenthesizedGenericArguments,
        ) {
            let outer = std::mem::replace(&mut self.in_fn_sugar, true);
            syn::visit::visit_parenthesized_generic_arguments(self, args);
            self.in_fn_sugar = outer;
        }
        fn visit_type_impl_trait(&mut self, t: &'ast syn::TypeImplTrait) {
            self.found |= !t
                .bounds
                .iter()
                .any(|b| matches!(b, TypeParamBound::Lifetime(l) if l.ident == "static"));
        }
        fn visit_type_path(&mut self, p: &'ast syn::TypePath) {
            if let Some(first) = p.path.segments.first()
                && p.qself.is_none()
                && self.params.contains(&first.ident)
            {
                self.found = true;
            }
            syn::visit::visit_type_path(self, p);
        }
    }
    let mut find = Find {
        params,
        found: false,
        in_fn_sugar: false,
    };
    find.visit_type(ty);
    find.found
}

#[cfg(test)]
mod tests {
    use super::{may_borrow, non_static_type_params};
    use syn::{ItemFn, Type, parse_quote};

    #[test]
    fn references_and_lifetimes_borrow() {
        let borrows = |ty: Type| may_borrow(&ty, &[]);
        assert!(borrows(parse_quote!(&mut I)));
        assert!(borrows(parse_quote!(std::slice::Iter<'a, i32>)));
        assert!(borrows(parse_quote!(impl Iterator<Item = i32>)));
        assert!(!borrows(parse_quote!(&'static str)));
        assert!(!borrows(parse_quote!(Vec<String>)));
        assert!(!borrows(parse_quote!(impl Fn() + 'static)));
        // A closure's own elided lifetimes are not ones the value holds.
        assert!(!borrows(parse_quote!(Box<dyn Fn(&str) -> &str>)));
        assert!(!borrows(parse_quote!(
            Box<dyn Fn(std::slice::Iter<'_, u8>)>
        )));
        assert!(borrows(parse_quote!(Box<dyn Fn(&'a str)>)));
        assert!(borrows(parse_quote!(&dyn Fn(&str))));
    }

    #[test]
    fn only_type_parameters_without_static_bounds_borrow() {
        let f: ItemFn = parse_quote!(
            fn f<T: Clone, U: 'static, V>(t: T)
            where
                V: 'static,
            {
            }
        );
        let params = non_static_type_params(&f.sig.generics);
        assert_eq!(params.len(), 1);
        assert!(may_borrow(&parse_quote!(Vec<T>), &params));
        assert!(!may_borrow(&parse_quote!(Vec<U>), &params));
    }
}
