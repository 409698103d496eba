"""np functions on scalars, np.einsum, np.pad, np.arctan2, np.copysign, np.genfromtxt and
np.set_printoptions against MXNet 1.9.1: every case recorded by scripts/record_mxnp_functions.py
(oracle: MXNet 1.9.1 CPU wheel, numpy 1.23.5, after `npx.set_np()`) runs in ndsh and gives the
same value, or the same error type; DEPARTS lists where MXNet fails or is wrong and ndsh gives
NumPy's answer (docs/mxnp.md)."""
from __future__ import annotations

import io
import json
import math
import pathlib
import re
import warnings

import numpy as onp
import pytest

from ndsh.engine import autograd
from ndsh.mxnet_compat import mxnet as mx
from ndsh.mxnp import np, npx
from tests.mxnp.test_golden import encode, run, same

GOLDEN = json.loads((pathlib.Path(__file__).parent / "golden" /
                     "mxnp_functions_1.9.1.json").read_text())
CASES = GOLDEN["cases"]


def _pad_grad(widths, mode, shape):
    """The gradient of (pad(x) * arange).sum() for x of shape (2, 3): each output position's
    weight added to the element it copies (NumPy's index pattern of the mode)."""
    rows = onp.pad(onp.arange(2), widths[0], mode=mode)
    cols = onp.pad(onp.arange(3), widths[1], mode=mode)
    grad = onp.zeros((2, 3))
    weights = onp.arange(onp.prod(shape)).reshape(shape)
    for i, r in enumerate(rows):
        for j, c in enumerate(cols):
            grad[r, c] += weights[i, j]
    return grad.tolist()


X = onp.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
# where MXNet 1.9.1 fails or answers wrongly, ndsh gives NumPy's answer: case -> the values
DEPARTS = {
    "einsum_sublists": onp.einsum(onp.arange(24.0).reshape(2, 3, 4), [0, 1, 2],
                                  onp.arange(6.0).reshape(2, 3), [0, 3],
                                  onp.array([1.0, 2.0, 3.0]), [1], [2, 3]).tolist(),
    "einsum_mixed_dtypes": 14.0,
    "pad_constant_values": onp.pad(X, 1, constant_values=5).tolist(),   # MXNet: zeros
    "pad_int_width": onp.pad(X, 1).tolist(),
    "pad_one_pair": onp.pad(X, (1, 2)).tolist(),
    "pad_grad_reflect": _pad_grad(((1, 1), (2, 2)), "reflect", (4, 7)),
    "pad_grad_edge": _pad_grad(((1, 2), (2, 1)), "edge", (5, 6)),
    "pad_grad_symmetric": _pad_grad(((1, 1), (2, 2)), "symmetric", (4, 7)),
    "arctan2_int32": onp.arctan2([1, -2, 3], [-1.0, 0.0, 2.0]).astype("float32").tolist(),
    "copysign_mixed": [-1.0, 2.0, 3.0],
}


def namespace():
    return {"np": np, "npx": npx, "mx": mx, "autograd": autograd, "onp": onp, "io": io}


def _scalar_repr(text: str) -> str:
    """numpy 2 writes a NumPy scalar's repr as np.float64(0.5) and np.True_, numpy 1.23 (the
    oracle's) 0.5 and True."""
    match = re.fullmatch(r"np\.\w+\((.*)\)", text)
    return match.group(1) if match else {"np.True_": "True", "np.False_": "False"}.get(text, text)


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_matches_mxnet(name):
    case = CASES[name]
    npx.set_np()
    if name in DEPARTS:
        value = run(case["code"], namespace())
        assert isinstance(value, np.ndarray)
        # MXNet failed there, or answered otherwise (pad's constant_values: zeros)
        assert "error" in case or case["values"] != DEPARTS[name]
        assert onp.allclose(value.asnumpy(), DEPARTS[name], rtol=1e-5, atol=1e-6), value
        return
    if "error" in case:
        with pytest.raises(Exception) as caught:
            run(case["code"], namespace())
        names = [t.__name__ for t in type(caught.value).__mro__]
        # MXNetError is the type of MXNet's backend failures; ndsh's carry it too
        assert case["error"] in names, caught.value
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        value = run(case["code"], namespace())
    ours = encode(value, False)
    if case["kind"] not in ("np", "nd", "list", "tuple", "numpy"):
        # a Python or NumPy scalar: the same type, the same value
        # numpy 2 renamed the type numpy.bool_ to numpy.bool
        assert ours["kind"] == case["kind"].replace("bool_", "bool"), (ours, case)
        if case["kind"].startswith("float"):    # numpy 2's sin and log may differ in the last bit
            assert math.isclose(float(_scalar_repr(ours["repr"])), float(case["repr"]),
                                rel_tol=1e-12), (ours, case)
        else:
            assert _scalar_repr(ours["repr"]) == case["repr"], (ours, case)
        return
    same(ours, case, name)


def test_scalar_functions_give_numpy_scalars():
    # MXNet hands scalars to NumPy: not an np array, NumPy's own type and precision
    assert type(np.sin(0.5)) is onp.float64 and np.sin(0.5) == onp.sin(0.5)
    assert type(np.cos(onp.float32(0.5))) is onp.float32
    assert type(np.add(1, 2)) is onp.int64
    assert isinstance(np.sqrt(np.array(2.0)), np.ndarray)


def test_einsum_and_pad_refuse_bad_input_by_name():
    with pytest.raises(ValueError, match="label 'j' has sizes 3 and 2"):
        np.einsum("ij,jk", np.ones((2, 3)), np.ones((2, 2)))
    with pytest.raises(ValueError, match="do not fit an operand of shape"):
        np.einsum("ijk", np.ones((2, 3)))
    with pytest.raises(ValueError, match="pad_width .* does not fit an array of 2 dimensions"):
        np.pad(np.ones((2, 3)), ((1, 1), (1, 1), (1, 1)))
    with pytest.raises(TypeError, match="np.pad: got a list"):
        np.pad([1.0, 2.0], 1)


def test_printoptions_reach_np_arrays_and_are_restored():
    before = onp.get_printoptions()
    try:
        np.set_printoptions(precision=3)
        assert repr(np.array([1 / 3])) == "array([0.333])"
        np.set_printoptions(threshold=4)
        assert "..." in str(np.arange(10))
    finally:
        onp.set_printoptions(**before)
