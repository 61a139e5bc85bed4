use freevars::introspect;

#[introspect]
struct Average {
    series: Vec<f64>,
}

fn main() {
    let average = Average { series: Vec::new() };
    assert!(average.series.is_empty());
}
