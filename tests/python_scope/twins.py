"""The Python twins of the cases in tests/python_scope.rs.

Each function below builds the closures of one case, as CPython's
Lib/test/test_scope.py and Lib/test/test_funcattrs.py write them (adapted
where the Rust port differs: see the comments). Running this file prints one
line per closure: its case, a label, its name, and the names CPython
reports in co_freevars, co_varnames and co_cellvars, separated by tabs.
tests/python_scope.rs compares them with what `freevars` reports.
"""


def simple_nesting():
    # test_scope.testSimpleNesting
    def make_adder(x):
        def adder(y):
            return x + y
        return adder
    return {"adder": make_adder(1)}


def extra_nesting():
    # test_scope.testExtraNesting; CPython returns extra(), the port returns
    # extra itself, as a closure's result is only seen when returned.
    def make_adder2(x):
        def extra():
            def adder(y):
                return x + y
            return adder
        return extra
    extra = make_adder2(1)
    return {"extra": extra, "adder": extra()}


def simple_and_rebinding():
    # test_scope.testSimpleAndRebinding
    def make_adder3(x):
        def adder(y):
            return x + y
        x = x + 1
        return adder
    return {"adder": make_adder3(0)}


def nesting_global_no_free():
    # test_scope.testNestingGlobalNoFree
    def make_adder4():
        def adder(y):
            return global_x + y
        return adder
    return {"adder": make_adder4()}


def nearest_enclosing_scope():
    # test_scope.testNearestEnclosingScope; CPython returns g(2), the port
    # returns g.
    def f(x):
        def g(y):
            x = 42
            def h(z):
                return x + z
            return h
        return g
    g = f(10)
    return {"g": g, "h": g(2)}


def identity(x):
    return x


def mixed_freevars_and_cellvars():
    # test_scope.testMixedFreevarsAndCellvars; `identity` is a module-level
    # function here, as a Rust `fn` item is never captured.
    def f(x, y, z):
        def g(a, b, c):
            a = a + x
            def h():
                return identity(z * (b + y))
            y = c + z
            return h
        return g
    g = f(1, 2, 3)
    return {"g": g, "h": g(2, 4, 6)}


def cell_is_arg_and_escapes():
    # test_scope.testCellIsArgAndEscapes
    def spam(arg):
        def eggs():
            return arg
        return eggs
    return {"eggs": spam(None)}


def cell_is_local_and_escapes():
    # test_scope.testCellIsLocalAndEscapes
    def spam(arg):
        cell = arg
        def eggs():
            return cell
        return eggs
    return {"eggs": spam(None)}


def fact(n):
    if n == 0:
        return 1
    return n * fact(n - 1)


def recursion():
    # test_scope.testRecursion; a Rust closure cannot call itself, so `fact`
    # is a nested `fn` item there, which is never captured: here it is a
    # module-level function.
    def f():
        def compute(x):
            return fact(x)
        return compute
    return {"compute": f()}


def lambdas():
    # test_scope.testLambdas (f1 and f8)
    f1 = lambda x: lambda y: x + y
    f8 = lambda x, y, z: lambda a, b, c: lambda: z * (b + y)
    g = f8(1, 2, 3)
    return {"f1": f1(1), "g": g, "h": g(2, 4, 6)}


def complex_definitions():
    # test_scope.testComplexDefinitions
    def make_returner(*lst):
        def returner():
            return lst
        return returner

    def make_returner2(**kwargs):
        def returner():
            return kwargs
        return returner
    return {"returner": make_returner(1, 2, 3), "returner2": make_returner2(a=11)}


def list_comp_local_vars():
    # test_scope.testListCompLocalVars: names bound by the comprehension
    # (Rust: by the iterator closures) are not the function's.
    def x(text):
        def words():
            return [bad for s in text.split() for bad in s]
        return words
    return {"words": x("a b")}


def non_local_function():
    # test_scope.testNonLocalFunction
    def f(x):
        def inc():
            nonlocal x
            x += 1
            return x
        def dec():
            nonlocal x
            x -= 1
            return x
        return inc, dec
    inc, dec = f(0)
    return {"inc": inc, "dec": dec}


def non_local_generator():
    # test_scope.testNonLocalGenerator; the port returns a list.
    def f(x):
        def g(y):
            nonlocal x
            out = []
            for i in range(y):
                x += 1
                out.append(x)
            return out
        return g
    return {"g": f(0)}


def nested_non_local():
    # test_scope.testNestedNonLocal
    def f(x):
        def g():
            nonlocal x
            x -= 2
            def h():
                nonlocal x
                x += 4
                return x
            return h
        return g
    g = f(1)
    return {"g": g, "h": g()}


def funcattrs_closure():
    # test_funcattrs.test___closure__
    def make():
        a = 12
        def f():
            print(a)
        return f
    return {"f": make()}


def funcattrs_set_cell():
    # test_funcattrs.test_set_cell
    def make():
        a = 12
        def f():
            return a
        return f
    return {"f": make()}


CASES = [
    simple_nesting, extra_nesting, simple_and_rebinding, nesting_global_no_free,
    nearest_enclosing_scope, mixed_freevars_and_cellvars, cell_is_arg_and_escapes,
    cell_is_local_and_escapes, recursion, lambdas, complex_definitions,
    list_comp_local_vars, non_local_function, non_local_generator, nested_non_local,
    funcattrs_closure, funcattrs_set_cell,
]

for case in CASES:
    for name, function in case().items():
        code = function.__code__
        # Rust names an unnamed closure `{closure}` where Python says `<lambda>`.
        function_name = "{closure}" if function.__name__ == "<lambda>" else function.__name__
        names = [code.co_freevars, code.co_varnames, code.co_cellvars]
        print("\t".join([case.__name__, name, function_name] + [",".join(n) for n in names]))
