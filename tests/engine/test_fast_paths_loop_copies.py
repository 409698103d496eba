"""registry.Op's loop_* attributes: backprop._walk_to_leaves reads plain copies of passes_g,
direct_vjps and writes_into (a cached_property is slower to read), filled by needs_ans when
a node of the op is first recorded. They must equal the properties, and a node whose op has
them unfilled must still get the general path's gradients."""
from __future__ import annotations

import numpy as np
import pytest

from ndsh import autograd, nd
from ndsh.engine.registry import OPS


def _chain(x, y):
    a = x + y
    b = a * 2
    c = b.exp()
    d = c - x
    e = d * y
    f = e / 3
    return nd.relu(f) + 1


def _grads():
    x = nd.array([0.1, -0.2, 0.3, 0.4])
    y = nd.array([0.5, 0.6, -0.7, 0.8])
    x.attach_grad()
    y.attach_grad()
    with autograd.record():
        h = _chain(x, y)
    h.backward()
    return x.grad.asnumpy(), y.grad.asnumpy()


def test_the_loop_copies_equal_the_properties_once_recorded():
    _grads()
    for name in ("add", "multiply", "subtract", "divide", "exp", "relu"):
        op = OPS[f"nd.{name}"]
        assert op.loop_passes_g == op.passes_g and op.loop_passes_g is not None, name
        assert op.loop_direct_vjps == op.direct_vjps, name
        assert op.loop_writes_into is op.writes_into, name


@pytest.mark.parametrize("name", ["add", "multiply", "exp", "relu"])
def test_an_op_with_unfilled_copies_takes_the_general_path(name, monkeypatch):
    want = _grads()
    op = OPS[f"nd.{name}"]
    # as before its first record: the walk must hand such a node to _propagate
    monkeypatch.setattr(op, "loop_passes_g", None)
    monkeypatch.setattr(op, "loop_direct_vjps", None)
    got = _grads()
    for g, w in zip(got, want, strict=True):
        np.testing.assert_array_equal(g, w)
