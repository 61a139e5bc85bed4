//! The attribute's arguments: `#[introspect]`, `#[introspect(twin)]`,
//! `#[introspect(sync)]`, `#[introspect(crate = ::path::to::freevars)]`, or
//! several of them.

use proc_macro2::TokenStream;
use syn::Path;
use syn::parse::Parser;

pub struct Args {
    /// Where generated code finds `freevars`, for crates that re-export it.
    pub krate: Path,
    /// Keep each function as written and add an introspectable twin,
    /// `NAME_introspected`, beside it.
    pub twin: bool,
    /// Cells shared between threads (`Arc` and a lock): the closures are
    /// `Send + Sync` when what they capture is.
    pub sync: bool,
}

impl Args {
    pub fn parse(tokens: TokenStream) -> syn::Result<Args> {
        let mut args = Args::default();
        let (mut krate, mut twin, mut sync) = (false, false, false);
        let parser = syn::meta::parser(|meta| {
            let seen = if meta.path.is_ident("crate") {
                args.krate = meta.value()?.parse()?;
                std::mem::replace(&mut krate, true)
            } else if meta.path.is_ident("twin") {
                args.twin = true;
                std::mem::replace(&mut twin, true)
            } else if meta.path.is_ident("sync") {
                args.sync = true;
                std::mem::replace(&mut sync, true)
            } else {
                return Err(meta.error(
                    "unknown #[introspect] argument: write `twin` (keep the function as written \
                     and add an introspectable twin), `sync` (closures that can go to other \
                     threads), `crate = path::to::freevars` (for crates that re-export \
                     freevars), or several of them",
                ));
            };
            if seen {
                return Err(meta.error(format!(
                    "`{}` is given twice: keep one",
                    meta.path
                        .get_ident()
                        .map(ToString::to_string)
                        .unwrap_or_default()
                )));
            }
            Ok(())
        });
        parser.parse2(tokens)?;
        Ok(args)
    }
}

impl Default for Args {
    fn default() -> Args {
        Args {
            krate: crate::syntax::simple_path("freevars", true),
            twin: false,
            sync: false,
        }
    }
}

impl Args {
    /// Where the wrapper type lives: `::freevars` (`::freevars::Closure`),
    /// or `::freevars::sync` under `sync`.
    pub fn wrapper_module(&self) -> Path {
        let mut path = self.krate.clone();
        if self.sync {
            path.segments
                .push(proc_macro2::Ident::new("sync", proc_macro2::Span::call_site()).into());
        }
        path
    }
}

#[cfg(test)]
mod tests {
    use super::Args;
    use quote::{ToTokens, quote};

    #[test]
    fn defaults_to_the_facade_crate() {
        let args = Args::parse(quote!()).unwrap();
        assert_eq!(args.krate.to_token_stream().to_string(), ":: freevars");
    }

    #[test]
    fn takes_a_crate_path_and_refuses_anything_else() {
        let args = Args::parse(quote!(crate = my::reexport)).unwrap();
        assert_eq!(args.krate.to_token_stream().to_string(), "my :: reexport");
        assert!(!args.twin);
        let args = Args::parse(quote!(twin, crate = my::reexport)).unwrap();
        assert!(args.twin);
        assert!(!args.sync);
        assert_eq!(args.krate.to_token_stream().to_string(), "my :: reexport");
        let args = Args::parse(quote!(sync)).unwrap();
        assert!(args.sync && !args.twin);
        assert_eq!(
            args.wrapper_module().to_token_stream().to_string(),
            ":: freevars :: sync"
        );
        assert!(Args::parse(quote!(sync, sync)).is_err());
        let error = Args::parse(quote!(name = "x")).err().unwrap();
        assert!(
            error
                .to_string()
                .starts_with("unknown #[introspect] argument")
        );
    }
}
