"""Zero-copy exchange with other array libraries: DLPack (to_dlpack_for_read / _for_write,
from_dlpack) and from_numpy. The result shares the other side's memory: a write on one side is
seen on the other. What differs between numpy and CuPy lives in backend.py."""
from __future__ import annotations

import numpy as np

from ndsh.engine import backend, dtypes
from ndsh.engine.context import cpu, cpu_pinned, gpu
from ndsh.engine.define import op
from ndsh.engine.mxnet_errors import TypeError, ValueError
from ndsh.engine.ndarray import NDArray, new_array
from ndsh.engine.ops.creation import array

_DEVICES = {"cpu": lambda i: cpu(0), "gpu": gpu, "cpu_pinned": cpu_pinned}


def _require_ndarray(op_name: str, data) -> None:
    if not isinstance(data, NDArray):
        raise TypeError(f"{op_name}: expects an NDArray, got {type(data).__name__} (for a "
                        f"numpy array use nd.from_numpy, or np.from_dlpack's inverse, "
                        f"nd.from_dlpack)")


def _capsule(op_name: str, data):
    _require_ndarray(op_name, data)
    try:
        return backend.to_dlpack(data._data)
    except backend.DLPackError as error:
        raise ValueError(f"{op_name}: an array of shape {data.shape} and dtype "
                         f"{data._data.dtype.name} cannot be shared: {error}") from None


def to_dlpack_for_read(data):
    """A DLPack capsule sharing this array's memory, for another library to read (ndsh has no
    pending writes to wait for: it is the same capsule as to_dlpack_for_write's).

    Hand it to `nd.from_dlpack`, `torch.utils.dlpack.from_dlpack`, `cupy.from_dlpack`...; a
    capsule gives one array. numpy, PyTorch, CuPy and JAX can also take the NDArray itself
    (`np.from_dlpack(x)`: NDArray has `__dlpack__`).

    Parameters:
        data: the NDArray to share.

    Example:
        >>> x = nd.ones((2, 3)); y = nd.from_dlpack(x.to_dlpack_for_read()); y
        <BLANKLINE>
        [[1. 1. 1.]
         [1. 1. 1.]]
        <NDArray 2x3 @cpu(0)>
    """
    return _capsule("to_dlpack_for_read", data)


def to_dlpack_for_write(data):
    """A DLPack capsule sharing this array's memory, for another library to write into:
    its writes show in this array.

    Parameters:
        data: the NDArray to share.

    Example:
        >>> x = nd.ones((2, 3)); u = nd.from_dlpack(x.to_dlpack_for_write()); u += 1; x
        <BLANKLINE>
        [[2. 2. 2.]
         [2. 2. 2.]]
        <NDArray 2x3 @cpu(0)>
    """
    return _capsule("to_dlpack_for_write", data)


def from_dlpack(dlpack):
    """An NDArray sharing the memory of a DLPack capsule or of an array of another library
    (numpy, PyTorch, CuPy, JAX: anything with `__dlpack__`), without a copy.

    A capsule is consumed (it gives one array) and its NDArray is writeable, as in MXNet; an
    object's NDArray is writeable when the object exports its memory writeable (numpy arrays
    and PyTorch tensors do; JAX arrays are immutable). CPU memory gives a cpu(0) array, CUDA
    memory a gpu(i) array (with CuPy).

    Parameters:
        dlpack: a DLPack capsule (from to_dlpack_for_read / _for_write,
            torch.utils.dlpack.to_dlpack...) or an array with `__dlpack__`.

    Example:
        >>> a = np.arange(3.0); x = nd.from_dlpack(a); a[0] = 7; x
        <BLANKLINE>
        [7. 1. 2.]
        <NDArray 3 @cpu(0)>
    """
    try:
        data, kind, device_id = backend.from_dlpack(dlpack)
    except backend.DLPackError as error:
        raise ValueError(f"from_dlpack: {error}") from None
    if data.dtype.name not in dtypes.SUPPORTED:
        raise ValueError(f"from_dlpack: the shared array of shape {tuple(data.shape)} has dtype "
                         f"{data.dtype.name}, which ndsh (like MXNet's nd) does not support: "
                         f"{', '.join(dtypes.SUPPORTED)}")
    return new_array(data, _DEVICES[kind](device_id))


def from_numpy(ndarray, zero_copy=True):
    """An NDArray from a numpy array, keeping its dtype; with zero_copy (the default) it
    shares the numpy array's memory and the numpy array becomes read-only, as in MXNet.

    zero_copy needs a C-contiguous array (`np.ascontiguousarray(a)` makes one); the result
    is on cpu(0). With zero_copy=False it is a copy on the current context.

    Parameters:
        ndarray: the numpy array.
        zero_copy: share the numpy array's memory (True) or copy it (False).

    Example:
        >>> a = np.array([1, 2], dtype='int64'); x = nd.from_numpy(a); x[0] = 5; a
        array([5, 2])
        >>> a.flags.writeable
        False
    """
    if not isinstance(ndarray, np.ndarray):
        raise TypeError(f"from_numpy: expects a numpy array, got {type(ndarray).__name__} "
                        f"(nd.array copies lists and other arrays)")
    if not zero_copy:
        return array(ndarray, dtype=ndarray.dtype)
    if ndarray.dtype.name not in dtypes.SUPPORTED:
        raise ValueError(f"from_numpy: dtype {ndarray.dtype.name} is not supported (shape "
                         f"{ndarray.shape}): ndsh, like MXNet's nd, has "
                         f"{', '.join(dtypes.SUPPORTED)}")
    if not ndarray.flags.c_contiguous:
        raise ValueError(f"from_numpy: zero_copy needs a C-contiguous array, and this one of "
                         f"shape {ndarray.shape} with strides {ndarray.strides} is not: pass "
                         f"np.ascontiguousarray(a), or zero_copy=False for a copy")
    return new_array(backend.share_numpy(ndarray), cpu(0))


for _function in (to_dlpack_for_read, to_dlpack_for_write):
    op(kind="function", grad=False, method=True)(_function)
op(kind="function", grad=False,
   departs="An array with __dlpack__ is taken too (MXNet takes capsules only); a capsule "
           "consumed already raises ValueError (MXNet: AssertionError).")(from_dlpack)
op(kind="function", grad=False,
   departs="int8 arrays are shared too (MXNet's zero_copy refuses int8); uint32 and uint64, "
           "which ndsh lacks, are refused.")(from_numpy)
