//! Finds the closures a function returns: in its tail expression and its
//! `return`s, matched against the closures its return type declares, and
//! recursively in closures that return closures.

use crate::body_macro::is_diverging_macro;
use crate::errors::Errors;
use crate::model::{ClosureId, UseId};
use crate::scope::Analysis;
use crate::shape::{ClosureType, Shape};
use crate::syntax::{box_new_arg, single_ident};
use std::collections::{BTreeMap, HashMap};
use syn::visit::Visit;
use syn::{Block, Expr, ExprClosure, Stmt};

/// A returned closure: it becomes a `freevars::Closure`.
pub struct Returned {
    /// `NAME` of `let NAME = <closure>;`, when returned by name.
    pub name: Option<String>,
    pub ty: ClosureType,
}

/// An expression that is wrapped in `__private::closure(..)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WrapSite {
    /// The closure expression itself.
    Closure(ClosureId),
    /// `Box::new(<closure>)`.
    BoxedClosure(ClosureId),
    /// `Box::new(NAME)`, by the use of `NAME`.
    BoxedName(UseId),
}

#[derive(Default)]
pub struct Returns {
    pub returned: BTreeMap<ClosureId, Returned>,
    pub wraps: HashMap<WrapSite, ClosureId>,
}

/// Finds what `body` returns for a function returning `shape`.
pub fn find(body: &Block, shape: &Shape, analysis: &Analysis) -> syn::Result<Returns> {
    let mut nodes = ClosureNodes {
        analysis,
        nodes: HashMap::new(),
    };
    nodes.visit_block(body);
    let mut finder = Finder {
        analysis,
        nodes: nodes.nodes,
        returns: Returns::default(),
        errors: Errors::default(),
    };
    if let Some(Stmt::Expr(tail, None)) = body.stmts.last() {
        finder.classify(tail, shape);
    }
    for returned in frame_returns(FrameBody::Block(body)) {
        finder.classify(returned, shape);
    }
    finder.errors.check()?;
    Ok(finder.returns)
}

struct Finder<'a, 'ast> {
    analysis: &'a Analysis,
    nodes: HashMap<ClosureId, &'ast ExprClosure>,
    returns: Returns,
    errors: Errors,
}

impl<'ast> Finder<'_, 'ast> {
    fn classify(&mut self, expr: &'ast Expr, shape: &Shape) {
        match (shape, expr) {
            (Shape::Plain, _) => {}
            (_, Expr::Paren(e)) => self.classify(&e.expr, shape),
            (_, Expr::Group(e)) => self.classify(&e.expr, shape),
            (_, Expr::Block(e)) => self.classify_block(&e.block, shape),
            (_, Expr::Unsafe(e)) => self.classify_block(&e.block, shape),
            (_, Expr::If(e)) => {
                self.classify_block(&e.then_branch, shape);
                if let Some((_, else_branch)) = &e.else_branch {
                    self.classify(else_branch, shape);
                }
            }
            (_, Expr::Match(e)) => {
                for arm in &e.arms {
                    self.classify(&arm.body, shape);
                }
            }
            (_, expr) if diverges(expr) => {}
            (Shape::Tuple(shapes), Expr::Tuple(tuple)) if tuple.elems.len() == shapes.len() => {
                for (elem, shape) in tuple.elems.iter().zip(shapes) {
                    self.classify(elem, shape);
                }
            }
            (Shape::Tuple(shapes), _) => self.errors.stop(syn::Error::new_spanned(
                expr,
                format!(
                    "#[introspect] expected a tuple of {} closures here, as the return type says",
                    shapes.len()
                ),
            )),
            (Shape::Closure(ty), _) => self.classify_closure(expr, ty),
        }
    }

    fn classify_block(&mut self, block: &'ast Block, shape: &Shape) {
        if let Some(Stmt::Expr(tail, None)) = block.stmts.last() {
            self.classify(tail, shape);
        }
    }

    fn classify_closure(&mut self, expr: &'ast Expr, ty: &ClosureType) {
        let found = match (expr, box_new_arg(expr)) {
            (Expr::Closure(c), _) => self
                .closure_id(c)
                .map(|id| (id, None, WrapSite::Closure(id))),
            (_, Some(Expr::Closure(c))) => self
                .closure_id(c)
                .map(|id| (id, None, WrapSite::BoxedClosure(id))),
            (_, Some(arg)) => self
                .named_closure(arg)
                .map(|(id, name, use_id)| (id, Some(name), WrapSite::BoxedName(use_id))),
            (_, None) => self.named_closure(expr).map(|(id, name, _)| {
                let site = if self.analysis.boxed_lets.contains(&id) {
                    WrapSite::BoxedClosure(id)
                } else {
                    WrapSite::Closure(id)
                };
                (id, Some(name), site)
            }),
        };
        let Some((id, name, site)) = found else {
            self.errors.stop(syn::Error::new_spanned(
                expr,
                "#[introspect] cannot see which closure this returns: return a closure \
                 expression (`move |x| ..`), `Box::new(<closure>)`, or a name bound by \
                 `let NAME = <closure>;` in this function",
            ));
            return;
        };
        self.returns.wraps.insert(site, id);
        if self.returns.returned.contains_key(&id) {
            return;
        }
        self.returns.returned.insert(
            id,
            Returned {
                name,
                ty: ty.clone(),
            },
        );
        if !ty.output_shape.is_plain()
            && let Some(node) = self.nodes.get(&id).copied()
        {
            self.classify(&node.body, &ty.output_shape);
            for returned in frame_returns(FrameBody::Expr(&node.body)) {
                self.classify(returned, &ty.output_shape);
            }
        }
    }

    fn closure_id(&self, closure: &ExprClosure) -> Option<ClosureId> {
        self.analysis.closure_id(closure)
    }

    /// `NAME`, bound by `let NAME = <closure>;`.
    fn named_closure(&self, expr: &Expr) -> Option<(ClosureId, String, UseId)> {
        let (path, ident) = single_ident(expr)?;
        let use_id = self.analysis.use_of_path(path)?;
        let binding = self.analysis.model.uses[use_id].binding?;
        let closure = *self.analysis.let_closures.get(&binding)?;
        Some((closure, ident.to_string(), use_id))
    }
}

/// Expressions of type `!`, which need no closure.
fn diverges(expr: &Expr) -> bool {
    match expr {
        Expr::Return(_) | Expr::Break(_) | Expr::Continue(_) => true,
        Expr::Macro(m) => m
            .mac
            .path
            .segments
            .last()
            .is_some_and(|s| is_diverging_macro(&s.ident.to_string())),
        _ => false,
    }
}

#[derive(Clone, Copy)]
enum FrameBody<'ast> {
    Block(&'ast Block),
    Expr(&'ast Expr),
}

/// The `return` expressions of one function or closure body, not of the
/// closures inside it.
fn frame_returns(body: FrameBody<'_>) -> Vec<&Expr> {
    struct ReturnExprs<'ast>(Vec<&'ast Expr>);
    impl<'ast> Visit<'ast> for ReturnExprs<'ast> {
        fn visit_expr_closure(&mut self, _: &'ast ExprClosure) {}
        fn visit_item(&mut self, _: &'ast syn::Item) {}
        fn visit_expr_return(&mut self, node: &'ast syn::ExprReturn) {
            if let Some(expr) = &node.expr {
                self.0.push(expr);
                self.visit_expr(expr);
            }
        }
    }
    let mut returns = ReturnExprs(Vec::new());
    match body {
        FrameBody::Block(block) => returns.visit_block(block),
        FrameBody::Expr(expr) => returns.visit_expr(expr),
    }
    returns.0
}

/// Every closure node of the body, by the id the analysis gave it.
struct ClosureNodes<'a, 'ast> {
    analysis: &'a Analysis,
    nodes: HashMap<ClosureId, &'ast ExprClosure>,
}

impl<'ast> Visit<'ast> for ClosureNodes<'_, 'ast> {
    fn visit_item(&mut self, _: &'ast syn::Item) {}
    fn visit_expr_closure(&mut self, node: &'ast ExprClosure) {
        if let Some(id) = self.analysis.closure_id(node) {
            self.nodes.insert(id, node);
        }
        syn::visit::visit_expr_closure(self, node);
    }
}
