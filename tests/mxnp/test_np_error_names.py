"""An np array's methods and mx.np's functions, given what MXNet 1.9.1 refuses, raise MXNet's
error type with one line that names the np function the user called (`x.dot(y)` and `x @ y`:
np.dot / np.matmul, not the legacy dot's `dot: ... (transpose_a=False, transpose_b=False)`;
`x.sum(axis=5)`: np.sum, not the table op's sum; `x.std(axis=5)`: np.std, not the mean it runs
on), where before some named the op behind them and some (x.transpose(0, 5), x.take(i, axis=5))
gave an answer. np.dot over an N-D second operand sums over its second-to-last axis, as NumPy
and MXNet do (ndsh took its first axis).

Oracle: MXNet 1.9.1 CPU wheel with numpy 1.23.5; scripts/record_np_errors.py recorded each case
into golden/np_errors_1.9.1.json (MXNet's error, or the values and gradient).
"""
from __future__ import annotations

import json
import pathlib

import numpy as onp
import pytest

from ndsh.engine import autograd
from ndsh.engine.mxnet_errors import MXNetError
from ndsh.mxnp import np, npx

GOLDEN = json.loads((pathlib.Path(__file__).parent / "golden" / "np_errors_1.9.1.json")
                    .read_text())


@pytest.mark.parametrize("name", sorted(GOLDEN["errors"]))
def test_what_mxnet_refuses_raises_an_error_naming_the_np_function(name):
    case = GOLDEN["errors"][name]
    assert case["error"] == "MXNetError", case          # MXNet refuses it too
    with pytest.raises(MXNetError) as caught:
        eval(case["code"], {"np": np, "npx": npx, "x": np.ones((2, 3))})
    message = str(caught.value)
    assert message.startswith(case["ndsh_name"] + ": "), message
    assert "\n" not in message and "transpose_a" not in message and len(message) < 300


@pytest.mark.parametrize("name", sorted(GOLDEN["values"]))
def test_dot_over_an_nd_second_operand_is_mxnets(name):
    case = GOLDEN["values"][name]
    namespace = {"np": np}
    exec(case["setup"], namespace)
    a, b = namespace["a"], namespace["b"]
    a.attach_grad()
    with autograd.record():
        y = a.dot(b) if case["method"] else np.dot(a, b)
    y.backward()
    assert y.shape == tuple(case["shape"])
    onp.testing.assert_allclose(y.asnumpy(), case["values"], rtol=1e-6)
    if "grad_a" in case:
        onp.testing.assert_allclose(a.grad.asnumpy(), case["grad_a"], rtol=1e-6)


def test_the_new_checks_leave_what_is_in_range_alone():
    x = np.arange(6).reshape(2, 3)
    assert x.transpose(-1, 0).shape == (3, 2) and x.take(np.array([2]), axis=-1).shape == (2, 1)
    assert np.roll(x, 1, axis=-1)[0, 0] == 2 and x.cumsum(axis=-2)[1, 0] == 3
    assert np.expand_dims(x, -3).shape == (1, 2, 3) and np.expand_dims(x, 2).shape == (2, 3, 1)
    assert x.swapaxes(-1, 0).shape == (3, 2) and x.repeat(2, axis=1).shape == (2, 6)
    assert np.flip(x, axis=(0, -1))[0, 0] == 5 and np.linalg.norm(x, axis=-1).shape == (2,)
    assert np.inner(x, np.ones((4, 3))).shape == (2, 4) and np.vdot(x, x) == 55
    assert np.tensordot(x, np.ones((3, 2)), axes=([-1], [0])).shape == (2, 2)
    assert np.matmul(np.ones((2, 1, 2, 3)), np.ones((3, 3, 4))).shape == (2, 3, 2, 4)
    assert np.where(x > 2, x, np.zeros((1, 3)))[1, 2] == 5 and x.round(1).shape == (2, 3)
