//! The attribute's arguments: `#[introspect]` or
//! `#[introspect(crate = ::path::to::freevars)]`.

use proc_macro2::TokenStream;
use syn::parse::Parser;
use syn::{Path, parse_quote};

pub struct Args {
    /// Where generated code finds `freevars`, for crates that re-export it.
    pub krate: Path,
}

impl Args {
    pub fn parse(tokens: TokenStream) -> syn::Result<Args> {
        let mut krate = None;
        let parser = syn::meta::parser(|meta| {
            if meta.path.is_ident("crate") {
                if krate.is_some() {
                    return Err(
                        meta.error("`crate` is given twice: keep one `crate = path::to::freevars`")
                    );
                }
                krate = Some(meta.value()?.parse()?);
                Ok(())
            } else {
                Err(meta.error(
                    "unknown #[introspect] argument: the only one is `crate = path::to::freevars`, \
                     for crates that re-export freevars",
                ))
            }
        });
        parser.parse2(tokens)?;
        Ok(Args {
            krate: krate.unwrap_or_else(|| parse_quote!(::freevars)),
        })
    }
}

impl Default for Args {
    fn default() -> Args {
        Args {
            krate: parse_quote!(::freevars),
        }
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
        let error = Args::parse(quote!(name = "x")).err().unwrap();
        assert!(
            error
                .to_string()
                .starts_with("unknown #[introspect] argument")
        );
    }
}
