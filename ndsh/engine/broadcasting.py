"""Gradients and broadcasting: summing a gradient back to the shape of the input it belongs to
(done once, by backward, for every op) and spreading a reduced gradient over its input's shape
(the reductions' vjps)."""
from __future__ import annotations

import math

import numpy as np

from ndsh.engine.diff import DIFF

_ndarray = np.ndarray
_add_reduce = np.add.reduce


def sum_to_shape(g, shape: tuple, dtype, xp_diff=None):
    """Sum a gradient back to the shape of the (broadcast) input it belongs to."""
    gshape = g.shape
    if gshape != shape:
        lead = len(gshape) - len(shape)
        axes = tuple(range(lead)) + tuple(lead + i for i, n in enumerate(shape)
                                          if n == 1 and gshape[lead + i] != 1)
        if xp_diff is None and axes and g.__class__ is _ndarray:
            g = _reduce_host(g, axes).reshape(shape)
        elif xp_diff is None:
            g = g.sum(axis=axes).reshape(shape) if axes else g.reshape(shape)
        else:
            g = xp_diff.sum_to(g, axes, shape)
    if xp_diff is None and g.dtype != dtype:
        g = g.astype(dtype)
    return g


def _reduce_host(g, axes):
    """g.sum(axis=axes) for a numpy array, without the Python frame numpy's ndarray.sum goes
    through (numpy._core._methods._sum): it calls this same np.add.reduce with the same
    arguments, so the result is the same to the bit (test_fast_paths). The bias of a small
    layer pays it at every backward (d2l's linear regression: b's gradient, (10, 1) -> (1,))."""
    return _add_reduce(g, axes)


BROADCAST_VIEW_MIN_SIZE = 1 << 16


def expand_to(xp, g, shape):
    """g broadcast to `shape`: a read-only view for large shapes (no memory), a new array for
    small ones (numpy's broadcast_to costs microseconds, more than the copy). Under
    create_graph (xp is the differentiable namespace) always the recorded broadcast."""
    if xp is DIFF or math.prod(shape) >= BROADCAST_VIEW_MIN_SIZE:
        return xp.broadcast_to(g, shape)
    out = xp.empty(shape, dtype=g.dtype)
    out[...] = g
    return out
