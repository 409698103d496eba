"""pick's index arithmetic (a leaf: it registers nothing; ops/index.py's pick uses it): the
general index of take_along_axis, and the flat one of its fast path on numpy data."""
from __future__ import annotations

import numpy as np


def _pick_index(xp, data, index, axis, mode):
    axis = axis % data.ndim
    idx = index.astype(np.int64)
    size = data.shape[axis]
    idx = xp.minimum(xp.maximum(idx, 0), size - 1) if mode == "clip" else xp.mod(idx, size)
    shape = data.shape[:axis] + (1,) + data.shape[axis + 1:]
    return xp.reshape(idx, shape), axis


_ROW_STARTS: dict = {}      # (rows, row length) -> read-only arange(0, rows * length, length)


def _flat_pick_index(data, index, axis, mode):
    """pick along the last axis of C-contiguous numpy data (d2l's cross_entropy:
    `nd.pick(y_hat, y)`), as positions in data.ravel(): the index truncated to int64 and
    clipped (or wrapped) as _pick_index does, plus each row's start; else None.

    Fast path: skips take_along_axis/put_along_axis, which build a broadcast index tuple each
    call (with the two passes of _pick_index, about 21 of pick's 24 us recorded + backward on
    d2l's (256, 10)); one take from the flat data, one assignment into a flat zero gradient
    instead. Safe: the same elements (row i's index i, in C order, as _pick_index's reshape
    reads it), taken or assigned without arithmetic, so the same bits; any other layout,
    axis or backend takes the general path (test_speed_pick compares the two).
    """
    if data.__class__ is not np.ndarray or index.__class__ is not np.ndarray \
            or axis % data.ndim != data.ndim - 1 or not data.flags.c_contiguous:
        return None
    size = data.shape[-1]
    idx = index.astype(np.int64)        # a new array: truncated as _pick_index truncates
    if mode == "clip":
        np.minimum(np.maximum(idx, 0, out=idx), size - 1, out=idx)
    else:
        np.mod(idx, size, out=idx)
    key = (idx.size, size)
    starts = _ROW_STARTS.get(key)
    if starts is None:
        starts = np.arange(0, idx.size * size, size, dtype=np.int64)
        starts.flags.writeable = False
        if len(_ROW_STARTS) < 64:
            _ROW_STARTS[key] = starts
    idx = idx.reshape(-1)
    idx += starts
    return idx


def _pick_vjp(xp, g, ans, data, index, axis=-1, keepdims=False, mode="clip"):
    flat = _flat_pick_index(data, index, axis, mode)
    if flat is not None and g.size == flat.size:
        grad = np.zeros(data.size, dtype=g.dtype)
        grad[flat] = g.reshape(-1)
        return grad.reshape(data.shape)
    idx, axis = _pick_index(xp, data, index, axis, mode)
    grad = xp.zeros(data.shape, dtype=g.dtype)
    xp.put_along_axis(grad, idx, xp.reshape(g, idx.shape), axis=axis)
    return grad
