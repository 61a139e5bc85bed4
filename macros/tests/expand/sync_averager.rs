#[introspect(sync)]
fn make_averager() -> impl Fn(f64) -> f64 + Send + Sync {
    let mut count = 0;
    let mut total = 0.0;
    move |new_value| {
        count += 1;
        total += new_value;
        total / f64::from(count)
    }
}
