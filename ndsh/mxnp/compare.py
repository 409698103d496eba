"""Comparing and locating in `mx.np`: isclose, allclose, array_equal, nonzero, argwhere,
count_nonzero. Their results are bools or indices (no gradient); isclose is composed of the
table's ops, the index functions read the values on the host."""
from __future__ import annotations

import numpy as onp

from ndsh.engine.registry import OPS
from ndsh.mxnp.array import cast, unwrap, wrap
from ndsh.mxnp.math import binary

_BOOL = onp.dtype(onp.bool_)


def isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    """Whether each pair of elements is equal within a tolerance: |a - b| <= atol + rtol * |b|.

    Parameters:
        a: an np array.
        b: an np array.
        rtol: the relative tolerance.
        atol: the absolute tolerance.
        equal_nan: count NaN as equal to NaN.

    Example:
        >>> np.isclose(np.array([1.0, 2.0]), np.array([1.0, 2.1]))
        array([ True, False])
    """
    difference = binary("subtract", "subtract", a, b)._nd
    limit = OPS["nd.abs"].call(cast(unwrap(b, "np.isclose"), difference._data.dtype)) * rtol + atol
    close = OPS["nd.lesser_equal"].call(OPS["nd.abs"].call(difference), limit)
    if equal_nan:
        x, y = unwrap(a, "np.isclose"), unwrap(b, "np.isclose")
        both = OPS["nd.not_equal"].call(x, x) * cast(OPS["nd.not_equal"].call(y, y),
                                                   x._data.dtype)
        close = OPS["nd.maximum"].call(close, cast(both, close._data.dtype))
    return wrap(cast(close, _BOOL))


def allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    """Whether every pair of elements is close (np.isclose): a Python bool.

    Parameters:
        a: an np array.
        b: an np array.
        rtol: the relative tolerance.
        atol: the absolute tolerance.
        equal_nan: count NaN as equal to NaN.

    Example:
        >>> np.allclose(np.ones(2), np.ones(2) + 1e-9)
        True
    """
    return bool(isclose(a, b, rtol, atol, equal_nan).asnumpy().all())


def array_equal(a1, a2, equal_nan=False):
    """Whether two arrays have the same shape and elements: a Python bool.

    Parameters:
        a1: an np array.
        a2: an np array.
        equal_nan: count NaN as equal to NaN.

    Example:
        >>> np.array_equal(np.ones(2), np.ones(2)), np.array_equal(np.ones(2), np.ones(3))
        (True, False)
    """
    x, y = unwrap(a1, "np.array_equal"), unwrap(a2, "np.array_equal")
    return bool(onp.array_equal(x.asnumpy(), y.asnumpy(), equal_nan=equal_nan))


def nonzero(a):
    """The indices of the nonzero elements, one int64 array per axis (a tuple).

    Parameters:
        a: an np array.

    Example:
        >>> np.nonzero(np.array([[0.0, 1.0], [2.0, 0.0]]))
        (array([0, 1], dtype=int64), array([1, 0], dtype=int64))
    """
    data = unwrap(a, "np.nonzero")
    return tuple(wrap(OPS["nd.array"].call(i.astype(onp.int64), ctx=data._ctx, dtype="int64"))
                 for i in onp.nonzero(data.asnumpy()))


def argwhere(a):
    """The indices of the nonzero elements as rows: an int64 array of shape (count, ndim).

    Parameters:
        a: an np array.

    Example:
        >>> np.argwhere(np.array([0.0, 1.0, 2.0]))
        array([[1],
               [2]], dtype=int64)
    """
    data = unwrap(a, "np.argwhere")
    found = onp.argwhere(data.asnumpy()).astype(onp.int64)
    return wrap(OPS["nd.array"].call(found, ctx=data._ctx, dtype="int64"))


def count_nonzero(a, axis=None):
    """How many elements are nonzero (over `axis`, or all of them: a Python int).

    Parameters:
        a: an np array.
        axis: an int or a tuple; None counts every element.

    Example:
        >>> np.count_nonzero(np.array([0.0, 1.0, 2.0]))
        2
    """
    data = unwrap(a, "np.count_nonzero")
    counted = onp.count_nonzero(data.asnumpy(), axis=axis)
    if axis is None:
        return int(counted)
    return wrap(OPS["nd.array"].call(onp.asarray(counted, onp.int64), ctx=data._ctx,
                                     dtype="int64"))


FUNCTIONS = {f.__name__: f for f in (isclose, allclose, array_equal, nonzero, argwhere,
                                     count_nonzero)}
