"""Gradient checks generated from the op table: every differentiable op's autograd gradient
against central finite differences in float64, with shapes that broadcast; second-order checks
for the elementwise ops through `autograd.grad(create_graph=True)`."""
from __future__ import annotations

import importlib
from pathlib import Path

import numpy as np
import pytest

from ndsh import autograd, nd
from ndsh.engine import graph as engine_graph
from ndsh.engine.ops import arith
from ndsh.engine.registry import OPS

RNG = np.random.default_rng(0)


def uniform(shape, low=-2.0, high=2.0):
    return RNG.uniform(low, high, size=shape)


def positive(shape):
    return uniform(shape, 0.5, 2.0)


def spd(n):
    a = RNG.normal(size=(n, n))
    return a @ a.T + n * np.eye(n)


# op -> list of (inputs as numpy float64 arrays or scalars, keyword params).
# Inputs that are numpy arrays are differentiated; scalars and ints are held constant.
P = positive
U = uniform
CASES = {
    "nd.add": [([U((3, 1)), U((1, 4))], {}), ([U((2, 3)), 2.5], {})],
    "nd.subtract": [([U((3, 1)), U((4,))], {}), ([1.5, U((2, 3))], {})],
    "nd.multiply": [([U((3, 1)), U((1, 4))], {}), ([U((2, 3)), -1.5], {})],
    "nd.divide": [([U((3, 1)), P((1, 4))], {}), ([2.0, P((2, 3))], {})],
    "nd.power": [([P((3, 1)), U((1, 4))], {}), ([P((2, 3)), 3], {}), ([2.0, U((3,))], {})],
    "nd.modulo": [([U((2, 3), 0.1, 0.9), U((1, 3), 1.1, 1.9)], {})],
    "nd.maximum": [([U((3, 1)), U((1, 4))], {}), ([U((2, 3)), 0.1], {})],
    "nd.minimum": [([U((3, 1)), U((1, 4))], {})],
    "nd.hypot": [([P((3, 1)), P((1, 4))], {})],
    "nd.add_n": [([U((2, 3)), U((2, 3)), U((2, 3))], {})],
    "nd._depends_on": [([U((2, 3)), U((2, 3))], {})],
    "nd.identity": [([U((2, 3))], {})],
    "nd.clip": [([U((3, 4)), -1.0, 1.0], {})],
    "nd.cast": [([U((3,))], {"dtype": "float64"})],
    "nd.sum": [([U((2, 3, 4))], {}), ([U((2, 3, 4))], {"axis": 1}),
               ([U((2, 3, 4))], {"axis": (0, 2), "keepdims": True}),
               ([U((2, 3, 4))], {"axis": 1, "exclude": True})],
    "nd.mean": [([U((2, 3, 4))], {}), ([U((2, 3, 4))], {"axis": -1})],
    "nd.max": [([U((3, 4))], {}), ([U((3, 4))], {"axis": 0})],
    "nd.min": [([U((3, 4))], {"axis": 1, "keepdims": True})],
    "nd.prod": [([P((3, 4))], {}), ([P((3, 4))], {"axis": 1})],
    "nd.nansum": [([U((3, 4))], {"axis": 0})],
    "nd.nanprod": [([P((3, 4))], {"axis": 1}), ([P((2, 3))], {})],
    "nd.norm": [([U((3, 4))], {}), ([U((3, 4))], {"axis": 1}), ([U((3, 4))], {"ord": 1})],
    "_internal._topk": [([U((3, 5))], {"k": 2, "ret_typ": "value"})],
    "nd.sort": [([U((3, 5))], {}), ([U((3, 5))], {"axis": 0, "is_ascend": False})],
    "nd.cumsum": [([U((3, 4))], {"axis": 1}), ([U((3, 4))], {})],
    "nd.reshape": [([U((2, 3, 4))], {"shape": (0, -1)}), ([U((2, 3, 4))], {"shape": (-3, 4)})],
    "nd.reshape_like": [([U((2, 6)), np.zeros((3, 4))], {})],
    "nd.flatten": [([U((2, 3, 4))], {})],
    "nd.expand_dims": [([U((2, 3))], {"axis": 1})],
    "nd.squeeze": [([U((1, 3, 1))], {})],
    "nd.transpose": [([U((2, 3, 4))], {}), ([U((2, 3, 4))], {"axes": (1, 0, 2)})],
    "nd.swapaxes": [([U((2, 3, 4))], {"dim1": 0, "dim2": 2})],
    "nd.flip": [([U((2, 3))], {"axis": 1})],
    "nd.tile": [([U((2, 3))], {"reps": (2, 1, 2)})],
    "nd.repeat": [([U((2, 3))], {"repeats": 2, "axis": 1}), ([U((2, 3))], {"repeats": 3})],
    "nd.concat": [([U((2, 3)), U((2, 1))], {}), ([U((2, 3)), U((1, 3))], {"dim": 0})],
    "nd.stack": [([U((2, 3)), U((2, 3))], {"axis": 1})],
    "nd.slice_axis": [([U((3, 4))], {"axis": 1, "begin": 1, "end": 3})],
    "nd.slice": [([U((3, 4))], {"begin": (0, 1), "end": (2, None)})],
    "nd.broadcast_to": [([U((3, 1))], {"shape": (3, 4)})],
    "nd.broadcast_axis": [([U((1, 3))], {"axis": 0, "size": 2})],
    "nd.broadcast_like": [([U((3, 1)), np.zeros((3, 4))], {}),
                          ([U((1, 3, 1)), np.zeros((4, 5, 6))],
                           {"lhs_axes": (0, 2), "rhs_axes": (1, 0)})],
    "nd.slice_like": [([U((3, 4)), np.zeros((2, 2))], {})],
    "nd.diag": [([U((3, 3))], {}), ([U((3,))], {}),
                ([U((2, 3, 4))], {"k": -1, "axis1": 2, "axis2": 0})],
    "_internal._getitem": [([U((3, 4))], {"key": (1,)}),
                           ([U((3, 4))], {"key": (slice(None), [0, 2, 2])})],
    "nd.take": [([U((4, 3)), np.array([0, 2, 2])], {})],
    "nd.pick": [([U((3, 4)), np.array([0, 3, 1])], {})],
    "nd.where": [([np.array([1, 0, 1]), U((3,)), U((3,))], {})],
    "nd.gather_nd": [([U((3, 4)), np.array([[0, 2], [1, 3]])], {})],
    "nd.contrib.boolean_mask": [([U((4, 2)), np.array([1, 0, 1, 1])], {})],
    "nd.dot": [([U((2, 3)), U((3, 4))], {}), ([U((2, 3, 4)), U((4, 2))], {}),
               ([U((3,)), U((3,))], {}),
               ([U((3, 2)), U((4, 3))], {"transpose_a": True, "transpose_b": True})],
    "nd.batch_dot": [([U((2, 3, 4)), U((2, 4, 2))], {}),
                     ([U((2, 4, 3)), U((2, 2, 4))], {"transpose_a": True, "transpose_b": True})],
    "nd.linalg.gemm2": [([U((2, 3)), U((3, 4))], {"alpha": 2.0}),
                        ([U((3, 2)), U((4, 3))], {"transpose_a": True, "transpose_b": True})],
    "nd.linalg.gemm": [([U((2, 3)), U((3, 4)), U((2, 4))], {"alpha": 0.5, "beta": 2.0}),
                       ([U((3, 2, 4)), U((4, 2, 5)), U((3, 2, 5))], {"axis": 0})],
    "nd.linalg.syrk": [([U((2, 3))], {}), ([U((2, 3))], {"transpose": True, "alpha": 2.0})],
    "nd.linalg.inverse": [([spd(3)], {})],
    "nd.linalg.det": [([spd(3)], {})],
    "_internal._logabsdet": [([spd(3)], {})],
    "nd.linalg.sumlogdiag": [([spd(3)], {})],
    "nd.linalg.extractdiag": [([U((3, 3))], {}), ([U((3, 3))], {"offset": 1})],
    "nd.linalg.makediag": [([U((3,))], {})],
    "nd.linalg.extracttrian": [([U((3, 3))], {})],
    "nd.linalg.maketrian": [([U((6,))], {})],
    "nd.softmax": [([U((3, 4))], {}), ([U((3, 4))], {"axis": 0, "temperature": 2.0})],
    "nd.log_softmax": [([U((3, 4))], {})],
    "nd.softrelu": [([U((3, 4))], {})],
    "nd.LeakyReLU": [([U((3, 4))], {"slope": 0.1}), ([U((3, 4))], {"act_type": "elu"}),
                     ([U((3, 4))], {"act_type": "selu"}), ([U((3, 4))], {"act_type": "gelu"})],
    "nd.smooth_l1": [([U((3, 4))], {"scalar": 1.5})],
    # triangular solves: a well-conditioned triangle (only the triangle is read)
    "nd.linalg.trmm": [([U((3, 3)), U((3, 2))], {}),
                       ([U((3, 3)), U((2, 3))], {"rightside": True, "transpose": True,
                                                 "lower": False, "alpha": 1.5})],
    "nd.linalg.trsm": [([U((3, 3)) + 4 * np.eye(3), U((3, 2))], {}),
                       ([U((3, 3)) + 4 * np.eye(3), U((2, 3))],
                        {"rightside": True, "transpose": True, "lower": False, "alpha": 0.5})],
    "nd.linalg.potri": [([U((3, 3), 0.2, 0.5) + 2 * np.eye(3)], {})],
    "nd.scatter_nd": [([U((3,)), np.array([[0, 1, 1], [2, 0, 1]])], {"shape": (2, 3)})],
    "nd.pad": [([U((1, 2, 3, 3))], {"mode": "constant", "pad_width": (0, 0, 0, 0, 1, 2, 0, 1),
                                    "constant_value": 0.5}),
               ([U((1, 1, 2, 3))], {"mode": "edge", "pad_width": (0, 0, 0, 0, 2, 1, 1, 3)}),
               ([U((1, 1, 3, 2, 4))], {"mode": "reflect",
                                       "pad_width": (0, 0, 0, 0, 1, 2, 1, 0, 3, 2)})],
    # indices well inside an integer (2.5 -> 2): the truncation is flat there
    "nd.Embedding": [([np.array([[0.5, 2.5], [1.5, 1.5]]), U((3, 4))],
                      {"input_dim": 3, "output_dim": 4})],
    "_internal._sequence_mask": [([U((3, 4)), np.array([1.5, 2.5, 0.5, 3.5])],
                                  {"value": -1.0, "axis": 0}),
                                 ([U((2, 3, 2)), np.array([2.5, 0.5])], {"axis": 1})],
    "nd.LayerNorm": [([U((3, 4)), U((4,)), U((4,))], {}),
                     ([U((3, 4)), U((3,)), U((3,))], {"axis": 0, "eps": 0.1})],
    "nd.khatri_rao": [([U((2, 3)), U((4, 3))], {}), ([U((2, 2)), U((3, 2)), U((2, 2))], {})],
    "nd.moveaxis": [([U((2, 3, 4))], {"source": (0, 2), "destination": (1, 0)})],
    "nd.depth_to_space": [([U((1, 8, 2, 3))], {"block_size": 2})],
    "nd.space_to_depth": [([U((2, 1, 4, 6))], {"block_size": 2})],
    # convolution's building blocks, 1-D to 3-D images, each the other's adjoint
    "nd.im2col": [([U((2, 2, 4, 5))], {"kernel": (2, 3), "stride": (2, 1), "dilate": (1, 2),
                                       "pad": (1, 1)}),
                  ([U((1, 2, 7))], {"kernel": (3,), "stride": (2,), "pad": (1,)}),
                  ([U((1, 1, 3, 3, 4))], {"kernel": (2, 2, 2), "dilate": (1, 1, 2)})],
    "nd.col2im": [([U((2, 12, 9))], {"output_size": (4, 5), "kernel": (2, 3), "stride": (2, 1),
                                      "dilate": (1, 2), "pad": (1, 1)}),
                  ([U((1, 6, 4))], {"output_size": (7,), "kernel": (3,), "stride": (2,),
                                    "pad": (1,)})],
    # indices well inside an integer (4.5 -> 4): the truncation is flat there
    "nd.contrib.index_copy": [([U((5, 3)), np.array([0.5, 4.5, 2.5]), U((3, 3))], {})],
    "nd.contrib.quadratic": [([U((3, 4))], {"a": 1.5, "b": -2.0, "c": 0.5})],
    "nd.contrib.div_sqrt_dim": [([U((3, 4))], {})],
    "nd.moments": [([U((3, 4))], {"axes": (1,)}), ([U((2, 3, 4))], {"axes": (0, 2)})],
}

DOMAINS = {"log": P, "log2": P, "log10": P, "sqrt": P, "rsqrt": P, "cbrt": P, "rcbrt": P,
           "reciprocal": P, "gamma": P, "gammaln": P, "log1p": P,
           "arcsin": lambda s: U(s, -0.9, 0.9), "arccos": lambda s: U(s, -0.9, 0.9),
           "arctanh": lambda s: U(s, -0.9, 0.9), "arccosh": lambda s: U(s, 1.5, 3.0),
           "erfinv": lambda s: U(s, -0.8, 0.8), "tan": lambda s: U(s, -1.2, 1.2)}
# recorded, with a gradient of zero by design (MXNet's BlockGrad and comparisons)
ZERO_GRADIENT = {"nd.stop_gradient"}
ELEMENTWISE = [name for name, record in OPS.items()
               if record.kind == "primitive" and record.differentiable
               and record.fn.__module__.endswith("elementwise") and record.nin == 1
               and name not in CASES and name not in ZERO_GRADIENT]
for name in ELEMENTWISE:
    short = name.split(".")[-1]
    CASES[name] = [([DOMAINS.get(short, U)((3, 4))], {})]
# potrf's input must stay symmetric: differentiate X -> potrf(X X^T + 3I) instead.
COMPOSED = {"nd.linalg.potrf": lambda x: nd.linalg.potrf(
    nd.linalg.syrk(x) + nd.array(3 * np.eye(3), dtype="float64"))}
CASES["nd.linalg.potrf"] = [([U((3, 3))], {})]
# syevd reads a symmetric matrix (LAPACK looks at one triangle): differentiate X -> syevd(X + X^T)
# with eigenvalues kept apart, so that the eigenvectors are well defined
def _spread_apart(x):          # made on the test's context (cpu(0) or gpu(0))
    return x + x.T + nd.array(np.diag([0.0, 4.0, 8.0]), dtype="float64")


COMPOSED["_internal._syevd_u"] = lambda x: OPS["_internal._syevd_u"].call(_spread_apart(x))
COMPOSED["_internal._syevd_lam"] = lambda x: OPS["_internal._syevd_lam"].call(_spread_apart(x))
CASES["_internal._syevd_u"] = CASES["_internal._syevd_lam"] = [([U((3, 3), -0.5, 0.5)], {})]
CASES["_internal._gelqf_q"] = CASES["_internal._gelqf_l"] = [([U((2, 4))], {})]
# moments returns [mean, var]: check both at once, through one array
COMPOSED["nd.moments"] = lambda x, **kwargs: nd.concat(
    *[m.reshape((-1,)) for m in nd.moments(x, **kwargs)], dim=0)

# ops whose backward is their own definition, not the chain rule (MXNet's loss layers ignore
# the head gradient): a family lists them in DEFINED_BACKWARD and tests that backward itself
DEFINED_BACKWARD: set = set()
# the families' own files (tests/engine/gradient_cases/*.py)
for _family in sorted((Path(__file__).parent / "gradient_cases").glob("[!_]*.py")):
    _module = importlib.import_module(f"tests.engine.gradient_cases.{_family.stem}")
    CASES.update(_module.CASES)
    COMPOSED.update(getattr(_module, "COMPOSED", {}))
    DEFINED_BACKWARD |= set(getattr(_module, "DEFINED_BACKWARD", ()))


def _differentiable_ops():
    return sorted(name for name, r in OPS.items() if r.kind == "primitive" and r.differentiable)


def test_every_differentiable_op_has_a_gradient_check():
    missing = [name for name in _differentiable_ops() if name not in CASES
               and name not in ZERO_GRADIENT and name not in DEFINED_BACKWARD
               and OPS[name].vjp_each != (arith.no_gradient, arith.no_gradient)]
    assert not missing, f"add gradient cases for: {missing}"


@pytest.mark.parametrize("name", sorted(ZERO_GRADIENT))
def test_zero_gradient_ops_pass_zero(name):
    x = nd.array(U((2, 3)), dtype="float64")
    x.attach_grad()
    with autograd.record():
        y = OPS[name].call(x) * 3
    y.backward()
    assert (x.grad.asnumpy() == 0).all()


def _call(name, values, kwargs):
    arrays = [nd.array(v, dtype="float64") if isinstance(v, np.ndarray) else v for v in values]
    if name in COMPOSED:
        return COMPOSED[name](*arrays, **kwargs)
    return OPS[name].call(*arrays, **kwargs)


def _numeric_grad(name, values, kwargs, index, weights, eps=1e-6):
    base = values[index]
    grad = np.zeros_like(base)
    for pos in np.ndindex(base.shape):
        shifted = []
        for sign in (1, -1):
            probe = [v.copy() if isinstance(v, np.ndarray) else v for v in values]
            probe[index][pos] += sign * eps
            shifted.append(float((_call(name, probe, kwargs).asnumpy() * weights).sum()))
        grad[pos] = (shifted[0] - shifted[1]) / (2 * eps)
    return grad


GRAD_PARAMS = [(name, i) for name in sorted(CASES) for i in range(len(CASES[name]))]


@pytest.fixture(params=[False, True], ids=["kept", "ghosted"])
def ghosts(request, monkeypatch):
    """Also run each case with every unkept input replaced by a shape-only stand-in (the
    engine does that for large arrays): an op whose gradient reads an input it said it
    would not keep fails here."""
    if request.param:
        monkeypatch.setattr(engine_graph, "GHOST_MIN_SIZE", 0)
    return request.param


@pytest.mark.parametrize("name,case", GRAD_PARAMS,
                         ids=[f"{n}-{i}" for n, i in GRAD_PARAMS])
def test_gradient_matches_finite_differences(name, case, ghosts):
    values, kwargs = CASES[name][case]
    record = OPS[name]
    wanted = [i for i, v in enumerate(values) if isinstance(v, np.ndarray)
              and (record.nin < 0 or i < record.nin) and v.dtype.kind == "f"
              and not (name == "nd.where" and i == 0)]
    inputs = [nd.array(v, dtype="float64") if isinstance(v, np.ndarray) else v for v in values]
    for i in wanted:
        inputs[i].attach_grad()
    with autograd.record():
        out = (COMPOSED[name](*inputs, **kwargs) if name in COMPOSED
               else record.call(*inputs, **kwargs))
    weights = RNG.uniform(0.5, 1.5, size=out.shape)
    out.backward(nd.array(weights, dtype="float64"))
    for i in wanted:
        expected = _numeric_grad(name, values, kwargs, i, weights)
        np.testing.assert_allclose(inputs[i].grad.asnumpy(), expected, rtol=1e-5, atol=1e-6,
                                   err_msg=f"{name} input {i}")


SECOND_ORDER = sorted(name for name in ELEMENTWISE + ["nd.multiply", "nd.power", "nd.divide",
                                                      "nd.maximum", "nd.hypot"]
                      if name.split(".")[-1] not in ("erfinv", "gamma", "gammaln", "erf"))


@pytest.mark.parametrize("name", SECOND_ORDER)
def test_second_order_gradient(name):
    """d/dx of (autograd's dy/dx . w) equals finite differences of autograd's dy/dx."""
    values, kwargs = CASES[name][0]
    values = [v for v in values]
    weights = RNG.uniform(0.5, 1.5, size=np.broadcast_shapes(
        *[v.shape for v in values if isinstance(v, np.ndarray)]))

    def first_grad(probe, create_graph=False):
        inputs = [nd.array(v, dtype="float64") if isinstance(v, np.ndarray) else v for v in probe]
        inputs[0].attach_grad()
        with autograd.record():
            out = OPS[name].call(*inputs, **kwargs)
            (g,) = autograd.grad(out, [inputs[0]], head_grads=nd.array(weights, dtype="float64"),
                                 create_graph=create_graph)
        return inputs[0], g

    x, g = first_grad(values, create_graph=True)
    linear = g._node is None     # dy/dx does not depend on x: the second derivative is 0
    if not linear:
        g.backward()
    eps = 1e-6
    expected = np.zeros_like(values[0])
    for pos in np.ndindex(values[0].shape):
        totals = []
        for sign in (1, -1):
            probe = [v.copy() if isinstance(v, np.ndarray) else v for v in values]
            probe[0][pos] += sign * eps
            totals.append(float(first_grad(probe)[1].asnumpy().sum()))
        expected[pos] = (totals[0] - totals[1]) / (2 * eps)
    got = np.zeros_like(expected) if linear else x.grad.asnumpy()
    np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("expr", ["x ** 3", "x * x * x", "nd.exp(x) * nd.sin(x)",
                                  "x / (1 + x * x)"])
def test_third_order_polynomials_and_products(expr):
    x = nd.array([0.5, 1.5], dtype="float64")
    x.attach_grad()
    with autograd.record():
        y = eval(expr)
        (d1,) = autograd.grad(y, [x], create_graph=True)
        (d2,) = autograd.grad(d1, [x], create_graph=True)
    d2.backward()
    h = 1e-4
    f = {"x ** 3": lambda v: v ** 3, "x * x * x": lambda v: v ** 3,
         "nd.exp(x) * nd.sin(x)": lambda v: np.exp(v) * np.sin(v),
         "x / (1 + x * x)": lambda v: v / (1 + v * v)}[expr]
    v = np.array([0.5, 1.5])
    third = (f(v + 2 * h) - 2 * f(v + h) + 2 * f(v - h) - f(v - 2 * h)) / (2 * h ** 3)
    np.testing.assert_allclose(x.grad.asnumpy(), third, rtol=1e-3)
