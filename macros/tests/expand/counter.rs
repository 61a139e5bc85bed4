fn make_counter() -> (impl Fn() -> u32, impl Fn() -> u32) {
    let mut count = 0;
    let inc = move || {
        count += 1;
        count
    };
    let get = move || count;
    println!("made a counter starting at {count}");
    (inc, get)
}
