"""Indexing: `x[key]`, `x[key] = v`, take, pick, one_hot, where (gather_nd, scatter_nd and
boolean_mask are in gather.py).

MXNet's semantics kept: scalar indexing gives shape (1,); `x[i]` and `x[a:b]` share memory with
x, other slicing copies; take and pick clip out-of-range indices. Where MXNet lays a trap,
ndsh refuses: a 0/1 mask from a comparison used as an index would gather rows 0 and 1 in
MXNet, so it raises and names boolean_mask / where.
"""
from __future__ import annotations

import builtins

import numpy as np

from ndsh.engine import backend, dtypes
from ndsh.engine.define import op
from ndsh.engine.graph import check_writable, note_write
from ndsh.engine.invoke import cast_scalar, check_contexts
from ndsh.engine.mxnet_errors import IndexError, ValueError
from ndsh.engine.ndarray import NDArray
from ndsh.engine.ops.axes import one_axis
from ndsh.engine.ops.pick_index import _flat_pick_index, _pick_index, _pick_vjp

_MASK_MESSAGE = (
    "{what} cannot be used as an index: MXNet's NDArray has no boolean-mask indexing, and "
    "would silently treat the 0/1 values as row numbers 0 and 1. To select elements, use "
    "nd.contrib.boolean_mask(x, mask) (rows where mask is 1); to replace them, use "
    "nd.where(mask, new_values, x).")


def _index_array(value, xp):
    if isinstance(value, NDArray):
        if value._mask or value._data.dtype.kind == "b":
            raise IndexError(_MASK_MESSAGE.format(
                what="A comparison result (a 0/1 mask)" if value._mask else "A bool array"))
        data = value._data
        return data if data.dtype.kind in "iu" else data.astype(np.int64)
    if isinstance(value, np.ndarray) and value.dtype.kind == "b" or (
            isinstance(value, list) and value and all(isinstance(v, bool) for v in value)):
        raise IndexError(_MASK_MESSAGE.format(what="A boolean numpy array or list"))
    if isinstance(value, np.ndarray):
        return xp.asarray(value.astype(np.int64) if value.dtype.kind == "f" else value)
    if isinstance(value, list):
        return xp.asarray(np.asarray(value, dtype=np.int64))
    return value


def normalize_key(x: NDArray, key):
    """Turn NDArray and list indices into integer arrays; refuse masks."""
    xp = x._ctx.xp
    if isinstance(key, tuple):
        return tuple(_index_array(k, xp) for k in key)
    return _index_array(key, xp)


def _is_view_key(key) -> bool:
    """MXNet shares memory for `x[i]` and `x[a:b]` (axis 0, unit step); other keys copy."""
    if isinstance(key, tuple):
        if len(key) == 2 and key[1] is None and isinstance(key[0], (int, np.integer)):
            return True      # x[i] on a 1-D array, kept as shape (1,)
        if len(key) != 1:
            return False
        key = key[0]
    if isinstance(key, (int, np.integer)):
        return True
    return isinstance(key, slice) and key.step in (None, 1)


def _all_integers(key, ndim) -> bool:
    items = key if isinstance(key, tuple) else (key,)
    return len(items) == ndim and all(isinstance(k, (int, np.integer)) for k in items)


def _has_array(key) -> bool:
    items = key if isinstance(key, tuple) else (key,)
    return any(not isinstance(k, (int, np.integer, slice, type(None), type(Ellipsis)))
               for k in items)


def _getitem_vjp(xp, g, ans, data, key):
    grad = xp.zeros(data.shape, dtype=g.dtype)
    if _has_array(key):
        backend.scatter_add(xp, grad, key, xp.reshape(g, grad[key].shape))
    else:
        grad[key] = xp.reshape(g, grad[key].shape)
    return grad


@op(vjp=_getitem_vjp, namespace="_internal", name="_getitem", returns_view=True, keeps=())
def _getitem(xp, data, key):
    """`x[key]` as an op: numpy indexing with MXNet's (1,) results for scalar keys."""
    result = data[key]
    if not _is_view_key(key) and result.base is not None:
        result = result.copy()
    if result.ndim == 0 and data.ndim > 0:
        result = xp.reshape(result, (1,))     # MXNet never gives 0-d from indexing
    return result


def getitem(x: NDArray, key):
    key = normalize_key(x, key)
    if _all_integers(key, x._data.ndim) and x._data.ndim > 0:
        key = (key if isinstance(key, tuple) else (key,)) + (None,)
        return _getitem(x, key)
    try:
        return _getitem(x, key)
    except builtins.IndexError as error:
        raise IndexError(f"{error} (indexing an array of shape {x.shape})") from None


def setitem(x: NDArray, key, value) -> None:
    if key.__class__ is slice and value.__class__ is NDArray and key.start is None \
            and key.stop is None and key.step is None and x._data.__class__ is np.ndarray \
            and value._data.__class__ is np.ndarray:
        _set_whole(x, key, value)
        return
    check_writable(x, "x[...] = value", value)
    key = normalize_key(x, key)
    if _all_integers(key, x._data.ndim) and x._data.ndim > 0:
        key = (key if isinstance(key, tuple) else (key,)) + (None,)   # x[i] is shape (1,)
    if isinstance(value, NDArray):
        if value._ctx is not x._ctx:
            check_contexts("x[...] = value", x._ctx, value._ctx)
        value = value._data
    if isinstance(value, (list, tuple, np.ndarray)):
        value = backend.from_host(x._ctx.xp, value)
    elif x._data.dtype.kind in "iu" and isinstance(value, (int, float, np.number)):
        value = cast_scalar(value, x._data.dtype)     # out of range wraps, as in MXNet
    try:
        x._data[key] = value
    except builtins.ValueError as error:
        shape = getattr(value, "shape", None)
        raise ValueError(f"cannot assign a value of shape {shape} to x[{_show_key(key)}] of an "
                         f"array of shape {x.shape}: the shapes must match or broadcast "
                         f"({error})") from None
    note_write(x)


def _set_whole(x: NDArray, key: slice, value: NDArray) -> None:
    """`x[:] = value` with an NDArray value, both numpy-backed (d2l's `param[:] = param - lr *
    param.grad`): the general setitem's checks in its order, less the key handling, which has
    nothing to do for a bare slice (no arrays to normalise, not all integers), and the value
    conversions, which a numpy array never needs (from_host returns it as it is).
    test_fast_paths compares it with the general path."""
    check_writable(x, "x[...] = value", value)
    if value._ctx is not x._ctx:     # both on the host here, as numpy arrays
        check_contexts("x[...] = value", x._ctx, value._ctx)
    try:
        x._data[key] = value._data
    except builtins.ValueError as error:
        raise ValueError(f"cannot assign a value of shape {value.shape} to x[:] of an array "
                         f"of shape {x.shape}: the shapes must match or broadcast "
                         f"({error})") from None
    note_write(x)


def _show_key(key) -> str:
    items = key if isinstance(key, tuple) else (key,)
    def show(k):
        if isinstance(k, slice):
            return ":".join("" if v is None else str(v) for v in (k.start, k.stop)) + (
                "" if k.step is None else f":{k.step}")
        return "..." if k is Ellipsis else repr(k) if not hasattr(k, "shape") else "[...]"
    return ", ".join(show(k) for k in items)


def _clip_indices(xp, indices, size, mode):
    indices = indices.astype(np.int64)
    if mode == "clip":
        # two ufuncs: np.clip's Python wrapper costs more than the work on small index arrays
        return xp.minimum(xp.maximum(indices, 0, out=indices), size - 1, out=indices)
    if mode == "wrap":
        return xp.mod(indices, size)
    if mode == "raise":
        if indices.size and (int(indices.min()) < 0 or int(indices.max()) >= size):
            raise IndexError(f"take: indices out of bounds for an axis of size {size}")
        return indices
    raise ValueError(f"mode must be 'clip', 'wrap' or 'raise', not {mode!r}")


def _take_vjp(xp, g, ans, a, indices, axis=0, mode="clip"):
    axis = axis % a.ndim
    idx = _clip_indices(xp, indices, a.shape[axis], mode)
    grad = xp.zeros(a.shape, dtype=g.dtype)
    key = (slice(None),) * axis + (idx,)
    backend.scatter_add(xp, grad, key, g)
    return grad


@op(nin=2, same_dtype=False, vjp=(_take_vjp, lambda *a, **k: None), method=True, keeps=(1,))
def take(xp, a, indices, axis=0, mode="clip"):
    """Pick slices of `a` along `axis` at `indices` (an NDArray; float indices are truncated);
    out-of-range indices are clipped ('clip', default) or wrapped ('wrap').

    Parameters:
        a: the array to take slices of.
        indices: an NDArray of indices along `axis` (float indices are truncated).
        axis: the axis the indices count along.
        mode: what an out-of-range index does: 'clip' to the nearest end, or 'wrap' around.

    Example:
        >>> nd.take(nd.array([[1, 2], [3, 4], [5, 6]]), nd.array([0, 2, 5]))
        <BLANKLINE>
        [[1. 2.]
         [5. 6.]
         [5. 6.]]
        <NDArray 3x2 @cpu(0)>
    """
    axis = one_axis("take", axis, a.shape)
    if mode == "clip" and a.__class__ is np.ndarray:
        return _take_clip_numpy(a, indices, axis)
    idx = _clip_indices(xp, indices, a.shape[axis], mode)
    if a.__class__ is np.ndarray:
        return a.take(idx, axis)        # what np.take calls, without its two Python frames
    return xp.take(a, idx, axis=axis)


def _take_clip_numpy(a, indices, axis):
    """take's default mode on numpy data (d2l's data_iter takes a batch with it): numpy's own
    mode='clip' clips each index into [0, size - 1] as _clip_indices does with two ufuncs
    (negative ones to 0, not counted from the end), in the same call that takes. Indices are
    truncated to int64 first, as there. (numpy's mode='wrap' is not used: it wraps by repeated
    subtraction, endless for a huge index.) test_fast_paths compares it with the general path.
    """
    return a.take(indices if indices.dtype == np.int64 else indices.astype(np.int64), axis,
                  mode="clip")


@op(nin=2, same_dtype=False, vjp=(_pick_vjp, lambda *a, **k: None), method=True, keeps=(1,))
def pick(xp, data, index, axis=-1, keepdims=False, mode="clip"):
    """One element per row: `data[i, index[i]]` along `axis` (default the last); float indices
    are truncated and out-of-range ones clipped.

    Parameters:
        index: an NDArray with one index per row: the shape of `data` without `axis`.
        axis: the axis to pick along (negative counts from the end).
        keepdims: keep the picked axis, with size 1.
        mode: what an out-of-range index does: 'clip' to the nearest end, or 'wrap' around.

    Example:
        >>> nd.pick(nd.array([[0.1, 0.9], [0.8, 0.2]]), nd.array([1, 0]))
        <BLANKLINE>
        [0.9 0.8]
        <NDArray 2 @cpu(0)>
    """
    if index.size * data.shape[one_axis("pick", axis, data.shape)] != data.size:
        raise ValueError(f"pick: index of shape {index.shape} does not match data of shape "
                         f"{data.shape} without axis {axis}")
    flat = _flat_pick_index(data, index, axis, mode)
    if flat is not None:
        return data.reshape(-1).take(flat).reshape(data.shape[:-1] + ((1,) if keepdims else ()))
    idx, ax = _pick_index(xp, data, index, axis, mode)
    result = xp.take_along_axis(data, idx, axis=ax)
    return result if keepdims else xp.squeeze(result, axis=ax)


@op(grad=False, method=True, same_dtype=False)
def one_hot(xp, indices, depth, on_value=1.0, off_value=0.0, dtype="float32"):
    """One-hot rows of length `depth` for each index; an out-of-range index gives a zero row.

    Parameters:
        indices: an NDArray of indices (float indices are truncated).
        depth: the length of each one-hot row.
        on_value: the value at the index.
        off_value: the value everywhere else.
        dtype: the dtype of the result.

    Example:
        >>> nd.one_hot(nd.array([1, 0, 5]), 3)
        <BLANKLINE>
        [[0. 1. 0.]
         [1. 0. 0.]
         [0. 0. 0.]]
        <NDArray 3x3 @cpu(0)>
    """
    idx = indices.astype(np.int64)
    dt = dtypes.normalize(dtype)
    result = xp.full(indices.shape + (depth,), cast_scalar(off_value, dt), dtype=dt)
    hits = xp.expand_dims(idx, -1) == xp.arange(depth)
    result[hits] = cast_scalar(on_value, dt)
    return result


def _where_vjp_x(xp, g, ans, condition, x, y):
    return g * _row_condition(xp, condition, x)


def _where_vjp_y(xp, g, ans, condition, x, y):
    return g * (1 - _row_condition(xp, condition, x))


def _row_condition(xp, condition, x):
    cond = condition != 0
    if cond.shape != x.shape:
        cond = xp.reshape(cond, cond.shape + (1,) * (x.ndim - 1))
    return cond


@op(nin=3, same_dtype=False, vjp=(lambda *a, **k: None, _where_vjp_x, _where_vjp_y),
    keeps=(0,))
def where(xp, condition, x, y):
    """Elements of `x` where `condition` is non-zero, else of `y`. `x` and `y` are NDArrays of
    one shape; `condition` has that shape, or is 1-D and picks whole rows.

    Parameters:
        condition: an NDArray: non-zero picks from `x`, zero from `y`.
        x, y: NDArrays of one shape, the values to choose from.

    Example:
        >>> nd.where(nd.array([1, 0, 1]), nd.array([1, 2, 3]), nd.array([7, 8, 9]))
        <BLANKLINE>
        [1. 8. 3.]
        <NDArray 3 @cpu(0)>
    """
    if x.shape != y.shape:
        raise ValueError(f"where: x and y must have the same shape, got {x.shape} and "
                         f"{y.shape} (where does not broadcast)")
    if x.dtype != y.dtype:
        from ndsh.engine.messages import dtype_mismatch
        raise dtype_mismatch("where", x.dtype, y.dtype)
    if condition.shape != x.shape and condition.shape != x.shape[:1]:
        raise ValueError(f"where: condition has shape {condition.shape}; it must be {x.shape} "
                         f"or ({x.shape[0]},) to pick rows")
    return xp.where(_row_condition(xp, condition, x), x, y)
