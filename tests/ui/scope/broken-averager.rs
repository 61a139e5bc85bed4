// The notebook's broken averager (In [20]): `count += 1` rebinds a captured
// variable that was not declared `let mut`, as Python's `count += 1` makes
// `count` local and raises UnboundLocalError without `nonlocal`.
use freevars::introspect;

#[introspect]
fn make_averager() -> impl FnMut(f64) -> f64 {
    let count = 0;
    let total = 0.0;
    move |new_value: f64| {
        count += 1;
        total += new_value;
        total / f64::from(count)
    }
}

fn main() {
    let mut avg = make_averager();
    avg(10.0);
}
