"""The only module that knows numpy from CuPy and Dask.

Every other part of the engine asks a Context for its array module (`ctx.xp`) and moves data to
the host with `to_numpy`. CuPy is imported the first time a GPU context is used, dask the first
time a dask context is (`load_dask`; ndsh/engine/dask_array.py builds that context's array
module over it, ndsh/engine/dask_values.py reads a dask array's values without bringing all of
them here), never at start-up.
"""
from __future__ import annotations

import contextlib
import os
import types
import warnings

import numpy as np

from ndsh.engine.mxnet_errors import MXNetError

_cupy = None
_cupy_error: str | None = None


class DeviceUnavailable(MXNetError):
    """A GPU context was used where no GPU backend can run. An MXNetError (a RuntimeError), as
    MXNet's CPU build raises for `nd.zeros((1,), ctx=mx.gpu())`: d2l's `try_gpu()` catches exactly
    that and falls back to the CPU."""


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
    """A host (numpy) copy or view of backend data (a dask array is computed here)."""
    if isinstance(data, np.ndarray):
        return data
    if _cupy is not None and isinstance(data, _cupy.ndarray):
        return _cupy.asnumpy(data)
    if _dask is not None and isinstance(data, _dask.Array):
        return np.asarray(_dask.compute(data))
    return np.asarray(data)


def loaded_dask():
    """The namespace load_dask returned, or None while no dask context has been used (so
    that code reading dask arrays never imports dask itself).

    Example:
        >>> loaded_dask() is None or loaded_dask().Array is loaded_dask().da.Array
        True
    """
    return _dask


def is_backend_array(value) -> bool:
    """True for a numpy or CuPy ndarray, or a dask array that an NDArray may hold as it is."""
    if isinstance(value, np.ndarray):
        return True
    if _dask is not None and value.__class__ is _dask.buffer:
        return True
    return _cupy is not None and isinstance(value, _cupy.ndarray)


def synchronize() -> None:
    """Wait for queued device work (a no-op on the CPU); persist the dask arrays in use."""
    if _cupy is not None:
        _cupy.cuda.Stream.null.synchronize()
    if _dask is not None and _dask.wait is not None:
        _dask.wait()


_ON_HOST = contextlib.nullcontext()     # reusable: entered on every creation op on the CPU


def on_device(xp, device_id: int):
    """A `with` block that makes CuPy allocate on GPU `device_id`; nothing to do for numpy."""
    return _ON_HOST if xp is np or getattr(xp, "IS_DASK", False) else xp.cuda.Device(device_id)


def copy_to_device(xp, device_id: int, data):
    """A new array of xp's, on `device_id`, holding a copy of `data` (numpy, CuPy or dask)."""
    if xp is np:
        host = to_numpy(data)
        return host.copy() if host is data else host     # asnumpy already copied
    if getattr(xp, "IS_DASK", False):
        return xp.copy_in(data)
    if _dask is not None and isinstance(data, _dask.Array):
        data = to_numpy(data)
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
    if getattr(xp, "IS_DASK", False):
        xp.scatter_add(target, index, values)
    elif hasattr(xp.add, "at"):          # numpy, and CuPy 13 or newer
        xp.add.at(target, index, values)
    else:
        import cupyx
        cupyx.scatter_add(target, index, values)


# ----- Dask: arrays on a cluster, or on an embedded local scheduler -------------------------
DASK_SCHEDULER_ENV = "NDSH_DASK_SCHEDULER"
DASK_CONNECT_TIMEOUT_S = 10          # NDSH_DASK_CONNECT_TIMEOUT overrides it
_dask: types.SimpleNamespace | None = None


class _NoBuffer:
    """What a dask array answers for numpy's `flags`: it owns no buffer the engine may write
    into, so the engine's buffer-reuse paths leave it alone."""
    owndata = writeable = c_contiguous = f_contiguous = False


def load_dask() -> types.SimpleNamespace:
    """Import dask and dask.array, and connect to the cluster that NDSH_DASK_SCHEDULER names
    (`tcp://host:8786`, or a scheduler file) when it is set, else use dask's local threads.
    Raises DeviceUnavailable when dask is not installed or the scheduler cannot be reached.
    Returns a namespace: dask, da (dask.array), Array, client (None locally), compute,
    compute_many, persist, istask, and the slots buffer and wait that
    ndsh/engine/dask_array.py fills."""
    global _dask
    if _dask is not None:
        return _dask
    try:
        import dask
        import dask.array as da
        from dask.core import istask
    except ImportError:
        raise DeviceUnavailable("dask contexts need dask and distributed, which are not "
                                "installed: install them with `pip install 'ndsh[dask]'`") from None
    # numpy attributes the engine reads on any array; a dask array has neither
    for name, value in (("flags", _NoBuffer()), ("base", None)):
        if not hasattr(da.Array, name):
            setattr(da.Array, name, value)
    address = os.environ.get(DASK_SCHEDULER_ENV, "").strip()
    client = connect_dask(address) if address else None
    if client is None:
        _local_chunks(dask)
    scheduler = {"scheduler": client if client is not None else "threads"}
    _dask = types.SimpleNamespace(
        dask=dask, da=da, Array=da.Array, client=client, address=address or "local (threads)",
        compute=lambda data: _on_cluster(dask.compute, client, data, **scheduler)[0],
        compute_many=lambda *arrays: _on_cluster(dask.compute, client, *arrays, **scheduler),
        persist=lambda *arrays: _on_cluster(dask.persist, client, *arrays, **scheduler),
        istask=istask, buffer=None, wait=None)
    return _dask


LOCAL_CHUNK_SIZE = "8MiB"      # the "auto" chunks' target on local threads (see _local_chunks)


def _local_chunks(dask) -> None:
    """On local threads, aim dask's "auto" chunks at LOCAL_CHUNK_SIZE rather than dask's
    128 MiB (meant for a cluster's workers), unless the user chose a size (dask's config or
    DASK_ARRAY__CHUNK_SIZE). Blocks under glibc's largest mmap threshold (32 MiB) reuse freed
    memory instead of page-faulting fresh mappings in every op, and several blocks keep both
    threads busy: scripts/bench_dask.py's exp chain with backward on 10M floats took 42-49 ms
    of CPU in one 40 MB block, 32-33 ms in 8 MiB blocks."""
    if "DASK_ARRAY__CHUNK_SIZE" in os.environ or dask.config.get("array.chunk-size") != "128MiB":
        return
    dask.config.set({"array.chunk-size": LOCAL_CHUNK_SIZE})


class WorkerLost(MXNetError):
    """A Dask worker died while computing a value: what it was computing is named, and the
    session stays usable (the cluster's other workers, or the restarted one, take over)."""


# distributed's errors for work lost with a worker (by name: distributed is optional)
_WORKER_LOSS = frozenset({"KilledWorker", "FutureCancelledError", "CancelledError"})


def _on_cluster(run, client, *arrays, **options):
    """run(*arrays, **options), a worker's death while it runs told as WorkerLost. numpy's
    RuntimeWarnings from the tasks (log(0), 0/0) stay quiet, as on the CPU, where ndsh's own
    are quiet while user code runs: MXNet gives none."""
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=RuntimeWarning, module=r"dask(\.|$)")
            return run(*arrays, **options)
    except Exception as error:
        if client is None or type(error).__name__ not in _WORKER_LOSS:
            raise
        shapes = ", ".join(f"shape {a.shape}" for a in arrays)
        raise WorkerLost(
            f"a Dask worker died while computing an array ({shapes}) on the cluster at "
            f"{_dask.address if _dask is not None else 'the cluster'}; this value was lost: "
            f"{type(error).__name__}: {error}. The session stays usable: run the line again "
            f"once the cluster has workers (its other workers, or a restarted one, take over), "
            f"or make the chunks smaller if a worker ran out of memory.") from None


def connect_dask(address: str):
    """A distributed.Client for the scheduler at `address` (or the scheduler file at that
    path); DeviceUnavailable naming the address when none answers within
    DASK_CONNECT_TIMEOUT_S seconds."""
    try:
        import distributed
    except ImportError:
        raise DeviceUnavailable(f"{DASK_SCHEDULER_ENV}={address} names a Dask cluster, which "
                                f"needs the distributed package: install it with "
                                f"`pip install 'ndsh[dask]'`") from None
    is_file = os.path.exists(address) or address.endswith((".json", ".yaml"))
    if is_file and not os.path.exists(address):
        raise DeviceUnavailable(f"{DASK_SCHEDULER_ENV}={address}: no such scheduler file (start "
                                f"a scheduler with `dask scheduler --scheduler-file {address}`)")
    where = {"scheduler_file": address} if is_file else {"address": address}
    timeout = float(os.environ.get("NDSH_DASK_CONNECT_TIMEOUT") or DASK_CONNECT_TIMEOUT_S)
    try:
        return distributed.Client(**where, timeout=timeout)
    except (OSError, TimeoutError, ValueError) as error:
        raise DeviceUnavailable(
            f"cannot reach the Dask scheduler at {address} ({DASK_SCHEDULER_ENV}) within "
            f"{timeout:g} s: {error}. Start one with `dask scheduler` and "
            f"`dask worker {address}`, or unset {DASK_SCHEDULER_ENV} to compute on this "
            f"machine's threads.") from None


# ----- DLPack: zero-copy exchange with numpy, PyTorch, CuPy, JAX... ------------------------
DLPACK_DEVICES = {1: "cpu", 2: "gpu", 3: "cpu_pinned"}    # kDLCPU, kDLCUDA, kDLCUDAHost


class DLPackError(ValueError):
    """A DLPack capsule or object that cannot be read: consumed already, or not DLPack."""


def to_dlpack(data):
    """A DLPack capsule ("dltensor", the kind MXNet, PyTorch, CuPy and JAX all take) over
    data's memory: whoever consumes it shares the array's memory."""
    try:
        return data.__dlpack__()
    except (BufferError, TypeError) as error:     # numpy: a read-only or a bool array (< 2)
        raise DLPackError(f"numpy cannot export this array through DLPack: {error}") from None


def from_dlpack(source):
    """(array, device kind, device id): a numpy or CuPy array over the memory that `source`
    shares, a DLPack capsule (consumed: a capsule gives one array) or an object with
    `__dlpack__` (numpy, PyTorch, CuPy, JAX arrays...). The device kind is 'cpu', 'gpu' or
    'cpu_pinned'."""
    capsule = _capsule_name(source)
    if capsule is not None:
        if capsule not in ("dltensor", "dltensor_versioned"):
            raise DLPackError(f"this DLPack capsule is named {capsule!r}: it was consumed "
                              f"already (a capsule gives one array), or is no DLPack tensor")
        device_type, device_id = _capsule_device(source, capsule)
    elif hasattr(source, "__dlpack__") and hasattr(source, "__dlpack_device__"):
        device_type, device_id = (int(v) for v in source.__dlpack_device__())
    else:
        raise DLPackError(f"expected a DLPack capsule or an object with __dlpack__ (a numpy, "
                          f"PyTorch, CuPy or JAX array), got {type(source).__name__}")
    kind = DLPACK_DEVICES.get(device_type)
    if kind is None:
        raise DLPackError(f"DLPack device type {device_type} is not a CPU or CUDA device "
                          f"(1, 2 or 3): ndsh cannot hold its memory")
    if kind == "gpu":
        return load_cupy().from_dlpack(source), kind, device_id
    if capsule is not None:
        array = np.from_dlpack(_Capsule(source))
        # a "dltensor" capsule cannot say read-only: like MXNet, take it as writeable
        return (_writeable(array) if capsule == "dltensor" else array), kind, device_id
    array = np.from_dlpack(source)
    if not array.flags.writeable and getattr(getattr(source, "flags", None), "writeable", False):
        array = _writeable(array)       # numpy < 2.1 imports every array read-only
    return array, kind, 0


def _capsule_name(source) -> str | None:
    """The name of a PyCapsule ('dltensor', 'used_dltensor'...), None for anything else."""
    if type(source).__name__ != "PyCapsule":
        return None
    import ctypes
    get_name = ctypes.pythonapi.PyCapsule_GetName
    get_name.restype, get_name.argtypes = ctypes.c_char_p, [ctypes.py_object]
    name = get_name(source)
    return name.decode() if name else ""


def _capsule_device(capsule, name: str) -> tuple[int, int]:
    """The (device type, device id) a DLPack capsule's tensor lives on, read from its struct:
    DLTensor starts with `void *data; int32 device_type; int32 device_id`, at the start of a
    DLManagedTensor and after version, manager_ctx, deleter and flags in the versioned one."""
    import ctypes
    get_pointer = ctypes.pythonapi.PyCapsule_GetPointer
    get_pointer.restype, get_pointer.argtypes = ctypes.c_void_p, [ctypes.py_object,
                                                                  ctypes.c_char_p]
    address = get_pointer(capsule, name.encode())
    tensor = address + (32 if name == "dltensor_versioned" else 0)
    device = (ctypes.c_int32 * 2).from_address(tensor + ctypes.sizeof(ctypes.c_void_p))
    return int(device[0]), int(device[1])


class _Capsule:
    """A capsule as the object numpy's from_dlpack asks for (it takes no bare capsule)."""

    def __init__(self, capsule):
        self.capsule = capsule

    def __dlpack__(self, *args, **kwargs):
        return self.capsule

    def __dlpack_device__(self):
        return (1, 0)


class _WriteableAlias:
    """The same memory as a read-only array, offered writeable through the array interface
    (keeping that array, and so the DLPack capsule's owner, alive)."""

    def __init__(self, array):
        self.keep = array
        interface = dict(array.__array_interface__)
        interface["data"] = (interface["data"][0], False)
        self.__array_interface__ = interface


def _writeable(array):
    return np.asarray(_WriteableAlias(array))


def share_numpy(array):
    """A writeable numpy array over `array`'s memory, then `array` made read-only: MXNet's
    from_numpy(zero_copy=True) contract (the NDArray writes, the numpy array may not)."""
    if not array.flags.writeable:
        try:   # made read-only by a flag (an earlier from_numpy): the memory itself is writeable
            array.flags.writeable = True
        except ValueError:   # memory numpy cannot write (a bytes object): the view stays read-only
            pass
    view = array.view(np.ndarray)
    array.flags.writeable = False
    return view
