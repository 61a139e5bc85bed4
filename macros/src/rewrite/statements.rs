//! Statements that read a cell and change it: when the rewrite puts the
//! read first (`reorder`), and when an expression holds one guard for its
//! scrutinee and its arms.

use super::{Rewriter, into_block};
use crate::model::{BindingId, Id};
use crate::syntax::pattern_names;
use syn::visit_mut::VisitMut;
use syn::{Expr, Pat};

/// What was held around an expression that started holding.
pub(super) struct Started {
    outer: Option<Holding>,
}

/// The guards a `match`, `if let` or `while let` holds (see `Rewriter::holding`).
#[derive(Clone)]
pub(super) struct Holding {
    /// The closure depth of the expression: uses inside its closures
    /// reach the cells as usual.
    depth: usize,
    /// Still in the scrutinee: a use of another cell adds a guard.
    recording: bool,
    /// The cells it holds, with the name of the frame that owns them.
    own: Vec<(BindingId, String)>,
    /// Cells an enclosing expression holds, reached through its guards.
    inherited: Vec<BindingId>,
}

impl Rewriter<'_> {
    /// Whether a use of `binding` in its own frame goes through the guard a
    /// `match`, `if let` or `while let` holds, adding one while recording.
    pub(super) fn holds(&mut self, binding: BindingId, site: &str) -> bool {
        let Some(holding) = &mut self.holding else {
            return false;
        };
        if holding.depth != self.depth {
            return false;
        }
        let held =
            holding.inherited.contains(&binding) || holding.own.iter().any(|(b, _)| *b == binding);
        if !held && holding.recording {
            holding.own.push((binding, site.to_owned()));
        }
        held || holding.recording
    }

    /// Starts holding, for an expression whose patterns bind: returns what
    /// was held around it.
    pub(super) fn start_holding(&mut self, binds: bool) -> Option<Started> {
        if !binds {
            return None;
        }
        let inherited = self
            .holding
            .as_ref()
            .filter(|h| h.depth == self.depth)
            .map(|h| {
                h.inherited
                    .iter()
                    .copied()
                    .chain(h.own.iter().map(|(b, _)| *b))
                    .collect()
            })
            .unwrap_or_default();
        let outer = self.holding.replace(Holding {
            depth: self.depth,
            recording: true,
            own: Vec::new(),
            inherited,
        });
        Some(Started { outer })
    }

    pub(super) fn stop_recording(&mut self, started: Option<&Started>) {
        if started.is_some()
            && let Some(holding) = &mut self.holding
        {
            holding.recording = false;
        }
    }

    /// Ends holding: `expr` gets the guards it holds.
    pub(super) fn finish_holding(&mut self, started: Option<Started>, expr: &mut Expr) {
        let Some(Started { outer }) = started else {
            return;
        };
        let holding = std::mem::replace(&mut self.holding, outer);
        if let Some(holding) = holding
            && !holding.own.is_empty()
        {
            *expr = self.emit.hold(expr, &holding.own);
        }
    }
}

/// Expressions that may read a cell and change it: see `reorder`.
impl Rewriter<'_> {
    pub(super) fn rewrite_conditional_expr(&mut self, expr: &mut Expr) {
        let binds = match expr {
            Expr::If(i) => let_binds(&i.cond),
            Expr::While(w) => let_binds(&w.cond),
            _ => false,
        };
        let holding = self.start_holding(binds);
        match expr {
            Expr::If(i) => {
                let tested =
                    self.rewrite_conditional(&mut i.cond, &mut i.then_branch, holding.as_ref());
                if let Some((_, else_branch)) = &mut i.else_branch {
                    self.visit_expr_mut(else_branch);
                }
                if let Some(tested) = tested
                    && self.overlap(tested.clone(), tested.end..)
                {
                    crate::reorder::test_first(&mut i.cond);
                }
            }
            Expr::While(w) => {
                if let Some(tested) =
                    self.rewrite_conditional(&mut w.cond, &mut w.body, holding.as_ref())
                    && self.overlap(tested.clone(), tested.end..)
                {
                    crate::reorder::test_first(&mut w.cond);
                }
            }
            _ => {}
        }
        self.finish_holding(holding, expr);
    }

    pub(super) fn rewrite_method_call(&mut self, expr: &mut Expr) {
        let Expr::MethodCall(call) = expr else { return };
        let start = self.touched.len();
        self.visit_expr_mut(&mut call.receiver);
        let receiver = start..self.touched.len();
        if let Some(turbofish) = &mut call.turbofish {
            self.visit_angle_bracketed_generic_arguments_mut(turbofish);
        }
        let mut last = None;
        for (index, arg) in call.args.iter_mut().enumerate() {
            let before = self.touched.len();
            self.visit_expr_mut(arg);
            if self.overlap(receiver.clone(), before..) {
                last = Some(index);
            }
        }
        if let Some(last) = last {
            crate::reorder::arguments_first(expr, last);
        }
    }

    pub(super) fn rewrite_assignment(&mut self, expr: &mut Expr) {
        let (left, right) = match expr {
            Expr::Assign(a) => (&mut a.left, &mut a.right),
            Expr::Binary(b) => (&mut b.left, &mut b.right),
            _ => return,
        };
        let start = self.touched.len();
        self.visit_expr_mut(left);
        let assigned = start..self.touched.len();
        let before = self.touched.len();
        self.visit_expr_mut(right);
        if self.overlap(assigned, before..) {
            crate::reorder::value_first(expr);
        }
    }

    pub(super) fn rewrite_match(&mut self, expr: &mut Expr) {
        let Expr::Match(m) = expr else { return };
        let holding = self.start_holding(m.arms.iter().any(|arm| binds(&arm.pat)));
        let start = self.touched.len();
        self.visit_expr_mut(&mut m.expr);
        self.stop_recording(holding.as_ref());
        let scrutinee = start..self.touched.len();
        let mut binds = false;
        for arm in &mut m.arms {
            let first = self.cursor.bindings;
            self.rewrite_pat(&mut arm.pat, false);
            let declared = first..self.cursor.bindings;
            binds |= !declared.is_empty();
            let lifts_any = self.cursor.lost.is_none()
                && declared
                    .clone()
                    .any(|b| self.is_lifted(BindingId::from_index(b)));
            if lifts_any {
                // The arm's cells go at the start of its body, made
                // a block.
                let block = into_block(&mut arm.body);
                self.rewrite_body_lifting(declared, block);
            } else {
                self.visit_expr_mut(&mut arm.body);
            }
        }
        if !binds && self.overlap(scrutinee.clone(), scrutinee.end..) {
            crate::reorder::arm_first(expr);
        }
        self.finish_holding(holding, expr);
    }
}

/// Whether a refutable pattern binds a name (`Some(n)`, not `None`).
fn binds(pat: &Pat) -> bool {
    !pattern_names(pat, false).is_empty()
}

/// Whether a condition is an `if let` or `while let` whose pattern binds.
fn let_binds(cond: &Expr) -> bool {
    matches!(cond, Expr::Let(test) if binds(&test.pat))
}

/// `x = ..`, `x += ..` and the other compound assignments.
pub(super) fn is_assignment(expr: &Expr) -> bool {
    match expr {
        Expr::Assign(_) => true,
        Expr::Binary(b) => crate::syntax::is_compound_assign(&b.op),
        _ => false,
    }
}
