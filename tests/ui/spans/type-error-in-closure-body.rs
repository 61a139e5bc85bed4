// A type error inside a rewritten closure points at the user's expression.
use freevars::introspect;

#[introspect]
fn make_averager() -> impl Fn(f64) -> f64 {
    let series: Vec<f64> = Vec::new();
    move |new_value| {
        series.push("not a number");
        new_value
    }
}

fn main() {
    make_averager()(1.0);
}
