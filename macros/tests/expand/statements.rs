fn make_statements() -> impl Fn() -> usize {
    let mut x = 1;
    let v = vec![1];
    let mut state = Some(0);
    let get = move || v.len() + x;
    x = x + 1;
    v.push(v.len());
    match state {
        Some(n) => state = Some(n + 1),
        None => {}
    }
    for i in 0..v.len() {
        v[i] += 1;
    }
    log::info!("x is {x}");
    get
}
