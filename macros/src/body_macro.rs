//! Macros inside the function body, read as far as their tokens allow, so
//! that `println!("{series:?}")`, `assert_eq!(count, 3)` and `vec![x; n]`
//! count as uses of `series`, `count`, `x` and `n`.
//!
//! The analysis and the rewrite both go through [`BodyMacro::parse`], so they
//! see the same expressions in the same order. Only the standard macros,
//! whose arguments are known to be expressions, are rewritten; in any other
//! macro a variable keeps its name (a macro may want an identifier), and
//! every use counts as changing it.

use proc_macro2::{Ident, TokenStream, TokenTree};
use quote::ToTokens;
use syn::parse::{ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::{Expr, LitStr, Macro, Pat, PatGuard, Token};

/// A macro call in the body.
pub struct BodyMacro {
    /// The macro's name, without its path: `println`.
    pub name: String,
    /// A standard macro whose arguments are expressions: they are rewritten.
    pub known: bool,
    pub args: MacroArgs,
}

impl BodyMacro {
    pub fn parse(mac: &Macro) -> BodyMacro {
        let name = mac
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default();
        let known = is_known(&name);
        let args = if is_inert(&name) {
            MacroArgs::Inert
        } else {
            MacroArgs::parse(mac, &name, known)
        };
        BodyMacro { name, known, args }
    }
}

/// Standard macros whose arguments are expressions.
fn is_known(name: &str) -> bool {
    format_string_position(name).is_some()
        || matches!(
            name,
            "vec" | "matches" | "assert_matches" | "debug_assert_matches" | "dbg"
        )
}

/// Standard macros that read no variable: `stringify!(x)` is `"x"`.
fn is_inert(name: &str) -> bool {
    matches!(
        name,
        "stringify"
            | "concat"
            | "env"
            | "option_env"
            | "line"
            | "column"
            | "file"
            | "module_path"
            | "cfg"
            | "include"
            | "include_str"
            | "include_bytes"
            | "compile_error"
    )
}

/// The arguments of a macro call in the body.
pub enum MacroArgs {
    /// Comma-separated expressions (`assert_eq!(a, b)`, `println!("{}", x)`),
    /// with the names a format string uses inline (`{x}`, `{:w$}`).
    List {
        args: Punctuated<Arg, Token![,]>,
        inline: Vec<Ident>,
        /// `write!(out, ..)`: the first argument is written to.
        writes_first: bool,
    },
    /// `vec![elem; len]`.
    Repeat {
        elem: Expr,
        semi: Token![;],
        len: Expr,
    },
    /// `matches!(expr, pattern if guard)`.
    Matches {
        expr: Expr,
        comma: Token![,],
        pat: Pat,
    },
    /// Tokens that do not parse as expressions: every identifier that could
    /// name a variable (not after `.` or `::`, not before `::` or `!`),
    /// and the inline names of every string literal, count as uses.
    Opaque { names: Vec<Ident> },
    /// A macro that reads no variable.
    Inert,
}

/// One argument of a [`MacroArgs::List`].
pub enum Arg {
    Expr(Expr),
    /// A format macro's `name = value`: `name` is not a variable.
    Named {
        name: Ident,
        eq: Token![=],
        value: Expr,
    },
}

impl MacroArgs {
    fn parse(mac: &Macro, name: &str, known: bool) -> MacroArgs {
        let format_at = format_string_position(name);
        let parsed = match name {
            "vec" => parse_repeat
                .parse2(mac.tokens.clone())
                .or_else(|_| parse_list(mac.tokens.clone(), None)),
            "matches" | "assert_matches" | "debug_assert_matches" => {
                parse_matches.parse2(mac.tokens.clone())
            }
            _ => parse_list(mac.tokens.clone(), format_at).map(|mut args| {
                if let MacroArgs::List {
                    writes_first,
                    inline,
                    args,
                } = &mut args
                {
                    *writes_first = matches!(name, "write" | "writeln");
                    // `log::info!("{x}")`, `anyhow!("{x}")`: a string argument
                    // of another macro is likely a format string.
                    if !known {
                        for arg in args.iter() {
                            if let Arg::Expr(Expr::Lit(syn::ExprLit {
                                lit: syn::Lit::Str(lit),
                                ..
                            })) = arg
                            {
                                inline.extend(inline_names(lit));
                            }
                        }
                    }
                }
                args
            }),
        };
        parsed.unwrap_or_else(|_| MacroArgs::Opaque {
            names: opaque_names(mac.tokens.clone()),
        })
    }

    /// The tokens of the arguments, as they are now.
    pub fn to_token_stream(&self, original: &TokenStream) -> TokenStream {
        match self {
            MacroArgs::List { args, .. } => args.to_token_stream(),
            MacroArgs::Repeat { elem, semi, len } => quote::quote!(#elem #semi #len),
            MacroArgs::Matches { expr, comma, pat } => quote::quote!(#expr #comma #pat),
            MacroArgs::Opaque { .. } | MacroArgs::Inert => original.clone(),
        }
    }
}

impl ToTokens for Arg {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        match self {
            Arg::Expr(expr) => expr.to_tokens(tokens),
            Arg::Named { name, eq, value } => {
                name.to_tokens(tokens);
                eq.to_tokens(tokens);
                value.to_tokens(tokens);
            }
        }
    }
}

/// Whether a macro in statement position is known to declare no variable
/// for the statements after it.
pub fn is_expression_macro(name: &str) -> bool {
    is_known(name) || is_inert(name)
}

/// Standard macros of type `!`: where a closure is expected, they need none.
pub fn is_diverging_macro(name: &str) -> bool {
    matches!(name, "panic" | "todo" | "unimplemented" | "unreachable")
}

/// Which argument of a standard macro is its format string.
fn format_string_position(name: &str) -> Option<usize> {
    match name {
        "print" | "println" | "eprint" | "eprintln" | "format" | "format_args" | "panic"
        | "unreachable" | "todo" | "unimplemented" => Some(0),
        "write" | "writeln" | "assert" | "debug_assert" => Some(1),
        "assert_eq" | "assert_ne" | "debug_assert_eq" | "debug_assert_ne" => Some(2),
        _ => None,
    }
}

fn parse_list(tokens: TokenStream, format_at: Option<usize>) -> syn::Result<MacroArgs> {
    let parser = |input: ParseStream<'_>| {
        let mut args = Punctuated::new();
        let mut inline = Vec::new();
        while !input.is_empty() {
            let index = args.len();
            let is_named = format_at.is_some_and(|at| index > at)
                && input.peek(syn::Ident)
                && input.peek2(Token![=])
                && !input.peek2(Token![==]);
            let arg = if is_named {
                Arg::Named {
                    name: input.parse()?,
                    eq: input.parse()?,
                    value: input.parse()?,
                }
            } else {
                let expr: Expr = input.parse()?;
                if Some(index) == format_at
                    && let Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(lit),
                        ..
                    }) = &expr
                {
                    inline = inline_names(lit);
                }
                Arg::Expr(expr)
            };
            args.push_value(arg);
            if input.is_empty() {
                break;
            }
            args.push_punct(input.parse()?);
        }
        // Explicit `name = value` arguments are what `{name}` refers to.
        let named: Vec<String> = args
            .iter()
            .filter_map(|arg| match arg {
                Arg::Named { name, .. } => Some(name.to_string()),
                Arg::Expr(_) => None,
            })
            .collect();
        inline.retain(|name| !named.contains(&name.to_string()));
        Ok(MacroArgs::List {
            args,
            inline,
            writes_first: false,
        })
    };
    parser.parse2(tokens)
}

fn parse_repeat(input: ParseStream<'_>) -> syn::Result<MacroArgs> {
    Ok(MacroArgs::Repeat {
        elem: input.parse()?,
        semi: input.parse()?,
        len: input.parse()?,
    })
}

fn parse_matches(input: ParseStream<'_>) -> syn::Result<MacroArgs> {
    let expr = input.parse()?;
    let comma = input.parse()?;
    let mut pat = Pat::parse_multi_with_leading_vert(input)?;
    if input.peek(Token![if]) {
        pat = Pat::Guard(PatGuard {
            attrs: Vec::new(),
            pat: Box::new(pat),
            if_token: input.parse()?,
            guard: input.parse()?,
        });
    }
    let _: Option<Token![,]> = input.parse()?;
    Ok(MacroArgs::Matches { expr, comma, pat })
}

/// The variable names a format string refers to: `{x}`, `{x:?}`, `{:w$}`,
/// `{:.p$}`. Positional (`{0}`) and implicit (`{}`) arguments are skipped.
pub fn inline_names(lit: &LitStr) -> Vec<Ident> {
    let text = lit.value();
    let mut names: Vec<String> = Vec::new();
    let mut rest = text.as_str();
    while let Some(open) = rest.find(['{', '}']) {
        let after = &rest[open + 1..];
        if rest[open..].starts_with("{{") || rest[open..].starts_with("}}") {
            rest = &after[1..];
            continue;
        }
        if rest.as_bytes()[open] == b'}' {
            rest = after;
            continue;
        }
        let Some(close) = after.find('}') else { break };
        let inside = &after[..close];
        let (arg, spec) = inside.split_once(':').unwrap_or((inside, ""));
        let mut push = |name: &str| {
            if is_identifier(name) && !names.iter().any(|n| n == name) {
                names.push(name.to_owned());
            }
        };
        push(arg.trim());
        // `name$` as width or precision.
        for piece in spec.split('$').rev().skip(1) {
            let start = piece
                .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
                .map_or(0, |i| i + 1);
            push(&piece[start..]);
        }
        rest = &after[close + 1..];
    }
    names
        .into_iter()
        .map(|name| Ident::new(&name, lit.span()))
        .collect()
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
        && name != "_"
}

fn opaque_names(tokens: TokenStream) -> Vec<Ident> {
    let mut names = Vec::new();
    collect_opaque_names(tokens, &mut names);
    names
}

fn collect_opaque_names(tokens: TokenStream, names: &mut Vec<Ident>) {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let punct_at =
        |i: usize, ch: char| matches!(trees.get(i), Some(TokenTree::Punct(p)) if p.as_char() == ch);
    for (i, tree) in trees.iter().enumerate() {
        match tree {
            TokenTree::Ident(ident) => {
                let after_path_or_dot = i > 0
                    && (punct_at(i - 1, '.') || punct_at(i - 1, ':') || punct_at(i - 1, '\''));
                let before_path_or_bang = punct_at(i + 1, ':') || punct_at(i + 1, '!');
                if !after_path_or_dot && !before_path_or_bang {
                    names.push(ident.clone());
                }
            }
            TokenTree::Group(group) => collect_opaque_names(group.stream(), names),
            TokenTree::Literal(literal) => {
                if let Ok(lit) = syn::parse2::<LitStr>(literal.to_token_stream()) {
                    names.extend(inline_names(&lit));
                }
            }
            TokenTree::Punct(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{BodyMacro, MacroArgs, inline_names};
    use syn::{LitStr, Macro, parse_quote};

    fn names(lit: &str) -> Vec<String> {
        let lit = LitStr::new(lit, proc_macro2::Span::call_site());
        inline_names(&lit).iter().map(ToString::to_string).collect()
    }

    #[test]
    fn finds_inline_names_with_specs_widths_and_precisions() {
        assert_eq!(names("{series:?} {count}"), ["series", "count"]);
        assert_eq!(names("{x:>w$} {:.p$} {:.*}"), ["x", "w", "p"]);
        assert_eq!(names("{{escaped}} {0} {} {_x}"), ["_x"]);
    }

    #[test]
    fn named_arguments_hide_inline_names() {
        let mac: Macro = parse_quote!(println!("{a} {b}", b = a + 1));
        let MacroArgs::List { args, inline, .. } = BodyMacro::parse(&mac).args else {
            panic!("println! arguments parse")
        };
        assert_eq!(args.len(), 2);
        assert_eq!(inline.len(), 1);
        assert_eq!(inline[0].to_string(), "a");
    }

    #[test]
    fn vec_repeat_and_matches_parse() {
        let mac: Macro = parse_quote!(vec![x; n]);
        assert!(matches!(
            BodyMacro::parse(&mac).args,
            MacroArgs::Repeat { .. }
        ));
        let mac: Macro = parse_quote!(matches!(v, Some(y) if y > limit));
        assert!(matches!(
            BodyMacro::parse(&mac).args,
            MacroArgs::Matches { .. }
        ));
    }

    #[test]
    fn unparseable_macros_fall_back_to_identifiers() {
        let mac: Macro = parse_quote!(my_dsl!(total => a.b :: c, "{count}"));
        let MacroArgs::Opaque { names } = BodyMacro::parse(&mac).args else {
            panic!("not an expression list")
        };
        let names: Vec<String> = names.iter().map(ToString::to_string).collect();
        assert_eq!(names, ["total", "a", "count"]);
    }
}

#[cfg(test)]
mod kinds {
    use super::{BodyMacro, MacroArgs};
    use syn::{Macro, parse_quote};

    #[test]
    fn standard_macros_are_known_others_are_not_and_stringify_reads_nothing() {
        let known: Macro = parse_quote!(assert_eq!(a, b));
        assert!(BodyMacro::parse(&known).known);
        let other: Macro = parse_quote!(log::info!("{x}", y));
        let other = BodyMacro::parse(&other);
        assert!(!other.known);
        let MacroArgs::List { inline, .. } = other.args else {
            panic!("expressions")
        };
        assert_eq!(inline[0].to_string(), "x");
        let inert: Macro = parse_quote!(stringify!(x));
        assert!(matches!(BodyMacro::parse(&inert).args, MacroArgs::Inert));
    }
}
