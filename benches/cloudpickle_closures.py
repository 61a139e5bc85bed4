"""cloudpickle's figures for the closures `benches/snapshot.rs` measures:
the series averager after 1,000 values, and the counter's inc/get pair.

    python3 -m pip install cloudpickle dill
    python3 benches/cloudpickle_closures.py

`dumps` is `cloudpickle.dumps`, `loads` is `pickle.loads` (which also
makes the closures). Each figure is the best of 7 runs of 2,000 calls.
It also prints whether a restored pair still shares its cell: cloudpickle
restores `inc` and `get` into separate cells even from one `dumps` call;
dill keeps them shared only within one `dumps` call.
"""

import pickle
import sys
import timeit

import cloudpickle


def make_averager():
    series = []

    def averager(new_value):
        series.append(new_value)
        total = sum(series)
        return total / len(series)

    return averager


def make_counter():
    count = 0

    def inc():
        nonlocal count
        count += 1
        return count

    def get():
        return count

    return inc, get


def best_us(stmt, number=2000):
    timer = timeit.Timer(stmt, globals=globals())
    return min(timer.repeat(7, number)) / number * 1e6


avg = make_averager()
for i in range(1000):
    avg(float(i))
inc, get = make_counter()
inc()

avg_bytes = cloudpickle.dumps(avg)
pair_bytes = cloudpickle.dumps((inc, get))

print(f"CPython {sys.version.split()[0]}, cloudpickle {cloudpickle.__version__}")
print(
    f"averager of 1,000 values: dumps {best_us('cloudpickle.dumps(avg)'):.1f} us, "
    f"loads {best_us('pickle.loads(avg_bytes)'):.1f} us, {len(avg_bytes)} bytes"
)
print(
    f"counter pair: dumps {best_us('cloudpickle.dumps((inc, get))'):.1f} us, "
    f"loads {best_us('pickle.loads(pair_bytes)'):.1f} us, {len(pair_bytes)} bytes"
)

# `count` is 1: after `inc2()`, a shared cell shows 2 to `get2()`.
inc2, get2 = pickle.loads(pair_bytes)
inc2()
print(f"cloudpickle, one dumps: restored pair shares its cell: {get2() == 2}")

try:
    import dill
except ImportError:
    print("dill is not installed")
else:
    inc3, get3 = dill.loads(dill.dumps((inc, get)))
    inc3()
    print(f"dill, one dumps: restored pair shares its cell: {get3() == 2}")
    inc4 = dill.loads(dill.dumps(inc))
    get4 = dill.loads(dill.dumps(get))
    inc4()
    print(f"dill, two dumps: restored pair shares its cell: {get4() == 2}")
