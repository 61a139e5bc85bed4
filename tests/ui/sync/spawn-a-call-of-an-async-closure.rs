// Stable Rust cannot say that an opaque `impl AsyncFn`'s future is `Send`
// (return-type notation is unstable), so its call cannot be spawned: the
// README says to return a boxed `Send` future for spawned handlers.
use freevars::introspect;
use std::sync::Arc;

#[introspect(sync)]
fn make_hits() -> impl AsyncFn(u32) -> u32 + Send + Sync + 'static {
    let mut hits = 0;
    async move |x| {
        hits += x;
        hits
    }
}

fn main() {
    let hit = Arc::new(make_hits());
    let spawned = async move { hit(1).await };
    tokio::runtime::Runtime::new().unwrap().spawn(spawned);
}
