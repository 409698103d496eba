"""Broadcasting ops: broadcast_to, broadcast_axis (broadcast_axes) and broadcast_like, which
repeat an array's size-1 axes to a target shape. The other shape ops are in shape.py."""
from __future__ import annotations

import numpy as np

from ndsh.engine.define import op
from ndsh.engine.mxnet_errors import ValueError
from ndsh.engine.ops.axes import NEGATIVE_AXES_DEPART, one_axis


def _target_shape(data, shape):
    shape = (shape,) if isinstance(shape, (int, np.integer)) else tuple(shape)
    if len(shape) != data.ndim:
        raise ValueError(f"broadcast_to: the target {shape} must have as many dimensions as "
                         f"the input {data.shape}")
    target = tuple(d if s == 0 else s for d, s in zip(data.shape, shape))
    for d, t in zip(data.shape, target):
        if d != t and d != 1:
            raise ValueError(f"broadcast_to: cannot broadcast shape {data.shape} to {target}")
    return target


@op(vjp=lambda xp, g, ans, data, shape: g, method=True, keeps=())
def broadcast_to(xp, data, shape):
    """Broadcast axes of size 1 to the sizes in `shape` (0 keeps the input's size).

    Parameters:
        shape: the target shape, with as many dimensions as the input; 0 keeps the input's size.

    Example:
        >>> nd.broadcast_to(nd.array([[1], [2]]), shape=(2, 3))
        <BLANKLINE>
        [[1. 1. 1.]
         [2. 2. 2.]]
        <NDArray 2x3 @cpu(0)>
    """
    return xp.array(xp.broadcast_to(data, _target_shape(data, shape)))


def _axis_sizes(data, axis, size):
    axes = (axis,) if isinstance(axis, (int, np.integer)) else tuple(axis)
    sizes = (size,) if isinstance(size, (int, np.integer)) else tuple(size)
    shape = list(data.shape)
    for a, s in zip(axes, sizes):
        shape[one_axis("broadcast_axis", a, data.shape)] = s
    return tuple(shape)


@op(vjp=lambda xp, g, ans, data, axis=(), size=(): g, method=True,
    aliases=("broadcast_axes",), keeps=(),
    departs=NEGATIVE_AXES_DEPART)
def broadcast_axis(xp, data, axis=(), size=()):
    """Broadcast the given axes (of size 1) to the given sizes.

    Parameters:
        axis: the axes to broadcast, an int or a tuple (each of size 1).
        size: the new size of each of those axes, in the same order.

    Example:
        >>> nd.broadcast_axis(nd.array([[1], [2]]), axis=1, size=3).shape
        (2, 3)
    """
    return xp.array(xp.broadcast_to(data, _target_shape(data, _axis_sizes(data, axis, size))))


@op(nin=2, same_dtype=False, vjp=(lambda xp, g, ans, lhs, rhs, **kw: g, lambda *a, **k: None),
    method=True, keeps=())
def broadcast_like(xp, lhs, rhs, lhs_axes=None, rhs_axes=None):
    """Broadcast `lhs` to the shape of `rhs`; with lhs_axes and rhs_axes, only those axes of
    lhs (of size 1) take the sizes of those axes of rhs.

    Parameters:
        lhs: the array to broadcast.
        rhs: the array whose shape (or whose `rhs_axes`) the result takes.
        lhs_axes, rhs_axes: tuples of the same length: axis lhs_axes[i] takes the size of axis
            rhs_axes[i]; None: all axes.

    Example:
        >>> nd.broadcast_like(nd.array([[1], [2]]), nd.zeros((2, 3))).shape
        (2, 3)
        >>> nd.broadcast_like(nd.ones((1, 3)), nd.zeros((4, 5)), lhs_axes=(0,), rhs_axes=(0,)).shape
        (4, 3)
    """
    if lhs_axes is None and rhs_axes is None:
        return xp.array(xp.broadcast_to(lhs, _target_shape(lhs, rhs.shape)))
    lhs_axes, rhs_axes = tuple(lhs_axes or ()), tuple(rhs_axes or ())
    if not lhs_axes:
        raise ValueError("broadcast_like: lhs_axes is empty; give the axes to broadcast (as "
                         "MXNet, an empty tuple is refused), or leave both out to broadcast "
                         "to rhs's whole shape")
    if len(lhs_axes) != len(rhs_axes):
        raise ValueError(f"broadcast_like: lhs_axes {lhs_axes} and rhs_axes {rhs_axes} must "
                         f"have the same length")
    shape = list(lhs.shape)
    for la, ra in zip(lhs_axes, rhs_axes):
        shape[one_axis("broadcast_like", la, lhs.shape)] = \
            rhs.shape[one_axis("broadcast_like", ra, rhs.shape)]
    return xp.array(xp.broadcast_to(lhs, _target_shape(lhs, tuple(shape))))
