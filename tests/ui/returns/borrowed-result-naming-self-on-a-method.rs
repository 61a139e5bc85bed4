// A closure whose result borrows from its argument and whose bound names
// `Self` gets its signature from a nested `fn`, where `Self` must be written
// as the impl's type: with the attribute on the method alone, the macro does
// not know that type and says where to put the attribute.
use freevars::introspect;

struct Node {
    name: String,
}

impl Node {
    #[introspect]
    fn name_of() -> impl Fn(&Self) -> &str {
        |n| n.name.as_str()
    }
}

fn main() {}
