"""Record golden outputs of the real MXNet 1.9.1 for ndsh's engine tests.

Oracle: a real Apache MXNet 1.9.1 (the CPU wheel, ``pip install mxnet==1.9.1``) with numpy 1.23.5
on Python 3.11. MXNet is NOT a dependency of ndsh and never runs in CI: this script runs only in a
separate virtual environment that has it, and its output is committed as test data.

Rerun (from the repository root):

    /path/to/mxnet-venv/bin/python scripts/record_golden.py

It writes ``tests/engine/golden/mxnet_1.9.1.json`` (sorted keys, indent 1, stable across runs);
``tests/engine/test_golden.py`` replays every case against ndsh.

Each case in CASES is a short Python snippet. Its statements run in a fresh namespace with ``nd``,
``autograd``, ``np`` and ``mx`` bound; its last statement must be an expression, whose value is
recorded:

- an NDArray: ``repr`` (MXNet's exact print text), ``shape``, ``dtype`` (numpy dtype name) and
  ``values`` (a nested list; NaN/Inf encoded as the strings "nan", "inf", "-inf");
- a list or tuple: each element encoded the same way (``items``);
- a numpy scalar: its type name, ``str`` (the REPL echo under numpy < 2) and value;
- a numpy array: ``repr``, shape, dtype and values;
- any other Python value: its type name and ``repr``;
- an exception anywhere in the snippet (or while syncing/printing the result):
  ``{"error": ExceptionTypeName}`` -- the type only, ndsh's messages are deliberately different.

Cases are deterministic: random ops are recorded only through shapes, dtypes or
seed-independent facts.
"""
from __future__ import annotations

import ast
import json
import math
import os
import platform
import sys

import mxnet as mx
import numpy as np
from mxnet import autograd, nd

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir,
                   "tests", "engine", "golden", "mxnet_1.9.1.json")


def grad1(op, x="[[0.5, -1.2, 2.0]]", dtype=None):
    """A snippet: the gradient of sum(op(x)) with respect to x."""
    dt = f", dtype='{dtype}'" if dtype else ""
    return (f"x = nd.array({x}{dt}); x.attach_grad()\n"
            f"with autograd.record():\n"
            f"    y = {op}\n"
            f"y.backward()\n"
            f"x.grad")


def grad2(op, a="[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]", b="[[2.0, 0.5, 3.0]]"):
    """A snippet: the gradients of sum(op(a, b)) with respect to both inputs, as a tuple."""
    return (f"a = nd.array({a}); b = nd.array({b}); a.attach_grad(); b.attach_grad()\n"
            f"with autograd.record():\n"
            f"    y = {op}\n"
            f"y.backward()\n"
            f"(a.grad, b.grad)")


X34 = "x = nd.arange(12).reshape((3, 4)); "
X234 = "x = nd.arange(24).reshape((2, 3, 4)); "
V = "x = nd.array([-2.5, -1.5, -0.5, 0.0, 0.5, 1.5, 2.5, 1.7, -1.7]); "
A2 = "A = nd.array([[4.0, 1.0], [1.0, 3.0]]); "
A2D = "A = nd.array([[4.0, 1.0], [1.0, 3.0]], dtype='float64'); "
L2 = "L = nd.array([[2.0, 0.0], [1.0, 3.0]]); B = nd.array([[1.0, 2.0], [3.0, 4.0]]); "

CASES: list[str] = []

# ----- 1.1 creation -------------------------------------------------------------------------
CASES += [
    "nd.array([1, 2, 3])",
    "nd.array([[1, 2], [3, 4]])",
    "nd.array([[1.5, 2.25], [3.0, -4.5]])",
    "nd.array(np.array([1.5, 2.5, 1e-3], dtype=np.float64))",
    "nd.array(np.array([1, 2, 3], dtype=np.int64))",
    "nd.array(np.array([[1, 2], [3, 4]], dtype=np.int32))",
    "nd.array([True, False])",
    "nd.array(np.array([True, False, True]))",
    "nd.array([1, 2, 3], dtype='int32')",
    "nd.array([1, 2, 3], dtype='int64')",
    "nd.array([1.5, 2, 3], dtype='float64')",
    "nd.array([1.5, 2, 3], dtype=np.float64)",
    "nd.array([1.5, 2, 3], dtype='float16')",
    "nd.array([1, 2, 255], dtype='uint8')",
    "nd.array([-3, 5, 100], dtype='int8')",
    "nd.array(np.array([1.5, 2.5]), dtype='float64')",
    "x = nd.array([1, 2], dtype='int32'); nd.array(x)",
    "x = nd.array([1.0, 2.0]); y = nd.array(x); y[0] = 5; x",
    "nd.array([[1, 2], [3]])",
    "nd.array([1, 2], dtype='int16')",
    "nd.array([1.5]).dtype",
    "nd.zeros((2, 3))",
    "nd.zeros(3)",
    "nd.zeros(shape=(1,))",
    "nd.zeros((2, 2), dtype='int32')",
    "nd.zeros((0, 3))",
    "nd.ones((2, 3))",
    "nd.ones(4, dtype='int32')",
    "nd.ones((2, 2), dtype=np.float64)",
    "nd.full((2,), 7.5, dtype='int32')",
    "nd.full((2, 2), 3.5)",
    "nd.empty((2, 3)).shape",
    "nd.empty((2, 3)).dtype",
    "nd.empty((2, 3), dtype='int32').dtype",
    "nd.arange(5)",
    "nd.arange(2, 8, 2)",
    "nd.arange(3, repeat=2)",
    "nd.arange(0, 1, 0.25)",
    "nd.arange(-8.0, 8.0, 0.1).shape",
    "nd.arange(start=1, stop=4)",
    "nd.arange(5, dtype='int32')",
    "nd.arange(5, 0, -1.5)",
    "nd.eye(3)",
    "nd.eye(2, 3)",
    "nd.eye(3, k=1)",
    "nd.eye(3, M=2, k=-1)",
    "nd.eye(2, dtype='int32')",
    "nd.linspace(0, 1, 5)",
    "nd.linspace(0, 1, 4, endpoint=False)",
    "nd.linspace(-1, 1, 3, dtype='float64')",
    "nd.zeros_like(nd.array([1, 2], dtype='int32'))",
    "nd.ones_like(nd.array([[1.5, 2.5]]))",
    "nd.array([1, 2], dtype='int32').zeros_like()",
    "nd.array([[1.5, 2.5]]).ones_like()",
    "x = nd.array([1.0, 2.0]); y = x.copy(); y[0] = 7; (x, y)",
    "nd.random.normal(0, 1, shape=(3, 4)).shape",
    "nd.random.normal(0, 1, (3, 4)).shape",
    "nd.random.normal(0, 1, shape=(3, 4)).dtype",
    "nd.random.normal(scale=0.01, shape=(5, 1)).shape",
    "nd.random.normal().shape",
    "nd.random.normal(shape=3).shape",
    "nd.random.normal(0, 1, shape=(2,), dtype='float64').dtype",
    "nd.random.normal(0, 1, shape=(2,), dtype='int32')",
    "nd.random.uniform(0, 1, (2, 3)).shape",
    "x = nd.random.uniform(0, 1, (100,)); ((x >= 0) * (x < 1)).sum()",
    "nd.random.uniform(shape=(2, 2), dtype='float64').dtype",
    "nd.random.randint(0, 10, shape=(4,)).dtype",
    "nd.random.randint(0, 10, shape=(4,)).shape",
    "x = nd.random.randint(3, 5, shape=(50,)); ((x >= 3) * (x < 5)).sum()",
    "nd.random_normal(shape=3).shape",
    "nd.random_uniform(shape=(2, 3)).shape",
    "nd.random.shuffle(nd.arange(6)).sort()",
    "nd.random.shuffle(nd.arange(6).reshape((3, 2))).shape",
    "x = nd.arange(4); y = nd.random.shuffle(x); x",
    "mx.random.seed(7); a = nd.random.normal(shape=(4,)); mx.random.seed(7); "
    "b = nd.random.normal(shape=(4,)); (a == b).sum()",
]

# ----- 1.2 attributes and conversion --------------------------------------------------------
CASES += [
    X34 + "x.shape",
    X34 + "x.size",
    X34 + "len(x)",
    X34 + "x.ndim",
    X34 + "x.dtype",
    X34 + "x.dtype == np.float32",
    X34 + "x.dtype == 'float32'",
    X34 + "np.dtype(x.dtype).name",
    X34 + "x.context",
    X34 + "x.ctx",
    X34 + "x.T",
    X234 + "x.T.shape",
    X34 + "x.stype",
    X34 + "x.grad",
    X34 + "x.attach_grad(); x.grad",
    "x = nd.array([1, 2], dtype='int32'); x.attach_grad(); x.grad",
    X34 + "x.asnumpy()",
    X34 + "x.asscalar()",
    "nd.array([3.5]).asscalar()",
    "nd.array([3], dtype='int32').asscalar()",
    "type(nd.array([3.5]).asscalar()).__name__",
    X34 + "x.norm().asscalar()",
    "nd.array([1.7, -1.7]).astype('int32')",
    "nd.array([256, -1, 3.9]).astype('uint8')",
    "nd.array([200, -129, 1.5]).astype('int8')",
    "nd.array([1.5, 2.25]).astype(np.float64)",
    "nd.array([1.5, 2.25]).astype('float64').dtype",
    "nd.array([0, 2, -0.5]).astype('bool')",
    "nd.array([1, 2]).astype('float16') / 3",
    "nd.array([1.9, -2.9]).astype('int64')",
    "nd.array([3, 4], dtype='int32').astype('float32') / 2",
    "x = nd.array([1.0]); x.astype('float32', copy=False) is x",
    "x = nd.array([1.0]); x.astype('float32') is x",
    "bool(nd.array([0]))",
    "bool(nd.array([2.5]))",
    "bool(nd.array([0, 1]))",
    "list(nd.array([1, 2]))",
    "[r.shape for r in nd.arange(6).reshape((2, 3))]",
    "float(nd.array([1.0, 2.0]))",
    "int(nd.array([1.0, 2.0]))",
    "x = nd.array([1.7, 2.2]); z = nd.zeros((2,), dtype='int32'); x.copyto(z); z",
    "x = nd.array([1.7, 2.2]); y = x.copyto(mx.cpu()); y[0] = 0; (x, y)",
    "x = nd.array([1.7, 2.2]); x.copyto(nd.zeros((3,)))",
    "x = nd.array([1.7, 2.2]); x.as_in_context(mx.cpu()) is x",
    "nd.array([1.5]) == None",
    "x = nd.array([1.0, 2.0]); x.detach()",
    "x = nd.array([1.0, 2.0]); x.wait_to_read()",
    "nd.waitall()",
]

# ----- 1.3 arithmetic and elementwise -------------------------------------------------------
XY = "x = nd.array([1.0, 2.0, 3.0]); y = nd.array([[10.0], [20.0]]); "
X3 = "x = nd.array([1.0, -2.0, 4.0]); "
I2 = "a = nd.array([-7, 7], dtype='int32'); "
CASES += [
    XY + "x + y",
    XY + "x - y",
    XY + "x * y",
    XY + "y / x",
    XY + "y ** x",
    X3 + "x + 1",
    X3 + "1 + x",
    X3 + "x - 1",
    X3 + "1 - x",
    X3 + "x * 2",
    X3 + "2 * x",
    X3 + "x / 2",
    X3 + "2 / x",
    X3 + "x ** 2",
    X3 + "2 ** x",
    X3 + "-x",
    X3 + "abs(x)",
    X3 + "x + np.float32(0.5)",
    X3 + "x / 0",
    "nd.array([0.0, 1.0, -1.0]) / 0",
    "nd.array([-7.0, -3.5, 3.5, 7.0]) % 2",
    "nd.array([-7.0, -3.5, 3.5, 7.0]) % -2",
    "7 % nd.array([-3.0, 2.0, 4.0])",
    I2 + "a / 2",
    I2 + "a / nd.array([2, -2], dtype='int32')",
    I2 + "a % 3",
    I2 + "a % -3",
    I2 + "a + 0.5",
    I2 + "a * 2.5",
    I2 + "a - 0.9",
    I2 + "a ** 2",
    I2 + "a * a",
    I2 + "-a",
    "nd.array([1.0, 2.0]) + nd.array([1, 2], dtype='int32')",
    "nd.array([1.0, 2.0], dtype='float64') + nd.array([1.0, 2.0])",
    "nd.ones((3, 4)) + nd.ones((2, 4))",
    "nd.ones((3,)) + nd.ones((4,))",
    X3 + "x // 2",
    X3 + "x @ x",
    X3 + "x + np.array([1.0, 2.0, 3.0])",
    X3 + "np.array([1.0, 2.0, 3.0]) + x",
    XY + "nd.add(x, y)",
    XY + "nd.subtract(y, x)",
    XY + "nd.multiply(x, y)",
    XY + "nd.divide(x, y)",
    X3 + "nd.power(x, 2)",
    X3 + "nd.power(2, x)",
    XY + "nd.power(y, x)",
    X3 + "nd.maximum(0, x)",
    X3 + "nd.maximum(x, 0)",
    X3 + "nd.minimum(x, 1)",
    XY + "nd.maximum(x, y / 10)",
    "nd.modulo(nd.array([-7.0, 7.0]), nd.array([3.0, -3.0]))",
    "nd.elemwise_add(nd.array([1.0, 2.0]), nd.array([3.0, 4.0]))",
    "nd.elemwise_sub(nd.array([1.0, 2.0]), nd.array([3.0, 4.0]))",
    "nd.elemwise_mul(nd.array([1.0, 2.0]), nd.array([3.0, 4.0]))",
    "nd.elemwise_div(nd.array([1.0, 2.0]), nd.array([3.0, 4.0]))",
    "nd.elemwise_add(nd.ones((3, 1)), nd.ones((1, 3)))",
    "x = nd.array([1.0, 2.0]); z = nd.zeros((2,)); r = nd.elemwise_add(x, x, out=z); (r is z, z)",
    "nd.elemwise_add(nd.ones((2,)), nd.ones((2,)), out=nd.zeros((3,)))",
    XY + "nd.broadcast_add(x, y)",
    XY + "nd.broadcast_mul(x, y)",
    XY + "nd.broadcast_maximum(x, y / 10)",
    XY + "nd.broadcast_equal(x, y / 10)",
    "x = nd.array([1.0, 2.0]); i = id(x); x += nd.array([10.0, 20.0]); (id(x) == i, x)",
    "x = nd.ones((2, 3)); x *= nd.array([1.0, 2.0, 3.0]); x",
    "x = nd.ones((2, 1)); x += nd.ones((1, 3)); x",
    "x = nd.array([4.0, 6.0]); x -= 1; x /= 2; x",
    "x = nd.array([1.0, 2.0, 3.0]); y = nd.array([1.0, 5.0, 3.0]); x == y",
    "x = nd.array([1.0, 2.0, 3.0]); y = nd.array([1.0, 5.0, 3.0]); x != y",
    X3 + "x > 1",
    X3 + "x >= 1",
    X3 + "x < 1",
    X3 + "x <= 1",
    X3 + "1 < x",
    X3 + "2 == x",
    "nd.array([1, 5], dtype='int32') > 2",
    "nd.array([1.0, 5.0], dtype='float64') == 5",
    XY + "x > y / 10",
    "nd.equal(nd.array([1.0, 2.0]), nd.array([1.0, 3.0]))",
    "nd.not_equal(nd.array([1.0, 2.0]), nd.array([1.0, 3.0]))",
    "nd.greater(nd.array([1.0, 2.0]), 1)",
    "nd.greater_equal(nd.array([1.0, 2.0]), 1)",
    "nd.lesser(nd.array([1.0, 2.0]), nd.array([[1.5], [2.5]]))",
    "nd.lesser_equal(nd.array([1.0, 2.0]), 2)",
    "nd.array([1.0, 2.0]) == nd.array([1, 2], dtype='int32')",
    "nd.logical_and(nd.array([0.0, 1.0, 2.0, 0.0]), nd.array([0.0, 0.0, 3.0, 1.0]))",
    "nd.logical_or(nd.array([0.0, 1.0, 2.0, 0.0]), nd.array([0.0, 0.0, 3.0, 1.0]))",
    "nd.logical_xor(nd.array([0.0, 1.0, 2.0, 0.0]), nd.array([0.0, 0.0, 3.0, 1.0]))",
    "nd.logical_not(nd.array([0.0, 1.0, -2.0]))",
    "nd.clip(nd.array([-2.0, 0.5, 3.0, 7.0]), 0, 3)",
    "nd.array([-2.0, 0.5, 3.0, 7.0]).clip(-1, 1)",
    "nd.array([-2.0, 0.5, 3.0]).clip(0, float('inf'))",
    "nd.clip(nd.array([-5, 2, 9], dtype='int32'), 0, 4)",
    "nd.where(nd.array([1.0, 0.0, 2.0]), nd.array([1.0, 2.0, 3.0]), nd.array([-1.0, -2.0, -3.0]))",
    "nd.where(nd.array([1.0, 0.0]), nd.ones((2, 3)), nd.zeros((2, 3)))",
    "nd.where(nd.array([1.0, 0.0]), nd.array([1.0, 2.0]), 0)",
    "nd.where(nd.array([[1.0, 0.0, 1.0]]), nd.ones((2, 3)), nd.zeros((2, 3)))",
    "nd.add_n(nd.array([1.0, 2.0]), nd.array([10.0, 20.0]), nd.array([100.0, 200.0]))",
    "nd.ElementWiseSum(nd.array([1.0, 2.0]), nd.array([10.0, 20.0]))",
]

# unary math ops, forward values
UN_GENERAL = "[-2.5, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0]"
UN_POS = "[0.25, 0.5, 1.0, 2.0, 4.0]"
UN_UNIT = "[-0.9, -0.5, 0.0, 0.5, 0.9]"
UNARY = {
    "exp": UN_GENERAL, "log": "[0.0, 0.5, 1.0, 2.0, -1.0]", "sqrt": "[0.0, 0.25, 2.0, 9.0, -1.0]",
    "square": UN_GENERAL, "abs": UN_GENERAL, "sign": UN_GENERAL, "relu": UN_GENERAL,
    "sigmoid": UN_GENERAL, "tanh": UN_GENERAL, "log1p": "[-0.5, 0.0, 0.5, 1.0, 3.0]",
    "expm1": UN_GENERAL, "log2": UN_POS, "log10": "[0.001, 0.5, 1.0, 10.0, 250.0]",
    "rsqrt": UN_POS, "cbrt": "[-8.0, -1.0, 0.0, 0.5, 27.0]", "rcbrt": "[-8.0, 0.5, 1.0, 27.0]",
    "reciprocal": "[-2.0, -0.5, 0.5, 1.0, 4.0]", "sin": UN_GENERAL, "cos": UN_GENERAL,
    "tan": UN_GENERAL, "arcsin": UN_UNIT, "arccos": UN_UNIT, "arctan": UN_GENERAL,
    "sinh": UN_GENERAL, "cosh": UN_GENERAL, "arcsinh": UN_GENERAL,
    "arccosh": "[1.0, 1.5, 2.0, 10.0]", "arctanh": UN_UNIT, "degrees": UN_GENERAL,
    "radians": "[-180.0, -45.0, 0.0, 90.0, 360.0]",
    "floor": "[-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 1.7, -1.7]",
    "ceil": "[-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 1.7, -1.7]",
    "fix": "[-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 1.7, -1.7]",
    "trunc": "[-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 1.7, -1.7]",
    "round": "[-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 1.7, -1.7]",
    "rint": "[-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 1.7, -1.7]",
    "erf": UN_GENERAL, "erfinv": UN_UNIT, "gamma": "[0.5, 1.0, 2.5, 5.0, -1.5]",
    "gammaln": "[0.5, 1.0, 2.5, 5.0, 10.0]", "softsign": UN_GENERAL, "negative": UN_GENERAL,
}
CASES += [f"nd.{op}(nd.array({x}))" for op, x in UNARY.items()]
CASES += [
    "nd.array([0.5, 1.5, 2.5]).exp()",
    "nd.array([0.5, 1.5, 2.5]).log()",
    "nd.array([0.25, 4.0]).sqrt()",
    "nd.array([-1.5, 2.0]).square()",
    "nd.array([-1.5, 2.0]).abs()",
    "nd.array([-1.5, 0.0, 2.0]).sign()",
    "nd.array([-1.5, 2.0]).relu()",
    "nd.array([-1.5, 2.0]).sigmoid()",
    "nd.array([-1.5, 2.0]).tanh()",
    "nd.array([-2.5, 2.5]).round()",
    "nd.array([-2.5, 2.5]).floor()",
    "nd.exp(nd.array([1, 2], dtype='int32'))",
    "nd.log(nd.array([1, 2], dtype='int32'))",
    "nd.sqrt(nd.array([4, 5], dtype='int32'))",
    "nd.abs(nd.array([-4, 5], dtype='int32'))",
    "nd.sign(nd.array([-4, 0, 5], dtype='int32'))",
    "nd.square(nd.array([3, 200], dtype='uint8'))",
    "nd.exp(nd.array([0.5, 1.5], dtype='float64'))",
]

# ----- 1.4 reductions, sorting, searching ---------------------------------------------------
CASES += [
    X234 + "x.sum()",
    X234 + "nd.sum(x)",
    X234 + "x.sum(axis=1)",
    X234 + "x.sum(1)",
    X234 + "x.sum(axis=-1)",
    X234 + "x.sum(axis=(0, 2))",
    X234 + "x.sum(axis=(-1, -3))",
    X234 + "x.sum(axis=1, keepdims=True)",
    X234 + "x.sum(axis=(0, 2), keepdims=True)",
    X234 + "x.sum(axis=1, exclude=True)",
    X234 + "nd.sum(x, axis=(0, 1), exclude=True)",
    X234 + "x.sum(axis=())",
    X234 + "x.mean()",
    X234 + "x.mean(axis=0)",
    X234 + "nd.mean(x, axis=-1, keepdims=True)",
    X234 + "x.max()",
    X234 + "x.max(axis=1)",
    X234 + "x.min(axis=(0, 2))",
    X234 + "nd.min(x, axis=2, keepdims=True)",
    "nd.array([[1.0, 2.0], [3.0, 4.0]]).prod()",
    "nd.array([[1.0, 2.0], [3.0, 4.0]]).prod(axis=0)",
    "nd.nansum(nd.array([1.0, float('nan'), 2.0]))",
    "nd.nanprod(nd.array([[3.0, float('nan')], [2.0, 5.0]]), axis=1)",
    "nd.array([1.0, float('nan'), 2.0]).sum()",
    "nd.array([1, 2], dtype='int32').mean()",
    "nd.array([[1, 2], [3, 5]], dtype='int32').sum(axis=0)",
    "nd.array([[1, 2], [3, 5]], dtype='int32').mean(axis=1)",
    "nd.array([-7, 2], dtype='int32').mean()",
    "nd.array([200, 100], dtype='uint8').sum()",
    "nd.array([200, 100], dtype='uint8').mean()",
    "nd.array([200, 100, 3], dtype='uint8').max()",
    "nd.ones((2, 3)).sum(axis=2)",
    "nd.sum([1, 2])",
    X34 + "x.norm()",
    X34 + "nd.norm(x)",
    X34 + "nd.norm(x, ord=1)",
    X34 + "x.norm(ord=2, axis=1)",
    X34 + "x.norm(ord=1, axis=0)",
    X34 + "x.norm(axis=1, keepdims=True)",
    X34 + "x.norm(ord=3)",
    "nd.array([3.0, -4.0]).norm()",
    "nd.array([3.0, -4.0], dtype='float64').norm(ord=1)",
    X34 + "x.argmax()",
    X34 + "nd.argmax(x, axis=0)",
    X34 + "x.argmax(axis=1)",
    X34 + "x.argmax(axis=1, keepdims=True)",
    X34 + "x.argmin(axis=0)",
    "nd.array([[1.0, 3.0, 3.0], [2.0, 2.0, 0.0]]).argmax(axis=1)",
    "nd.array([[1.0, 3.0, 3.0], [2.0, 2.0, 0.0]]).argmin(axis=1)",
    "nd.array([[1, 3, 2]], dtype='int32').argmax(axis=1)",
    "nd.argmax_channel(nd.array([[1.0, 3.0, 2.0], [5.0, 0.0, 1.0]]))",
    "T = nd.array([[3.0, 1.0, 2.0], [0.0, 5.0, 4.0]]); nd.topk(T)",
    "T = nd.array([[3.0, 1.0, 2.0], [0.0, 5.0, 4.0]]); nd.topk(T, k=2)",
    "T = nd.array([[3.0, 1.0, 2.0], [0.0, 5.0, 4.0]]); nd.topk(T, k=2, ret_typ='value')",
    "T = nd.array([[3.0, 1.0, 2.0], [0.0, 5.0, 4.0]]); nd.topk(T, k=2, ret_typ='indices')",
    "T = nd.array([[3.0, 1.0, 2.0], [0.0, 5.0, 4.0]]); nd.topk(T, k=2, ret_typ='both')",
    "T = nd.array([[3.0, 1.0, 2.0], [0.0, 5.0, 4.0]]); nd.topk(T, k=2, ret_typ='mask')",
    "T = nd.array([[3.0, 1.0, 2.0], [0.0, 5.0, 4.0]]); nd.topk(T, k=2, is_ascend=True, "
    "ret_typ='value')",
    "T = nd.array([[3.0, 1.0, 2.0], [0.0, 5.0, 4.0]]); nd.topk(T, axis=0, ret_typ='both')",
    "T = nd.array([[3.0, 1.0, 2.0], [0.0, 5.0, 4.0]]); T.topk(k=3, axis=-1, ret_typ='both')",
    "nd.topk(nd.array([[3, 1, 2]], dtype='int32'), k=2)",
    "nd.topk(nd.array([[3, 1, 2]], dtype='int32'), k=2, ret_typ='value')",
    "nd.topk(nd.array([[3.0, 1.0, 2.0]]), k=2, dtype='int32')",
    "T = nd.array([[3.0, 1.0, 2.0], [0.0, 5.0, 4.0]]); nd.sort(T)",
    "T = nd.array([[3.0, 1.0, 2.0], [0.0, 5.0, 4.0]]); nd.sort(T, axis=0)",
    "T = nd.array([[3.0, 1.0, 2.0], [0.0, 5.0, 4.0]]); nd.sort(T, is_ascend=False)",
    "T = nd.array([[3.0, 1.0, 2.0], [0.0, 5.0, 4.0]]); nd.sort(T, axis=None)",
    "T = nd.array([[3.0, 1.0, 2.0], [0.0, 5.0, 4.0]]); T.sort()",
    "T = nd.array([[3.0, 1.0, 2.0], [0.0, 5.0, 4.0]]); nd.argsort(T)",
    "T = nd.array([[3.0, 1.0, 2.0], [0.0, 5.0, 4.0]]); nd.argsort(T, axis=0, is_ascend=False)",
    "T = nd.array([[3.0, 1.0, 2.0], [0.0, 5.0, 4.0]]); nd.argsort(T, axis=None)",
    "T = nd.array([[3.0, 1.0, 2.0], [0.0, 5.0, 4.0]]); T.argsort(dtype='int32')",
    "nd.argsort(nd.array([3, 1, 2], dtype='int32'))",
    "nd.cumsum(nd.array([1.0, 2.0, 3.0]))",
    "nd.cumsum(nd.array([[1.0, 2.0], [3.0, 4.0]]), axis=0)",
    "nd.cumsum(nd.array([[1.0, 2.0], [3.0, 4.0]]))",
    "nd.cumsum(nd.array([1, 2, 3], dtype='int32'), axis=0)",
]

# ----- 1.5 shape manipulation ---------------------------------------------------------------
CASES += [
    X234 + "x.reshape((4, 6))",
    X234 + "x.reshape(4, -1)",
    X234 + "x.reshape(shape=(6, 4)).shape",
    "nd.arange(6).reshape(6).shape",
    X234 + "x.reshape((0, -1)).shape",
    X234 + "x.reshape((-2,)).shape",
    X234 + "x.reshape((-3, 4)).shape",
    X234 + "x.reshape((0, -3)).shape",
    X234 + "x.reshape((-4, 1, 2, -2)).shape",
    X234 + "x.reshape((-4, -1, 1, -2)).shape",
    X234 + "x.reshape((-1, 0)).shape",
    X234 + "x.reshape((0, 0, -1))",
    "nd.zeros((10, 5, 4)).reshape((-1, 0), reverse=True).shape",
    "nd.zeros((10, 5, 4)).reshape((-1, 0)).shape",
    X234 + "nd.reshape(x, shape=(-3, -2)).shape",
    X234 + "nd.reshape(x, shape=(2, 0, -4, 2, 2)).shape",
    "x = nd.arange(6); y = x.reshape((2, 3)); y[0] = 10; x",
    X234 + "x.reshape((5, 5))",
    X234 + "x.reshape((2, 2))",
    X234 + "x.reshape((-1, -1))",
    X234 + "x.flatten()",
    "nd.arange(5).flatten()",
    X234 + "nd.flatten(x).shape",
    X234 + "nd.Flatten(x).shape",
    "nd.arange(6).reshape((1, 2, 3)).expand_dims(axis=0).shape",
    "nd.expand_dims(nd.arange(6).reshape((2, 3)), axis=-1).shape",
    "nd.expand_dims(nd.arange(3), axis=1)",
    "nd.zeros((1, 3, 1)).squeeze().shape",
    "nd.zeros((1, 3, 1)).squeeze(axis=2).shape",
    "nd.squeeze(nd.zeros((1, 3, 1)), axis=(0, 2)).shape",
    "nd.zeros((1, 1)).squeeze()",
    "nd.zeros((2, 3)).squeeze(axis=1)",
    X34 + "x.transpose()",
    X234 + "x.transpose((1, 0, 2)).shape",
    X234 + "x.transpose(1, 0, 2)",
    X234 + "nd.transpose(x, axes=(2, 0, 1))",
    X234 + "nd.swapaxes(x, dim1=0, dim2=2).shape",
    X234 + "nd.swapaxes(x, 0, 1)",
    X234 + "x.swapaxes(1, 2).shape",
    X234 + "nd.SwapAxis(x, dim1=1, dim2=2).shape",
    "nd.tile(nd.array([1.0, 2.0]), reps=3)",
    "nd.tile(nd.array([[1.0, 2.0]]), reps=(2, 2))",
    "nd.tile(nd.array([1.0, 2.0]), reps=(2, 1, 2)).shape",
    "nd.repeat(nd.array([[1.0, 2.0], [3.0, 4.0]]), repeats=2)",
    "nd.repeat(nd.array([[1.0, 2.0], [3.0, 4.0]]), repeats=2, axis=0)",
    "nd.array([[1.0, 2.0], [3.0, 4.0]]).repeat(repeats=3, axis=1)",
    "A = nd.ones((2, 2)); B = nd.zeros((2, 3)); nd.concat(A, B)",
    "A = nd.ones((2, 2)); B = nd.zeros((3, 2)); nd.concat(A, B, dim=0)",
    "nd.concat(nd.ones((1, 2)), nd.zeros((1, 2)), nd.ones((1, 2)) * 2, dim=0)",
    "nd.concat(nd.ones((2,)), nd.zeros((2,)), dim=0)",
    "nd.concat(nd.ones((2,)), nd.zeros((2,)))",
    "nd.concat([nd.ones((2,)), nd.zeros((2,))], dim=0)",
    "nd.concat(nd.ones((2, 2)), nd.ones((3, 3)), dim=0)",
    "nd.concat(nd.ones((2, 2, 1)), nd.zeros((2, 2, 1)), dim=-1).shape",
    "nd.stack(nd.array([1.0, 2.0]), nd.array([3.0, 4.0]))",
    "nd.stack(nd.array([1.0, 2.0]), nd.array([3.0, 4.0]), axis=1)",
    "nd.stack(nd.ones((2, 3)), nd.zeros((2, 3)), axis=-1).shape",
    "nd.stack([nd.array([1.0, 2.0]), nd.array([3.0, 4.0])])",
    "nd.split(nd.arange(12).reshape((2, 6)), num_outputs=3)",
    "nd.split(nd.arange(12).reshape((4, 3)), num_outputs=2, axis=0)",
    "nd.split(nd.arange(6).reshape((3, 2)), num_outputs=3, axis=0, squeeze_axis=True)",
    "nd.split(nd.arange(6).reshape((3, 2)), num_outputs=1, axis=0)",
    "type(nd.split(nd.arange(6).reshape((3, 2)), num_outputs=1, axis=0)).__name__",
    "nd.split(nd.arange(12).reshape((6, 2)), num_outputs=3)",
    "nd.arange(12).reshape((2, 6)).split(num_outputs=2, axis=-1)",
    "nd.SliceChannel(nd.arange(4).reshape((2, 2)), num_outputs=2)",
    X34 + "nd.slice(x, begin=(0, 1), end=(2, 3))",
    X34 + "nd.slice(x, begin=(None, 0), end=(None, 4), step=(2, 2))",
    X34 + "nd.slice(x, begin=(2,), end=(None,), step=(-1,))",
    X34 + "x.slice(begin=(1, 1), end=(3, 4))",
    X34 + "nd.slice_axis(x, axis=1, begin=1, end=3)",
    X34 + "nd.slice_axis(x, axis=0, begin=1, end=None)",
    X34 + "x.slice_axis(axis=-1, begin=-2, end=None)",
    X34 + "nd.flip(x, axis=0)",
    X34 + "nd.flip(x, axis=1)",
    X34 + "nd.reverse(x, axis=1)",
    X34 + "x.flip(axis=0)",
    "nd.broadcast_to(nd.array([[1.0, 2.0]]), shape=(3, 2))",
    "nd.array([[1.0], [2.0]]).broadcast_to((2, 3))",
    "nd.broadcast_to(nd.array([[1.0, 2.0]]), shape=(2, 3))",
    "nd.broadcast_axis(nd.array([[1.0], [2.0]]), axis=1, size=3)",
    "nd.broadcast_axes(nd.ones((1, 2, 1)), axis=(0, 2), size=(2, 3)).shape",
    "nd.broadcast_axis(nd.array([[1.0, 2.0]]), axis=0, size=2)",
    "nd.broadcast_like(nd.array([[1.0, 2.0]]), nd.zeros((3, 2)))",
    "nd.array([[1.0], [2.0]]).broadcast_like(nd.zeros((2, 4)))",
]

# ----- 1.6 indexing and assignment ----------------------------------------------------------
CASES += [
    X34 + "x[1]",
    X34 + "x[-1]",
    X34 + "x[1, 2]",
    X34 + "x[-1, -1]",
    X34 + "x[1][2]",
    "nd.arange(5)[2]",
    "nd.arange(5)[-1]",
    X34 + "x[1:3]",
    X34 + "x[::2]",
    X34 + "x[::-1]",
    X34 + "x[:, ::-2]",
    X34 + "x[1:, 1:3]",
    X34 + "x[:, 1]",
    X34 + "x[1, 1:3]",
    X34 + "x[..., 1]",
    X234 + "x[..., 1].shape",
    X234 + "x[1, ..., 2]",
    X34 + "x[None].shape",
    X34 + "x[:, None].shape",
    X34 + "x[slice(1, 3), :]",
    X34 + "x[[0, 2]]",
    X34 + "x[[2, 0, 2]]",
    X34 + "x[np.array([0, 2])]",
    X34 + "x[nd.array([0, 2])]",
    X34 + "x[nd.array([[0, 1], [2, 2]])].shape",
    X34 + "x[[0, 2], [1, 3]]",
    X34 + "x[:, [0, 2]]",
    X34 + "x[1:, [0, 3]]",
    X34 + "x[5]",
    X34 + "x[1, 7]",
    X34 + "x[1, 2] = 9; x",
    X34 + "x[1:2, :] = 12; x",
    X34 + "x[:] = nd.array([1.0, 2.0, 3.0, 4.0]); x",
    X34 + "x[:] = 0; x",
    X34 + "x[0] = nd.array([9.0, 8.0, 7.0, 6.0]); x",
    X34 + "x[:, 1] = 5; x",
    X34 + "x[:, 1:3] = nd.array([[1.0, 2.0]]); x",
    X34 + "x[[0, 2]] = 7; x",
    X34 + "x[1] = np.array([1.0, 2.0, 3.0, 4.0]); x",
    X34 + "x[0, :] = [1, 2, 3, 4]; x",
    X34 + "x[-1, ::2] = -1; x",
    X34 + "x[:] = nd.ones((2, 4)); x",
    X34 + "x[:] = x + 1; x",
    "x = nd.arange(4, dtype='int32'); x[0] = 2.7; x",
    "x = nd.zeros((3,)); x[1] = nd.array([5.0]); x",
    X34 + "y = x[1]; y[:] = 100; x",
    X34 + "y = x[1:3]; y[:] = 100; x",
    X34 + "y = x[:, 1]; y[:] = 100; x",
    X34 + "nd.take(x, nd.array([0, 2]))",
    X34 + "x.take(nd.array([5, -1]))",
    X34 + "nd.take(x, nd.array([5, -1]), mode='wrap')",
    X34 + "nd.take(x, nd.array([1, 3]), axis=1)",
    X34 + "nd.take(x, nd.array([[0, 1], [2, 0]])).shape",
    X34 + "nd.take(x, nd.array([0.0, 1.7]))",
    X34 + "x.take([0, 2])",
    "nd.take(nd.array([10.0, 20.0, 30.0]), nd.array([2], dtype='int32'))",
    X34 + "nd.pick(x, nd.array([0, 1.7, 3]))",
    X34 + "nd.pick(x, nd.array([5, -1, 2]))",
    X34 + "nd.pick(x, nd.array([0, 1, 3]), keepdims=True)",
    X34 + "nd.pick(x, nd.array([0, 2, 1, 1]), axis=0)",
    X34 + "nd.pick(x, nd.array([1, 2, 3], dtype='int32'))",
    X34 + "nd.pick(x, nd.array([5, -1, 2]), mode='wrap')",
    X34 + "x.pick(nd.array([3, 2, 1]))",
    "nd.one_hot(nd.array([0, 2, 5, -1]), 3)",
    "nd.one_hot(nd.array([1, 0]), depth=3, on_value=5, off_value=-1)",
    "nd.one_hot(nd.array([1, 0]), 3, dtype='int32')",
    "nd.array([[1.0, 0.0]]).one_hot(2)",
    "nd.one_hot(nd.array([1.7, 0.2]), 3)",
]

# ----- 1.7 linear algebra -------------------------------------------------------------------
CASES += [
    "nd.dot(nd.array([1.0, 2.0, 3.0]), nd.array([4.0, 5.0, 6.0]))",
    "nd.dot(nd.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]), nd.array([1.0, 0.5, -1.0]))",
    "nd.dot(nd.array([[1.0, 2.0], [3.0, 4.0]]), nd.array([[5.0, 6.0], [7.0, 8.0]]))",
    "nd.dot(nd.arange(24).reshape((2, 3, 4)), nd.arange(20).reshape((4, 5)))",
    "nd.dot(nd.arange(24).reshape((2, 3, 4)), nd.ones((4, 5, 6))).shape",
    "nd.dot(nd.arange(6).reshape((2, 3)), nd.arange(6).reshape((2, 3)), transpose_a=True)",
    "nd.dot(nd.arange(6).reshape((2, 3)), nd.arange(6).reshape((2, 3)), transpose_b=True)",
    "nd.dot(nd.arange(6).reshape((3, 2)), nd.arange(6).reshape((2, 3)), transpose_a=True, "
    "transpose_b=True)",
    "nd.dot(nd.array([[1.0, 2.0]], dtype='float64'), nd.array([[3.0], [4.0]], dtype='float64'))",
    "nd.dot(nd.array([[1, 2]], dtype='int32'), nd.array([[3], [4]], dtype='int32'))",
    "nd.dot(nd.ones((2, 3)), nd.ones((2, 3)))",
    "nd.dot(nd.ones((2, 3)), nd.ones((3,)) * 2)",
    "nd.batch_dot(nd.arange(12).reshape((2, 2, 3)), nd.arange(12).reshape((2, 3, 2)))",
    "nd.batch_dot(nd.arange(12).reshape((2, 3, 2)), nd.arange(12).reshape((2, 3, 2)), "
    "transpose_a=True)",
    "nd.batch_dot(nd.arange(12).reshape((2, 2, 3)), nd.arange(12).reshape((2, 2, 3)), "
    "transpose_b=True)",
    "nd.batch_dot(nd.ones((3, 4)), nd.ones((4, 5)))",
    "nd.batch_dot(nd.ones((2, 3, 4)), nd.ones((3, 4, 5)))",
    A2 + "nd.linalg.gemm2(A, nd.array([[1.0, 2.0], [3.0, 4.0]]))",
    A2 + "nd.linalg.gemm2(A, nd.array([[1.0, 2.0], [3.0, 4.0]]), transpose_b=True, alpha=2.0)",
    A2 + "nd.linalg_gemm2(A, A, transpose_a=True)",
    A2D + "nd.linalg.gemm2(A, A)",
    A2 + "nd.linalg.gemm(A, A, nd.ones((2, 2)), alpha=2.0, beta=0.5)",
    A2 + "nd.linalg.gemm(A, A, nd.ones((2, 2)), transpose_a=True)",
    A2 + "nd.linalg.det(A)",
    A2D + "nd.linalg.det(A)",
    "nd.linalg.det(nd.array([[[2.0, 1.0], [1.0, 2.0]], [[1.0, 2.0], [3.0, 4.0]]]))",
    A2 + "nd.linalg.inverse(A)",
    A2D + "nd.linalg.inverse(A)",
    A2 + "nd.linalg.potrf(A)",
    A2D + "nd.linalg.potrf(A)",
    A2 + "nd.linalg.potri(nd.linalg.potrf(A))",
    A2 + "nd.linalg.syrk(A)",
    A2 + "nd.linalg.syrk(A, transpose=True, alpha=0.5)",
    A2 + "nd.linalg.sumlogdiag(A)",
    A2 + "nd.linalg.sumlogdiag(nd.linalg.potrf(A))",
    A2 + "nd.linalg.extractdiag(A)",
    A2 + "nd.linalg.extractdiag(A, offset=1)",
    "nd.linalg.makediag(nd.array([1.0, 2.0]))",
    "nd.linalg.makediag(nd.array([1.0, 2.0]), offset=-1)",
    A2 + "nd.linalg.slogdet(A)",
    "nd.linalg.slogdet(nd.array([[1.0, 2.0], [3.0, 4.0]], dtype='float64'))",
    L2 + "nd.linalg.trmm(L, B)",
    L2 + "nd.linalg.trmm(L, B, transpose=True, rightside=True, alpha=2.0)",
    L2 + "nd.linalg.trsm(L, B)",
    L2 + "nd.linalg.trsm(L, B, transpose=True)",
    "nd.linalg.trsm(nd.array([[2.0, 0.0], [1.0, 3.0]], dtype='float64'), "
    "nd.array([[1.0], [2.0]], dtype='float64'))",
    "nd.linalg.extracttrian(nd.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]))",
    "nd.linalg.extracttrian(nd.array([[1.0, 2.0], [3.0, 4.0]]), lower=False)",
    "nd.linalg.maketrian(nd.array([1.0, 2.0, 3.0]))",
    "nd.linalg.maketrian(nd.array([1.0, 2.0, 3.0]), lower=False)",
    "nd.linalg.inverse(nd.array([[[2.0, 1.0], [1.0, 3.0]], [[1.0, 2.0], [3.0, 4.0]]]))",
]

# ----- 1.8 neural-network operators ---------------------------------------------------------
S = "s = nd.array([[1.0, 2.0, 3.0], [-1.0, 0.0, 1.0]]); "
CASES += [
    "nd.relu(nd.array([-1.0, 0.0, 2.0]))",
    "nd.sigmoid(nd.array([-1.0, 0.0, 2.0]))",
    "nd.tanh(nd.array([-1.0, 0.0, 2.0]))",
    S + "nd.softmax(s)",
    S + "nd.softmax(s, axis=0)",
    S + "nd.softmax(s, temperature=2.0)",
    S + "s.softmax()",
    "nd.softmax(nd.array([[1000.0, 1001.0]]))",
    "nd.softmax(nd.array([[1, 2]], dtype='int32'))",
    "nd.softmax(nd.array([[1.0, 2.0]], dtype='float64'))",
    S + "nd.log_softmax(s)",
    S + "nd.log_softmax(s, axis=0)",
    "nd.log_softmax(nd.array([[1000.0, 1001.0]]))",
    S + "nd.softmin(s)",
    S + "nd.SoftmaxActivation(s)",
    S + "nd.Activation(s, act_type='relu')",
    S + "nd.Activation(s, act_type='sigmoid')",
    S + "nd.Activation(s, act_type='tanh')",
    S + "nd.Activation(s, act_type='softrelu')",
    S + "nd.Activation(s, act_type='softsign')",
    S + "nd.LeakyReLU(s)",
    S + "nd.LeakyReLU(s, act_type='leaky', slope=0.1)",
    S + "nd.LeakyReLU(s, act_type='elu')",
    S + "nd.LeakyReLU(s, act_type='elu', slope=0.5)",
    "nd.FullyConnected(nd.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]), "
    "nd.arange(12).reshape((4, 3)) / 10, nd.array([1.0, 2.0, 3.0, 4.0]), num_hidden=4)",
    "nd.FullyConnected(nd.arange(12).reshape((2, 2, 3)), nd.arange(24).reshape((4, 6)) / 10, "
    "nd.zeros((4,)), num_hidden=4)",
    "nd.FullyConnected(nd.arange(12).reshape((2, 2, 3)), nd.arange(12).reshape((4, 3)) / 10, "
    "nd.ones((4,)), num_hidden=4, flatten=False)",
    "nd.FullyConnected(nd.array([[1.0, 2.0, 3.0]]), nd.ones((2, 3)), num_hidden=2, "
    "no_bias=True)",
    "nd.FullyConnected(data=nd.ones((2, 3)), weight=nd.ones((1, 3)), bias=nd.array([0.5]), "
    "num_hidden=1)",
    S + "nd.softmax_cross_entropy(s, nd.array([2.0, 0.0]))",
    "nd.smooth_l1(nd.array([-2.0, -0.5, 0.0, 0.3, 1.5]), scalar=1.0)",
    "nd.smooth_l1(nd.array([-2.0, -0.5, 0.0, 0.3, 1.5]), scalar=2.0)",
    "nd.stop_gradient(nd.array([1.0, 2.0]))",
    "nd.BlockGrad(nd.array([1.0, 2.0]))",
    "nd.Dropout(nd.ones(10), p=0.5)",
    "nd.Dropout(nd.arange(6).reshape((2, 3)), p=0.9)",
    "with autograd.train_mode():\n    y = nd.Dropout(nd.ones(100), p=0.5)\n"
    "((y == 0) + (y == 2)).sum()",
    "with autograd.record():\n    y = nd.Dropout(nd.ones(100), p=0.5)\n"
    "((y == 0) + (y == 2)).sum()",
    "with autograd.record(train_mode=False):\n    y = nd.Dropout(nd.ones(10), p=0.5)\ny",
]

# ----- 1.12 autograd: gradients of single-input ops -----------------------------------------
UN_GRAD = {
    "exp": None, "log": "[[0.5, 1.2, 2.0]]", "sqrt": "[[0.5, 1.2, 2.0]]", "square": None,
    "abs": "[[-1.0, 0.0, 1.0]]", "sign": None, "relu": "[[-1.0, 0.0, 1.0]]", "sigmoid": None,
    "tanh": None, "log1p": "[[0.5, 1.2, 2.0]]", "expm1": None, "log2": "[[0.5, 1.2, 2.0]]",
    "log10": "[[0.5, 1.2, 2.0]]", "rsqrt": "[[0.5, 1.2, 2.0]]", "cbrt": "[[0.5, 1.2, 2.0]]",
    "rcbrt": "[[0.5, 1.2, 2.0]]", "reciprocal": None, "sin": None, "cos": None, "tan": None,
    "arcsin": "[[0.5, -0.2, 0.9]]", "arccos": "[[0.5, -0.2, 0.9]]", "arctan": None,
    "sinh": None, "cosh": None, "arcsinh": None, "arccosh": "[[1.5, 2.0, 3.0]]",
    "arctanh": "[[0.5, -0.2, 0.9]]", "degrees": None, "radians": None, "floor": None,
    "ceil": None, "fix": None, "trunc": None, "round": None, "rint": None, "erf": None,
    "erfinv": "[[0.5, -0.2, 0.9]]", "gamma": "[[0.5, 1.2, 2.0]]", "gammaln": "[[0.5, 1.2, 2.0]]",
    "softsign": None, "negative": None, "log_softmax": None,
    "stop_gradient": None, "BlockGrad": None, "flatten": None,
}
for _op, _x in UN_GRAD.items():
    CASES.append(grad1(f"nd.{_op}(x)", _x) if _x else grad1(f"nd.{_op}(x)"))
CASES += [
    grad1("x * x"),
    grad1("x ** 2"),
    grad1("2 ** x"),
    grad1("1 / x"),
    grad1("3 - x"),
    grad1("-x"),
    grad1("abs(x)", "[[-1.0, 0.0, 1.0]]"),
    grad1("(x * x).sum()"),
    grad1("(x * x).mean()"),
    grad1("nd.exp(x) * 2"),
    grad1("x * x + x", "[[3.0]]"),
    grad1("nd.sqrt(nd.abs(x))", "[[-1.0, 0.0, 1.0]]"),
    grad1("nd.maximum(x, 0)", "[[-1.0, 0.0, 1.0]]"),
    grad1("nd.maximum(0, x)", "[[-1.0, 0.0, 1.0]]"),
    grad1("nd.minimum(x, 0)", "[[-1.0, 0.0, 1.0]]"),
    grad1("x.max()", "[[1.0, 3.0, 3.0]]"),
    grad1("x.min()", "[[1.0, 1.0, 3.0]]"),
    grad1("nd.clip(x, 1.5, 2.5)", "[[1.0, 2.0, 3.0]]"),
    grad1("nd.clip(x, 1.0, 3.0)", "[[1.0, 2.0, 3.0]]"),
    grad1("nd.where(x > 1.5, 2 * x, 3 * x)", "[[1.0, 2.0, 3.0]]"),
    grad1("x.argmax(axis=1) * x", "[[1.0, 2.0, 3.0]]"),
    grad1("(x > 1) * x", "[[1.0, 2.0, 3.0]]"),
    grad1("nd.round(x) + nd.sign(x)", "[[1.2, -2.6, 3.5]]"),
    grad1("x.astype('float64') * 2"),
    grad1("nd.relu(x) * nd.sigmoid(x)"),
    grad1("nd.Activation(x, act_type='relu')", "[[-1.0, 0.0, 1.0]]"),
    grad1("nd.Activation(x, act_type='sigmoid')"),
    grad1("nd.Activation(x, act_type='tanh')"),
    grad1("nd.Activation(x, act_type='softrelu')"),
    grad1("nd.Activation(x, act_type='softsign')"),
    grad1("nd.LeakyReLU(x)", "[[-1.0, 0.0, 1.0]]"),
    grad1("nd.LeakyReLU(x, act_type='elu')", "[[-1.0, 0.5, 1.0]]"),
    grad1("nd.smooth_l1(x, scalar=1.0)", "[[-2.0, -0.5, 0.3, 1.5]]"),
    grad1("x * nd.array([[1.0, 0.1, 0.01]])"),
    grad1("nd.softmax(x, axis=0) * nd.array([[1.0], [3.0]])",
          "[[0.5, -1.2, 2.0], [1.0, 1.0, 0.0]]"),
    grad1("nd.softmin(x) * nd.array([[1.0, 2.0, 3.0]])"),
    grad1("nd.softmax(x) * nd.array([[1.0, 2.0, 3.0]])"),
    grad1("nd.log_softmax(x) * nd.array([[1.0, 2.0, 3.0]])"),
    grad1("nd.softmax_cross_entropy(x, nd.array([2.0, 0.0]))",
          "[[1.0, 2.0, 3.0], [-1.0, 0.0, 1.0]]"),
    grad1("nd.pick(x, nd.array([2, 0]))", "[[1.0, 2.0, 3.0], [-1.0, 0.0, 1.0]]"),
    grad1("nd.log(nd.pick(nd.softmax(x), nd.array([2, 0])))",
          "[[1.0, 2.0, 3.0], [-1.0, 0.0, 1.0]]"),
    grad1("nd.take(x, nd.array([0, 0, 1]))", "[[1.0, 2.0], [3.0, 4.0]]"),
    grad1("nd.take(x, nd.array([1, 1]), axis=1) * 3", "[[1.0, 2.0], [3.0, 4.0]]"),
    grad1("x[[0, 0, 1]]", "[[1.0, 2.0], [3.0, 4.0]]"),
    grad1("x[1:3] * 2", "[[1.0], [2.0], [3.0]]"),
    grad1("x[:, 1] * 5", "[[1.0, 2.0], [3.0, 4.0]]"),
    grad1("x[1]", "[[1.0, 2.0], [3.0, 4.0]]"),
    grad1("x.sum(axis=1)", "[[1.0, 2.0], [3.0, 4.0]]"),
    grad1("x.sum(axis=0, keepdims=True) * nd.array([[1.0, 2.0]])", "[[1.0, 2.0], [3.0, 4.0]]"),
    grad1("x.mean(axis=1)", "[[1.0, 2.0], [3.0, 4.0]]"),
    grad1("x.max(axis=1)", "[[1.0, 5.0], [4.0, 4.0]]"),
    grad1("x.prod()", "[[1.0, 2.0], [3.0, 4.0]]"),
    grad1("x.norm()", "[[3.0, 4.0]]"),
    grad1("x.norm(axis=1)", "[[3.0, 4.0], [0.6, 0.8]]"),
    grad1("nd.norm(x, ord=1)", "[[3.0, -4.0, 0.5]]"),
    grad1("nd.dot(x, nd.array([[1.0], [2.0], [3.0]]))"),
    grad1("nd.dot(x, x.T)"),
    grad1("nd.dot(x, nd.ones((2, 3)), transpose_b=True)"),
    grad1("nd.batch_dot(x, nd.ones((1, 3, 2)))", "[[[1.0, 2.0, 3.0]]]"),
    grad1("nd.concat(x, x * 2, dim=0)"),
    grad1("nd.concat(x, 3 * x)"),
    grad1("nd.stack(x, x * 2, axis=1)"),
    grad1("nd.split(x, num_outputs=3)[1] * 5"),
    grad1("nd.split(x, num_outputs=2, axis=0)[0] * 5", "[[1.0, 2.0], [3.0, 4.0]]"),
    grad1("x.reshape((3, 1)) * nd.array([[1.0], [2.0], [3.0]])"),
    grad1("x.T * nd.array([[1.0], [2.0], [3.0]])"),
    grad1("nd.transpose(x) * nd.array([[1.0], [2.0], [3.0]])"),
    grad1("nd.broadcast_to(x, shape=(4, 3))"),
    grad1("x.expand_dims(axis=0) * 2"),
    grad1("x.flatten() * 2"),
    grad1("x.squeeze() * 2"),
    grad1("nd.tile(x, reps=(2, 2))"),
    grad1("nd.repeat(x, repeats=3, axis=1)"),
    grad1("nd.flip(x, axis=1) * nd.array([[1.0, 2.0, 3.0]])"),
    grad1("nd.slice_axis(x, axis=1, begin=1, end=3)"),
    grad1("nd.topk(x, k=2, ret_typ='value')"),
    grad1("nd.topk(x, k=2, ret_typ='value') * nd.array([[1.0, 10.0]])"),
    grad1("nd.FullyConnected(x, nd.ones((2, 3)), nd.zeros((2,)), num_hidden=2)"),
    grad1("nd.add_n(x, x, x)"),
    grad1("nd.elemwise_mul(x, x)"),
    grad1("x * x", dtype="float64"),
    "x = nd.array([1.0, 2.0]); x.attach_grad()\nwith autograd.record():\n"
    "    y = x.detach() * x\ny.backward()\nx.grad",
    "x = nd.array([1.0, 2.0]); x.attach_grad()\nwith autograd.record():\n"
    "    y = x * 3\n    u = y.detach()\n    z = (u * x).sum()\nz.backward()\nx.grad",
    "x = nd.array([1.0, 2.0]); x.attach_grad()\nwith autograd.record():\n"
    "    y = nd.stop_gradient(x * 3) * x\ny.backward()\nx.grad",
]
# binary ops with broadcasting on both inputs
for _op in ["a + b", "a - b", "a * b", "a / b", "a ** b", "nd.maximum(a, b)", "nd.minimum(a, b)",
            "nd.power(a, b)", "nd.broadcast_mul(a, b)", "nd.broadcast_div(a, b)",
            "nd.elemwise_sub(a, b * nd.ones((2, 3)))"]:
    CASES.append(grad2(_op))
CASES += [
    grad2("a * b", b="[[2.0], [3.0]]"),
    grad2("a + b", a="[1.0, 2.0, 3.0]", b="[[1.0], [2.0]]"),
    grad2("a * b", a="[1.0, 2.0, 3.0]", b="[[1.0], [2.0]]"),
    grad2("nd.dot(a, b)", b="[[1.0], [2.0], [3.0]]"),
    grad2("nd.dot(a, b, transpose_a=True)", b="[[1.0], [2.0]]"),
    grad2("nd.batch_dot(a, b)", a="[[[1.0, 2.0]], [[3.0, 4.0]]]",
          b="[[[1.0], [2.0]], [[3.0], [4.0]]]"),
    grad2("nd.where(a > 2.5, a, b)", a="[1.0, 2.0, 3.0]", b="[4.0, 5.0, 6.0]"),
    grad2("nd.concat(a, b, dim=0)"),
    grad2("nd.linalg.gemm2(a, b, transpose_b=True)", b="[[1.0, 0.0, 2.0]]"),
    grad2("nd.maximum(a, b)", a="[1.0, 2.0, 3.0]", b="[1.0, 1.0, 4.0]"),
    grad2("a * a * b", a="[1.0, 2.0]", b="[3.0, 4.0]"),
]

# ----- 1.12 autograd: API semantics ---------------------------------------------------------
REC = "x = nd.array([1.0, 2.0]); x.attach_grad()\n"
CASES += [
    # d2l ch2
    "x = nd.arange(4).reshape((4, 1)); x.attach_grad()\n"
    "with autograd.record():\n    y = 2 * nd.dot(x.T, x)\ny",
    "x = nd.arange(4).reshape((4, 1)); x.attach_grad()\n"
    "with autograd.record():\n    y = 2 * nd.dot(x.T, x)\ny.backward()\nx.grad",
    "x = nd.arange(4).reshape((4, 1)); x.attach_grad()\n"
    "with autograd.record():\n    y = 2 * nd.dot(x.T, x)\ny.backward()\n"
    "(x.grad - 4 * x).norm().asscalar() == 0",
    "x = nd.arange(4).reshape((4, 1)); x.attach_grad()",
    "x = nd.arange(4).reshape((4, 1)); x.attach_grad()\n"
    "with autograd.record():\n    y = 2 * nd.dot(x.T, x)\ny.backward()",
    # head gradients
    "x = nd.array([1.0, 2.0, 3.0]); x.attach_grad()\nwith autograd.record():\n    y = x * x\n"
    "y.backward(out_grad=nd.array([1.0, 0.1, 0.01]))\nx.grad",
    "x = nd.array([1.0, 2.0, 3.0]); x.attach_grad()\nwith autograd.record():\n    y = x * x\n"
    "y.backward(nd.array([1.0, 0.1, 0.01]))\nx.grad",
    "x = nd.array([[1.0, 2.0], [3.0, 4.0]]); x.attach_grad()\nwith autograd.record():\n"
    "    z = 2 * x * x\nz.backward(nd.array([[10.0, 1.0], [0.1, 0.01]]))\nx.grad",
    REC + "with autograd.record():\n    y1 = 2 * x\n    y2 = 3 * x\n"
    "autograd.backward([y1, y2], [nd.ones((2,)), 10 * nd.ones((2,))])\nx.grad",
    REC + "with autograd.record():\n    y1 = 2 * x\n    y2 = 3 * x\n"
    "autograd.backward([y1, y2])\nx.grad",
    REC + "with autograd.record():\n    y1 = 2 * x\n    y2 = 3 * x\n"
    "autograd.backward([y1, y2], [None, 10 * nd.ones((2,))])\nx.grad",
    "a = nd.array([1.0, 2.0]); b = nd.array([3.0, 4.0]); a.attach_grad(); b.attach_grad()\n"
    "with autograd.record():\n    y = a * b\n"
    "autograd.grad(y, [a, b], head_grads=nd.array([1.0, 10.0]))",
    "a = nd.array([1.0, 2.0]); b = nd.array([3.0, 4.0]); a.attach_grad(); b.attach_grad()\n"
    "with autograd.record():\n    y = a * b\n"
    "g = autograd.grad(y, [a, b], head_grads=nd.array([1.0, 10.0]))\n(a.grad, b.grad)",
    "a = nd.array([1.0, 2.0]); a.attach_grad()\nwith autograd.record():\n    y = (a * a).sum()\n"
    "autograd.grad(y, [a])",
    "a = nd.array([1.0, 2.0]); a.attach_grad()\nwith autograd.record():\n    y = (a * a).sum()\n"
    "autograd.grad(y, a)",
    "a = nd.array([1.0, 2.0]); b = nd.array([3.0, 4.0]); a.attach_grad(); b.attach_grad()\n"
    "with autograd.record():\n    y = a * 2\nautograd.grad(y, [a, b])",
    "a = nd.array([1.0, 2.0]); a.attach_grad()\ny = a * 2\nautograd.grad(y, [a])",
    "x = nd.array([0.5]); x.attach_grad()\nwith autograd.record():\n    y = nd.sin(x)\n"
    "    g = autograd.grad(y, [x], create_graph=True, retain_graph=True)[0]\n"
    "g.backward()\nx.grad",
    "x = nd.array([0.5]); x.attach_grad()\nwith autograd.record():\n    y = nd.sin(x)\n"
    "    g = autograd.grad(y, [x], create_graph=True, retain_graph=True)[0]\ng",
    # grad_req
    "x = nd.array([1.0, 2.0]); x.attach_grad()\nfor i in range(2):\n"
    "    with autograd.record():\n        y = (3 * x).sum()\n    y.backward()\nx.grad",
    "x = nd.array([1.0, 2.0]); x.attach_grad(grad_req='add')\nfor i in range(2):\n"
    "    with autograd.record():\n        y = (3 * x).sum()\n    y.backward()\nx.grad",
    "x = nd.array([1.0, 2.0]); x.attach_grad(grad_req='add')\nfor i in range(3):\n"
    "    with autograd.record():\n        y = (3 * x).sum()\n    y.backward()\nx.grad",
    "x = nd.array([1.0, 2.0]); x.attach_grad(grad_req='add')\nfor i in range(2):\n"
    "    with autograd.record():\n        y = (3 * x).sum()\n    y.backward()\nx.grad[:] = 0\n"
    "x.grad",
    "x = nd.array([1.0, 2.0]); x.attach_grad('null')\nx.grad",
    "x = nd.array([1.0, 2.0]); x.attach_grad('null')\nwith autograd.record():\n"
    "    y = (x * x).sum()\ny.backward()\nx.grad",
    "x = nd.array([1.0, 2.0]); x.attach_grad(grad_req='add')\nwith autograd.record():\n"
    "    y = (x * x).sum()\ny.backward(retain_graph=True)\ny.backward()\nx.grad",
    REC + "with autograd.record():\n    y = (x * x).sum()\n"
    "y.backward(retain_graph=True)\ny.backward()\nx.grad",
    REC + "with autograd.record():\n    y = (x * x).sum()\ny.backward()\ny.backward()\nx.grad",
    REC + "y = (x * x).sum()\ny.backward()\nx.grad",
    "x = nd.array([1.0, 2.0])\nwith autograd.record():\n    y = (x * x).sum()\ny.backward()",
    REC + "with autograd.record():\n    with autograd.pause():\n        y = (x * x).sum()\n"
    "y.backward()",
    REC + "with autograd.record():\n    y = (x * x).sum()\n    y.backward()\nx.grad",
    REC + "with autograd.record():\n    y = (x * x).sum()\ny.backward()\nx.attach_grad()\nx.grad",
    REC + "with autograd.record():\n    y = x * 2\n    y.attach_grad()\n    z = (y * y).sum()\n"
    "z.backward()\n(x.grad, y.grad)",
    "x = nd.array([1.0, 2.0])\nwith autograd.record():\n    x.attach_grad()\n"
    "    y = (x * x).sum()\ny.backward()\nx.grad",
    REC + "with autograd.record():\n    y = (x * x).sum()\n    with autograd.pause():\n"
    "        w2 = x * 10\ny.backward()\nx.grad",
    REC + "with autograd.record():\n    h = x * x\n    h1 = h.sum()\n    h2 = (h * 2).sum()\n"
    "h1.backward()\nh2.backward()\nx.grad",
    REC + "with autograd.record():\n    h = x * x\n    h1 = h.sum()\n    h2 = (h * 2).sum()\n"
    "autograd.backward([h1, h2])\nx.grad",
    # stale gradients
    "x = nd.array([1.0, 2.0]); z = nd.array([5.0]); x.attach_grad(); z.attach_grad()\n"
    "with autograd.record():\n    y = (3 * x * x).sum()\ny.backward()\n"
    "with autograd.record():\n    y = (z * 2).sum()\ny.backward()\nx.grad",
    # in-place writes inside record
    REC + "with autograd.record():\n    y = x * 2\n    y += 1\ny",
    REC + "with autograd.record():\n    y = x * 2\n    y[:] = 5\ny",
    REC + "with autograd.record():\n    x[0] = 10\nx",
    REC + "with autograd.record():\n    x += 1\nx",
    # sgd pattern after backward
    "w = nd.array([1.0, 2.0]); w.attach_grad()\nwith autograd.record():\n    l = (w * w).sum()\n"
    "l.backward()\nw[:] = w - 0.1 * w.grad\n(w, w.grad)",
    "w = nd.array([1.0, 2.0]); w.attach_grad()\nwith autograd.record():\n    l = (w * w).sum()\n"
    "l.backward()\nw -= 0.1 * w.grad\nwith autograd.record():\n    l = (w * w).sum()\n"
    "l.backward()\n(w, w.grad)",
    "w = nd.array([1.0, 2.0]); w.attach_grad()\nwith autograd.record():\n    l = (w * w).sum()\n"
    "l.backward()\nw = w - 0.1 * w.grad\nw.grad",
    "w = nd.ones((2, 1)); w.attach_grad(); X = nd.arange(20).reshape((10, 2))\n"
    "with autograd.record():\n    l = (nd.dot(X, w) - 1) ** 2 / 2\nl.backward()\nw.grad",
    "w = nd.array([1.0, 2.0]); w.attach_grad()\nwith autograd.record():\n"
    "    l = (w * w).mean()\nl.backward()\nw.grad",
    "w = nd.array([1.0, 2.0]); w.attach_grad()\nw.grad.shape, w.grad.dtype, w.grad.context",
    "x = nd.array([3.0], dtype='float64'); x.attach_grad()\nwith autograd.record():\n"
    "    y = x * x\ny.backward()\nx.grad",
    "x = nd.array([3.0]); x.attach_grad()\nwith autograd.record():\n"
    "    y = nd.Dropout(x, p=0.5)\ny.backward(train_mode=False)\n"
    "((x.grad == 0) + (x.grad == 2)).sum()",
    # control flow (seed example, deterministic input)
    "def f(a):\n    b = a * 2\n    while b.norm().asscalar() < 1000:\n        b = b * 2\n"
    "    if b.sum().asscalar() > 0:\n        c = b\n    else:\n        c = 100 * b\n    return c\n"
    "a = nd.array([-0.6776515]); a.attach_grad()\nwith autograd.record():\n    c = f(a)\n"
    "c.backward()\n(c, a.grad, a.grad == c / a)",
    "def f(a):\n    b = a * 2\n    while b.norm().asscalar() < 1000:\n        b = b * 2\n"
    "    if b.sum().asscalar() > 0:\n        c = b\n    else:\n        c = 100 * b\n    return c\n"
    "a = nd.array([0.5, -1.0, 0.25]); a.attach_grad()\nwith autograd.record():\n    c = f(a)\n"
    "c.backward()\n(a.grad, a.grad == c / a)",
    # modes
    "(autograd.is_training(), autograd.is_recording())",
    "with autograd.record():\n    r = (autograd.is_training(), autograd.is_recording())\nr",
    "with autograd.record(train_mode=False):\n"
    "    r = (autograd.is_training(), autograd.is_recording())\nr",
    "with autograd.record():\n    with autograd.pause():\n"
    "        r = (autograd.is_training(), autograd.is_recording())\nr",
    "with autograd.record():\n    with autograd.pause(train_mode=True):\n"
    "        r = (autograd.is_training(), autograd.is_recording())\nr",
    "with autograd.record():\n    with autograd.predict_mode():\n"
    "        r = (autograd.is_training(), autograd.is_recording())\nr",
    "with autograd.train_mode():\n    r = (autograd.is_training(), autograd.is_recording())\nr",
    "with autograd.predict_mode():\n    r = (autograd.is_training(), autograd.is_recording())\nr",
    "with autograd.record():\n    pass\n(autograd.is_training(), autograd.is_recording())",
    "prev = autograd.set_training(True)\nnow = autograd.is_training()\n"
    "autograd.set_training(prev)\n(prev, now)",
    "prev = autograd.set_recording(True)\nnow = autograd.is_recording()\n"
    "autograd.set_recording(prev)\n(prev, now)",
]

# ----- 2.2 printing -------------------------------------------------------------------------
CASES += [
    "nd.array(5)",
    "nd.array(5).shape",
    "nd.array(2.5, dtype='float64')",
    "nd.array([])",
    "nd.array([]).shape",
    "nd.arange(1000)",
    "nd.arange(1001)",
    "nd.arange(10000).reshape((100, 100))",
    "nd.arange(12)",
    "nd.zeros((2, 3, 4))",
    "nd.zeros((1, 2, 3, 4))",
    "nd.array([[1.5]])",
    "nd.array([1e-8, 1.0, 1e8])",
    "nd.array([float('nan'), float('inf'), -float('inf'), 1.0])",
    "nd.array([-0.0, 1.5])",
    "nd.array([1.0, 2.0, 3.0]) / 3",
    "nd.array([123456.789, 0.001])",
    "nd.array([1e-5, 1.0])",
    "nd.array([1e16, 1.0])",
    "nd.array([0.1, 0.25, -3.0])",
    "nd.array([[1.0, -2.5], [100.0, 0.001]])",
    "nd.array([1, -2, 300], dtype='int32')",
    "nd.array([0, 2]).astype('bool')",
    "nd.ones((2, 3), dtype='float16') / 3",
    "nd.array([1.0 / 3, 2.0 / 3], dtype='float64')",
    "(nd.zeros((3, 1)), nd.ones((1, 2)))",
    "[nd.ones((3,))]",
    "A = nd.arange(3).reshape((3, 1)); B = nd.arange(2).reshape((1, 2)); (A, B)",
    "str(nd.array([1.0, 2.0]))",
    "'%s' % nd.array([1.0, 2.0])",
    "str(nd.array([1.0, 2.0])) == repr(nd.array([1.0, 2.0]))",
    "nd.arange(12).reshape((3, 4)).sum()",
    "nd.arange(12).reshape((3, 4)).norm().asscalar()",
    "nd.array([6.000587])",
]

# ----- section 7: departures (recorded here; the test asserts ndsh's own behaviour) -------
CASES += [
    X34 + "x[x > 5].shape",
    X34 + "x[x > 5] = 0; x",
    "x = nd.array([1.0, 2.0, 3.0]); x.attach_grad()\nwith autograd.record():\n    y = x * x\n"
    "y.backward(nd.ones((2,)))\nx.grad.shape",
    "x = nd.array([1.0, 2.0]); x.attach_grad()\nwith autograd.record():\n    y = x * 3\n"
    "    z = (y * y).sum()\ny[:] = 0\nz.backward()\nx.grad",
    "x = nd.array([1.0, 2.0]); x.attach_grad()\nwith autograd.record():\n    y = x * x\n"
    "x[:] = 100\ny.backward()\nx.grad",
    "nd.array(5) + 1",
    "nd.array(5) * nd.array(2)",
    "nd.array(5).sum()",
    "nd.exp(nd.array(0.0))",
    "float(nd.array([3.0]))",
    "'%f' % nd.array([1.5])",
    "x = nd.array([0.5]); x.attach_grad()\nwith autograd.record():\n    y = x ** 3\n"
    "    g = autograd.grad(y, [x], create_graph=True, retain_graph=True)[0]\n"
    "g.backward()\nx.grad",
    "x = nd.array([0.5]); x.attach_grad()\nwith autograd.record():\n    y = x * x * x\n"
    "    g = autograd.grad(y, [x], create_graph=True, retain_graph=True)[0]\n"
    "g.backward()\nx.grad",
]

# ----- P2 ops: layout, sequence and attention helpers (appended: case numbers stay) ---------
G4 = "nd.arange(16).reshape((1, 4, 2, 2))"
P9 = "nd.arange(9).reshape((1, 1, 3, 3))"
SEQ = "nd.arange(6).reshape((2, 3))"
CASES += [
    "nd.concatenate([nd.ones((2, 2)), nd.zeros((1, 2))])",
    "nd.concatenate([nd.ones((2, 2)), nd.zeros((2, 1))], axis=1)",
    "nd.concatenate([nd.ones((2,))])",
    "nd.concatenate([nd.ones(2), nd.ones(2, dtype='float64')])",
    "nd.split_v2(nd.arange(6), 3)",
    "nd.split_v2(nd.arange(6), (1, 4))",
    "nd.split_v2(nd.arange(6), [1, 4])",
    "nd.split_v2(nd.arange(6).reshape((3, 2)), 3, squeeze_axis=True)",
    "nd.split_v2(nd.arange(24).reshape((2, 3, 4)), 2, axis=2)",
    "nd.split_v2(nd.arange(5), 2)",
    "[a.shape for a in nd.split_v2(nd.arange(6), (2, 2, 5))]",
    "nd.split_v2(nd.arange(6), 1)",
    "x = nd.arange(4); x.attach_grad()\nwith autograd.record():\n"
    "    y = nd.split_v2(x, 2)[1] * 3\ny.backward()\nx.grad",
    "nd.moveaxis(nd.arange(24).reshape((2, 3, 4)), 0, 2)",
    "nd.moveaxis(nd.arange(24).reshape((2, 3, 4)), -1, 0).shape",
    "nd.moveaxis(nd.arange(24).reshape((2, 3, 4)), (0, 1), (2, 0)).shape",
    "nd.moveaxis(nd.zeros((2, 3)), 0, 5)",
    "nd.moveaxis(nd.zeros((2, 3)), (0, 1), (0,))",
    grad1("nd.moveaxis(x, 0, 1) * nd.arange(6).reshape((3, 2))", x=SEQ.replace("nd.arange(6)"
          ".reshape((2, 3))", "[[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]")),
    "nd.histogram(nd.array([0, 1, 1, 2, 3, 4.5]), bins=3)",
    "nd.histogram(nd.array([0, 1, 1, 2, 3, 4.5]), bins=2, range=(0, 4))",
    "nd.histogram(nd.array([-1, 0, 4, 5]), bins=2, range=(0, 4))",
    "nd.histogram(nd.array([0, 1, 1, 2, 3, 4.5]), bins=nd.array([0, 1, 3, 5]))",
    "nd.shape_array(nd.zeros((2, 3, 4)))",
    "nd.size_array(nd.zeros((2, 3, 4)))",
    f"nd.pad({P9.replace('3, 3', '2, 2').replace('arange(9)', 'arange(4)')}, mode='constant', "
    "pad_width=(0, 0, 0, 0, 1, 1, 1, 1), constant_value=9)",
    "nd.pad(nd.arange(4).reshape((1, 1, 2, 2)), mode='edge', pad_width=(0, 0, 0, 0, 1, 1, 1, 2))",
    f"nd.pad({P9}, mode='reflect', pad_width=(0, 0, 0, 0, 1, 1, 2, 1))",
    "nd.pad(nd.arange(2).reshape((1, 1, 1, 1, 2)), mode='edge', "
    "pad_width=(0, 0, 0, 0, 1, 0, 0, 0, 0, 1))",
    "nd.pad(nd.arange(4).reshape((2, 2)), mode='constant', pad_width=(1, 1, 1, 1))",
    "nd.pad(nd.arange(4).reshape((1, 1, 2, 2)), mode='constant', "
    "pad_width=(1, 0, 0, 0, 1, 1, 1, 1))",
    "nd.pad(nd.arange(4).reshape((1, 1, 2, 2)), mode='constant', pad_width=(0, 0, 1, 1))",
    "nd.pad(nd.arange(4).reshape((1, 1, 2, 2)), mode='reflect', "
    "pad_width=(0, 0, 0, 0, 2, 2, 0, 0))",
    "x = nd.arange(4).reshape((1, 1, 2, 2)); x.attach_grad()\nwith autograd.record():\n"
    "    y = nd.pad(x, mode='edge', pad_width=(0, 0, 0, 0, 1, 1, 1, 2)) * "
    "nd.arange(20).reshape((1, 1, 4, 5))\ny.backward()\nx.grad",
    f"x = {P9}; x.attach_grad()\nwith autograd.record():\n"
    "    y = nd.pad(x, mode='reflect', pad_width=(0, 0, 0, 0, 1, 1, 2, 1)) * "
    "nd.arange(30).reshape((1, 1, 5, 6))\ny.backward()\nx.grad",
    "x = nd.arange(4).reshape((1, 1, 2, 2)); x.attach_grad()\nwith autograd.record():\n"
    "    y = nd.pad(x, mode='constant', pad_width=(0, 0, 0, 0, 1, 1, 1, 1), constant_value=9)"
    " * nd.arange(16).reshape((1, 1, 4, 4))\ny.backward()\nx.grad",
    f"nd.depth_to_space({G4}, 2)",
    "nd.space_to_depth(nd.arange(16).reshape((1, 1, 4, 4)), 2)",
    "nd.depth_to_space(nd.arange(12).reshape((1, 3, 2, 2)), 2)",
    f"x = {G4}; x.attach_grad()\nwith autograd.record():\n"
    "    y = nd.depth_to_space(x, 2) * nd.arange(16).reshape((1, 1, 4, 4))\ny.backward()\n"
    "x.grad",
    "nd.batch_take(nd.arange(6).reshape((3, 2)), nd.array([0, 1, 1], dtype='int32'))",
    "nd.batch_take(nd.arange(6).reshape((3, 2)), nd.array([0, 5, -1], dtype='int32'))",
    "nd.Embedding(nd.array([[0, 2], [1, 1]]), nd.arange(6).reshape((3, 2)), input_dim=3, "
    "output_dim=2)",
    "nd.Embedding(nd.array([5, -1]), nd.arange(6).reshape((3, 2)), input_dim=3, output_dim=2)",
    "nd.Embedding(nd.array([0]), nd.ones((2, 2), dtype='float64'), input_dim=2, output_dim=2)",
    "nd.Embedding(nd.array([0]), nd.ones((2, 2)), input_dim=3, output_dim=2)",
    "w = nd.arange(6).reshape((3, 2)); w.attach_grad()\nwith autograd.record():\n"
    "    y = nd.Embedding(nd.array([[0, 2], [1, 1]]), w, input_dim=3, output_dim=2) * "
    "nd.array([[[1, 2], [3, 4]], [[5, 6], [7, 8]]])\ny.backward()\nw.grad",
    "nd.SequenceMask(nd.arange(12).reshape((3, 2, 2)), nd.array([1, 3]), "
    "use_sequence_length=True)",
    f"nd.SequenceMask({SEQ}, nd.array([1, 2]), use_sequence_length=True, axis=1, value=-1)",
    f"nd.SequenceMask({SEQ})",
    "nd.SequenceMask(nd.arange(6).reshape((3, 2)), nd.array([5, 0]), use_sequence_length=True)",
    "nd.SequenceMask(nd.arange(6).reshape((3, 2)), nd.array([1.7, 0.2]), "
    "use_sequence_length=True)",
    f"x = {SEQ}; x.attach_grad()\nwith autograd.record():\n"
    "    y = nd.SequenceMask(x, nd.array([1, 2]), use_sequence_length=True, axis=1, value=-1)"
    " * 2\ny.backward()\nx.grad",
    "nd.LayerNorm(nd.array([[1, 2, 3], [2, 4, 8.]]), nd.ones(3), nd.zeros(3))",
    "nd.LayerNorm(nd.array([[1, 2, 3], [2, 4, 8.]]), nd.array([1, 2.]), nd.array([0, 1.]), "
    "axis=0, eps=0.1)",
    "nd.LayerNorm(nd.array([[1, 2, 3], [2, 4, 8.]]), nd.ones(3), nd.zeros(3), "
    "output_mean_var=True)",
    "a = nd.array([[1, 2, 3], [2, 4, 8.]]); g = nd.array([1, 2, 3.]); b = nd.array([0, 1, 0.])"
    "\nfor v in (a, g, b):\n    v.attach_grad()\nwith autograd.record():\n"
    "    y = nd.LayerNorm(a, g, b) * nd.array([[1, 2, 3], [4, 5, 6.]])\ny.backward()\n"
    "(a.grad, g.grad, b.grad)",
    "nd.contrib.arange_like(nd.zeros((2, 3)))",
    "nd.contrib.arange_like(nd.zeros((2, 3)), start=1, step=2, axis=1)",
    "nd.contrib.arange_like(nd.zeros((2, 3)), repeat=2)",
    "nd.contrib.arange_like(nd.zeros((2, 3), dtype='int32'))",
    "nd.khatri_rao(nd.array([[1, 2], [3, 4]]), nd.array([[1, 0], [0, 1], [1, 1]]))",
    # found by a differential run against MXNet (random arguments)
    "nd.split_v2(nd.arange(2), 2, squeeze_axis=True)",
    "nd.split(nd.arange(2), 2, axis=0, squeeze_axis=True)",
    "nd.split_v2(nd.arange(4), (3, 1))",
    "nd.split_v2(nd.arange(4), (6,))",
    "[a.shape for a in nd.split_v2(nd.arange(4), (0, 4))]",
    "nd.pad(nd.ones((1, 1, 2, 2), dtype='int32'), mode='constant', "
    "pad_width=(0, 0, 0, 0, 1, 1, 1, 1))",
    "nd.histogram(nd.array([0, 1, 2, 3], dtype='int32'), bins=2, range=(0, 3))",
    "nd.histogram(nd.array([0, 1, 2, 3]), bins=nd.array([1]))",
    "nd.SequenceMask(nd.ones((2, 2)), nd.array([1, 2]), use_sequence_length=False)",
    "nd.SequenceMask(nd.ones((3,)))",
    "nd.LayerNorm(nd.ones((2, 3), dtype='int32'), nd.ones((3,), dtype='int32'), "
    "nd.zeros((3,), dtype='int32'))",
    "x = nd.array([[1, 2, 4]]); x.attach_grad()\nwith autograd.record():\n"
    "    out, mean, std = nd.LayerNorm(x, nd.ones((3,)), nd.zeros((3,)), output_mean_var=True)"
    "\nautograd.backward([mean, std])\nx.grad",
    "nd.batch_take(nd.array([[1, 2, 3], [4, 5, 6]]), nd.array([[0], [2]], dtype='int32'))",
    "nd.contrib.arange_like(nd.zeros((4,), dtype='int32'), start=2.7, step=0.5)",
    "nd.contrib.arange_like(nd.zeros((4,), dtype='int32'), start=-2.5, step=-1.5)",
    # a differential run over the shape, index, creation and linalg ops
    "nd.linalg.maketrian(nd.array([1, 2, 3, 4, 5, 6]), lower=False)",
    "nd.linalg.extracttrian(nd.arange(9).reshape((3, 3)), lower=False)",
    "nd.linalg.extracttrian(nd.arange(16).reshape((4, 4)), offset=-2, lower=False)",
    "nd.linalg.extracttrian(nd.arange(9).reshape((3, 3)), offset=1, lower=True)",
    "nd.linalg.maketrian(nd.array([1, 2, 3]), offset=1, lower=True)",
    "a = nd.array([[[4, 0], [0, 3]], [[2, 0], [0, 5]]]); a.attach_grad()\n"
    "with autograd.record():\n    y = nd.linalg.sumlogdiag(a)\ny.backward(nd.array([1, -1]))\n"
    "a.grad",
    "nd.linalg.gemm2(nd.ones((3, 2, 4)), nd.ones((4, 2, 5)), axis=0)",
    "nd.linalg.gemm2(nd.ones((2, 3, 4)), nd.ones((2, 4, 5)), axis=-3)",
    "a = nd.arange(8).reshape((2, 2, 2)); b = nd.arange(8).reshape((2, 2, 2)) * -1 + 3\n"
    "a.attach_grad(); b.attach_grad()\nwith autograd.record():\n"
    "    y = nd.linalg.gemm2(a, b, axis=0, transpose_a=True, alpha=2) * "
    "nd.arange(8).reshape((2, 2, 2))\ny.backward()\n(a.grad, b.grad)",
    "nd.linalg.gemm(nd.ones((3, 2, 4)), nd.ones((4, 2, 5)), nd.ones((3, 2, 5)), axis=0)",
    "nd.arange(2.5, 4.0, 0.3, dtype='int32')",
    "nd.arange(4, -4, -0.5, dtype='int64')",
    "nd.arange(-1.8, 0.5, 0.3)",
    "nd.arange(0, 3, 0.5, repeat=2, dtype='int64')",
    "nd.one_hot(nd.array([0, 2]), 3, on_value=-1, dtype='uint8')",
    "x = nd.zeros((3,), dtype='uint8'); x[:] = -1; x[0] = 300; x",
    "x = nd.zeros((3,), dtype='uint8'); x[1:] = -1.5; x",
    "nd.broadcast_like(nd.ones((1, 3)), nd.ones((4, 5)), lhs_axes=(0,), rhs_axes=(0,))",
    "nd.broadcast_like(nd.ones((1, 3, 1)), nd.ones((4, 5, 6)), lhs_axes=(0, 2), "
    "rhs_axes=(1, 0)).shape",
    "nd.diag(nd.arange(18).reshape((2, 3, 3)), k=1, axis1=1, axis2=2)",
    "nd.diag(nd.arange(18).reshape((2, 3, 3)), k=0, axis1=0, axis2=2)",
    "x = nd.arange(18).reshape((2, 3, 3)); x.attach_grad()\nwith autograd.record():\n"
    "    y = nd.diag(x, k=-1, axis1=2, axis2=0) * nd.arange(6).reshape((3, 2))\n"
    "y.backward()\nx.grad",
    "nd.ones((1, 2)).broadcast_to((3, 1, 2)).shape",
    "nd.ones((1, 2)).broadcast_to((3, 5, 2))",
    "nd.arange(3).transpose(0)",
    # a differential run over arithmetic, unary math, reductions, sorting and softmax
    "nd.broadcast_hypot(nd.array([3, 5], dtype='int32'), nd.array([4, 13], dtype='int32'))",
    "nd.array([1, 2, 3], dtype='int32') ** -1",
    "2 ** nd.array([-1, 2, 3], dtype='int32')",
    "nd.power(nd.array([1, 2, 3], dtype='int32'), nd.array([-1, 2, -3], dtype='int32'))",
    "0 % nd.array([-1.5, 2])",
    "nd.array([3., -5, 0]) % 0",
    "nd.gamma(nd.array([-1.5, 0, -2, 200]))",
    "nd.gammaln(nd.array([-1.5, 0, -2, 1e30]))",
    "nd.erfinv(nd.array([1., -1.]))",
    "nd.sign(nd.array([float('nan'), -0., 2]))",
    "nd.round(nd.array([-0., -2.5, 2.5]))",
    "nd.tanh(nd.array([-5, 6, 3], dtype='int8'))",
    "nd.expm1(nd.array([-9, -12], dtype='int8'))",
    "nd.sum(nd.arange(4).reshape((2, 2)), exclude=True)",
    "nd.max(nd.arange(4).reshape((2, 2)), axis=(), exclude=True)",
    "x = nd.array([1.5, 2]); x.attach_grad()\nwith autograd.record():\n"
    "    y = nd.nanprod(x)\ny.backward()\nx.grad",
    "nd.topk(nd.array([[3, 1, 2], [0, 5, 4]]), k=0)",
    "nd.topk(nd.array([[3, 1, 2], [0, 5, 4]]), k=-1, ret_typ='mask')",
    "nd.softmax(nd.array([1, 2, 3]), dtype='float64')",
    "nd.array([1, 2, 3]).softmin()",
    "nd.array([65504, 300], dtype='float16')",
    "nd.array([5728, 57.28], dtype='float16')",
    # gradients of the decompositions (MXNet has them), and syevd's eigenvector signs
    "nd.linalg.syevd(nd.array([[4.0, 1.0, 0.5], [1.0, 3.0, 0.2], [0.5, 0.2, 1.0]]))",
    "nd.linalg.syevd(nd.array([[[1., 2.], [2., 4.]], [[1., 2.], [2., 5.]]]))",
    "a = nd.array([[4.0, 1.0, 0.5], [1.0, 3.0, 0.2], [0.5, 0.2, 1.0]], dtype='float64')\n"
    "a.attach_grad()\nwith autograd.record():\n    U, lam = nd.linalg.syevd(a)\n"
    "    y = (U * nd.array([[1, 2, 3], [-1, 0.5, 2], [0, 1, -2]], dtype='float64')).sum() + "
    "(lam * nd.array([0.5, -1, 2], dtype='float64')).sum()\ny.backward()\na.grad",
    "a = nd.array([[1.0, 2.0, 0.5, -1.0], [0.0, 1.5, 2.0, 1.0]], dtype='float64')\n"
    "a.attach_grad()\nwith autograd.record():\n    Q, L = nd.linalg.gelqf(a)\n"
    "    y = (Q * nd.array([[1, 2, 3, 4], [-1, 0.5, 2, 0]], dtype='float64')).sum() + "
    "(L * nd.array([[0.5, 0], [1, 2]], dtype='float64')).sum()\ny.backward()\na.grad",
]


# ----- optimizer update ops: the weight through out=, the states updated in place -----------
# a case runs an op (often for 3 steps, one gradient each) and records the weight and its states
W0 = "w = nd.array([[1.0, -2.0, 0.5], [0.25, 3.0, -0.75]]{dt}); "
G3 = ("gs = [nd.array([[0.5, 1.0, -3.0], [-1.0, 0.2, 2.0]]{dt}), "
      "nd.array([[-1.0, 0.2, 2.0], [0.3, -0.4, 0.1]]{dt}), "
      "nd.array([[0.3, -0.4, 0.1], [2.5, -1.5, 0.05]]{dt})]\n")
Z = "nd.zeros((2, 3){dt})"


def opt_steps(call, states="", result="w", dtype="", w32=False):
    """A snippet: `states = zeros...`, then 3 steps of `call` (g is the step's gradient,
    t its count from 1); the last expression is `result`."""
    dt = f", dtype='{dtype}'" if dtype else ""
    head = W0.format(dt=dt) + G3.format(dt=dt)
    if w32:
        head += "w32 = w.astype('float32')\n"
    for name in states.split():
        head += f"{name} = {Z.format(dt='' if w32 else dt)}\n"
    return f"{head}for t, g in enumerate(gs, 1):\n    {call}\n{result}"


ONE = "w = nd.array([1.0, -2.0, 0.5]); g = nd.array([0.5, 1.0, -3.0]); "
CASES += [
    # SGD: clip before wd; clip_gradient=0 zeroes the gradient; no out= leaves w as it was
    opt_steps("nd.sgd_update(w, g, lr=0.1, out=w)"),
    opt_steps("nd.sgd_update(w, g, 0.1, 0.1, 0.5, 0.4, out=w)"),
    opt_steps("nd.sgd_update(w, g, lr=0.1, wd=0.05, clip_gradient=0, lazy_update=False, out=w)"),
    ONE + "r = nd.sgd_update(w, g, lr=0.1, wd=0.1)\n(r, w)",
    ONE + "r = nd.sgd_update(w, g, lr=0.1, out=w)\n(r is w, w)",
    ONE + "o = nd.zeros(3); r = nd.sgd_update(weight=w, grad=g, lr='0.5', out=o)\n(r is o, o, w)",
    opt_steps("nd.sgd_update(w, g, lr=0.1, wd=0.1, rescale_grad=0.5, out=w)", dtype="float16"),
    opt_steps("nd.sgd_update(w, g, lr=0.1, wd=0.1, clip_gradient=0.4, out=w)", dtype="float64"),
    opt_steps("nd.sgd_mom_update(w, g, m, lr=0.1, momentum=0.9, out=w)", "m", "(w, m)"),
    opt_steps("nd.sgd_mom_update(w, g, m, lr=0.1, momentum=0.9, wd=0.1, rescale_grad=0.5, "
              "clip_gradient=0.4, out=w)", "m", "(w, m)"),
    opt_steps("nd.sgd_mom_update(w, g, m, 0.1, 0.9, out=w)", "m", "(w, m)", dtype="float64"),
    ONE + "m = nd.ones(3)\nr = nd.sgd_mom_update(w, g, m, lr=0.1, momentum=0.5, wd=0.2)\n"
          "(r, w, m)",
    opt_steps("nd.mp_sgd_update(w, g, w32, lr=0.1, wd=0.1, clip_gradient=0.4, out=w)",
              result="(w, w32)", dtype="float16", w32=True),
    opt_steps("nd.mp_sgd_update(w, g, w32, lr=0.1, rescale_grad=0.5, out=w)",
              result="(w, w32)", w32=True),
    "w = nd.array([1.0, -2.0, 0.5], dtype='float16'); w32 = w.astype('float32')\n"
    "r = nd.mp_sgd_update(w, nd.array([0.5, 1, -3], dtype='float16'), w32, lr=0.01)\n(r, w, w32)",
    opt_steps("nd.mp_sgd_mom_update(w, g, m, w32, lr=0.1, momentum=0.9, wd=0.1, out=w)", "m",
              "(w, m, w32)", dtype="float16", w32=True),
    # Nesterov: with wd > 0 and out=w the state is taken from the new weight, else the old
    opt_steps("nd.nag_mom_update(w, g, m, lr=0.1, momentum=0.9, out=w)", "m", "(w, m)"),
    opt_steps("nd.nag_mom_update(w, g, m, lr=0.1, momentum=0.9, wd=0.1, out=w)", "m", "(w, m)"),
    opt_steps("nd.nag_mom_update(w, g, m, lr=0.1, momentum=0.9, wd=0.1, rescale_grad=2, "
              "clip_gradient=1.5, out=w)", "m", "(w, m)"),
    "w = nd.array([1.0]); m = nd.array([1.0])\n"
    "nd.nag_mom_update(w, nd.array([0.0]), m, lr=0.1, momentum=0.9, wd=0.1, out=w)\n(w, m)",
    "w = nd.array([1.0]); m = nd.array([1.0])\n"
    "r = nd.nag_mom_update(w, nd.array([0.0]), m, lr=0.1, momentum=0.9, wd=0.1)\n(r, w, m)",
    opt_steps("nd.mp_nag_mom_update(w, g, m, w32, lr=0.1, momentum=0.9, wd=0.1, out=w)", "m",
              "(w, m, w32)", dtype="float16", w32=True),
    "w = nd.array([1.0], dtype='float16'); m = nd.array([1.0]); w32 = nd.array([1.0])\n"
    "r = nd.mp_nag_mom_update(w, nd.array([0.0], dtype='float16'), m, w32, lr=0.1, "
    "momentum=0.9, wd=0.1)\n(r, w, m, w32)",
    # the sign updates: signsgd ignores rescale_grad and clip_gradient
    opt_steps("nd.signsgd_update(w, g, lr=0.1, wd=0.1, rescale_grad=-1, clip_gradient=0, "
              "out=w)"),
    ONE + "nd.signsgd_update(w, nd.array([0.0, -0.0, 2.0]), lr=0.5, out=w)",
    opt_steps("nd.signum_update(w, g, m, lr=0.1, momentum=0.9, out=w)", "m", "(w, m)"),
    opt_steps("nd.signum_update(w, g, m, lr=0.1, momentum=0.5, wd=0.1, rescale_grad=0.5, "
              "clip_gradient=0.4, wd_lh=0.05, out=w)", "m", "(w, m)"),
    # Adam (no bias correction in the op), RMSProp plain and centered
    opt_steps("nd.adam_update(w, g, mean, var, lr=0.1, out=w)", "mean var", "(w, mean, var)"),
    opt_steps("nd.adam_update(w, g, mean, var, 0.01, 0.8, 0.99, 1e-3, 0.1, 2.0, 1.5, out=w)",
              "mean var", "(w, mean, var)"),
    opt_steps("nd.adam_update(w, g, mean, var, lr=0.1, wd=0.1, out=w)", "mean var",
              "(w, mean, var)", dtype="float64"),
    ONE + "mean, var = nd.zeros(3), nd.ones(3)\nr = nd.adam_update(w, g, mean, var, lr=0.1)\n"
          "(r, w, mean, var)",
    opt_steps("nd.rmsprop_update(w, g, n, lr=0.1, out=w)", "n", "(w, n)"),
    opt_steps("nd.rmsprop_update(w, g, n, lr=0.1, gamma1=0.9, epsilon=1e-4, wd=0.1, "
              "rescale_grad=2, clip_gradient=1, clip_weights=1.2, out=w)", "n", "(w, n)"),
    opt_steps("nd.rmspropalex_update(w, g, n, s, delta, lr=0.1, out=w)", "n s delta",
              "(w, n, s, delta)"),
    opt_steps("nd.rmspropalex_update(w, g, n, s, delta, lr=0.05, gamma1=0.8, gamma2=0.5, "
              "epsilon=1e-3, wd=0.1, rescale_grad=0.5, clip_gradient=0.6, clip_weights=1.0, "
              "out=w)", "n s delta", "(w, n, s, delta)"),
    # FTRL (a zero where |z| <= lamda1, signed as MXNet prints it), FTML
    opt_steps("nd.ftrl_update(w, g, z, n, lr=0.1, out=w)", "z n", "(w, z, n)"),
    opt_steps("nd.ftrl_update(w, g, z, n, lr=0.5, lamda1=0.3, beta=0.5, wd=0.1, "
              "rescale_grad=0.5, clip_gradient=0.8, out=w)", "z n", "(w, z, n)"),
    opt_steps("nd.ftml_update(w, g, d, v, z, lr=0.1, t=t, out=w)", "d v z", "(w, d, v, z)"),
    opt_steps("nd.ftml_update(w, g, d, v, z, lr=0.05, beta1=0.5, beta2=0.9, epsilon=1e-4, t=t, "
              "wd=0.1, rescale_grad=2, clip_grad=1.5, out=w)", "d v z", "(w, d, v, z)"),
    # LAMB: phase 1 gives the direction (bias-corrected with t), phase 2 the step
    opt_steps("g1 = nd.lamb_update_phase1(w, g, mean, var, t=t, wd=0.1)", "mean var",
              "(g1, mean, var)"),
    opt_steps("g1 = nd.lamb_update_phase1(w, g, mean, var, beta1=0.8, beta2=0.9, epsilon=1e-3, "
              "t=t, bias_correction=False, wd=0.0, rescale_grad=2, clip_gradient=1.5)",
              "mean var", "(g1, mean, var)"),
    opt_steps("g1 = nd.lamb_update_phase1(w, g, mean, var, t=t, wd=0.01)\n"
              "    nd.lamb_update_phase2(w, g1, w.norm(), g1.norm(), lr=0.1, out=w)",
              "mean var", "(w, mean, var)"),
    ONE + "g1 = nd.array([1.0, -1.0, 0.5])\n"
          "(nd.lamb_update_phase2(w, g1, nd.array([5.0]), nd.array([2.0]), lr=0.1, "
          "lower_bound=1, upper_bound=3), "
          "nd.lamb_update_phase2(w, g1, nd.array([0.5]), nd.array([2.0]), lr=0.1, "
          "lower_bound=1), "
          "nd.lamb_update_phase2(w, g1, nd.array([0.0]), nd.array([2.0]), lr=0.1), "
          "nd.lamb_update_phase2(w, g1, nd.array([3.0]), nd.array([0.0]), lr=0.1), w)",
    opt_steps("g1 = nd.mp_lamb_update_phase1(w, g, mean, var, w32, t=t, wd=0.1)", "mean var",
              "(g1, mean, var)", dtype="float16", w32=True),
    # mp_lamb_update_phase2 never writes weight32 back (MXNet 1.9.1's kernel)
    opt_steps("g1 = nd.mp_lamb_update_phase1(w, g, mean, var, w32, t=t, wd=0.01)\n"
              "    nd.mp_lamb_update_phase2(w, g1, w32.norm(), g1.norm(), w32, lr=0.1, out=w)",
              "mean var", "(w, w32, mean, var)", dtype="float16", w32=True),
    # several weights in one call: out= is required, and is what is returned
    "w1, w2 = nd.array([1.0, -2.0]), nd.array([[0.5], [3.0]])\n"
    "g1, g2 = nd.array([0.5, 1.0]), nd.array([[-3.0], [0.2]])\n"
    "r = nd.multi_sgd_update(w1, g1, w2, g2, lrs=(0.1, 0.2), wds=(0.0, 0.1), num_weights=2, "
    "out=[w1, w2])\n(r, w1, w2)",
    "w1, w2 = nd.array([1.0, -2.0]), nd.array([0.5, 3.0, 1.0])\n"
    "g1, g2 = nd.array([0.5, 1.0]), nd.array([-3.0, 0.2, 4.0])\n"
    "o = (w1, w2)\nr = nd.multi_sgd_update(w1, g1, w2, g2, lrs=[0.1, 0.2], wds=[0.05, 0.1], "
    "rescale_grad=0.5, clip_gradient=1.0, num_weights=2, out=o)\n(r is o, w1, w2)",
    "w = nd.array([1.0, -2.0]); r = nd.multi_sgd_update(w, nd.array([0.5, 1.0]), lrs=0.1, "
    "wds=0.1, out=w)\n(r is w, w)",
    "w1, w2 = nd.array([1.0, -2.0]), nd.array([0.5, 3.0, 1.0])\n"
    "g1, g2 = nd.array([0.5, 1.0]), nd.array([-3.0, 0.2, 4.0])\n"
    "m1, m2 = nd.zeros(2), nd.ones(3)\nfor i in range(3):\n"
    "    nd.multi_sgd_mom_update(w1, g1, m1, w2, g2, m2, lrs=(0.1, 0.2), wds=(0.0, 0.1), "
    "momentum=0.9, clip_gradient=2.0, num_weights=2, out=[w1, w2])\n(w1, w2, m1, m2)",
    "w1, w2 = nd.array([1.0, -2.0], dtype='float16'), nd.array([0.5, 3.0, 1.0], dtype='float16')\n"
    "g1, g2 = nd.array([0.5, 1.0], dtype='float16'), nd.array([-3, 0.2, 4], dtype='float16')\n"
    "v1, v2 = w1.astype('float32'), w2.astype('float32')\nfor i in range(3):\n"
    "    nd.multi_mp_sgd_update(w1, g1, v1, w2, g2, v2, lrs=(0.1, 0.2), wds=(0.0, 0.1), "
    "rescale_grad=0.5, num_weights=2, out=[w1, w2])\n(w1, w2, v1, v2)",
    "w1, w2 = nd.array([1.0, -2.0], dtype='float16'), nd.array([0.5, 3.0, 1.0], dtype='float16')\n"
    "g1, g2 = nd.array([0.5, 1.0], dtype='float16'), nd.array([-3, 0.2, 4], dtype='float16')\n"
    "v1, v2 = w1.astype('float32'), w2.astype('float32'); m1, m2 = nd.zeros(2), nd.zeros(3)\n"
    "for i in range(3):\n"
    "    nd.multi_mp_sgd_mom_update(w1, g1, m1, v1, w2, g2, m2, v2, lrs=(0.1, 0.2), "
    "wds=(0.0, 0.1), momentum=0.9, num_weights=2, out=[w1, w2])\n(w1, w2, m1, m2, v1, v2)",
    "w1, w2 = nd.array([1.0, -2.0]), nd.array([0.5, 3.0, 1.0])\n"
    "g1, g2 = nd.array([0.5, 1.0]), nd.array([-3.0, 0.2, 4.0])\n"
    "r = nd.preloaded_multi_sgd_update(w1, g1, w2, g2, nd.array([0.1, 0.2]), "
    "nd.array([0.0, 0.1]), clip_gradient=2.0, num_weights=2, out=[w1, w2])\n(r, w1, w2)",
    "w1, w2 = nd.array([1.0, -2.0]), nd.array([0.5, 3.0, 1.0])\n"
    "g1, g2 = nd.array([0.5, 1.0]), nd.array([-3.0, 0.2, 4.0])\n"
    "m1, m2 = nd.zeros(2), nd.ones(3)\nfor i in range(2):\n"
    "    nd.preloaded_multi_sgd_mom_update(w1, g1, m1, w2, g2, m2, nd.array([0.1, 0.2]), "
    "nd.array([0.0, 0.1]), momentum=0.9, num_weights=2, out=[w1, w2])\n(w1, w2, m1, m2)",
    "w1, w2 = nd.array([1.0, -2.0], dtype='float16'), nd.array([0.5, 3.0, 1.0], dtype='float16')\n"
    "g1, g2 = nd.array([0.5, 1.0], dtype='float16'), nd.array([-3, 0.2, 4], dtype='float16')\n"
    "v1, v2 = w1.astype('float32'), w2.astype('float32')\n"
    "nd.preloaded_multi_mp_sgd_update(w1, g1, v1, w2, g2, v2, nd.array([0.1, 0.2]), "
    "nd.array([0.0, 0.1]), num_weights=2, out=[w1, w2])\n(w1, w2, v1, v2)",
    "w = nd.array([1.0, -2.0, 0.5], dtype='float16'); v = w.astype('float32'); m = nd.ones(3)\n"
    "nd.preloaded_multi_mp_sgd_mom_update(w, nd.array([0.5, 1, -3], dtype='float16'), m, v, "
    "nd.array([0.1]), nd.array([0.1]), momentum=0.9, rescale_grad=0.5, out=w)\n(w, m, v)",
    # what MXNet refuses
    ONE + "nd.sgd_update(w, nd.ones(4), lr=0.1)",
    ONE + "nd.sgd_update(w, nd.ones((3, 1)), lr=0.1)",
    ONE + "nd.sgd_mom_update(w, g, nd.zeros(3, dtype='float64'), lr=0.1)",
    ONE + "nd.adam_update(w, g, nd.zeros(3), nd.zeros(2), lr=0.1)",
    ONE + "nd.sgd_update(w, g, lr=0.1, out=nd.zeros(3, dtype='float64'))",
    ONE + "nd.sgd_update(w, g, lr=0.1, out=nd.zeros(2))",
    "nd.sgd_update(nd.array([1, 2], dtype='int32'), nd.array([1, 2], dtype='int32'), lr=0.1)",
    ONE + "nd.mp_sgd_update(w, g, w.astype('float16'), lr=0.1)",
    "w = nd.ones(3, dtype='float16'); g = nd.ones(3)\nnd.mp_sgd_update(w, g, nd.ones(3), lr=0.1)",
    "w = nd.ones(3, dtype='float16')\n"
    "nd.mp_sgd_mom_update(w, w, nd.zeros(3, dtype='float16'), nd.ones(3), lr=0.1)",
    ONE + "nd.lamb_update_phase1(w, g, nd.zeros(3), nd.zeros(3), wd=0.1)",
    ONE + "nd.lamb_update_phase1(w, g, nd.zeros(3), nd.zeros(3), t=1)",
    ONE + "nd.lamb_update_phase2(w, g, nd.array([1.0, 2.0]), nd.array([1.0]), lr=0.1)",
    ONE + "nd.mp_lamb_update_phase1(w, g, nd.zeros(3), nd.zeros(3), w, t=1, wd=0.1)",
    ONE + "nd.multi_sgd_update(w, g, lrs=(0.1,), wds=(0.0,))",
    ONE + "nd.multi_sgd_update(w, g, w, g, lrs=(0.1, 0.1), wds=(0.0, 0.0), out=[w, w])",
    ONE + "nd.multi_sgd_update(w, g, w, g, lrs=(0.1,), wds=(0.0, 0.0), num_weights=2, "
          "out=[w, w])",
    ONE + "nd.multi_sgd_update(w, g, w, g, lrs=(0.1, 0.1), wds=(0.0, 0.0), num_weights=2, "
          "out=[w])",
    ONE + "nd.multi_sgd_update(w, g, w.astype('float64'), g.astype('float64'), lrs=(0.1, 0.1), "
          "wds=(0.0, 0.0), num_weights=2, out=[w, w.astype('float64')])",
]


# ----- issue 15: MXNet's unit tests as the spec (views, DLPack, contrib, moments, im2col) ----
X5 = "x = nd.array([[np.inf, -np.inf, np.nan, -1.0], [0.0, 2.5, -0.0, 1e38]]); "
IC = ("x = nd.zeros((5, 3)); t = nd.array([[1, 2, 3], [4, 5, 6], [7, 8, 9]]); "
      "i = nd.array([0, 4, 2]); ")
IM = "x = nd.arange(2 * 2 * 3 * 4).reshape((2, 2, 3, 4)); "
CASES += [
    # the methods' inplace=True: a view (writes show in x); the ops' copies stay apart
    "x = nd.arange(6).reshape((2, 3)); y = x.expand_dims(1, inplace=True); y[:] = -1; (y, x)",
    "x = nd.arange(6).reshape((2, 3)); y = x.expand_dims(1); y[:] = -1; (y, x)",
    "x = nd.arange(6).reshape((2, 3)); y = x.expand_dims(-3, inplace=True); y.shape",
    "x = nd.arange(6).reshape((2, 3)); y = x.expand_dims(np.int64(2), inplace=True); y.shape",
    "nd.arange(6).reshape((2, 3)).expand_dims(3, inplace=True)",
    "nd.arange(6).reshape((2, 3)).expand_dims(-4, inplace=True)",
    "nd.arange(6).reshape((2, 3)).expand_dims(0, True).shape",
    "x = nd.arange(30).reshape((5, 2, 3)); y = x.flatten(inplace=True); y[:] = -1; x.sum()",
    "x = nd.arange(30).reshape((5, 2, 3)); y = x.flatten(); y[:] = -1; (y.shape, x.sum())",
    "x = nd.ones((2, 3)); y = nd.flatten(x); y[:] = 5; x",
    "nd.ones((5,)).flatten(inplace=True).shape",
    "nd.ones((2, 3)).flatten(True).shape",
    "x = nd.ones((1, 3, 1)); y = x.squeeze(inplace=True); y[:] = -1; (y, x)",
    "x = nd.ones((1, 3, 1)); y = x.squeeze(); y[:] = -1; x.sum()",
    "nd.ones((1, 1)).squeeze(inplace=True).shape",
    "nd.ones((1, 3, 1)).squeeze(axis=0, inplace=True).shape",
    "nd.ones((1, 3, 1)).squeeze(axis=(0, 2), inplace=True).shape",
    "nd.ones((1, 3, 1)).squeeze(axis=-1, inplace=True).shape",
    "nd.ones((1, 3, 1)).squeeze(axis=[0], inplace=True).shape",
    "nd.ones((1, 3, 1)).squeeze(axis=(), inplace=True).shape",
    "nd.ones((1, 3, 1)).squeeze(axis=()).shape",
    "nd.ones((1, 3, 1)).squeeze(axis=(0, 0), inplace=True)",
    "nd.ones((1, 3, 1)).squeeze(axis=1, inplace=True)",
    "nd.ones((1, 3, 1)).squeeze(axis=3, inplace=True)",
    "nd.ones((1, 3, 1)).squeeze(axis=(0, -3))",
    "nd.ones((1, 3, 1), dtype='int32').squeeze(0, True)",
    "x = nd.arange(3); x.attach_grad()\nwith autograd.record():\n"
    "    y = x.expand_dims(0, inplace=True)\n    z = (y * y).sum()\nz.backward()\nx.grad",
    "x = nd.arange(6).reshape((2, 3)); x.attach_grad()\nwith autograd.record():\n"
    "    y = x.flatten(inplace=True) * nd.array([[1, 2, 3], [4, 5, 6]])\ny.backward()\nx.grad",
    "nd.arange(6).reshape((2, 3)).shape_array()",
    "nd.arange(6).reshape((2, 3)).size_array()",
    # DLPack: capsules share memory both ways; a capsule gives one array
    "x = nd.arange(6).reshape((2, 3)); z = nd.from_dlpack(x.to_dlpack_for_read()); z[:] = 7; x",
    "x = nd.ones((2, 3)); u = nd.from_dlpack(nd.to_dlpack_for_write(x)); u += 1; x",
    "x = nd.arange(4, dtype='int32'); nd.from_dlpack(nd.to_dlpack_for_read(x))",
    "x = nd.array([1, 2], dtype='float16'); nd.from_dlpack(x.to_dlpack_for_write())",
    "x = nd.arange(12).reshape((3, 4)); nd.from_dlpack(x[1:3].to_dlpack_for_read())",
    "x = nd.ones((2,)); x.attach_grad(); nd.from_dlpack(x.to_dlpack_for_read()).grad",
    "nd.from_dlpack(np.arange(3.0).__dlpack__())",
    "type(nd.from_dlpack(nd.ones((2,)).to_dlpack_for_read())).__name__",
    # from_numpy: zero_copy shares memory and makes the numpy array read-only
    "a = np.array([[1, 2], [3, 4]], dtype='float32'); x = nd.from_numpy(a); x[0, 0] = 100\n"
    "x.wait_to_read(); (a.flags.writeable, a)",
    "a = np.arange(3.0); x = nd.from_numpy(a, zero_copy=False); x[0] = 9\n"
    "(a.flags.writeable, a, x)",
    "nd.from_numpy(np.arange(3))",
    "nd.from_numpy(np.array([True, False]))",
    "nd.from_numpy(np.arange(3, dtype='float16'))",
    "nd.from_numpy(np.array(5.0))",
    "nd.from_numpy(np.zeros((1, 0, 2)))",
    "nd.from_numpy(np.arange(6.0).reshape(2, 3)[1])",
    "nd.from_numpy(np.arange(6.0).reshape(2, 3).T)",
    "nd.from_numpy(np.arange(6.0).reshape(2, 3)[:, 1])",
    "nd.from_numpy(np.arange(6.0).reshape(2, 3).T, zero_copy=False)",
    "nd.from_numpy(np.arange(3, dtype='int16'))",
    "nd.from_numpy(np.arange(3, dtype='int16'), zero_copy=False)",
    # contrib: elementwise checks in the input's dtype
    X5 + "nd.contrib.isfinite(x)",
    X5 + "nd.contrib.isnan(x)",
    X5 + "nd.contrib.isinf(x)",
    X5 + "nd.contrib.isinf(x.astype('float64'))",
    X5 + "nd.contrib.isnan(x.astype('float16'))",
    "nd.contrib.isinf(nd.array([1, 2], dtype='int32'))",
    "nd.contrib.isfinite(nd.array([1, 2], dtype='uint8'))",
    "x = nd.array([1.0, np.nan]); x.attach_grad()\nwith autograd.record():\n"
    "    y = nd.contrib.isnan(x) * x\ny.backward()\nx.grad",
    # allclose: a 0-d uint8, NaNs equal by default, float32 arithmetic
    "nd.contrib.allclose(nd.array([1e10, 1e-7]), nd.array([1.00001e10, 1e-8]))",
    "nd.contrib.allclose(nd.array([1e10, 1e-8]), nd.array([1.00001e10, 1e-9]))",
    "nd.contrib.allclose(nd.array([1e10, 1e-8], dtype='float64'), "
    "nd.array([1.00001e10, 1e-9], dtype='float64'))",
    "nd.contrib.allclose(nd.array([1, np.nan]), nd.array([1, np.nan]))",
    "nd.contrib.allclose(nd.array([1, np.nan]), nd.array([1, np.nan]), equal_nan=False)",
    "nd.contrib.allclose(nd.array([1, np.inf]), nd.array([1, -np.inf]))",
    "nd.contrib.allclose(nd.array([1, 2]), nd.array([1, 2.1]), rtol=0.05)",
    "nd.contrib.allclose(nd.array([1, 2]), nd.array([1, 2.1]), atol=0.09)",
    "nd.contrib.allclose(nd.array([1.0]), nd.array([1.0 + 2e-5]))",
    "nd.contrib.allclose(nd.array([2e-8]), nd.array([0.0]))",
    "nd.contrib.allclose(nd.array([1.0]), nd.array([1.0]), 0.5)",
    "nd.contrib.allclose(a=nd.ones((2, 3)), b=nd.ones((2, 3)))",
    "nd.contrib.allclose(nd.array([1, 2], dtype='int32'), nd.array([1, 3], dtype='int32'))",
    "nd.contrib.allclose(nd.array([3, 250], dtype='uint8'), nd.array([250, 3], dtype='uint8'), "
    "atol=300)",
    "nd.contrib.allclose(nd.array([1, 2], dtype='float16'), nd.array([1, 2.001], dtype='float16'))",
    "nd.contrib.allclose(nd.array([[1, 2]]), nd.array([1, 2]))",
    "nd.contrib.allclose(nd.array([1, 2]), nd.array([1, 2], dtype='float64'))",
    "nd.contrib.allclose(nd.array([1.0]), 1.0)",
    # index_copy: rows of new_tensor at the index; both gradients
    IC + "nd.contrib.index_copy(x, i, t)",
    IC + "nd.contrib.index_copy(x, nd.array([0.7, 4.2, 2.9]), t)",
    IC + "nd.contrib.index_copy(x, nd.array([0, 4, 4]), t)",
    IC + "nd.contrib.index_copy(x, i.astype('int64'), t)",
    IC + "nd.contrib.index_copy(old_tensor=x, index_vector=i, new_tensor=t)",
    IC + "nd.contrib.index_copy(nd.zeros((5,)), i, nd.ones((3,)))",
    IC + "nd.contrib.index_copy(x, nd.array([0, 4]), t)",
    IC + "nd.contrib.index_copy(x, nd.array([[0, 4, 2]]), t)",
    IC + "nd.contrib.index_copy(x, i, nd.ones((3, 2)))",
    IC + "nd.contrib.index_copy(x, i, nd.ones((3, 3), dtype='float64'))",
    IC + "nd.contrib.index_copy(x, nd.array([0, 1, 2, 3, 4, 0]), nd.ones((6, 3)))",
    IC + "x.attach_grad(); t.attach_grad()\nwith autograd.record():\n"
    "    out = nd.contrib.index_copy(x, nd.array([0, 4, 4]), t)\n"
    "out.backward(nd.arange(15).reshape((5, 3)))\n(out, x.grad, t.grad)",
    # quadratic and div_sqrt_dim: float32 coefficients, the input's dtype
    "nd.contrib.quadratic(nd.array([[1, 2], [3, 4]]), a=1, b=2, c=3)",
    "nd.contrib.quadratic(nd.array([[1, 2], [3, 4]]))",
    "nd.contrib.quadratic(nd.array([1, 2]), 1, 2, 3)",
    "nd.contrib.quadratic(nd.array([[1, 2], [3, 4]], dtype='int32'), a=1.5, b=2, c=3)",
    "nd.contrib.quadratic(nd.array([[1, 2], [3, 4]], dtype='float64'), a=0.1, b=2, c=3)",
    "nd.contrib.quadratic(nd.array([[1, 2], [3, 4]], dtype='float16'), a=0.1, b=2, c=3)",
    "x = nd.array([1.0, 2.0]); x.attach_grad()\nwith autograd.record():\n"
    "    y = nd.contrib.quadratic(x, a=2, b=3, c=1)\ny.backward()\nx.grad",
    "nd.contrib.div_sqrt_dim(nd.ones((2, 4)))",
    "nd.contrib.div_sqrt_dim(nd.ones((2, 3), dtype='float64'))",
    "nd.contrib.div_sqrt_dim(nd.ones((2, 3), dtype='float16'))",
    "nd.contrib.div_sqrt_dim(nd.array([[3, 9]], dtype='int32'))",
    "x = nd.ones((2, 4)); x.attach_grad()\nwith autograd.record():\n"
    "    y = nd.contrib.div_sqrt_dim(x)\ny.backward()\nx.grad",
    "nd.contrib.index_array(nd.ones((3, 2)))",
    "nd.contrib.index_array(nd.ones((3, 2, 2)), axes=(1, 0))",
    "nd.contrib.index_array(nd.ones((3, 2, 2)), axes=(-1,))",
    "nd.contrib.index_array(nd.ones((3, 2), dtype='float64')).dtype",
    # rand_zipfian: shapes and dtypes, and the expected counts (which do not depend on draws)
    "s, ct, cs = nd.contrib.rand_zipfian(nd.array([3]), 4, 5); (s.shape, s.dtype, ct, cs.shape, "
    "cs.dtype)",
    "s, ct, cs = nd.contrib.rand_zipfian(nd.array([[3, 1]], dtype='int32'), 4, 5)\n"
    "(ct, bool((s >= 0).min()) and bool((s < 5).min()))",
    "s, ct, cs = nd.contrib.rand_zipfian(nd.array([3, 1]), 6, 5)\n"
    "(cs - ((s.astype('float64') + 2) / (s.astype('float64') + 1)).log() / np.log(6) * 6).abs()"
    ".max()",
    # quantize / dequantize, as MXNet's CPU build computes them
    "nd.contrib.quantize(nd.array([[0.1392, 0.5928], [0.6027, 0.8579]]), nd.array([0.0]), "
    "nd.array([1.0]), out_type='int8')",
    "nd.contrib.quantize(nd.array([[0.1392, 0.5928], [0.6027, 0.8579]]), nd.array([0.0]), "
    "nd.array([1.0]))",
    "v = nd.array([0.5 / 255 * 3, 2.5 / 255, -0.3, 0.25, 1.2, 0.0])\n"
    "nd.contrib.quantize(v, nd.array([-0.5]), nd.array([1.0]))",
    "v = nd.array([0.5 / 255 * 3, 2.5 / 255, -0.3, 0.25, 1.2, 0.0])\n"
    "nd.contrib.quantize(v.reshape((1, 2, 3)), nd.array([-0.5]), nd.array([1.0]), "
    "out_type='int8')",
    "nd.contrib.quantize(nd.array([0.5 / 127, 1.5 / 127, 2.5 / 127]), nd.array([-1.0]), "
    "nd.array([1.0]), out_type='int8')",
    "nd.contrib.quantize(nd.array([0.1, 0.2]), nd.array(0.0), nd.array(1.0))",
    "nd.contrib.quantize(nd.array([0.1, 0.2]), nd.array([0.0]), nd.array([1.0]), "
    "out_type='float32')",
    "nd.contrib.quantize(nd.array([0.1, 0.2], dtype='float64'), nd.array([0.0]), "
    "nd.array([1.0]))",
    "nd.contrib.quantize(nd.array([0.1, 0.2]), nd.array([0.0, 1]), nd.array([1.0, 2]))",
    "nd.contrib.dequantize(nd.array([[18, 75], [-77, 127]], dtype='int8'), nd.array([-2.0]), "
    "nd.array([1.0]))",
    "nd.contrib.dequantize(nd.array([3, 250, 0, 128], dtype='uint8'), nd.array([-0.5]), "
    "nd.array([2.0]))",
    "nd.contrib.dequantize(nd.array([3, 250], dtype='uint8'), nd.array([0.5]), nd.array([1.0]))",
    "nd.contrib.dequantize(nd.array([3, 250], dtype='uint8'), nd.array([0.0]), nd.array([1.0]), "
    "out_type='float64')",
    "nd.contrib.dequantize(nd.array([0.5]), nd.array([0.0]), nd.array([1.0]))",
    # moments: [mean, var] over axes, integer moments truncated
    X34 + "nd.moments(x, axes=(0,))",
    X34 + "nd.moments(x, axes=(1,), keepdims=True)",
    X34 + "nd.moments(x, axes=(0, 1))",
    X34 + "nd.moments(x, axes=0)",
    X34 + "nd.moments(x, axes=(-1,))",
    X34 + "nd.moments(x.astype('float64'), axes=(0,))",
    X34 + "nd.moments(x.astype('float16'), axes=(0,))",
    X34 + "nd.moments(x)",
    X34 + "nd.moments(x, axes=(2,))",
    X34 + "nd.moments(x, axes=(0, 0))",
    "nd.moments(nd.array([0, 0, 5], dtype='int32'), axes=(0,))",
    "nd.moments(nd.array([-1, -2, -6], dtype='int32'), axes=(0,))",
    "x = nd.array([[1.0, 2, 4], [3, 5, 9]]); x.attach_grad()\nwith autograd.record():\n"
    "    m, v = nd.moments(x, axes=(1,))\n"
    "    y = (m * nd.array([1.0, 2])).sum() + (v * nd.array([3.0, -1])).sum()\n"
    "y.backward()\nx.grad",
    "x = nd.array([[1.0, 2, 4], [3, 5, 9]]); x.attach_grad()\nwith autograd.record():\n"
    "    m, v = nd.moments(x, axes=(0, 1), keepdims=True)\nm.backward()\n(m, x.grad)",
    # im2col / col2im (2-D images: MXNet 1.9.1 fails on 1-D and 3-D ones)
    IM + "nd.im2col(x, kernel=(2, 2))",
    IM + "nd.im2col(x, kernel=(2, 2), stride=(1, 2), pad=(1, 0), dilate=(1, 2))",
    IM + "nd.im2col(x, kernel=(2, 2), pad=(3, 3)).shape",
    IM + "nd.im2col(x, kernel=(2, 2), stride=(5, 5))",
    IM + "nd.im2col(x, kernel=(3, 1), dilate=(1, 1), stride=(1, 3))",
    IM + "nd.im2col(x.astype('float64'), kernel=(1, 1))",
    IM + "nd.im2col(x.astype('float16'), kernel=(2, 3))",
    IM + "nd.im2col(x, kernel=(5, 5))",
    IM + "nd.im2col(x, kernel=(2, 2), stride=(1,))",
    IM + "nd.im2col(x, kernel=(2, 2), stride=(0, 1))",
    IM + "nd.im2col(x, kernel=(0, 1))",
    IM + "nd.im2col(x.astype('int32'), kernel=(2, 2))",
    "nd.im2col(nd.arange(12).reshape((1, 1, 3, 4)), kernel=(2, 2), dilate=(3, 1))",
    "nd.im2col(nd.arange(12).reshape((3, 4)), kernel=(2, 2))",
    "nd.col2im(nd.arange(24).reshape((1, 4, 6)), output_size=(3, 4), kernel=(2, 2))",
    "nd.col2im(nd.ones((1, 8, 6)), output_size=(3, 4), kernel=(2, 2), pad=(0, 0))",
    "nd.col2im(nd.ones((1, 4, 4)), output_size=(3, 4), kernel=(2, 2), stride=(1, 2), "
    "dilate=(1, 2), pad=(1, 0))",
    "nd.col2im(nd.ones((1, 4, 5)), output_size=(3, 4), kernel=(2, 2))",
    "nd.col2im(nd.ones((1, 6, 6)), output_size=(3, 4), kernel=(2, 2))",
    "nd.col2im(nd.ones((1, 8, 6), dtype='int32'), output_size=(3, 4), kernel=(2, 2))",
    "nd.col2im(nd.ones((1, 4, 6)), output_size=(3, 4))",
    "nd.col2im(nd.ones((4, 6)), output_size=(3, 4), kernel=(2, 2))",
    "x = nd.arange(24).reshape((1, 2, 3, 4)); x.attach_grad()\nwith autograd.record():\n"
    "    y = nd.im2col(x, kernel=(2, 2), pad=(1, 1), stride=(2, 1))\n"
    "y.backward(nd.arange(80).reshape((1, 8, 10)))\nx.grad",
    "c = nd.ones((1, 8, 6)); c.attach_grad()\nwith autograd.record():\n"
    "    y = nd.col2im(c, output_size=(3, 4), kernel=(2, 2))\n"
    "y.backward(nd.arange(24).reshape((1, 2, 3, 4)))\nc.grad",
    # the legacy ops: choose_element_0index is pick; fill_element_0index; onehot_encode
    X34 + "nd.choose_element_0index(x, nd.array([0, 3, 1]))",
    X34 + "nd.choose_element_0index(x, nd.array([0, 5, -1]))",
    X34 + "nd.choose_element_0index(x, nd.array([0.7, 2.9, 1.2]))",
    X34 + "nd.choose_element_0index(x.astype('int32'), nd.array([0, 3, 1]))",
    X34 + "nd.choose_element_0index(x, nd.array([0, 3]))",
    X34 + "x.attach_grad()\nwith autograd.record():\n"
    "    y = nd.choose_element_0index(x, nd.array([0, 3, 1]))\ny.backward(nd.array([1, 2, 3]))\n"
    "x.grad",
    X34 + "nd.fill_element_0index(x, nd.array([10, 20, 30]), nd.array([0, 3, 1]))",
    X34 + "nd.fill_element_0index(x, nd.array([10, 20, 30]), nd.array([0, 7, -1]))",
    X34 + "nd.fill_element_0index(x, nd.array([10, 20, 30]), nd.array([3.7, 4, 0.5]))",
    X34 + "nd.fill_element_0index(lhs=x, mhs=nd.array([10, 20, 30]), rhs=nd.array([0, 3, 1]))",
    X34 + "y = nd.fill_element_0index(x, nd.array([10, 20, 30]), nd.array([0, 3, 1]), out=x)\n"
    "(y is x, x)",
    X34 + "nd.fill_element_0index(x, nd.array([10, 20]), nd.array([0, 3, 1]))",
    X34 + "nd.fill_element_0index(x, nd.array([10, 20, 30], dtype='int32'), nd.array([0, 3, 1]))",
    "nd.fill_element_0index(nd.arange(4), nd.array([10]), nd.array([2]))",
    "o = nd.ones((3, 5)); r = nd.onehot_encode(nd.array([0, 3, 1]), o); (r is o, o)",
    "o = nd.ones((3, 5)); r = nd.onehot_encode(nd.array([0, 3, 1]), out=o); (r is o, o)",
    "nd.onehot_encode(nd.array([0, 7, -1]), nd.zeros((3, 5)))",
    "nd.onehot_encode(nd.array([0.7, 2.9, 4.999]), nd.zeros((3, 5)))",
    "nd.onehot_encode(nd.array([0, 3]), nd.zeros((3, 5)))",
    "nd.onehot_encode(nd.array([0, 1, 2], dtype='int32'), nd.zeros((3, 5)))",
    "nd.onehot_encode(nd.array([[0, 1, 2]]), nd.zeros((3, 5)))",
    "nd.onehot_encode(nd.array([0, 3, 1]))",
]


# ----- recording ----------------------------------------------------------------------------
def enc_value(v):
    """One element of .tolist(): JSON-safe (NaN/Inf as strings)."""
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return v
    return v


def enc_list(v):
    if isinstance(v, list):
        return [enc_list(i) for i in v]
    return enc_value(v)


def encode(v):
    if isinstance(v, nd.NDArray):
        a = v.asnumpy()
        return {"kind": "ndarray", "repr": repr(v), "shape": list(v.shape),
                "dtype": np.dtype(v.dtype).name, "values": enc_list(a.tolist())}
    if isinstance(v, (list, tuple)):
        return {"kind": type(v).__name__, "items": [encode(i) for i in v]}
    if isinstance(v, np.generic):
        return {"kind": "scalar", "type": type(v).__name__, "dtype": v.dtype.name,
                "str": str(v), "value": enc_value(v.item())}
    if isinstance(v, np.ndarray):
        return {"kind": "numpy", "repr": repr(v), "shape": list(v.shape),
                "dtype": v.dtype.name, "values": enc_list(v.tolist())}
    return {"kind": "python", "type": type(v).__name__, "repr": repr(v)}


def run_case(code):
    body = ast.parse(code).body
    assert body and isinstance(body[-1], ast.Expr), f"the last statement is no expression: {code!r}"
    ns = {"nd": nd, "autograd": autograd, "np": np, "mx": mx}
    try:
        exec(compile(ast.Module(body=body[:-1], type_ignores=[]), "<case>", "exec"), ns)
        value = eval(compile(ast.Expression(body=body[-1].value), "<case>", "eval"), ns)
        out = encode(value)
        nd.waitall()          # asynchronous engine errors surface here, inside this case
        return out
    except Exception as e:   # noqa: BLE001 - the exception type is the recorded result
        try:
            nd.waitall()
        except Exception:    # noqa: BLE001
            pass
        return {"error": type(e).__name__}
    finally:
        autograd.set_recording(False)
        autograd.set_training(False)


def record(cases: list[str], out: str, script: str) -> None:
    """Run every case in MXNet and write the results, stably ordered, to `out`."""
    dup = {c for c in cases if cases.count(c) > 1}
    assert not dup, f"duplicate cases: {sorted(dup)}"
    results = [{"code": c, "result": run_case(c)} for c in cases]
    doc = {
        "oracle": {"mxnet": mx.__version__, "numpy": np.__version__,
                   "python": platform.python_version(), "wheel": "mxnet (CPU)",
                   "script": script},
        "cases": results,
    }
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as f:
        json.dump(doc, f, sort_keys=True, indent=1, ensure_ascii=False, allow_nan=False)
        f.write("\n")
    n_err = sum("error" in c["result"] for c in results)
    print(f"{len(results)} cases ({n_err} raising) -> {os.path.normpath(out)}", file=sys.stderr)


def main():
    """`record_golden.py` records CASES above into mxnet_1.9.1.json; `record_golden.py FAMILY`
    records scripts/golden_cases/FAMILY.py's CASES into tests/engine/golden/FAMILY.json (one
    file per op family, so that families are recorded independently)."""
    if len(sys.argv) > 1:
        family = sys.argv[1]
        sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                        "golden_cases"))
        module = __import__(family)
        out = os.path.join(os.path.dirname(OUT), f"{family}.json")
        record(list(module.CASES), out, f"scripts/golden_cases/{family}.py")
        return
    record(CASES, OUT, "scripts/record_golden.py")


if __name__ == "__main__":
    main()
