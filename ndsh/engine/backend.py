"""The only module that knows numpy from CuPy.

Every other part of the engine asks a Context for its array module (`ctx.xp`) and moves data to
the host with `to_numpy`. CuPy is imported the first time a GPU context is used, never at start-up.
"""
from __future__ import annotations

import contextlib

import numpy as np

_cupy = None
_cupy_error: str | None = None


class DeviceUnavailable(RuntimeError):
    """A GPU context was used where no GPU backend can run."""


def load_cupy():
    """Import CuPy and check that a CUDA device is visible; raise DeviceUnavailable if not."""
    global _cupy, _cupy_error
    if _cupy is not None:
        return _cupy
    if _cupy_error is None:
        try:
            import cupy
        except Exception:  # ImportError, or a CUDA library that fails to load
            _cupy_error = ("GPU contexts need CuPy, which is not installed: "
                           "install it with `pip install 'ndsh[gpu]'`")
        else:
            try:
                count = cupy.cuda.runtime.getDeviceCount()
            except Exception:
                count = 0
            if count == 0:
                _cupy_error = "CuPy is installed but no CUDA device is visible"
            else:
                _cupy = cupy
                return cupy
    raise DeviceUnavailable(_cupy_error)


def num_gpus() -> int:
    """The number of CUDA devices CuPy can see (0 without CuPy)."""
    try:
        cupy = load_cupy()
    except DeviceUnavailable:
        return 0
    return int(cupy.cuda.runtime.getDeviceCount())


def to_numpy(data) -> np.ndarray:
    """A host (numpy) copy or view of backend data."""
    if isinstance(data, np.ndarray):
        return data
    if _cupy is not None and isinstance(data, _cupy.ndarray):
        return _cupy.asnumpy(data)
    return np.asarray(data)


def is_backend_array(value) -> bool:
    """True for a numpy or CuPy ndarray."""
    if isinstance(value, np.ndarray):
        return True
    return _cupy is not None and isinstance(value, _cupy.ndarray)


def synchronize() -> None:
    """Wait for queued device work (a no-op on the CPU)."""
    if _cupy is not None:
        _cupy.cuda.Stream.null.synchronize()


_ON_HOST = contextlib.nullcontext()     # reusable: entered on every creation op on the CPU


def on_device(xp, device_id: int):
    """A `with` block that makes CuPy allocate on GPU `device_id`; nothing to do for numpy."""
    return _ON_HOST if xp is np else xp.cuda.Device(device_id)


def copy_to_device(xp, device_id: int, data):
    """A new array of xp's, on `device_id`, holding a copy of `data` (numpy or CuPy, any device)."""
    if xp is np:
        host = to_numpy(data)
        return host.copy() if host is data else host     # asnumpy already copied
    with xp.cuda.Device(device_id):
        return xp.array(data, copy=True)


def from_host(xp, value):
    """A list, tuple or numpy array as xp's array (unchanged for numpy, which takes them as
    they are)."""
    return value if xp is np else xp.asarray(np.asarray(value))


def make_read_only(data) -> None:
    """Forbid writes to a numpy buffer (CuPy has no such flag: callers keep it safe)."""
    if isinstance(data, np.ndarray):
        data.flags.writeable = False


def scatter_add(xp, target, index, values) -> None:
    """target[index] += values, accumulating repeated indices."""
    if hasattr(xp.add, "at"):          # numpy, and CuPy 13 or newer
        xp.add.at(target, index, values)
    else:
        import cupyx
        cupyx.scatter_add(target, index, values)
