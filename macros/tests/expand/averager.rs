fn make_averager() -> impl Fn(f64) -> f64 {
    let series = Vec::new();
    move |new_value| {
        series.push(new_value);
        let total: f64 = series.iter().sum();
        total / series.len() as f64
    }
}
