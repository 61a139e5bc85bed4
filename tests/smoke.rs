#![deny(warnings, clippy::all, clippy::pedantic)]
use freevars::introspect;

#[introspect]
fn make_averager() -> impl Fn(f64) -> f64 {
    let mut series = Vec::new();
    move |new_value: f64| {
        series.push(new_value);
        let total: f64 = series.iter().sum();
        total / series.len() as f64
    }
}

#[introspect]
fn make_counter() -> (impl Fn() -> u32, impl Fn() -> u32) {
    let mut count = 0;
    let inc = move || {
        count += 1;
        count
    };
    let get = move || count;
    (inc, get)
}

#[test]
fn issue_example() {
    let avg = make_averager();
    assert_eq!(avg(10.0), 10.0);
    assert_eq!(avg(11.0), 10.5);
    assert_eq!(avg.freevars(), ["series"]);
    assert_eq!(avg.code().varnames(), ["new_value", "total"]);
    println!("{:?}", avg.cells());
    println!("{:?}", avg);
    assert_eq!(avg.cells()[0].contents_repr(), "[10.0, 11.0]");
    assert_eq!(
        *avg.cells()[0].contents::<Vec<f64>>().unwrap(),
        vec![10.0, 11.0]
    );
    let (inc, get) = make_counter();
    inc();
    inc();
    assert_eq!(get(), 2);
    assert!(inc.cells()[0].ptr_eq(&get.cells()[0]));
}
