/// Drops the module paths from a type name, as Python shows `list`, not
/// `builtins.list`.
///
/// Every path inside the name is cut to its last segment, so generic
/// arguments, references, tuples and slices keep their shape.
///
/// ```
/// use freevars_runtime::short_type_name;
///
/// assert_eq!(short_type_name(std::any::type_name::<Vec<f64>>()), "Vec<f64>");
/// assert_eq!(
///     short_type_name("core::option::Option<&mut alloc::string::String>"),
///     "Option<&mut String>",
/// );
/// assert_eq!(short_type_name("[freevars_runtime::cell::DynCell]"), "[DynCell]");
/// ```
#[must_use]
pub fn short_type_name(full: &str) -> String {
    let mut out = String::with_capacity(full.len());
    // Where the path being copied started in `out`; a `::` cuts back to it.
    let mut path_start = 0;
    let mut rest = full;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("::") {
            out.truncate(path_start);
            rest = after;
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
        if !(c.is_alphanumeric() || matches!(c, '_' | '{' | '}')) {
            path_start = out.len();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::short_type_name;

    #[test]
    fn shortens_every_path_in_a_generic_type() {
        assert_eq!(
            short_type_name("std::collections::hash::map::HashMap<alloc::string::String, i32>"),
            "HashMap<String, i32>"
        );
    }

    #[test]
    fn keeps_references_tuples_and_closures() {
        assert_eq!(
            short_type_name("(&str, &mut my_crate::Point, [u8; 4])"),
            "(&str, &mut Point, [u8; 4])"
        );
        assert_eq!(
            short_type_name("my_crate::make::{{closure}}"),
            "{{closure}}"
        );
        assert_eq!(
            short_type_name("alloc::boxed::Box<dyn core::ops::function::Fn(i32) -> i32>"),
            "Box<dyn Fn(i32) -> i32>"
        );
    }

    #[test]
    fn leaves_plain_names_alone() {
        assert_eq!(short_type_name("f64"), "f64");
        assert_eq!(short_type_name(""), "");
    }
}
