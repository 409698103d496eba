"""`mx.np.arctan2` and `mx.np.copysign`: two-operand functions the table has no op for, composed
of its ops so that gradients flow. Two Python or NumPy scalars give NumPy's scalar, as in MXNet.

arctan2's value is NumPy's `arctan2` of the operands (the quadrant and signed-zero rules exactly),
and its gradient that of the composition `arctan(y / x)` (or `-arctan(x / y)` where |y| > |x|),
which is x / (x^2 + y^2) for y and -y / (x^2 + y^2) for x, carried by a term whose value is 0.
"""
from __future__ import annotations

import numpy as onp

from ndsh.engine import NDArray, autograd
from ndsh.engine.mxnet_errors import TypeError
from ndsh.engine.registry import OPS
from ndsh.mxnp.array import cast, result_type, unwrap, wrap

_NUMERIC = (int, float, onp.generic)
_FLOAT32 = onp.dtype(onp.float32)


def _pair(fname: str, x1, x2, floats: bool):
    """Both operands as engine arrays of one dtype and one (broadcast) shape."""
    a, b = unwrap(x1, fname), unwrap(x2, fname)
    arrays = [v for v in (a, b) if isinstance(v, NDArray)]
    dtype = arrays[0]._data.dtype
    if len(arrays) == 2:
        dtype = result_type(dtype, arrays[1]._data.dtype)
    if floats and dtype.kind in "biu":
        dtype = _FLOAT32
    shape = onp.broadcast_shapes(*(v.shape for v in arrays))
    ctx = arrays[0]._ctx

    def full(v):
        if not isinstance(v, NDArray):
            return OPS["nd.full"].call(shape, v, ctx=ctx, dtype=dtype)
        v = cast(v, dtype)
        if v.shape == shape:
            return v
        if v.ndim < len(shape):
            v = OPS["nd.reshape"].call(v, shape=(1,) * (len(shape) - v.ndim) + v.shape)
        return OPS["nd.broadcast_to"].call(v, shape=shape)

    return full(a), full(b)


def arctan2(x1, x2, out=None):
    """The angle of the point (x2, x1) from the positive x axis, in radians in [-pi, pi]: the
    elementwise arc tangent of x1 / x2 in the right quadrant, broadcasting the two. MXNet's
    np.arctan2, with gradients; ints give float32 (MXNet refuses them).

    Parameters:
        x1: the y coordinates, an np array or a scalar.
        x2: the x coordinates, an np array or a scalar.
        out: not supported; must be None.

    Example:
        >>> np.arctan2(np.array([1.0, -1.0, 0.0]), np.array([-1.0, 1.0, -1.0]))
        array([ 2.3561945, -0.7853982,  3.1415927])
        >>> float(np.arctan2(1.0, 2.0))
        0.4636476090008061
    """
    if type(x1) is not NDArray and isinstance(x1, _NUMERIC) and isinstance(x2, _NUMERIC):
        return onp.arctan2(x1, x2)
    if out is not None:
        raise TypeError("np.arctan2: out= is not supported; use the returned array")
    y, x = _pair("np.arctan2", x1, x2, floats=True)
    # in float64, rounded once: NumPy's float32 arctan2 is off by one unit in the last place
    # for some inputs (arctan2(1, 1)), where MXNet's is correctly rounded
    exact = onp.arctan2(y.asnumpy().astype(onp.float64), x.asnumpy().astype(onp.float64))
    exact = exact.astype(y._data.dtype)
    result = OPS["nd.array"].call(exact, ctx=y._ctx, dtype=y._data.dtype)
    if autograd.is_recording() and (y._node is not None or y._grad_req is not None
                                    or x._node is not None or x._grad_req is not None):
        call = {name: OPS[f"nd.{name}"].call for name in ("abs", "where", "arctan", "divide",
                                                          "greater_equal", "equal",
                                                          "negative", "stop_gradient")}
        x_wide = call["greater_equal"](call["abs"](x), call["abs"](y))
        x_safe = call["where"](call["equal"](x, 0), OPS["nd.ones_like"].call(x), x)
        y_safe = call["where"](call["equal"](y, 0), OPS["nd.ones_like"].call(y), y)
        angle = call["where"](x_wide, call["arctan"](call["divide"](y, x_safe)),
                              call["negative"](call["arctan"](call["divide"](x, y_safe))))
        result = result + (angle - call["stop_gradient"](angle))   # the value stays exact
    return wrap(result)


def copysign(x1, x2, out=None):
    """The magnitudes of `x1` with the signs of `x2`, elementwise, broadcasting the two: MXNet's
    np.copysign, with gradients (to x1). As in MXNet 1.9.1, an element of x2 is negative when
    it is below 0 (so -0.0 counts as positive in arrays); two scalars give NumPy's answer.

    Parameters:
        x1: the magnitudes, an np array or a scalar.
        x2: the signs, an np array or a scalar.
        out: not supported; must be None.

    Example:
        >>> np.copysign(np.array([1.0, -2.0, 3.0]), np.array([-1.0, 1.0, 0.0]))
        array([-1.,  2.,  3.])
        >>> np.copysign(np.array([1, 2], dtype='int32'), -1)
        array([-1, -2], dtype=int32)
    """
    if type(x1) is not NDArray and isinstance(x1, _NUMERIC) and isinstance(x2, _NUMERIC):
        return onp.copysign(x1, x2)
    if out is not None:
        raise TypeError("np.copysign: out= is not supported; use the returned array")
    magnitude, sign = _pair("np.copysign", x1, x2, floats=False)
    negative = OPS["nd.lesser"].call(sign, 0)
    factor = OPS["nd.where"].call(negative, OPS["nd.full"].call(sign.shape, -1, ctx=sign._ctx,
                                                                  dtype=sign._data.dtype),
                                  OPS["nd.ones_like"].call(sign))
    return wrap(OPS["nd.multiply"].call(OPS["nd.abs"].call(magnitude), factor))


FUNCTIONS = {"arctan2": arctan2, "copysign": copysign}
