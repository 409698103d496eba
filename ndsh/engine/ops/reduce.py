"""Reductions: sum, mean, max, min, prod, nansum, nanprod, norm, moments. A whole-array
reduction gives shape (1,), as in MXNet; integer arrays reduce in their own dtype (uint8 sums
wrap). The axis helpers are in axes.py, cumsum and histogram in cumulative.py, sorting and
searching in sorting.py."""
from __future__ import annotations

import builtins

import numpy as np

from ndsh.engine import dtypes
from ndsh.engine.define import op
from ndsh.engine.mxnet_errors import TypeError, ValueError
from ndsh.engine.ops.axes import (
    _count,
    _kept_shape,
    _reduced,
    _spread,
    at_least_1d,
    reduce_axes,
)


def _sum_vjp(xp, g, ans, data, axis=None, keepdims=False, exclude=False):
    return _spread(xp, g, data.shape, reduce_axes("sum", data.shape, axis, exclude))


def _whole(fn):
    """Mark a reduction whose forward, called without parameters (x.sum(), b.norm()), serves as
    its float forward: the public call's first branch (invoke.make_callable) then runs it on one
    small float array without the general checks, as it runs exp's."""
    fn.float_forward = fn
    return fn


@op(vjp=_sum_vjp, method=True, aliases=("sum_axis",), keeps=())
@_whole
def sum(xp, data, axis=None, keepdims=False, exclude=False):
    """The sum over `axis` (an int, a tuple, or None for all); a full sum has shape (1,).

    Parameters:
        data: the input array.
        axis: the axes to reduce; None (or ()) reduces all of them.
        keepdims: keep the reduced axes with size 1.
        exclude: reduce over every axis except the given ones.

    Example:
        >>> x = nd.arange(6).reshape((2, 3)); x.sum()
        <BLANKLINE>
        [15.]
        <NDArray 1 @cpu(0)>
        >>> x.sum(axis=1)
        <BLANKLINE>
        [ 3. 12.]
        <NDArray 2 @cpu(0)>
    """
    axes = reduce_axes("sum", data.shape, axis, exclude)
    return at_least_1d(data.sum(axis=axes, keepdims=keepdims, dtype=data.dtype))


def _mean_vjp(xp, g, ans, data, axis=None, keepdims=False, exclude=False):
    axes = reduce_axes("mean", data.shape, axis, exclude)
    return _spread(xp, g, data.shape, axes) / _count(data.shape, axes)


@op(vjp=_mean_vjp, method=True, keeps=())
@_whole
def mean(xp, data, axis=None, keepdims=False, exclude=False):
    """The mean over `axis` (None for all, giving shape (1,)); integer arrays truncate.

    Parameters:
        axis: the axes to reduce: an int, a tuple of ints, or None (or ()) for all of them.

    Example:
        >>> nd.array([[1, 2], [3, 5]]).mean(axis=0)
        <BLANKLINE>
        [2.  3.5]
        <NDArray 2 @cpu(0)>
    """
    axes = reduce_axes("mean", data.shape, axis, exclude)
    if data.dtype.kind in "iub":
        # MXNet sums in the array's own dtype (uint8 wraps), then divides truncating
        total = data.sum(axis=axes, keepdims=keepdims, dtype=data.dtype).astype(np.int64)
        count = _count(data.shape, axes)
        quotient = xp.abs(total) // count * xp.sign(total)
        return at_least_1d(quotient.astype(data.dtype))
    return at_least_1d(data.mean(axis=axes, keepdims=keepdims, dtype=data.dtype))


def _extreme_vjp(xp, g, ans, data, axis=None, keepdims=False, exclude=False):
    axes = reduce_axes("max", data.shape, axis, exclude)
    return _spread(xp, g, data.shape, axes) * (data == _reduced(xp, ans, data.shape, axes))


def _empty_extreme(name, shape, axes):
    where = f"over axes {axes}" if axes is not None else "over all axes"
    return ValueError(f"{name}: the array of shape {shape} has no elements to take the {name} of "
                      f"{where} (MXNet refuses this too)")


@op(vjp=_extreme_vjp, method=True, aliases=("max_axis",))
def max(xp, data, axis=None, keepdims=False, exclude=False):
    """The maximum over `axis`; every position tied for the maximum gets the gradient.

    Parameters:
        axis: the axes to reduce: an int, a tuple of ints, or None (or ()) for all of them.

    Example:
        >>> nd.array([[1, 5], [7, 2]]).max(axis=1)
        <BLANKLINE>
        [5. 7.]
        <NDArray 2 @cpu(0)>
    """
    axes = reduce_axes("max", data.shape, axis, exclude)
    try:
        return at_least_1d(data.max(axis=axes, keepdims=keepdims))
    except builtins.ValueError:     # numpy: "zero-size array to reduction operation"
        raise _empty_extreme("max", data.shape, axes) from None


@op(vjp=_extreme_vjp, method=True, aliases=("min_axis",))
def min(xp, data, axis=None, keepdims=False, exclude=False):
    """The minimum over `axis`; every position tied for the minimum gets the gradient.

    Parameters:
        axis: the axes to reduce: an int, a tuple of ints, or None (or ()) for all of them.

    Example:
        >>> nd.array([[1, 5], [7, 2]]).min(axis=1)
        <BLANKLINE>
        [1. 2.]
        <NDArray 2 @cpu(0)>
    """
    axes = reduce_axes("min", data.shape, axis, exclude)
    try:
        return at_least_1d(data.min(axis=axes, keepdims=keepdims))
    except builtins.ValueError:     # numpy: "zero-size array to reduction operation"
        raise _empty_extreme("min", data.shape, axes) from None


def _prod_vjp(xp, g, ans, data, axis=None, keepdims=False, exclude=False):
    axes = reduce_axes("prod", data.shape, axis, exclude)
    return _spread(xp, g, data.shape, axes) * _reduced(xp, ans, data.shape, axes) / data


@op(vjp=_prod_vjp, method=True)
def prod(xp, data, axis=None, keepdims=False, exclude=False):
    """The product over `axis` (None for all, giving shape (1,)).

    Parameters:
        axis: the axes to reduce: an int, a tuple of ints, or None (or ()) for all of them.

    Example:
        >>> nd.array([[1, 2], [3, 4]]).prod(axis=0)
        <BLANKLINE>
        [3. 8.]
        <NDArray 2 @cpu(0)>
    """
    axes = reduce_axes("prod", data.shape, axis, exclude)
    return at_least_1d(data.prod(axis=axes, keepdims=keepdims, dtype=data.dtype))


def _nansum_vjp(xp, g, ans, data, axis=None, keepdims=False, exclude=False):
    axes = reduce_axes("nansum", data.shape, axis, exclude)
    return _spread(xp, g, data.shape, axes) * (data == data)


@op(vjp=_nansum_vjp, method=True)
def nansum(xp, data, axis=None, keepdims=False, exclude=False):
    """The sum over `axis`, treating NaN as 0.

    Parameters:
        axis: the axes to reduce: an int, a tuple of ints, or None (or ()) for all of them.

    Example:
        >>> nd.nansum(nd.array([1, float('nan'), 2]))
        <BLANKLINE>
        [3.]
        <NDArray 1 @cpu(0)>
    """
    axes = reduce_axes("nansum", data.shape, axis, exclude)
    return at_least_1d(xp.nansum(data, axis=axes, keepdims=keepdims, dtype=data.dtype))


def _nanprod_vjp(xp, g, ans, data, axis=None, keepdims=False, exclude=False):
    axes = reduce_axes("nanprod", data.shape, axis, exclude)
    missing = xp.isnan(data)           # a NaN counted as 1: no gradient reaches it
    grad = _spread(xp, g, data.shape, axes) * _reduced(xp, ans, data.shape, axes) \
        / xp.where(missing, 1, data)
    return xp.where(missing, 0, grad)


@op(vjp=_nanprod_vjp, method=True)
def nanprod(xp, data, axis=None, keepdims=False, exclude=False):
    """The product over `axis`, treating NaN as 1.

    Parameters:
        axis: the axes to reduce: an int, a tuple of ints, or None (or ()) for all of them.

    Example:
        >>> nd.nanprod(nd.array([2, float('nan'), 3]))
        <BLANKLINE>
        [6.]
        <NDArray 1 @cpu(0)>
    """
    axes = reduce_axes("nanprod", data.shape, axis, exclude)
    return at_least_1d(xp.nanprod(data, axis=axes, keepdims=keepdims, dtype=data.dtype))


def _norm_vjp(xp, g, ans, data, ord=2, axis=None, out_dtype=None, keepdims=False):
    axes = reduce_axes("norm", data.shape, axis)
    spread = _spread(xp, g, data.shape, axes)
    if ord == 1:
        return spread * xp.sign(data)
    return spread * data / _reduced(xp, ans, data.shape, axes)


@op(vjp=_norm_vjp, method=True)
@_whole
def norm(xp, data, ord=2, axis=None, out_dtype=None, keepdims=False):
    """The L2 (ord=2, default) or L1 (ord=1) norm over `axis`; by default of the whole array
    flattened, with shape (1,).

    Parameters:
        ord: 1 for the L1 norm (the sum of absolute values), 2 for the L2 norm.
        axis: the axes to reduce: an int, a tuple of ints, or None for the whole array.
        out_dtype: the dtype of the result; default the input's.

    Example:
        >>> nd.array([[3, 4], [0, 0]]).norm()
        <BLANKLINE>
        [5.]
        <NDArray 1 @cpu(0)>
    """
    if axis is None and out_dtype is None and data.size == 1 and (ord == 2 or ord == 1):
        # one element, the whole array: |x|, exact, before any axis handling (d2l's control
        # flow example calls b.norm() on a (1,) array at every step of its loop); a (1,)
        # array's |x| has the result's shape already
        if data.ndim == 1:
            return xp.abs(data)
        return xp.abs(data).reshape((1,) * data.ndim if keepdims else (1,))
    if ord not in (1, 2):
        raise ValueError(f"norm: ord must be 1 or 2 (as in MXNet), not {ord!r}")
    axes = reduce_axes("norm", data.shape, axis)
    if data.size == 1 and axes is None and out_dtype is None:
        return xp.abs(data).reshape((1,) * data.ndim if keepdims else (1,))  # exact, and fast
    if ord == 1:
        result = xp.abs(data).sum(axis=axes, keepdims=keepdims, dtype=data.dtype)
    else:
        # MXNet's nrm2 scales by the largest magnitude first; so must we, to match its float32
        # results to the last digit (sqrt(sum(x*x)) differs in the last place)
        scale = xp.abs(data).max(axis=axes, keepdims=True) if data.size else xp.ones(
            (1,) * data.ndim, dtype=data.dtype)
        scale = xp.where(scale == 0, 1, scale).astype(data.dtype, copy=False)
        scaled = data / scale
        result = xp.sqrt((scaled * scaled).sum(axis=axes, keepdims=True, dtype=data.dtype))
        result = result * scale
        if not keepdims:
            result = result.reshape(_kept_shape(data.shape, axes))
    if out_dtype is not None:
        result = result.astype(dtypes.normalize(out_dtype))
    return at_least_1d(result.astype(data.dtype, copy=False) if out_dtype is None else result)


def moments(data, axes=None, keepdims=False):
    """The mean and the (population) variance of `data` over `axes`, as a list [mean, var].

    Both reduce the same axes and keep them with keepdims=True. An integer array gives
    integer moments, truncated as MXNet's are (the variance is taken around the truncated
    mean).

    Parameters:
        data: the array.
        axes: the axes to reduce, an int or a tuple of ints (required).
        keepdims: keep the reduced axes, with size 1.

    Example:
        >>> mean, var = nd.moments(nd.array([[1, 2, 3], [4, 5, 6]]), axes=(0,)); var
        <BLANKLINE>
        [2.25 2.25 2.25]
        <NDArray 3 @cpu(0)>
    """
    from ndsh.engine.ndarray import NDArray
    if not isinstance(data, NDArray):
        raise TypeError(f"moments: data must be an NDArray, got {type(data).__name__}")
    items = (axes,) if isinstance(axes, (int, np.integer)) else tuple(axes or ())
    if not items:
        raise ValueError(f"moments: give the axes to reduce, e.g. axes=(0,), for the array of "
                         f"shape {data.shape}")
    reduced = reduce_axes("moments", data.shape, items)
    if len(reduced) != len(items):
        raise ValueError(f"moments: axes {items} name an axis twice (shape {data.shape})")
    centre = mean(data, axis=reduced, keepdims=True)
    deviation = data - centre
    variance = mean(deviation * deviation, axis=reduced, keepdims=keepdims)
    if not keepdims:
        centre = centre.reshape(variance.shape)
    return [centre, variance]


op(kind="function")(moments)
