"""Indexing of `mx.np.ndarray` as MXNet 1.9.1 does it (python/mxnet/numpy/multiarray.py).

Memory: basic indexing (ints, slices, None, ...) shares x's memory when the elements it picks
are one contiguous run of x (`x[1]`, `x[1:3]`, `x[None]`, `x[1:2, :]`, `x[1, 2:]`, `x[1, 2]`)
and copies otherwise (`x[:, 1]`, `x[::2]`, `x[1:, 1:]`), MXNet's
_basic_indexing_slice_is_contiguous rule. Booleans: an np bool array is a mask wherever it
stands; a Python list of bools or a numpy bool array is a mask when it is the whole key of a
read (`x[[True, False, True]]`), and 0/1 row numbers inside a tuple or in an assignment
(`x[[True, False, True]] = 0` writes rows 1, 0, 1), as in MXNet.
"""
from __future__ import annotations

import numbers

import numpy as onp

from ndsh.engine import NDArray
from ndsh.engine.mxnet_errors import IndexError
from ndsh.engine.registry import OPS
from ndsh.mxnp.array import as_shape, cast, fresh_shape, mixing_error, ndarray, own, wrap


def _bools_as_rows(part):
    """A Python list of bools or a numpy bool array inside a tuple key or in an assignment:
    MXNet 1.9.1 takes its values as row numbers 0 and 1."""
    if isinstance(part, list):
        try:
            host = onp.asarray(part)
        except ValueError:
            return part
        return host.astype(onp.int64) if host.dtype.kind == "b" else part
    if isinstance(part, onp.ndarray) and part.dtype.kind == "b" and part.ndim:
        return part.astype(onp.int64)
    return part


def _index_part(part, fname: str):
    """One element of an index: np arrays to engine arrays (a bool mask to its nonzero indices,
    a tuple of them); legacy nd arrays refused."""
    if isinstance(part, ndarray):
        data = part._nd
        if data._data.dtype.kind == "b":
            ctx = data._ctx
            return tuple(OPS["nd.array"].call(i, ctx=ctx, dtype="int64")
                         for i in onp.nonzero(data.asnumpy()))
        return data
    if isinstance(part, NDArray):
        raise mixing_error(fname, part)
    return _bools_as_rows(part)


def _whole_mask(data: NDArray, key):
    """A read's whole key that is a list of bools or a numpy bool array: the np bool mask MXNet
    makes of it."""
    if isinstance(key, list):
        try:
            host = onp.asarray(key)
        except ValueError:
            return key
    elif isinstance(key, onp.ndarray) and key.ndim:
        host = key
    else:
        return key
    if host.dtype.kind != "b":
        return key
    return wrap(OPS["nd.array"].call(host, ctx=data._ctx, dtype=host.dtype))


def _check_mask(data, key) -> None:
    """A bool mask must match the axes it indexes (NumPy's rule), checked for a leading one."""
    first = key[0] if isinstance(key, tuple) and key else key
    if not (isinstance(first, ndarray) and first.dtype.kind == "b" and first.ndim):
        return
    if first.ndim > data.ndim:
        raise IndexError(f"too many indices: a boolean index of shape {first.shape} for an "
                         f"array of shape {data.shape}")
    for axis, (have, want) in enumerate(zip(data.shape, first.shape)):
        if have != want:
            raise IndexError(f"boolean index did not match indexed array along dimension "
                             f"{axis}; dimension is {have} but corresponding boolean dimension "
                             f"is {want} (a mask of shape {first.shape} for an array of shape "
                             f"{data.shape})")


def _engine_key(key, fname: str):
    parts = key if isinstance(key, tuple) else (key,)
    out = []
    for part in parts:
        converted = _index_part(part, fname)
        if isinstance(converted, tuple):
            out.extend(converted)
        else:
            out.append(converted)
    return tuple(out) if isinstance(key, tuple) or len(out) != 1 else out[0]


def _integer(part) -> bool:
    return isinstance(part, numbers.Integral) and not isinstance(part, bool)


def _basic(key) -> bool:
    parts = key if isinstance(key, tuple) else (key,)
    return all(_integer(p) or isinstance(p, slice) or p is None or p is Ellipsis
               for p in parts)


def _engine_views(key) -> bool:
    """The keys the engine's indexing itself gives as views: one int or one unit-step slice."""
    if isinstance(key, tuple):
        if len(key) != 1:
            return False
        key = key[0]
    return _integer(key) or isinstance(key, slice) and key.step in (None, 1)


def _per_axis(key, ndim: int):
    """A basic key with its Ellipsis and missing trailing axes spelled out as slices."""
    parts = key if isinstance(key, tuple) else (key,)
    if sum(p is Ellipsis for p in parts) > 1:
        return None
    used = sum(p is not None and p is not Ellipsis for p in parts)
    if used > ndim:
        return None
    if Ellipsis in parts:
        at = next(i for i, p in enumerate(parts) if p is Ellipsis)
        return parts[:at] + (slice(None),) * (ndim - used) + parts[at + 1:]
    return parts + (slice(None),) * (ndim - used)


def _flat_run(shape: tuple, key):
    """(begin, end, shape) of the flat run of elements a basic key picks, when MXNet 1.9.1 gives
    that as a view (python/mxnet/ndarray/ndarray.py _basic_indexing_slice_is_contiguous: from
    the last axis leftwards, once an axis is a proper subset every axis before it has <= 1
    element, and no axis of > 1 element has a step other than 1); None when MXNet copies or
    the key is out of range (the engine's indexing raises then)."""
    parts = _per_axis(key, len(shape))
    if parts is None:
        return None
    picks, final, axis, total = [], [], 0, 1
    for part in parts:
        if part is None:
            final.append(1)
            continue
        size = shape[axis]
        axis += 1
        if part.__class__ is slice:
            start, stop, step = part.indices(size)
            length = len(range(start, stop, step))
            final.append(length)
            total *= length
        elif -size <= part < size:
            start, length, step = int(part) % size, 1, 1
        else:
            return None
        picks.append((start, length, step))
    if total == 0:
        return None
    subset, begin, stride = False, 0, 1
    for (start, length, step), size in zip(reversed(picks), reversed(shape)):
        if total > 1 and length > 1 and (step != 1 or subset):
            return None
        subset = subset or length < size
        begin += start * stride
        stride *= size
    return begin, begin + total, tuple(final)


def _view(data: NDArray, key):
    """x[key] as MXNet's view of a flat run of x (reshape, slice, reshape: all views, recorded
    under autograd), or None where MXNet copies."""
    if not data._data.flags.c_contiguous:
        return None
    run = _flat_run(data.shape, key)
    if run is None:
        return None
    begin, end, shape = run
    flat = as_shape(data, (data._data.size,))
    return as_shape(flat[begin:end], shape)


def getitem(self, key):
    """x[key]: NumPy's indexing, with MXNet 1.9.1's np memory rules and boolean keys.

    Parameters:
        key: ints, slices, None, ..., int arrays or lists, bool masks (np arrays, or a list
            of bools as the whole key).

    Example:
        >>> x = np.arange(6).reshape(2, 3)
        >>> x[[True, False]]
        array([[0., 1., 2.]])
        >>> v = x[None]; v[:] = 7; x.sum().item()     # a view, as in MXNet
        42.0
    """
    data = self._nd
    key = _whole_mask(data, key)
    _check_mask(data, key)
    if key is Ellipsis and data.ndim:
        key = slice(None)         # x[...] shares memory, as in MXNet (the engine's copies)
    basic = _basic(key)
    if basic and data.ndim and not _engine_views(key):
        view = _view(data, key)
        if view is not None:
            return wrap(view)
    result = data[_engine_key(key, "indexing")]
    if basic:
        expected = onp.broadcast_to(onp.zeros((), dtype=onp.bool_), data.shape)[key].shape
        result = as_shape(result, expected) if result is data else fresh_shape(result, expected)
        if not result._data.flags.c_contiguous:
            result = own(result, data)
    return wrap(result)


def setitem(self, key, value):
    """x[key] = value: a scalar, an np array (cast to x's dtype) or a numpy array. An np bool
    array is a mask; a list of bools or a numpy bool array gives rows 0 and 1, as in MXNet.

    Parameters:
        key: as for x[key].
        value: what to write, broadcast to x[key]'s shape.

    Example:
        >>> x = np.zeros((3, 2)); x[np.array([True, False, True], dtype=bool)] = 1; x
        array([[1., 1.],
               [0., 0.],
               [1., 1.]])
    """
    _check_mask(self._nd, key)
    if isinstance(value, ndarray):
        value = cast(value._nd, self._nd._data.dtype)
    elif isinstance(value, NDArray):
        raise mixing_error("x[...] = value", value)
    elif isinstance(value, (onp.ndarray, list, tuple)):
        value = OPS["nd.array"].call(onp.asarray(value, dtype=self._nd._data.dtype),
                                     ctx=self.ctx, dtype=self._nd._data.dtype)
    self._nd[_engine_key(key, "x[...] = value")] = value
