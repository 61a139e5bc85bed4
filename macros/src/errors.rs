//! The errors of one expansion, in the two kinds the macro reports: those
//! that keep a function as written, and those emitted beside a rewrite that
//! still compiles (an assignment without `let mut`, Python's missing
//! `nonlocal`: one error each, no cascade of type errors).

#[derive(Default)]
pub struct Errors {
    stop: Vec<syn::Error>,
    beside: Vec<syn::Error>,
}

impl Errors {
    /// An error that keeps the function as written.
    pub fn stop(&mut self, error: syn::Error) {
        self.stop.push(error);
    }

    /// An error emitted beside the rewritten function.
    pub fn beside(&mut self, error: syn::Error) {
        self.beside.push(error);
    }

    /// Every stopping error as one, or the errors to emit beside.
    pub fn check(self) -> syn::Result<Vec<syn::Error>> {
        match self.stop.into_iter().reduce(|mut all, error| {
            all.combine(error);
            all
        }) {
            Some(error) => Err(error),
            None => Ok(self.beside),
        }
    }

    /// Every error, stopping ones first.
    #[cfg(test)]
    pub fn all(&self) -> impl Iterator<Item = &syn::Error> {
        self.stop.iter().chain(&self.beside)
    }
}
