"""`mx.np` functions the table has no single op for, composed of its ops (so the differentiable
ones have gradients): isnan, isinf, isfinite, tril, roll; and unique, computed on the host (its
result has no gradient in MXNet either)."""
from __future__ import annotations

import numbers

import numpy as onp

from ndsh.engine.registry import OPS
from ndsh.mxnp import bits as _bits
from ndsh.mxnp import edits as _edits
from ndsh.mxnp import einsum as _einsum
from ndsh.mxnp import fallback as _fallback
from ndsh.mxnp import numeric as _numeric
from ndsh.mxnp import pad as _pad
from ndsh.mxnp import printing as _printing
from ndsh.mxnp import signs as _signs
from ndsh.mxnp.array import cast, unwrap, wrap
from ndsh.mxnp.naming import check_axes

_BOOL = onp.dtype(onp.bool_)
_NUMERIC = (int, float, onp.generic)


def isnan(x):
    """Whether each element is NaN: a bool array.

    Parameters:
        x: an np array.

    Example:
        >>> np.isnan(np.array([1.0, np.nan]))
        array([False,  True])
    """
    if isinstance(x, _NUMERIC):
        return onp.isnan(x)          # a scalar: NumPy's answer, as in MXNet
    data = unwrap(x, "np.isnan")
    return wrap(cast(OPS["nd.not_equal"].call(data, data), _BOOL))


def isinf(x):
    """Whether each element is +inf or -inf: a bool array.

    Parameters:
        x: an np array.

    Example:
        >>> np.isinf(np.array([1.0, -np.inf]))
        array([False,  True])
    """
    if isinstance(x, _NUMERIC):
        return onp.isinf(x)          # a scalar: NumPy's answer, as in MXNet
    data = unwrap(x, "np.isinf")
    return wrap(cast(OPS["nd.equal"].call(OPS["nd.abs"].call(data), onp.inf), _BOOL))


def isfinite(x):
    """Whether each element is neither NaN nor infinite: a bool array.

    Parameters:
        x: an np array.

    Example:
        >>> np.isfinite(np.array([1.0, np.inf, np.nan]))
        array([ True, False, False])
    """
    if isinstance(x, _NUMERIC):
        return onp.isfinite(x)          # a scalar: NumPy's answer, as in MXNet
    data = unwrap(x, "np.isfinite")
    not_nan = OPS["nd.equal"].call(data, data)
    not_inf = OPS["nd.not_equal"].call(OPS["nd.abs"].call(data), onp.inf)
    return wrap(cast(OPS["nd.multiply"].call(not_nan, not_inf), _BOOL))


def tril(m, k=0):
    """The lower triangle of the last two axes (elements above the k-th diagonal set to zero).

    Parameters:
        m: an np array of at least 2 dimensions.
        k: the diagonal above which to zero (0: the main one; negative: below it).

    Example:
        >>> np.tril(np.arange(9).reshape(3, 3), k=-1)
        array([[0., 0., 0.],
               [3., 0., 0.],
               [6., 7., 0.]])
    """
    data = unwrap(m, "np.tril")
    rows, cols = data.shape[-2:]
    keep = onp.tri(rows, cols, k, dtype=data._data.dtype)
    mask = OPS["nd.array"].call(keep, ctx=data._ctx, dtype=keep.dtype)
    return wrap(data * mask)


def roll(a, shift, axis=None):
    """The elements shifted by `shift` along `axis` (of the flattened array by default), those
    past the end coming back at the start.

    Parameters:
        a: an np array.
        shift: an int (or a tuple, one per axis of a tuple `axis`).
        axis: an int, a tuple of ints, or None (the flattened array, shape kept).

    Example:
        >>> np.roll(np.arange(5), 2)
        array([3., 4., 0., 1., 2.])
    """
    data = unwrap(a, "np.roll")
    if axis is None:
        flat = OPS["nd.reshape"].call(data, shape=(-1,))
        return wrap(OPS["nd.reshape"].call(_roll(flat, shift, 0), shape=data.shape))
    shifts = (shift,) if isinstance(shift, numbers.Integral) else tuple(shift)
    axes = (axis,) if isinstance(axis, numbers.Integral) else tuple(axis)
    if len(shifts) == 1:
        shifts = shifts * len(axes)
    check_axes("np.roll", axes, data.shape)
    for s, ax in zip(shifts, axes):
        data = _roll(data, s, ax)
    return wrap(data)


def _roll(data, shift, axis):
    size = data.shape[axis]
    shift = shift % size if size else 0
    if not shift:
        return OPS["nd.identity"].call(data)
    head = OPS["nd.slice_axis"].call(data, axis=axis, begin=size - shift, end=size)
    tail = OPS["nd.slice_axis"].call(data, axis=axis, begin=0, end=size - shift)
    return OPS["nd.concat"].call(head, tail, dim=axis % data.ndim)


def unique(ar, return_index=False, return_inverse=False, return_counts=False, axis=None):
    """The sorted distinct elements (of the flattened array, or rows along `axis`), with the
    indices, inverse and counts on request (int64), computed on the host without a gradient.

    Parameters:
        ar: an np array.
        return_index: also the index of each value's first occurrence.
        return_inverse: also the indices that rebuild ar from the result.
        return_counts: also how often each value occurs.
        axis: the axis whose slices are compared; None flattens.

    Example:
        >>> np.unique(np.array([3.0, 1.0, 3.0]), return_counts=True)
        (array([1., 3.]), array([1, 2], dtype=int64))
    """
    data = unwrap(ar, "np.unique")
    found = onp.unique(data.asnumpy(), return_index, return_inverse, return_counts, axis)
    parts = found if isinstance(found, tuple) else (found,)
    arrays = [OPS["nd.array"].call(p if i == 0 else p.astype(onp.int64), ctx=data._ctx,
                                   dtype=p.dtype if i == 0 else onp.int64)
              for i, p in enumerate(parts)]
    return wrap(arrays[0]) if len(arrays) == 1 else tuple(wrap(p) for p in arrays)


def diff(a, n=1, axis=-1):
    """The n-th differences along `axis`: a[1:] - a[:-1], n times.

    Parameters:
        a: an np array.
        n: how many times to take differences.
        axis: the axis along which to take them.

    Example:
        >>> np.diff(np.array([1.0, 4.0, 9.0]))
        array([3., 5.])
    """
    data = unwrap(a, "np.diff")
    axis = axis % data.ndim
    for _ in range(n):
        size = data.shape[axis]
        later = OPS["nd.slice_axis"].call(data, axis=axis, begin=1, end=size)
        earlier = OPS["nd.slice_axis"].call(data, axis=axis, begin=0, end=size - 1)
        data = later - earlier
    return wrap(data)


def diagonal(a, offset=0, axis1=0, axis2=1):
    """The diagonal of the axes axis1 and axis2 (above the main one for offset > 0).

    Parameters:
        a: an np array of at least 2 dimensions.
        offset: the diagonal's offset.
        axis1: the first axis of the 2-D planes.
        axis2: the second axis.

    Example:
        >>> np.diagonal(np.arange(9).reshape(3, 3))
        array([0., 4., 8.])
    """
    data = unwrap(a, "np.diagonal")
    return wrap(OPS["nd.diag"].call(data, k=offset, axis1=axis1, axis2=axis2))


def trace(a, offset=0, axis1=0, axis2=1):
    """The sum of the diagonal (np.diagonal's arguments): shape () for a matrix.

    Parameters:
        a: an np array of at least 2 dimensions.
        offset: the diagonal's offset.
        axis1: the first axis of the 2-D planes.
        axis2: the second axis.

    Example:
        >>> np.trace(np.arange(9).reshape(3, 3))
        array(12.)
    """
    from ndsh.mxnp.reduce import sum as total
    return total(diagonal(a, offset, axis1, axis2), axis=-1)


def average(a, axis=None, weights=None, returned=False):
    """The (weighted) average over `axis`: sum(a * weights) / sum(weights), or the mean.

    Parameters:
        a: an np array.
        axis: an int or None (every element).
        weights: an np array of a's shape (or of the axis' length), or None for equal weights.
        returned: also return the sum of the weights.

    Example:
        >>> np.average(np.array([1.0, 2.0]), weights=np.array([3.0, 1.0]))
        array(1.25)
    """
    from ndsh.mxnp import reduce, shape
    if weights is None:
        result = reduce.mean(a, axis=axis)
        count = a.size if axis is None else a.shape[axis]
        return (result, wrap(OPS["nd.full"].call(result.shape, count, ctx=result.ctx,
                                                 dtype=result.dtype))) if returned else result
    if axis is not None and weights.ndim == 1 and a.ndim > 1:
        view = [1] * a.ndim
        view[axis] = -1
        weights = shape.reshape(weights, tuple(view))
    weighted = reduce.sum(wrap(unwrap(a, "np.average") * unwrap(weights, "np.average")), axis)
    scale = reduce.sum(shape.broadcast_to(weights, a.shape), axis)
    result = wrap(weighted._nd / scale._nd)
    return (result, scale) if returned else result


def logspace(start, stop, num=50, endpoint=True, base=10.0, dtype=None, axis=0, ctx=None):
    """`num` numbers spaced evenly on a log scale: base ** linspace(start, stop, num).

    Parameters:
        start: base ** start is the first value.
        stop: base ** stop is the last (or the end, with endpoint=False).
        num: how many values.
        endpoint: include base ** stop.
        base: the base of the log scale.
        dtype: the element type; default float32.
        axis: only 0.
        ctx: the context (device); default the current context.

    Example:
        >>> np.logspace(0, 2, 3)
        array([  1.,  10., 100.])
    """
    from ndsh.mxnp.creation import linspace
    exponents = linspace(start, stop, num, endpoint=endpoint, dtype=dtype, ctx=ctx)
    return wrap(OPS["nd.power"].call(base, exponents._nd))


def fabs(x):
    """The absolute values (np.abs, for floats).

    Parameters:
        x: an np array.

    Example:
        >>> np.fabs(np.array([-1.5]))
        array([1.5])
    """
    return wrap(OPS["nd.abs"].call(unwrap(x, "np.fabs")))


def positive(x):
    """+x: a copy of the array.

    Parameters:
        x: an np array.

    Example:
        >>> np.positive(np.array([-1.5]))
        array([-1.5])
    """
    return wrap(OPS["nd.identity"].call(unwrap(x, "np.positive")))


def ndim(a) -> int:
    """The number of dimensions of an array.

    Parameters:
        a: an np array.

    Example:
        >>> np.ndim(np.ones((2, 3)))
        2
    """
    return unwrap(a, "np.ndim").ndim


def shape(a) -> tuple:
    """The shape of an array.

    Parameters:
        a: an np array.

    Example:
        >>> np.shape(np.ones((2, 3)))
        (2, 3)
    """
    return unwrap(a, "np.shape").shape


def size(a, axis=None) -> int:
    """The number of elements (along `axis`, or in all).

    Parameters:
        a: an np array.
        axis: an axis, or None for all the elements.

    Example:
        >>> np.size(np.ones((2, 3)))
        6
    """
    data = unwrap(a, "np.size")
    return data.size if axis is None else data.shape[axis]


FUNCTIONS = {f.__name__: f for f in (isnan, isinf, isfinite, tril, roll, unique, diff, diagonal,
                                     trace, average, logspace, fabs, positive, ndim, shape, size)}
# the families of their own modules that np.py exports through this table
for _family in (_einsum, _pad, _printing, _signs, _fallback, _edits, _numeric, _bits):
    FUNCTIONS.update(_family.FUNCTIONS)
