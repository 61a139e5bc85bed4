//! Generated code names everything by absolute path and its own names are
//! hygienic: a module that shadows `core`, `std`, `alloc` and the names the
//! macro uses still gets working closures.
#![deny(warnings)]
#![allow(non_camel_case_types, dead_code, clippy::disallowed_names)]

mod shadowed {
    use freevars::introspect;

    // Relative paths to these would break.
    mod core {}
    mod std {}
    mod alloc {}
    mod freevars_runtime {}
    struct Rc;
    struct RefCell;
    struct Cell;
    struct Closure;
    struct Box;
    struct Option;
    struct Code;
    struct DynCell;
    trait DebugProbe {}
    trait PlainProbe {}
    const CODE: u8 = 0;
    // The names of the macro's protocol and of its helper `fn`, at the
    // user's level.
    mod __private {}
    struct Probe;
    struct Plain;
    struct Owner;
    const OWNER: u8 = 0;
    fn share() {}
    fn closure() {}
    fn code() {}
    fn new_cell() {}
    fn borrow() {}
    fn borrow_mut() {}
    fn signature() {}
    const NO_OWNER: u8 = 0;
    // The body's alias of the protocol module is a module, in the type
    // namespace: a function of that name is still the user's in the body.
    fn __freevars() -> u32 {
        7
    }

    #[introspect]
    pub fn uses_the_alias_name() -> impl Fn() -> u32 {
        let base = __freevars();
        move || base + __freevars()
    }

    #[introspect]
    pub fn averager() -> impl Fn(f64) -> f64 {
        let series = Vec::new();
        move |new_value| {
            series.push(new_value);
            let total: f64 = series.iter().sum();
            total / series.len() as f64
        }
    }

    #[introspect]
    pub fn counter() -> (impl Fn() -> u32, impl Fn() -> u32) {
        let mut count = 0;
        let inc = move || {
            count += 1;
            count
        };
        let get = move || count;
        (inc, get)
    }

    // The nested `fn` that gives a closure its signature.
    #[introspect]
    pub fn skipper<T>(skip: usize) -> impl Fn(&[T]) -> &[T] {
        move |items| &items[skip..]
    }

    // Names the macro gives its own variables (`x_cell`, `this`), used by
    // the user for something else.
    #[introspect]
    pub fn look_alikes(x: u32) -> ::std::boxed::Box<dyn Fn(u32) -> u32> {
        let x_cell = 100;
        let this = 10;
        ::std::boxed::Box::new(move |y| x + y + x_cell + this)
    }

    pub struct Shelf {
        pub books: Vec<&'static str>,
    }

    impl Shelf {
        // Regression: the cell of `self` and a variable `this` had the same generated name.
        #[introspect]
        pub fn reader(&self) -> impl Fn() -> usize + '_ {
            let this = 1;
            move || self.books.len() + this
        }
    }
}

#[test]
fn every_shape_works_where_paths_are_shadowed() {
    let avg = shadowed::averager();
    assert!((avg(2.0) - 2.0).abs() < f64::EPSILON);
    assert_eq!(avg.freevars(), ["series"]);

    let alias = shadowed::uses_the_alias_name();
    assert_eq!(alias(), 14);
    assert_eq!(alias.freevars(), ["base"]);

    let (inc, get) = shadowed::counter();
    inc();
    assert_eq!(get(), 1);

    let skip = shadowed::skipper::<u8>(1);
    assert_eq!(skip(&[1, 2, 3]), [2, 3]);
    assert_eq!(skip.freevars(), ["skip"]);

    let f = shadowed::look_alikes(1000);
    assert_eq!(f(1), 1111);
    assert_eq!(f.freevars(), ["this", "x", "x_cell"]);

    let shelf = shadowed::Shelf {
        books: vec!["a", "b"],
    };
    let read = shelf.reader();
    assert_eq!(read(), 3);
    assert_eq!(read.freevars(), ["self", "this"]);
}
