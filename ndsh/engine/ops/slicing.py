"""Cutting, joining and repeating arrays: slice, slice_axis, slice_like, split, concat,
stack, tile and repeat."""
from __future__ import annotations

import numpy as np

from ndsh.engine.define import op
from ndsh.engine.mxnet_errors import TypeError, ValueError
from ndsh.engine.ndarray import NDArray
from ndsh.engine.ops.axes import one_axis, reduce_axes
from ndsh.engine.ops.shape import reshape


def _tile_reps(data, reps):
    reps = (reps,) if isinstance(reps, (int, np.integer)) else tuple(reps)
    ndim = max(data.ndim, len(reps))
    return (1,) * (ndim - len(reps)) + reps, (1,) * (ndim - data.ndim) + data.shape


def _tile_vjp(xp, g, ans, data, reps):
    reps, shape = _tile_reps(data, reps)
    split = [n for pair in zip(reps, shape) for n in pair]
    summed = xp.reshape(g, split).sum(axis=tuple(range(0, 2 * len(reps), 2)))
    return xp.reshape(summed, data.shape)


@op(vjp=_tile_vjp, method=True, keeps=())
def tile(xp, data, reps):
    """Repeat the whole array `reps` times (an int or one count per axis).

    Parameters:
        reps: how many times to repeat the array: an int, or a tuple with one count per axis.

    Example:
        >>> nd.tile(nd.array([1, 2]), reps=(2, 2))
        <BLANKLINE>
        [[1. 2. 1. 2.]
         [1. 2. 1. 2.]]
        <NDArray 2x4 @cpu(0)>
    """
    counts = (reps,) if isinstance(reps, (int, np.integer)) else tuple(reps)
    if any(int(c) <= 0 for c in counts):
        # MXNet refuses 0 too (it would make a zero-size array, which its legacy shapes lack)
        raise ValueError(f"tile: reps must be positive counts, got {reps}")
    return xp.tile(data, reps)


def _repeat_vjp(xp, g, ans, data, repeats, axis=None):
    if axis is None:
        return xp.reshape(xp.reshape(g, (data.size, repeats)).sum(axis=1), data.shape)
    axis = axis % data.ndim
    shape = data.shape[:axis] + (data.shape[axis], repeats) + data.shape[axis + 1:]
    return xp.reshape(g, shape).sum(axis=axis + 1)


@op(vjp=_repeat_vjp, method=True, keeps=())
def repeat(xp, data, repeats, axis=None):
    """Repeat each element `repeats` times along `axis` (None: of the flattened array).

    Parameters:
        repeats: how many times each element appears.
        axis: the axis to repeat along; None repeats the flattened array.

    Example:
        >>> nd.repeat(nd.array([1, 2]), repeats=2)
        <BLANKLINE>
        [1. 1. 2. 2.]
        <NDArray 4 @cpu(0)>
    """
    return xp.repeat(data, repeats,
                     axis=None if axis is None else one_axis("repeat", axis, data.shape))


def _along(ndim, axis, index):
    return (slice(None),) * axis + (index,)


def _concat_vjp(xp, g, ans, *data, dim=1):
    axis = dim % data[0].ndim
    grads, start = [], 0
    for d in data:
        stop = start + d.shape[axis]
        grads.append(g[_along(d.ndim, axis, slice(start, stop))])
        start = stop
    return tuple(grads)


@op(nin=-1, vjp=_concat_vjp, aliases=("Concat",), keeps=())
def concat(xp, *data, dim=1):
    """Join arrays along `dim`, which defaults to 1 (MXNet): pass them as separate arguments.

    Parameters:
        *data: the arrays to join, as separate arguments; their shapes differ only along `dim`.
        dim: the axis to join along.

    Example:
        >>> nd.concat(nd.ones((2, 1)), nd.zeros((2, 2)))
        <BLANKLINE>
        [[1. 0. 0.]
         [1. 0. 0.]]
        <NDArray 2x3 @cpu(0)>
    """
    first = data[0]
    if not -first.ndim <= dim < first.ndim:
        raise ValueError(f"concat: dim {dim} is out of range for arrays of {first.ndim} "
                         f"dimension(s) (concat's default is dim=1; pass dim=0 for 1-D arrays)")
    axis = dim % first.ndim
    for d in data[1:]:
        if d.ndim != first.ndim or any(a != b for i, (a, b) in enumerate(zip(d.shape,
                                                                           first.shape))
                                       if i != axis):
            raise ValueError(f"concat: shapes {', '.join(str(x.shape) for x in data)} differ "
                             f"outside dim {dim}")
    return xp.concatenate(data, axis=axis)


def _stack_vjp(xp, g, ans, *data, axis=0):
    axis = axis % (data[0].ndim + 1)
    return tuple(xp.reshape(g[_along(g.ndim, axis, slice(i, i + 1))], d.shape)
                 for i, d in enumerate(data))


@op(nin=-1, vjp=_stack_vjp, keeps=())
def stack(xp, *data, axis=0):
    """Join arrays of the same shape along a new axis: pass them as separate arguments.

    Parameters:
        *data: the arrays to stack, as separate arguments, all of the same shape.
        axis: where the new axis goes in the result.

    Example:
        >>> nd.stack(nd.ones((2,)), nd.zeros((2,))).shape
        (2, 2)
    """
    shapes = {d.shape for d in data}
    if len(shapes) > 1:
        raise ValueError(f"stack: all arrays need the same shape, got "
                         f"{', '.join(str(d.shape) for d in data)}")
    return xp.stack(data, axis=one_axis("stack", axis, data[0].shape, new=True))


def _slice_axis_vjp(xp, g, ans, data, axis, begin, end):
    grad = xp.zeros(data.shape, dtype=g.dtype)
    grad[_along(data.ndim, axis % data.ndim, slice(begin, end))] = g
    return grad


@op(vjp=_slice_axis_vjp, method=True, keeps=())
def slice_axis(xp, data, axis, begin, end):
    """The elements from `begin` to `end` (None: to the end) along `axis`.

    Parameters:
        axis: the axis to cut.
        begin: the first index taken (negative counts from the end).
        end: the index to stop before; None: the end of the axis.

    Example:
        >>> nd.slice_axis(nd.arange(6).reshape((2, 3)), axis=1, begin=1, end=None)
        <BLANKLINE>
        [[1. 2.]
         [4. 5.]]
        <NDArray 2x2 @cpu(0)>
    """
    return data[_along(data.ndim, one_axis("slice_axis", axis, data.shape),
                       slice(begin, end))].copy()


def _slices(begin, end, step):
    step = tuple(step) if step else (None,) * len(begin)
    return tuple(slice(b, e, s) for b, e, s in zip(begin, end, step))


def _slice_vjp(xp, g, ans, data, begin, end, step=()):
    grad = xp.zeros(data.shape, dtype=g.dtype)
    grad[_slices(begin, end, step)] = g
    return grad


@op(vjp=_slice_vjp, method=True, aliases=("crop",), keeps=())
def slice_(xp, data, begin, end, step=()):
    """The region from `begin` to `end` (tuples; None entries mean the whole axis), with `step`.

    Parameters:
        begin: the start on each leading axis, a tuple; None means 0.
        end: where to stop on each axis, a tuple; None means the end.
        step: the step on each axis, a tuple; () or None means 1.

    Example:
        >>> nd.slice(nd.arange(9).reshape((3, 3)), begin=(0, 1), end=(2, None))
        <BLANKLINE>
        [[1. 2.]
         [4. 5.]]
        <NDArray 2x2 @cpu(0)>
    """
    return data[_slices(begin, end, step)].copy()


def split(data, num_outputs, axis=1, squeeze_axis=False):
    """Split into `num_outputs` equal parts along `axis` (default 1, as MXNet); returns a list,
    or the array itself when num_outputs is 1.

    Parameters:
        num_outputs: how many equal parts; it must divide the axis' size.
        axis: the axis to split along.
        squeeze_axis: drop the split axis from each part (the parts must have size 1 along it).

    Example:
        >>> a, b = nd.split(nd.arange(6).reshape((2, 3)), num_outputs=2, axis=0); b
        <BLANKLINE>
        [[3. 4. 5.]]
        <NDArray 1x3 @cpu(0)>
    """
    if not isinstance(data, NDArray):
        raise TypeError(f"split: data must be an NDArray, not {type(data).__name__}")
    ax = reduce_axes("split", data.shape, axis)[0]
    size = data.shape[ax]
    if num_outputs < 1 or size % num_outputs:
        raise ValueError(f"split: axis {axis} of shape {data.shape} has size {size}, which "
                         f"{num_outputs} does not divide evenly")
    step = size // num_outputs
    parts = [slice_axis(data, ax, i * step, (i + 1) * step) for i in range(num_outputs)]
    if squeeze_axis:
        if step != 1:
            raise ValueError("split: squeeze_axis=True needs parts of size 1 along the axis")
        parts = [reshape(p, data.shape[:ax] + data.shape[ax + 1:]) for p in parts]
    return parts[0] if num_outputs == 1 else parts


op(kind="function", method=True, aliases=("SliceChannel",))(split)


def _slice_like_axes(lhs, rhs, axes) -> list:
    """The axes slice_like cuts, checked as MXNet checks them: with axes=(), both arrays have
    the same number of axes; each cut axis exists in both and is no longer in rhs."""
    if isinstance(axes, (int, np.integer)):
        axes = (int(axes),)
    if not axes:
        if lhs.ndim != rhs.ndim:
            raise ValueError(f"slice_like: with axes=() every axis is cut, so lhs {lhs.shape} "
                             f"and rhs {rhs.shape} need the same number of axes")
        cut = list(range(lhs.ndim))
    else:
        cut = [a + lhs.ndim if a < 0 else a for a in (int(a) for a in axes)]
        for given, a in zip(axes, cut):
            if not 0 <= a < min(lhs.ndim, rhs.ndim):
                raise ValueError(f"slice_like: axis {given} is not an axis of both lhs "
                                 f"{lhs.shape} and rhs {rhs.shape}")
    for a in cut:
        if rhs.shape[a] > lhs.shape[a]:
            raise ValueError(f"slice_like: rhs {rhs.shape} is longer than lhs {lhs.shape} "
                             f"along axis {a}")
    return cut


def _slice_like_key(lhs, rhs, axes):
    cut = _slice_like_axes(lhs, rhs, axes)
    return tuple(slice(0, rhs.shape[i]) if i in cut else slice(None) for i in range(lhs.ndim))


def _slice_like_vjp(xp, g, ans, lhs, rhs, axes=()):
    grad = xp.zeros(lhs.shape, dtype=g.dtype)
    grad[_slice_like_key(lhs, rhs, axes)] = g
    return grad


@op(nin=2, same_dtype=False, vjp=(_slice_like_vjp, lambda *a, **k: None), method=True, keeps=())
def slice_like(xp, data, shape_like, axes=()):
    """`data` cut to the shape of `shape_like` (on `axes`, or all axes), from the start.

    Parameters:
        data: the array to cut.
        shape_like: the array whose shape gives the sizes (any dtype; only its shape is read).
        axes: the axes to cut (an int or a tuple, negative ones counted in data); () cuts
            them all, and then data and shape_like need the same number of axes.

    Example:
        >>> nd.slice_like(nd.arange(9).reshape((3, 3)), nd.zeros((2, 2))).shape
        (2, 2)
    """
    return data[_slice_like_key(data, shape_like, axes)].copy()
