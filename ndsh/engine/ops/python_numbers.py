"""Ops on two Python numbers, as MXNet 1.9.1's nd functions compute them: `nd.add(1, 2)` is
3 and `nd.power(0.9, 3)` is 0.7290000000000001, computed in Python, no array made.

MXNet does this for exactly the names below (its Python wrappers test for two numbers before
calling the operator); its other names for the same ops (broadcast_add, elemwise_add, _plus...)
refuse numbers, and so do ndsh's. A number is an int, a float, a bool or a numpy scalar. Sums,
differences, products, remainders and powers keep Python's types (numpy scalars stay numpy
scalars); divide is `/`; maximum is `x if x > y else y` (so maximum(True, 0) is True);
comparisons and logical ops answer the int 1 or 0.

The public function of each name is the op's own callable built with these (invoke.
make_callable's `numbers`): they are tried only where the call would fail for want of an
NDArray, so array calls pay nothing.
"""
from __future__ import annotations

import operator

from ndsh.engine.invoke import make_callable
from ndsh.engine.registry import NAMESPACES


def _maximum(x, y):
    return x if x > y else y


def _minimum(x, y):
    return x if x < y else y


def _int(test):
    def compute(x, y):
        return 1 if test(x, y) else 0
    return compute


# name -> what MXNet 1.9.1's nd.<name>(number, number) returns (ndarray/ndarray.py)
NUMBER_FUNCTIONS = {
    "add": operator.add,
    "subtract": operator.sub,
    "multiply": operator.mul,
    "divide": operator.truediv,
    "true_divide": operator.truediv,
    "modulo": operator.mod,
    "power": operator.pow,
    "maximum": _maximum,
    "minimum": _minimum,
    "equal": _int(operator.eq),
    "not_equal": _int(operator.ne),
    "greater": _int(operator.gt),
    "greater_equal": _int(operator.ge),
    "lesser": _int(operator.lt),
    "lesser_equal": _int(operator.le),
    "logical_and": _int(lambda x, y: x and y),
    "logical_or": _int(lambda x, y: x or y),
    "logical_xor": _int(lambda x, y: bool(x) ^ bool(y)),
}


def _install() -> None:
    """Give each name above its own public callable, the op's with `numbers`."""
    for name, compute in NUMBER_FUNCTIONS.items():
        record = NAMESPACES["nd"][name]
        record.strict_calls[name] = make_callable(record, numbers=compute)


_install()
