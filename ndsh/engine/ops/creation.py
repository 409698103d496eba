"""Creating arrays: array, zeros, ones, full, empty, arange, eye, linspace, *_like, waitall.

New arrays are float32 unless a dtype is given (also from float64 or int64 numpy arrays, as in
MXNet), and go to `ctx`, else to the current default context.
"""
from __future__ import annotations

import builtins
import math

import numpy as np

from ndsh.engine import backend, dtypes
from ndsh.engine.context import Context, current_context
from ndsh.engine.define import op
from ndsh.engine.invoke import write_out
from ndsh.engine.mxnet_errors import TypeError, ValueError
from ndsh.engine.ndarray import NDArray, new_array

_ZERO_SIZE = ("A 0 in the shape makes a zero-size array, as in numpy; MXNet 1.9.1's nd refuses "
              "it (its nd.array([]) still has shape (0,)).")


def _shape(shape) -> tuple:
    if isinstance(shape, (int, np.integer)):
        return (int(shape),)
    try:
        shape = tuple(int(d) for d in shape)
    except builtins.TypeError:
        raise TypeError(f"a shape must be an int or a tuple of ints, not {shape!r}") from None
    if any(d < 0 for d in shape):
        raise ValueError(f"a shape cannot have negative dimensions: {shape}")
    return shape


def _ctx(ctx) -> Context:
    return current_context() if ctx is None else Context(ctx)


def _make(ctx, build, out=None, name="op"):
    """Run `build(xp)` on the context's device and wrap it (or write it into `out`)."""
    ctx = _ctx(ctx)
    xp = ctx.xp
    with backend.on_device(xp, ctx.device_id):
        result = new_array(build(xp), ctx)
    return write_out(name, out, result) if out is not None else result


def _size_error(shape, dtype):
    count = math.prod(shape)           # Python ints: no overflow for absurd shapes
    size = count * np.dtype(dtype).itemsize
    return MemoryError(f"cannot allocate an array of shape {shape} and dtype "
                       f"{np.dtype(dtype).name}: it needs {_human_bytes(size)}")


def _human_bytes(n: float) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if n < 1024 or unit == "PiB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} bytes"


def _allocate(ctx, shape, dtype, fill, out=None, name="zeros"):
    shape = _shape(shape)
    dtype = dtypes.normalize(dtype)
    try:
        return _make(ctx, lambda xp: xp.full(shape, fill, dtype=dtype) if fill != 0
                     else xp.zeros(shape, dtype=dtype), out, name)
    except (MemoryError, builtins.ValueError) as error:
        if isinstance(error, builtins.ValueError) and "too big" not in str(error) \
                and "Maximum allowed dimension" not in str(error):
            raise
        raise _size_error(shape, dtype) from None


def array(source_array, ctx=None, dtype=None):
    """A new array from a list, a numpy array or an NDArray (copied); float32 unless `dtype`
    is given, except that an NDArray source keeps its dtype.

    Parameters:
        source_array: a (nested) list or tuple of numbers, a numpy array or an NDArray.
        dtype: the element type; default float32 (an NDArray source keeps its own).

    Example:
        >>> nd.array([[1, 2], [3, 4]])
        <BLANKLINE>
        [[1. 2.]
         [3. 4.]]
        <NDArray 2x2 @cpu(0)>
    """
    if source_array.__class__ is list and dtype is None and ctx is None:
        result = _array_of_numbers(source_array)
        if result is not None:
            return result
    if isinstance(source_array, NDArray):
        target = dtypes.normalize(dtype, default=source_array._data.dtype)
        host = backend.to_numpy(source_array._data)
        ctx = ctx if ctx is not None else source_array.context
    else:
        target = dtypes.normalize(dtype)
        if isinstance(source_array, (list, tuple)):
            for v in source_array:      # a loop, not any(...): d2l builds one list a batch
                if isinstance(v, NDArray):
                    raise TypeError("array: source_array must be array-like; a list of "
                                    "NDArrays is not (use nd.stack(*arrays) or "
                                    "nd.concat(*arrays, dim=0))")
        if hasattr(source_array, "__cuda_array_interface__"):
            host = backend.to_numpy(source_array)
        else:
            try:
                host = np.asarray(source_array)
            except builtins.ValueError:
                raise TypeError("array: source_array must be array-like: the nested lists have "
                                "different lengths (a ragged list)") from None
        if host.dtype == object:
            # pandas' `.values` of mixed float and bool columns: numbers in an object array,
            # which MXNet converts to the target dtype like any other source
            try:
                host = host.astype(target)
            except (builtins.ValueError, builtins.TypeError) as error:
                raise TypeError(f"array: source_array holds objects that are not numbers "
                                f"({error})") from None
    return _make(ctx, lambda xp: xp.array(host, dtype=target), name="array")


op(kind="function", grad=False)(array)

_host_float32 = np.dtype(np.float32)


def _array_of_numbers(values):
    """nd.array(values) for a flat list of Python floats and ints, on a numpy context, as
    float32 (d2l's data_iter makes one such list of indices a batch), or None to take the
    general path. It skips the general path's checks, none of which applies to such a list
    (NDArray items, ragged or object lists, a device to copy to), and numpy's int64 array in
    between: the numbers go straight to float32, as MXNet's own nd.array converts a list
    (np.array(source_array, dtype)). test_fast_paths compares the two."""
    ctx = current_context()
    if ctx.xp is not np:
        return None
    for v in values:      # exactly float or int (a bool, or a numpy scalar: the general path)
        if v.__class__ is not float and v.__class__ is not int:
            return None
    result = _object_new(NDArray)
    result._data = np.array(values, dtype=_host_float32)
    result._ctx = ctx
    result._node = None
    return result


_object_new = object.__new__


def zeros(shape, ctx=None, dtype=None, stype=None, out=None, **kwargs):
    """An array of zeros; `shape` is an int or a tuple, dtype float32 unless given.

    Parameters:
        shape: the shape, an int or a tuple of ints.
        dtype: the element type ('float32', 'int32', np.float64...); default float32.
        stype: the storage type; only 'default' (dense) exists in ndsh.

    Example:
        >>> nd.zeros((2, 3))
        <BLANKLINE>
        [[0. 0. 0.]
         [0. 0. 0.]]
        <NDArray 2x3 @cpu(0)>
    """
    return _allocate(ctx, shape, dtype, 0, out, "zeros")


op(kind="function", grad=False, departs=_ZERO_SIZE)(zeros)


def ones(shape, ctx=None, dtype=None, out=None, **kwargs):
    """An array of ones; `shape` is an int or a tuple, dtype float32 unless given.

    Parameters:
        shape: the shape, an int or a tuple of ints.
        dtype: the element type ('float32', 'int32', np.float64...); default float32.

    Example:
        >>> nd.ones(3)
        <BLANKLINE>
        [1. 1. 1.]
        <NDArray 3 @cpu(0)>
    """
    return _allocate(ctx, shape, dtype, 1, out, "ones")


op(kind="function", grad=False, departs=_ZERO_SIZE)(ones)


def full(shape, val, ctx=None, dtype=np.float32, out=None):
    """An array filled with `val` (cast to `dtype`, float32 by default).

    Parameters:
        shape: the shape, an int or a tuple of ints.
        val: the value of every element.
        dtype: the element type; default float32.

    Example:
        >>> nd.full((2,), 7.5, dtype='int32')
        <BLANKLINE>
        [7 7]
        <NDArray 2 @cpu(0)>
    """
    dt = dtypes.normalize(dtype)
    return _allocate(ctx, shape, dt, np.array(val).astype(dt) if dt.kind != "f" else val, out,
                     "full")


op(kind="function", grad=False, departs=_ZERO_SIZE)(full)


def empty(shape, ctx=None, dtype=None, stype=None):
    """An uninitialised array (ndsh fills it with zeros).

    Parameters:
        shape: the shape, an int or a tuple of ints.
        dtype: the element type; default float32.
        stype: the storage type; only 'default' (dense) exists in ndsh.

    Example:
        >>> nd.empty((2,)).shape
        (2,)
    """
    return _allocate(ctx, shape, dtype, 0, None, "empty")


op(kind="function", grad=False, departs=_ZERO_SIZE)(empty)


def arange(start, stop=None, step=1.0, repeat=1, infer_range=None, ctx=None, dtype=np.float32):
    """Evenly spaced values in [start, stop) (float32 by default); `repeat` repeats each one.

    Parameters:
        start: the first value; with no `stop`, the end instead (and the start is 0).
        stop: the end, not included.
        step: the distance between values.
        repeat: how many times each value appears in a row.
        infer_range: accepted for MXNet's sake; ndsh always knows the range.
        dtype: the element type; default float32.

    Example:
        >>> nd.arange(3, repeat=2)
        <BLANKLINE>
        [0. 0. 1. 1. 2. 2.]
        <NDArray 6 @cpu(0)>
    """
    if stop is None:
        start, stop = 0, start
    dt = dtypes.normalize(dtype)
    count = max(int(np.ceil((stop - start) / step)), 0)
    # MXNet computes start + i * step in the dtype itself: float32 rounding, and integer
    # dtypes truncate start and step first (arange(0, 3, 0.5, dtype='int32') is all zeros)
    first, delta = (int(start), int(step)) if dt.kind in "iu" else (dt.type(start), dt.type(step))
    host = (first + np.arange(count).astype(dt) * delta).astype(dt)
    if repeat != 1:
        host = np.repeat(host, repeat)
    return _make(ctx, lambda xp: xp.asarray(host), name="arange")


op(kind="function", grad=False)(arange)


def eye(N, M=0, k=0, ctx=None, dtype=None):
    """A 2-D array with ones on the k-th diagonal; M=0 means square.

    Parameters:
        N: the number of rows.
        M: the number of columns; 0 means N.
        k: the diagonal: 0 the main one, positive above it, negative below.
        dtype: the element type; default float32.

    Example:
        >>> nd.eye(2)
        <BLANKLINE>
        [[1. 0.]
         [0. 1.]]
        <NDArray 2x2 @cpu(0)>
    """
    dt = dtypes.normalize(dtype)
    return _make(ctx, lambda xp: xp.eye(N, M or N, k, dtype=dt), name="eye")


op(kind="function", grad=False)(eye)


def linspace(start, stop, num, endpoint=True, ctx=None, dtype=np.float32):
    """`num` evenly spaced values from start to stop (inclusive unless endpoint=False).

    Parameters:
        start, stop: the first and the last value.
        num: how many values.
        endpoint: whether `stop` is one of them; with False, the values stop a step short.
        dtype: the element type; default float32.

    Example:
        >>> nd.linspace(0, 1, 5)
        <BLANKLINE>
        [0.   0.25 0.5  0.75 1.  ]
        <NDArray 5 @cpu(0)>
    """
    dt = dtypes.normalize(dtype)
    host = np.linspace(start, stop, num, endpoint=endpoint).astype(dt)
    return _make(ctx, lambda xp: xp.asarray(host), name="linspace")


op(kind="function", grad=False)(linspace)


@op(grad=False, method=True)
def zeros_like(xp, data):
    """Zeros with the shape, dtype and context of `data`.

    Example:
        >>> nd.array([1, 2], dtype='int32').zeros_like()
        <BLANKLINE>
        [0 0]
        <NDArray 2 @cpu(0)>
    """
    return xp.zeros_like(data)


@op(grad=False, method=True)
def ones_like(xp, data):
    """Ones with the shape, dtype and context of `data`.

    Example:
        >>> nd.ones_like(nd.zeros((2,)))
        <BLANKLINE>
        [1. 1.]
        <NDArray 2 @cpu(0)>
    """
    return xp.ones_like(data)


@op(grad=False, method=True)
def full_like(xp, data, fill_value):
    """An array like `data` filled with `fill_value`.

    Parameters:
        data: the array whose shape, dtype and context the result takes.
        fill_value: the value of every element.

    Example:
        >>> nd.full_like(nd.zeros((2,)), 3)
        <BLANKLINE>
        [3. 3.]
        <NDArray 2 @cpu(0)>
    """
    return xp.full_like(data, fill_value)


def waitall():
    """Wait for all pending computation (ndsh is synchronous; on a GPU this synchronises).

    Example:
        >>> nd.waitall()
    """
    backend.synchronize()


op(kind="function", grad=False)(waitall)
