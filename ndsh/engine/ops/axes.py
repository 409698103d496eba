"""The axis arguments of the reductions and of the families that share them (shape, index,
slicing, sorting, nn...): MXNet's axis or axes -> non-negative indices, one axis counted from
either end, and the keepdims shapes and gradient spreads of a reduction. A leaf: it imports no
op family.

Example:
    >>> reduce_axes("sum", (2, 3, 4), (-1, 0))
    (0, 2)
"""
from __future__ import annotations

import numpy as np

from ndsh.engine.broadcasting import expand_to
from ndsh.engine.mxnet_errors import ValueError


def reduce_axes(op_name: str, shape: tuple, axis, exclude: bool = False):
    """MXNet's axis argument -> a sorted tuple of non-negative axes, or None for all."""
    ndim = len(shape)
    if axis is None or axis == ():
        return None             # everything, with or without exclude (MXNet)
    items = (axis,) if isinstance(axis, (int, np.integer)) else tuple(axis)
    result = []
    for a in items:
        a = int(a)
        if not -ndim <= a < ndim:
            raise ValueError(f"{op_name}: axis {a} is out of range for an array of shape "
                             f"{shape} ({ndim} dimension(s))")
        result.append(a % ndim)
    result = tuple(sorted(set(result)))
    if exclude:
        result = tuple(i for i in range(ndim) if i not in result)
    return result


# the ops where ndsh takes in-range negative axes and MXNet 1.9.1 refuses them (doc pages say so)
NEGATIVE_AXES_DEPART = ("A negative axis counts from the end, as elsewhere in nd; MXNet 1.9.1 "
                        "refuses negative axes here ('index = -1 must be in range').")


def one_axis(op_name: str, axis, shape: tuple, new: bool = False) -> int:
    """One axis of an array of `shape`, counted from either end -> its non-negative index;
    new=True for ops that insert an axis (stack, expand_dims: the result has one axis more).
    Out of range is an error, as in MXNet (numpy's `axis % ndim` would pick another axis
    silently).

    Example:
        >>> one_axis("take", -1, (2, 3))
        1
    """
    ndim = len(shape) + new
    a = int(axis)
    if not -ndim <= a < ndim:
        where = f"a result of {ndim} dimension(s) (inputs of shape {shape})" if new else \
            f"an array of shape {shape} ({ndim} dimension(s))"
        raise ValueError(f"{op_name}: axis {a} is out of range for {where}")
    return a % ndim


def at_least_1d(result):
    """A 0-d result as shape (1,): MXNet's full reductions return (1,)-shaped arrays."""
    return result.reshape(1) if result.ndim == 0 else result


def _keepdims_shape(shape, axes):
    if axes is None:
        return (1,) * len(shape)
    return tuple(1 if i in axes else n for i, n in enumerate(shape))


def _spread(xp, g, shape, axes):
    """A reduction's output gradient broadcast back over the reduced axes."""
    return expand_to(xp, xp.reshape(g, _keepdims_shape(shape, axes)), shape)


def _reduced(xp, ans, shape, axes):
    return xp.reshape(ans, _keepdims_shape(shape, axes))


def _kept_shape(shape, axes):
    """The shape a reduction over `axes` leaves without keepdims."""
    if axes is None:
        return ()
    return tuple(n for i, n in enumerate(shape) if i not in axes)


def _count(shape, axes):
    if axes is None:
        return int(np.prod(shape)) if shape else 1
    return int(np.prod([shape[i] for i in axes])) if axes else 1
