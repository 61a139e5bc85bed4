//! The combinations, and the source text of one generated crate.
//!
//! Every combination is a module with a `make` (the closure factory: a free
//! function, or a method of `Holder` with the attribute on its `impl`) and a
//! `run` that calls what `make` returns with fixed inputs and returns the
//! results as one line. The plain and the annotated crate differ only by the
//! attribute, and by how an `impl FnOnce` is called (`f.into_inner()(x)`, as
//! the README says).

use std::fmt::Write as _;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Shape {
    ImplFn,
    ImplFnMut,
    ImplFnOnce,
    BoxFn,
    BoxFnMut,
    /// `(impl Fn, impl Fn)`.
    Tuple,
    /// `(impl FnMut, impl FnMut)`: siblings that rebind what they share.
    TupleMut,
    RcFn,
    OptionFn,
    ResultFn,
}

const SHAPES: [Shape; 10] = [
    Shape::ImplFn,
    Shape::ImplFnMut,
    Shape::ImplFnOnce,
    Shape::BoxFn,
    Shape::BoxFnMut,
    Shape::Tuple,
    Shape::TupleMut,
    Shape::RcFn,
    Shape::OptionFn,
    Shape::ResultFn,
];

impl Shape {
    fn name(self) -> &'static str {
        match self {
            Shape::ImplFn => "impl_fn",
            Shape::ImplFnMut => "impl_fn_mut",
            Shape::ImplFnOnce => "impl_fn_once",
            Shape::BoxFn => "box_fn",
            Shape::BoxFnMut => "box_fn_mut",
            Shape::Tuple => "tuple",
            Shape::TupleMut => "tuple_mut",
            Shape::RcFn => "rc_fn",
            Shape::OptionFn => "option_fn",
            Shape::ResultFn => "result_fn",
        }
    }

    /// The README's Limits refuse closures returned inside other types.
    pub fn documented_refused(self) -> bool {
        matches!(self, Shape::RcFn | Shape::OptionFn | Shape::ResultFn)
    }

    fn is_tuple(self) -> bool {
        matches!(self, Shape::Tuple | Shape::TupleMut)
    }

    /// `sig` is `(In) -> Out`, `bound` is `""` or ` + 'a`.
    fn return_type(self, sig: &str, bound: &str) -> String {
        match self {
            Shape::ImplFn => format!("impl Fn{sig}"),
            Shape::ImplFnMut => format!("impl FnMut{sig}"),
            Shape::ImplFnOnce => format!("impl FnOnce{sig}"),
            Shape::BoxFn => format!("Box<dyn Fn{sig}{bound}>"),
            Shape::BoxFnMut => format!("Box<dyn FnMut{sig}{bound}>"),
            Shape::Tuple => format!("(impl Fn{sig}, impl Fn{sig})"),
            Shape::TupleMut => format!("(impl FnMut{sig}, impl FnMut{sig})"),
            Shape::RcFn => format!("std::rc::Rc<dyn Fn{sig}{bound}>"),
            Shape::OptionFn => format!("Option<impl Fn{sig}>"),
            Shape::ResultFn => format!("Result<impl Fn{sig}, String>"),
        }
    }

    /// The tail expression returning `first` (and `second`, for tuples).
    fn tail(self, first: &str, second: &str) -> String {
        match self {
            Shape::ImplFn | Shape::ImplFnMut | Shape::ImplFnOnce => first.to_owned(),
            Shape::BoxFn | Shape::BoxFnMut => format!("Box::new({first})"),
            Shape::Tuple | Shape::TupleMut => format!("({first}, {second})"),
            Shape::RcFn => format!("std::rc::Rc::new({first})"),
            Shape::OptionFn => format!("Some({first})"),
            Shape::ResultFn => format!("Ok({first})"),
        }
    }
}

/// The signature around the closure, without the result's kind.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Signature {
    NoGenerics,
    /// `T: Clone + Debug + 'static`, the closure taking `T`.
    GenericStatic,
    /// `T: Clone + Debug`, called with `T = &str` borrowed from a local.
    Generic,
    /// `<'a>(p: &'a str)`, `p` captured.
    NamedLifetime,
    /// `(p: &str)`, `p` captured.
    ElidedLifetime,
    /// `&self` in an `impl` with the attribute, `self` captured.
    MethodSelfRef,
    /// `&self`, and a closure taking `&Self`.
    MethodSelfType,
}

const SIGNATURES: [Signature; 7] = [
    Signature::NoGenerics,
    Signature::GenericStatic,
    Signature::Generic,
    Signature::NamedLifetime,
    Signature::ElidedLifetime,
    Signature::MethodSelfRef,
    Signature::MethodSelfType,
];

impl Signature {
    fn name(self) -> &'static str {
        match self {
            Signature::NoGenerics => "no_generics",
            Signature::GenericStatic => "generic_static",
            Signature::Generic => "generic",
            Signature::NamedLifetime => "named_lifetime",
            Signature::ElidedLifetime => "elided_lifetime",
            Signature::MethodSelfRef => "method_self_ref",
            Signature::MethodSelfType => "method_self_type",
        }
    }

    fn is_method(self) -> bool {
        matches!(self, Signature::MethodSelfRef | Signature::MethodSelfType)
    }

    fn is_generic(self) -> bool {
        matches!(self, Signature::GenericStatic | Signature::Generic)
    }

    fn generics(self) -> &'static str {
        match self {
            Signature::GenericStatic => "<T: Clone + Debug + 'static>",
            Signature::Generic => "<T: Clone + Debug>",
            Signature::NamedLifetime => "<'a>",
            _ => "",
        }
    }

    /// The lifetime written in a reference parameter.
    fn lifetime(self) -> &'static str {
        if self == Signature::NamedLifetime {
            "'a "
        } else {
            ""
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Capture {
    /// An owned `String`, read.
    String,
    /// An owned `Vec`, changed in place.
    Vec,
    /// A `Copy` integer, read.
    Copy,
    /// A `Copy` integer declared `let mut` and rebound with `+=`.
    CopyMut,
    /// A `&[i32]` parameter.
    Ref,
    /// A `&mut Vec<i32>` parameter, pushed to.
    RefMut,
    /// A parameter of the type parameter `T`.
    Generic,
    /// A closure (itself capturing a `Copy` integer).
    Closure,
}

const CAPTURES: [Capture; 8] = [
    Capture::String,
    Capture::Vec,
    Capture::Copy,
    Capture::CopyMut,
    Capture::Ref,
    Capture::RefMut,
    Capture::Generic,
    Capture::Closure,
];

impl Capture {
    fn name(self) -> &'static str {
        match self {
            Capture::String => "string",
            Capture::Vec => "vec",
            Capture::Copy => "copy",
            Capture::CopyMut => "copy_mut",
            Capture::Ref => "ref",
            Capture::RefMut => "ref_mut",
            Capture::Generic => "generic",
            Capture::Closure => "closure",
        }
    }

    fn variable(self) -> &'static str {
        match self {
            Capture::String => "s",
            Capture::Vec => "v",
            Capture::Copy | Capture::CopyMut => "k",
            Capture::Ref => "r",
            Capture::RefMut => "m",
            Capture::Generic => "g",
            Capture::Closure => "h",
        }
    }

    fn parameter(self, signature: Signature) -> Option<String> {
        let lifetime = signature.lifetime();
        match self {
            Capture::Ref => Some(format!("r: &{lifetime}[i32]")),
            Capture::RefMut => Some(format!("m: &{lifetime}mut Vec<i32>")),
            Capture::Generic => Some("g: T".to_owned()),
            _ => None,
        }
    }

    fn declaration(self) -> &'static str {
        match self {
            Capture::String => "let s = String::from(\"ab\");",
            Capture::Vec => "let mut v = Vec::new();",
            Capture::Copy => "let k = 3;",
            Capture::CopyMut => "let mut k = 3;",
            Capture::Closure => "let w = 2;\n        let h = move |y: i32| y * w;",
            Capture::Ref | Capture::RefMut | Capture::Generic => "",
        }
    }

    /// A plain closure cannot share a value that is not `Copy` with its
    /// sibling: the second closure of a tuple gets a clone, `NAME_b`.
    fn twin(self) -> Option<&'static str> {
        match self {
            Capture::String => Some("let s_b = s.clone();"),
            Capture::Vec => Some("let mut v_b = v.clone();"),
            Capture::Generic => Some("let g_b = g.clone();"),
            _ => None,
        }
    }

    /// The statements a call runs, then the `String` it contributes, for the
    /// variable `var`.
    fn used(self, var: &str) -> (String, String) {
        match self {
            Capture::String => (String::new(), format!("{var}.clone()")),
            Capture::Vec => (
                format!("{var}.push(1);"),
                format!("format!(\"{{{var}:?}}\")"),
            ),
            Capture::Copy => (String::new(), format!("{var}.to_string()")),
            Capture::CopyMut => (format!("{var} += 1;"), format!("{var}.to_string()")),
            Capture::Ref | Capture::Generic => (String::new(), format!("format!(\"{{{var}:?}}\")")),
            Capture::RefMut => (
                format!("{var}.push(7);"),
                format!("{var}.len().to_string()"),
            ),
            Capture::Closure => (String::new(), format!("{var}(5).to_string()")),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Combo {
    pub shape: Shape,
    pub signature: Signature,
    /// The closure's result borrows from its argument.
    pub borrowed: bool,
    pub capture: Capture,
}

/// The cross product; a generic value is captured only where the signature
/// has a type parameter.
pub fn all() -> Vec<Combo> {
    let mut combos = Vec::new();
    for shape in SHAPES {
        for signature in SIGNATURES {
            for borrowed in [false, true] {
                for capture in CAPTURES {
                    if capture != Capture::Generic || signature.is_generic() {
                        combos.push(Combo {
                            shape,
                            signature,
                            borrowed,
                            capture,
                        });
                    }
                }
            }
        }
    }
    combos
}

impl Combo {
    /// `shape/signature[+borrowed_result]/capture`.
    pub fn name(self) -> String {
        format!(
            "{}/{}/{}",
            self.shape.name(),
            self.form(),
            self.capture.name()
        )
    }

    /// `signature[+borrowed_result]`.
    pub fn form(self) -> String {
        let result = if self.borrowed {
            "+borrowed_result"
        } else {
            ""
        };
        format!("{}{result}", self.signature.name())
    }

    pub fn shape_and_capture(self) -> String {
        format!("{}/{}", self.shape.name(), self.capture.name())
    }

    fn module_name(self) -> String {
        self.name().replace('/', "__").replace('+', "_")
    }

    /// The closure's `(In) -> Out`.
    fn closure_signature(self) -> &'static str {
        use Signature as S;
        match (self.signature, self.borrowed) {
            (S::GenericStatic | S::Generic, false) => "(T) -> String",
            (S::MethodSelfType, false) => "(&Self) -> String",
            (_, false) => "(i32) -> String",
            (S::GenericStatic | S::Generic, true) => "(&[T]) -> &[T]",
            (S::NamedLifetime, true) => "(&str) -> (&'a str, &str)",
            (S::MethodSelfType, true) => "(&Self) -> &str",
            (_, true) => "(&str) -> &str",
        }
    }

    /// What a `dyn` closure may borrow: the function's lifetime, if any.
    fn dyn_bound(self) -> &'static str {
        match self.signature {
            Signature::NamedLifetime => " + 'a",
            Signature::ElidedLifetime | Signature::MethodSelfRef | Signature::MethodSelfType => {
                " + '_"
            }
            _ if matches!(self.capture, Capture::Ref | Capture::RefMut) => " + '_",
            _ => "",
        }
    }

    fn parameters(self) -> String {
        let mut parameters = Vec::new();
        if self.signature.is_method() {
            parameters.push("&self".to_owned());
        }
        match self.signature {
            Signature::NamedLifetime => parameters.push("p: &'a str".to_owned()),
            Signature::ElidedLifetime => parameters.push("p: &str".to_owned()),
            _ => {}
        }
        parameters.extend(self.capture.parameter(self.signature));
        parameters.join(", ")
    }

    /// The returned closure, using the captured variable `var`.
    fn closure(self, var: &str) -> String {
        use Signature as S;
        let (statements, contribution) = self.capture.used(var);
        let result = match (self.signature, self.borrowed) {
            (S::NamedLifetime | S::ElidedLifetime, false) => "format!(\"{p}|{x:?}|{c}\")",
            (S::MethodSelfRef, false) => "format!(\"{}|{x:?}|{c}\", self.base)",
            (S::MethodSelfType, false) => "format!(\"{}|{c}\", x.name)",
            (_, false) => "format!(\"{x:?}|{c}\")",
            (S::ElidedLifetime, true) => {
                "let n = c.len() + p.len();\n            x.get(..n).unwrap_or(x)"
            }
            (S::MethodSelfRef, true) => {
                "let n = c.len() + self.base;\n            x.get(..n).unwrap_or(x)"
            }
            (S::NamedLifetime, true) => {
                "let n = c.len();\n            (p, x.get(..n).unwrap_or(x))"
            }
            (S::MethodSelfType, true) => {
                "let n = c.len();\n            x.name.get(..n).unwrap_or(&x.name)"
            }
            (_, true) => "let n = c.len();\n            x.get(..n).unwrap_or(x)",
        };
        let statements = if statements.is_empty() {
            statements
        } else {
            format!("\n            {statements}")
        };
        format!(
            "move |x| {{{statements}\n            let c = {contribution};\n            {result}\n        }}"
        )
    }

    fn make(self) -> String {
        let variable = self.capture.variable();
        let mut body = String::new();
        let declaration = self.capture.declaration();
        if !declaration.is_empty() {
            writeln!(body, "        {declaration}").unwrap();
        }
        let first = self.closure(variable);
        let second = match self.capture.twin() {
            Some(twin) if self.shape.is_tuple() => {
                writeln!(body, "        {twin}").unwrap();
                self.closure(&format!("{variable}_b"))
            }
            _ => first.clone(),
        };
        format!(
            "pub fn make{}({}) -> {} {{\n{body}        {}\n    }}",
            self.signature.generics(),
            self.parameters(),
            self.shape
                .return_type(self.closure_signature(), self.dyn_bound()),
            self.shape.tail(&first, &second),
        )
    }

    /// The three inputs of the calls (an `impl FnOnce` is called with the
    /// first only).
    fn inputs(self) -> [&'static str; 3] {
        use Signature as S;
        match (self.signature, self.borrowed) {
            (S::MethodSelfType, _) => ["&holder"; 3],
            (S::Generic, false) => ["\"a\"", "\"b\"", "\"c\""],
            (_, false) => ["1", "2", "3"],
            (S::GenericStatic, true) => [
                "&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10][..]",
                "&[9, 8, 7, 6, 5, 4, 3, 2, 1][..]",
                "&[1][..]",
            ],
            (S::Generic, true) => [
                "&[\"a\", \"b\", \"c\", \"d\", \"e\", \"f\", \"g\", \"h\", \"i\"][..]",
                "&[\"z\", \"y\", \"x\", \"w\", \"v\", \"u\", \"t\"][..]",
                "&[\"q\"][..]",
            ],
            (_, true) => ["\"hello world\"", "\"abcdefghijkl\"", "\"xyz\""],
        }
    }

    /// The call of `make`, after the `let`s it needs.
    fn make_call(self) -> (String, String) {
        let mut setup = String::new();
        let mut arguments = Vec::new();
        if self.signature.is_method() {
            setup
                .push_str("    let holder = Holder { base: 2, name: String::from(\"holder\") };\n");
        }
        if matches!(
            self.signature,
            Signature::NamedLifetime | Signature::ElidedLifetime
        ) {
            arguments.push("\"pp\"");
        }
        match self.capture {
            Capture::Ref => {
                setup.push_str("    let data = vec![1, 2, 3];\n");
                arguments.push("&data");
            }
            Capture::RefMut => {
                setup.push_str("    let mut store = vec![0];\n");
                arguments.push("&mut store");
            }
            Capture::Generic if self.signature == Signature::Generic => {
                setup.push_str("    let local = String::from(\"gen\");\n");
                arguments.push("local.as_str()");
            }
            Capture::Generic => arguments.push("10"),
            _ => {}
        }
        let receiver = if self.signature.is_method() {
            "holder."
        } else {
            ""
        };
        let turbofish = match self.signature {
            Signature::GenericStatic => "::<i32>",
            Signature::Generic => "::<&str>",
            _ => "",
        };
        let unwrap = if matches!(self.shape, Shape::OptionFn | Shape::ResultFn) {
            ".unwrap()"
        } else {
            ""
        };
        let call = format!(
            "{receiver}make{turbofish}({}){unwrap}",
            arguments.join(", ")
        );
        (setup, call)
    }

    fn run(self, annotated: bool) -> String {
        let (mut body, make) = self.make_call();
        let [first, second, third] = self.inputs();
        let calls: Vec<String> = match self.shape {
            Shape::ImplFnOnce if annotated => {
                writeln!(body, "    let f = {make};").unwrap();
                vec![format!("f.into_inner()({first})")]
            }
            Shape::ImplFnOnce => {
                writeln!(body, "    let f = {make};").unwrap();
                vec![format!("f({first})")]
            }
            Shape::Tuple | Shape::TupleMut => {
                let mutable = if self.shape == Shape::TupleMut {
                    "mut "
                } else {
                    ""
                };
                // Plain siblings each rebind their own copy of a `let mut`
                // integer, annotated ones share its cell (Python's
                // semantics): compare each closure on its own.
                if self.capture == Capture::CopyMut {
                    writeln!(body, "    let ({mutable}a, _) = {make};").unwrap();
                    writeln!(body, "    let (_, {mutable}b) = {make};").unwrap();
                } else {
                    writeln!(body, "    let ({mutable}a, {mutable}b) = {make};").unwrap();
                }
                vec![
                    format!("a({first})"),
                    format!("b({second})"),
                    format!("a({third})"),
                ]
            }
            _ => {
                let mutable = if matches!(self.shape, Shape::ImplFnMut | Shape::BoxFnMut) {
                    "mut "
                } else {
                    ""
                };
                writeln!(body, "    let {mutable}f = {make};").unwrap();
                vec![
                    format!("f({first})"),
                    format!("f({second})"),
                    format!("f({third})"),
                ]
            }
        };
        body.push_str("    let mut out: Vec<String> = Vec::new();\n");
        for call in calls {
            writeln!(body, "    out.push(format!(\"{{:?}}\", {call}));").unwrap();
        }
        format!("pub fn run() -> String {{\n{body}    out.join(\" \")\n}}")
    }

    /// The combination's module.
    pub fn module(self, annotated: bool) -> String {
        let attribute = if annotated {
            "#[freevars::introspect]\n"
        } else {
            ""
        };
        let make = self.make();
        let factory = if self.signature.is_method() {
            format!(
                "pub struct Holder {{\n    base: usize,\n    name: String,\n}}\n\n{attribute}impl Holder {{\n    {make}\n}}"
            )
        } else {
            format!("{attribute}{}", make.replace("\n    ", "\n"))
        };
        let run = self.run(annotated);
        format!(
            "mod {} {{\nuse std::fmt::Debug;\n\n{factory}\n\n{run}\n}}\n",
            self.module_name()
        )
    }
}

/// A crate's `main.rs` and, for each combination, the lines it spans.
pub fn crate_source(combos: &[Combo], annotated: bool) -> (String, Vec<Vec<usize>>) {
    let mut source = format!(
        "// Generated by tests/cross_product.rs: {} combinations, {}.\n#![allow(warnings)]\n\n",
        combos.len(),
        if annotated { "annotated" } else { "plain" }
    );
    let mut lines = Vec::new();
    for combo in combos {
        let first = source.lines().count() + 1;
        source.push_str(&combo.module(annotated));
        source.push('\n');
        lines.push((first..=source.lines().count()).collect::<Vec<_>>());
    }
    source.push_str(MAIN_HEAD);
    for (combo, lines) in combos.iter().zip(&mut lines) {
        lines.push(source.lines().count() + 1);
        writeln!(
            source,
            "        (\"{}\", {}::run),",
            combo.name(),
            combo.module_name()
        )
        .unwrap();
    }
    source.push_str(MAIN_TAIL);
    (source, lines)
}

const MAIN_HEAD: &str = "fn main() {
    // A panicking combination prints its message on its own line.
    std::panic::set_hook(Box::new(|_| {}));
    let runs: Vec<(&str, fn() -> String)> = vec![
";

const MAIN_TAIL: &str = r#"    ];
    for (name, run) in runs {
        match std::panic::catch_unwind(run) {
            Ok(result) => println!("{name}: {result}"),
            Err(panic) => {
                let message = panic
                    .downcast_ref::<&str>()
                    .map(|message| (*message).to_owned())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                println!("{name}: panicked: {}", message.replace('\n', " "));
            }
        }
    }
}
"#;
