"""Reductions of `mx.np` over the table's reduce ops, with NumPy's shapes (a full reduction gives
shape (), not the legacy (1,)) and MXNet's np dtypes: the mean of ints is float32, the sum of
bools int64, argmax and argmin give int64, std and var of ints stay int (truncated)."""
from __future__ import annotations

import numpy as onp

from ndsh.engine.registry import OPS
from ndsh.mxnp.array import cast, fresh_shape, ndarray, unwrap, wrap
from ndsh.mxnp.naming import check_axes, naming_errors


def reduced_shape(shape: tuple, axis, keepdims: bool) -> tuple:
    """The shape NumPy gives a reduction of `shape` over `axis`.

    Example:
        >>> from ndsh.mxnp.reduce import reduced_shape
        >>> reduced_shape((3, 4), None, False), reduced_shape((3, 4), 1, True)
        ((), (3, 1))
    """
    ndim = len(shape)
    if axis is None:
        axes = set(range(ndim))
    else:
        axes = {a % ndim if ndim else 0
                for a in (axis if isinstance(axis, (tuple, list)) else (axis,))}
    if keepdims:
        return tuple(1 if i in axes else d for i, d in enumerate(shape))
    return tuple(d for i, d in enumerate(shape) if i not in axes)


def _axis(axis):
    return tuple(axis) if isinstance(axis, list) else axis


def _reduce(fname, op_name, a, axis, keepdims, dtype=None):
    x = a._nd if type(a) is ndarray else unwrap(a, f"np.{fname}")
    if dtype is not None:
        x = cast(x, onp.dtype(dtype))
    if axis is None and not keepdims:          # the common case: every element, shape ()
        return wrap(fresh_shape(OPS[f"nd.{op_name}"].call(x), ()))
    if axis == ():
        return wrap(x)
    axis = _axis(axis)
    result = OPS[f"nd.{op_name}"].call(x, axis=axis, keepdims=keepdims)
    return wrap(fresh_shape(result, reduced_shape(x.shape, axis, keepdims)))


def sum(a, axis=None, dtype=None, keepdims=False):  # noqa: A001  (numpy's name)
    """The sum of the elements over `axis` (all of them by default): shape () for a full sum;
    bools sum to int64, ints keep their dtype.

    Parameters:
        a: an np array.
        axis: an int or a tuple of ints; None sums every element.
        dtype: the dtype to sum in (and of the result).
        keepdims: keep the reduced axes with size 1.

    Example:
        >>> x = np.arange(6).reshape(2, 3)
        >>> np.sum(x), np.sum(x, axis=0)
        (array(15.), array([3., 5., 7.]))
    """
    x = a._nd if type(a) is ndarray else unwrap(a, "np.sum")
    if dtype is None and x._data.dtype.kind == "b":
        dtype = onp.int64
    return _reduce("sum", "sum", a, axis, keepdims, dtype)


def mean(a, axis=None, dtype=None, keepdims=False):
    """The mean over `axis` (all elements by default): float32 for int and bool arrays.

    Parameters:
        a: an np array.
        axis: an int or a tuple of ints; None averages every element.
        dtype: the dtype to compute in (and of the result).
        keepdims: keep the reduced axes with size 1.

    Example:
        >>> np.mean(np.arange(6).reshape(2, 3), axis=1)
        array([1., 4.])
    """
    x = unwrap(a, "np.mean")
    if dtype is None and x._data.dtype.kind in "biu":
        dtype = onp.float32
    return _reduce("mean", "mean", a, axis, keepdims, dtype)


def max(a, axis=None, keepdims=False):  # noqa: A001
    """The largest element over `axis` (all elements by default).

    Parameters:
        a: an np array.
        axis: an int or a tuple of ints; None reduces every element.
        keepdims: keep the reduced axes with size 1.

    Example:
        >>> np.max(np.arange(6).reshape(2, 3), axis=0)
        array([3., 4., 5.])
    """
    return _reduce("max", "max", a, axis, keepdims)


def min(a, axis=None, keepdims=False):  # noqa: A001
    """The smallest element over `axis` (all elements by default).

    Parameters:
        a: an np array.
        axis: an int or a tuple of ints; None reduces every element.
        keepdims: keep the reduced axes with size 1.

    Example:
        >>> np.min(np.arange(6).reshape(2, 3))
        array(0.)
    """
    return _reduce("min", "min", a, axis, keepdims)


def prod(a, axis=None, dtype=None, keepdims=False):
    """The product of the elements over `axis` (all of them by default).

    Parameters:
        a: an np array.
        axis: an int or a tuple of ints; None multiplies every element.
        dtype: the dtype to compute in (and of the result).
        keepdims: keep the reduced axes with size 1.

    Example:
        >>> np.prod(np.array([[1.0, 2.0], [3.0, 4.0]]), axis=1)
        array([ 2., 12.])
    """
    return _reduce("prod", "prod", a, axis, keepdims, dtype)


def var(a, axis=None, dtype=None, ddof=0, keepdims=False):
    """The variance over `axis`, mean((x - x.mean())**2) * n / (n - ddof), composed of the
    table's ops (so it has a gradient); ints give an int result (truncated), as in MXNet.

    Parameters:
        a: an np array.
        axis: an int or a tuple of ints; None uses every element.
        dtype: the dtype of the result.
        ddof: the divisor is n - ddof.
        keepdims: keep the reduced axes with size 1.

    Example:
        >>> np.var(np.array([1.0, 2.0, 3.0, 4.0]))
        array(1.25)
    """
    x = unwrap(a, "np.var")
    out_dtype = onp.dtype(dtype) if dtype is not None else x._data.dtype
    xf = cast(x, onp.float32) if x._data.dtype.kind in "biu" else x
    centered = xf - OPS["nd.mean"].call(xf, axis=_axis(axis), keepdims=True)
    total = OPS["nd.sum"].call(OPS["nd.square"].call(centered), axis=_axis(axis),
                               keepdims=keepdims)
    count = x.size // _elements(reduced_shape(x.shape, _axis(axis), False))
    result = total / float(count - ddof)
    return wrap(cast(fresh_shape(result, reduced_shape(x.shape, _axis(axis), keepdims)), out_dtype))


def std(a, axis=None, dtype=None, ddof=0, keepdims=False):
    """The standard deviation over `axis`: the square root of `np.var` (same parameters).

    Parameters:
        a: an np array.
        axis: an int or a tuple of ints; None uses every element.
        dtype: the dtype of the result.
        ddof: the divisor is n - ddof.
        keepdims: keep the reduced axes with size 1.

    Example:
        >>> np.std(np.array([1.0, 2.0, 3.0, 4.0]))
        array(1.118034)
    """
    x = unwrap(a, "np.std")
    variance = var(a if x._data.dtype.kind not in "biu" else wrap(cast(x, onp.float32)),
                   axis=axis, ddof=ddof, keepdims=keepdims)
    result = OPS["nd.sqrt"].call(variance._nd)
    return wrap(cast(result, onp.dtype(dtype) if dtype is not None else x._data.dtype))


def _elements(shape: tuple) -> int:
    """The number of elements of an array of `shape`."""
    size = 1
    for d in shape:
        size *= d
    return size


def _arg(fname, a, axis, keepdims=False):
    x = unwrap(a, f"np.{fname}")
    if axis is None:
        x = OPS["nd.reshape"].call(x, shape=(-1,))
        result = OPS[f"nd.{fname}"].call(x, axis=0)
        shape = (1,) * len(a.shape) if keepdims else ()
    else:
        result = OPS[f"nd.{fname}"].call(x, axis=axis, keepdims=keepdims)
        shape = reduced_shape(x.shape, axis, keepdims)
    return wrap(cast(fresh_shape(result, shape), onp.int64))


def argmax(a, axis=None, keepdims=False):
    """The index of the largest element over `axis` (of the flattened array by default), as
    int64.

    Parameters:
        a: an np array.
        axis: an int; None looks at the flattened array.
        keepdims: keep the reduced axis with size 1.

    Example:
        >>> np.argmax(np.array([[1.0, 5.0], [7.0, 2.0]]), axis=1)
        array([1, 0], dtype=int64)
    """
    return _arg("argmax", a, axis, keepdims)


def argmin(a, axis=None, keepdims=False):
    """The index of the smallest element over `axis` (of the flattened array by default), as
    int64.

    Parameters:
        a: an np array.
        axis: an int; None looks at the flattened array.
        keepdims: keep the reduced axis with size 1.

    Example:
        >>> np.argmin(np.array([[1.0, 5.0], [7.0, 2.0]]))
        array(0, dtype=int64)
    """
    return _arg("argmin", a, axis, keepdims)


def _truth(fname, a, axis, keepdims, op_name):
    x = unwrap(a, f"np.{fname}")
    nonzero = cast(OPS["nd.not_equal"].call(x, 0), onp.float32)
    return wrap(cast(_reduce(fname, op_name, wrap(nonzero), axis, keepdims)._nd, onp.bool_))


def all(a, axis=None, keepdims=False):  # noqa: A001
    """Whether every element over `axis` is true (nonzero): a bool array.

    Parameters:
        a: an np array.
        axis: an int or a tuple of ints; None tests every element.
        keepdims: keep the reduced axes with size 1.

    Example:
        >>> np.all(np.array([1.0, 0.0])), np.all(np.ones(2))
        (array(False), array(True))
    """
    return _truth("all", a, axis, keepdims, "min")


def any(a, axis=None, keepdims=False):  # noqa: A001
    """Whether some element over `axis` is true (nonzero): a bool array.

    Parameters:
        a: an np array.
        axis: an int or a tuple of ints; None tests every element.
        keepdims: keep the reduced axes with size 1.

    Example:
        >>> np.any(np.array([1.0, 0.0]))
        array(True)
    """
    return _truth("any", a, axis, keepdims, "max")


def cumsum(a, axis=None, dtype=None):
    """The cumulative sum along `axis` (of the flattened array by default).

    Parameters:
        a: an np array.
        axis: an int; None runs over the flattened array.
        dtype: the dtype of the result.

    Example:
        >>> np.cumsum(np.array([1.0, 2.0, 3.0]))
        array([1., 3., 6.])
    """
    x = unwrap(a, "np.cumsum")
    if axis is None:
        x, axis = OPS["nd.reshape"].call(x, shape=(-1,)), 0
    check_axes("np.cumsum", axis, x.shape)
    if dtype is not None:
        x = cast(x, onp.dtype(dtype))
    return wrap(OPS["nd.cumsum"].call(x, axis=axis))


amax, amin = max, min
FUNCTIONS = naming_errors({
    "sum": sum, "mean": mean, "max": max, "min": min, "amax": max, "amin": min, "prod": prod,
    "var": var, "std": std, "argmax": argmax, "argmin": argmin, "all": all, "any": any,
    "cumsum": cumsum})
