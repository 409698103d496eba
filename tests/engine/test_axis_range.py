"""An axis out of range is an error naming the op, the axis and the shape, as MXNet refuses it
(golden: tests/engine/axis_range_1.9.1.json, recorded from the MXNet 1.9.1 oracle by
scripts/record_axis_range.py). ndsh took numpy's `axis % ndim` before, so nd.take(x, i,
axis=5) on a 2-d x took along axis 1 and x.transpose((1, 2)) gave x.T, silently. The in-range
negative axes MXNet takes give MXNet's values.
"""
import json
from pathlib import Path

import numpy as np
import pytest

from ndsh.engine import nd
from ndsh.engine.mxnet_errors import MXNetError

GOLDEN = json.loads((Path(__file__).parent / "axis_range_1.9.1.json").read_text())


def scope():
    x = nd.arange(6).reshape((2, 3))
    return {"nd": nd, "x": x, "row": x[0:1], "i": nd.array([0, 1])}


@pytest.mark.parametrize("name", sorted(n for n, c in GOLDEN.items() if "error" in c))
def test_an_axis_mxnet_refuses_is_an_error_naming_op_axis_and_shape(name):
    case = GOLDEN[name]
    with pytest.raises(MXNetError) as info:
        eval(case["code"], scope())
    message = str(info.value)
    assert message.startswith(f"{case['op']}: axis "), message
    assert "is out of range for" in message and "shape (" in message
    assert "\n" not in message
    assert isinstance(info.value, ValueError)        # MXNet's error types are also Python's


@pytest.mark.parametrize("name", sorted(n for n, c in GOLDEN.items() if "values" in c))
def test_an_in_range_negative_axis_gives_mxnets_values(name):
    case = GOLDEN[name]
    got = eval(case["code"], scope())
    assert list(got.shape) == case["shape"]
    np.testing.assert_allclose(got.asnumpy(), np.array(case["values"], dtype=np.float32),
                               rtol=1e-6)


def test_the_gradients_of_checked_ops_still_flow():
    from ndsh.engine import autograd
    x = nd.arange(6).reshape((2, 3))
    x.attach_grad()
    with autograd.record():
        y = (nd.take(x, nd.array([0, 0, 2]), axis=-1) * 2 + nd.stack(x, x, axis=-1).sum(axis=-1)
             + nd.slice_axis(x, axis=-1, begin=0, end=2).sum(axis=1, keepdims=True)).sum()
    y.backward()
    np.testing.assert_array_equal(x.grad.asnumpy(), [[9, 5, 4], [9, 5, 4]])


def test_the_negative_axes_mxnet_refuses_are_departures_on_the_doc_page():
    # MXNet 1.9.1 refuses nd.transpose(x, axes=(-1, 0)), broadcast_axis(axis=-2) and
    # cumsum(axis=-1) ('index = -1 must be in range [0, 2)'); ndsh counts from the end
    from ndsh.engine.registry import OPS
    x = nd.arange(6).reshape((2, 3))
    assert nd.transpose(x, axes=(-1, 0)).shape == (3, 2)
    assert nd.broadcast_axis(x[0:1], axis=-2, size=2).shape == (2, 3)
    np.testing.assert_array_equal(nd.cumsum(x, axis=-1).asnumpy(), [[0, 1, 3], [3, 7, 12]])
    for name in ("transpose", "broadcast_axis", "cumsum"):
        assert "refuses negative axes" in OPS[f"nd.{name}"].departs, name
