"""Second-order gradients read the op table: an elementwise op whose vjp calls another
elementwise op by its numpy name (`xp.square`) differentiates twice with nothing else to list."""
from __future__ import annotations

import numpy as np
import pytest

from ndsh.engine import autograd, nd
from ndsh.engine.define import op
from ndsh.engine.graph import AutogradError
from ndsh.engine.registry import NAMESPACES, OPS

THROWAWAY = "test_throwaway"


@pytest.fixture
def define_throwaway():
    """Register ops in a namespace of their own, removed from the table afterwards."""
    yield lambda **kwargs: op(namespace=THROWAWAY, **kwargs)
    for qualname in [q for q in OPS if q.startswith(THROWAWAY + ".")]:
        del OPS[qualname]
    NAMESPACES.pop(THROWAWAY, None)


def _second_order(function, values):
    x = nd.array(values, dtype="float64")
    x.attach_grad()
    with autograd.record():
        y = function(x)
        (dy,) = autograd.grad(y, [x], create_graph=True)
    dy.backward()
    return dy.asnumpy(), x.grad.asnumpy()


def test_a_vjp_may_use_any_elementwise_op_by_its_numpy_name(define_throwaway):
    # square was not among the names the old hand-kept list of higher_order.py offered
    @define_throwaway(vjp=lambda xp, g, ans, x: g * 3 * xp.square(x))
    def cube(xp, x):
        """x cubed (a throwaway op for this test)."""
        return x * x * x

    values = np.array([1.0, 2.0, -3.0])
    first, second = _second_order(cube, values)
    np.testing.assert_allclose(first, 3 * values ** 2)
    np.testing.assert_allclose(second, 6 * values)


def test_a_name_with_no_recorded_version_is_named(define_throwaway):
    # cumsum is an op, but not an elementwise one: numpy's meaning is not nd's
    @define_throwaway(vjp=lambda xp, g, ans, x: xp.cumsum(g, axis=0))
    def running(xp, x):
        """A throwaway op whose vjp uses a non-elementwise name."""
        return x.copy()

    with pytest.raises(AutogradError, match="uses `cumsum`"):
        _second_order(running, [1.0, 2.0])


def test_the_throwaway_ops_leave_the_table():
    assert not any(q.startswith(THROWAWAY + ".") for q in OPS)
    assert THROWAWAY not in NAMESPACES
