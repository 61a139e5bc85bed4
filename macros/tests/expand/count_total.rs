fn make_averager() -> impl FnMut(f64) -> f64 {
    let mut count = 0;
    let mut total = 0.0;
    let averager = move |new_value: f64| {
        count += 1;
        total += new_value;
        total / f64::from(count)
    };
    averager
}
