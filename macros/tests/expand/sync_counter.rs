#[introspect(sync)]
fn make_counter(step: u32) -> (impl Fn() -> u32 + Send + Sync, impl Fn() -> Vec<u32> + Send) {
    let mut count = 0;
    let mut log = Vec::new();
    let inc = move || {
        count += step;
        log.push(count);
        count
    };
    let history = move || log.clone();
    log.push(count);
    (inc, history)
}
