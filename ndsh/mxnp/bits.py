"""`mx.np` functions on the bits of ints and bools (lcm, invert, bitwise_not, bitwise_and,
bitwise_or, bitwise_xor: no gradient, and MXNet 1.9.1 refuses floats), the window functions
(hanning, hamming, blackman, computed in the dtype as MXNet's kernels do), memory sharing
(shares_memory, may_share_memory) and NumPy's finfo, which MXNet's np re-exports."""
from __future__ import annotations

import numbers

import numpy as onp

from ndsh.engine.mxnet_errors import TypeError
from ndsh.engine.registry import OPS
from ndsh.mxnp.array import fresh_shape, ndarray, unwrap, wrap

finfo = onp.finfo


def _integer_op(fname: str, function, *args):
    """NumPy's function on the host for int or bool np arrays (Python ints pass as scalars of
    the array's dtype, as MXNet's np takes them); the result on the first array's context."""
    arrays = [a for a in args if isinstance(a, ndarray)]
    for a in args:
        data = unwrap(a, f"np.{fname}")
        kind = data._data.dtype.kind if isinstance(a, ndarray) else (
            "i" if isinstance(a, (numbers.Integral, onp.integer)) else "f")
        if kind not in "iub":
            what = data._data.dtype if isinstance(a, ndarray) else type(a).__name__
            raise TypeError(f"np.{fname} takes ints and bools (as in MXNet 1.9.1), got {what}")
    host = function(*(a.asnumpy() if isinstance(a, ndarray) else a for a in args))
    ctx = arrays[0]._nd._ctx
    host = onp.asarray(host, order="C")
    return wrap(fresh_shape(OPS["nd.array"].call(host, ctx=ctx, dtype=host.dtype), host.shape))


def lcm(x1, x2):
    """The least common multiple of each pair of ints (|x1 * x2| / gcd).

    Parameters:
        x1: an np array of ints, or an int.
        x2: an np array of ints, or an int.

    Example:
        >>> np.lcm(np.array([4, 6], dtype='int32'), np.array([6, 4], dtype='int32'))
        array([12, 12], dtype=int32)
    """
    return _integer_op("lcm", onp.lcm, x1, x2)


def invert(x):
    """The bitwise NOT of each int (~x: -x - 1 for signed ints), the logical NOT of bools.

    Parameters:
        x: an np array of ints or bools.

    Example:
        >>> np.invert(np.array([1, 0], dtype='int32'))
        array([-2, -1], dtype=int32)
    """
    return _integer_op("invert", onp.invert, x)


def bitwise_not(x):
    """np.invert's other name: the bitwise NOT of each int or bool.

    Parameters:
        x: an np array of ints or bools.

    Example:
        >>> np.bitwise_not(np.array([1], dtype='uint8'))
        array([254], dtype=uint8)
    """
    return _integer_op("bitwise_not", onp.invert, x)


def bitwise_and(x1, x2):
    """The bitwise AND of each pair of ints or bools.

    Parameters:
        x1: an np array of ints or bools, or an int.
        x2: an np array of ints or bools, or an int.

    Example:
        >>> np.bitwise_and(np.array([3, 5], dtype='int32'), 1)
        array([1, 1], dtype=int32)
    """
    return _integer_op("bitwise_and", onp.bitwise_and, x1, x2)


def bitwise_or(x1, x2):
    """The bitwise OR of each pair of ints or bools.

    Parameters:
        x1: an np array of ints or bools, or an int.
        x2: an np array of ints or bools, or an int.

    Example:
        >>> np.bitwise_or(np.array([3, 5], dtype='int32'), np.array([4, 2], dtype='int32'))
        array([7, 7], dtype=int32)
    """
    return _integer_op("bitwise_or", onp.bitwise_or, x1, x2)


def bitwise_xor(x1, x2):
    """The bitwise XOR of each pair of ints or bools.

    Parameters:
        x1: an np array of ints or bools, or an int.
        x2: an np array of ints or bools, or an int.

    Example:
        >>> np.bitwise_xor(np.array([3, 5], dtype='int32'), np.array([1, 1], dtype='int32'))
        array([2, 4], dtype=int32)
    """
    return _integer_op("bitwise_xor", onp.bitwise_xor, x1, x2)


def _window(fname: str, M: int, dtype, ctx, terms) -> ndarray:
    """MXNet's window kernels: the angle 2*pi*i/(M-1) in double, the cosines in the dtype."""
    dtype = onp.dtype("float32" if dtype is None else dtype)
    if M < 1:
        host = onp.zeros(0, dtype)
    elif M == 1:
        host = onp.ones(1, dtype)
    else:
        i = onp.arange(M, dtype=onp.float64)
        host = onp.full(M, terms[0][0], dtype)
        for coefficient, multiple in terms[1:]:
            angle = (multiple * onp.pi * i / (M - 1)).astype(dtype)
            host = host + dtype.type(coefficient) * onp.cos(angle)
        host = host.astype(dtype)
    return wrap(OPS["nd.array"].call(host, ctx=ctx, dtype=dtype))


def hanning(M, dtype=None, ctx=None):
    """The Hann window of M points: 0.5 - 0.5 cos(2 pi n / (M - 1)), float32 by default.

    Parameters:
        M: the number of points.
        dtype: the element type.
        ctx: the device.

    Example:
        >>> np.hanning(5)
        array([0. , 0.5, 1. , 0.5, 0. ])
    """
    return _window("hanning", M, dtype, ctx, [(0.5, 0), (-0.5, 2)])


def hamming(M, dtype=None, ctx=None):
    """The Hamming window of M points: 0.54 - 0.46 cos(2 pi n / (M - 1)), float32 by default.

    Parameters:
        M: the number of points.
        dtype: the element type.
        ctx: the device.

    Example:
        >>> np.hamming(3)
        array([0.08000001, 1.        , 0.08000001])
    """
    return _window("hamming", M, dtype, ctx, [(0.54, 0), (-0.46, 2)])


def blackman(M, dtype=None, ctx=None):
    """The Blackman window of M points: 0.42 - 0.5 cos(2 pi n/(M-1)) + 0.08 cos(4 pi n/(M-1)).

    Parameters:
        M: the number of points.
        dtype: the element type.
        ctx: the device.

    Example:
        >>> np.blackman(3)
        array([-1.4901161e-08,  9.9999994e-01, -1.4901161e-08])
    """
    return _window("blackman", M, dtype, ctx, [(0.42, 0), (-0.5, 2), (0.08, 4)])


def shares_memory(a, b, max_work=None):
    """Whether two np arrays use some of the same memory (a view and its base do).

    Parameters:
        a: an np array.
        b: an np array.
        max_work: accepted for NumPy's sake.

    Example:
        >>> x = np.ones(4); np.shares_memory(x, x), np.shares_memory(x, np.ones(4))
        (True, False)
    """
    left, right = unwrap(a, "np.shares_memory"), unwrap(b, "np.shares_memory")
    return bool(left._ctx.xp.shares_memory(left._data, right._data)) \
        if hasattr(left._ctx.xp, "shares_memory") else bool(
            left._ctx.xp.may_share_memory(left._data, right._data))


def may_share_memory(a, b, max_work=None):
    """Whether two np arrays might use the same memory (the bounds of their buffers overlap).

    Parameters:
        a: an np array.
        b: an np array.
        max_work: accepted for NumPy's sake.

    Example:
        >>> x = np.ones(4); np.may_share_memory(x, x)
        True
    """
    left, right = unwrap(a, "np.may_share_memory"), unwrap(b, "np.may_share_memory")
    return bool(left._ctx.xp.may_share_memory(left._data, right._data))


FUNCTIONS = {f.__name__: f for f in (
    lcm, invert, bitwise_not, bitwise_and, bitwise_or, bitwise_xor, hanning, hamming, blackman,
    shares_memory, may_share_memory)}
FUNCTIONS["finfo"] = finfo
