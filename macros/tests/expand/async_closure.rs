fn make_greeter(greeting: String) -> impl AsyncFn(u32) -> String {
    let mut calls = 0;
    async move |id| {
        calls += 1;
        tick().await;
        format!("{greeting} #{id} ({calls})")
    }
}
