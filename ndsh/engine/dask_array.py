"""The array module (`ctx.xp`) of the `dask(0)` context: dask.array, lazy, under numpy's names.

An op's forward and its gradient are written once against `xp`; on a dask context `xp` is a
`DaskModule`, which hands out dask.array's function of the same name (so `xp.exp(x)` builds a
graph instead of computing) and says by name which op needs what dask.array cannot do. Values
are computed where the engine asks the backend for them (`backend.to_numpy`: printing,
asnumpy, asscalar, bool), and persisted by `nd.waitall()` / `wait_to_read()`.

The data of a dask NDArray is a `DaskBuffer`, a dask array whose in-place writes (`w[:] = ...`,
`out=`, `+=`) rebind its graph and, when it is small (a parameter, a gradient, at most
NDSH_DASK_PERSIST_BYTES, 32 MiB by default), persist it at once: the new value is computed and
kept (on the cluster's workers, or in this process locally), so a training loop's graph does
not grow step after step. dask itself is imported by ndsh/engine/backend.py only.
"""
from __future__ import annotations

import os
import sys
import weakref

import numpy as np

from ndsh.engine import backend
from ndsh.engine.mxnet_errors import MXNetError

PERSIST_BYTES_ENV = "NDSH_DASK_PERSIST_BYTES"
DEFAULT_PERSIST_BYTES = 32 << 20


class DaskUnsupported(MXNetError, NotImplementedError):
    """An op that dask.array cannot express was called on a dask context. It names the op and
    the array function it needed; move the inputs to cpu(0) to run it there.

    Example:
        >>> issubclass(DaskUnsupported, NotImplementedError)
        True
    """


# numpy names that describe types and shapes rather than compute: numpy's own serve dask too
_METADATA = frozenset({
    "dtype", "result_type", "promote_types", "can_cast", "broadcast_shapes", "finfo", "iinfo",
    "issubdtype", "errstate", "ndim", "shape", "isscalar", "generic", "number", "integer",
    "floating", "signedinteger", "unsignedinteger", "bool_", "float16", "float32", "float64",
    "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "complex64",
    "complex128", "newaxis", "pi", "e", "inf", "nan", "euler_gamma", "intp"})


def _op_in_stack(depth: int = 2) -> str:
    """The name of the nearest op function (from ndsh/engine/ops/) among the callers."""
    frame = sys._getframe(depth)
    while frame is not None:
        path = frame.f_code.co_filename.replace("\\", "/")
        if "/engine/ops/" in path:
            return f"{frame.f_code.co_name} ({path[path.rindex('/engine/') + 1:]})"
        frame = frame.f_back
    return "this op"


def unsupported(what: str, depth: int = 3) -> DaskUnsupported:
    """The error for an op whose code needs `what`, which dask.array does not provide."""
    where = _op_in_stack(depth)
    return DaskUnsupported(
        f"{where} cannot run on dask(0): it needs {what}, which dask.array cannot express. "
        f"Run it on the CPU: move its inputs with `x.as_in_context(mx.cpu())`, and the result "
        f"back with `.as_in_context(mx.dask())`.")


class DaskModule:
    """numpy's names over dask.array, for the ops of a dask context (see the module's doc).

    Example:
        >>> xp = nd.dask().xp; xp.IS_DASK
        True
    """

    IS_DASK = True

    def __init__(self, loaded):
        self._loaded = loaded
        self._da = loaded.da
        self.random = loaded.da.random
        self.linalg = _Submodule(loaded, loaded.da.linalg, "linalg")
        self.ndarray = loaded.Array

    @staticmethod
    def ascontiguousarray(data, dtype=None):
        """A dask array has no memory layout: the array itself."""
        return data if dtype is None else data.astype(dtype)

    asfortranarray = ascontiguousarray

    def matmul(self, a, b, out=None):
        """a @ b, written into `out` when given."""
        if out is not None:
            _check_out(self._loaded, out, 2)
        result = as_buffer(self._loaded, self._da.matmul(a, b))
        if out is None:
            return result
        self._loaded.Array.__setitem__(out, Ellipsis, result)
        settle(out, _writer(1))
        return out

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        target = getattr(self._da, name, None)
        if target is None and name in _METADATA:
            target = getattr(np, name)
        elif target is None:
            if not callable(getattr(np, name, None)):
                raise AttributeError(f"dask.array has no attribute {name!r}")
            target = _missing(name)
        elif callable(target) and not isinstance(target, type):
            target = _guarded(self._loaded, target, name)
        setattr(self, name, target)        # found once, then a plain attribute
        return target

    def __repr__(self) -> str:
        return f"<DaskModule: dask.array on {self._loaded.address}>"

    # ----- what numpy has and dask.array spells differently or not at all ------------------
    @staticmethod
    def may_share_memory(a, b) -> bool:
        """Dask arrays share no memory the engine can see: views are new graphs."""
        return False

    shares_memory = may_share_memory

    def asarray(self, value, dtype=None, **kwargs):
        """`value` as the dask array an NDArray holds (auto chunks for host data)."""
        return as_buffer(self._loaded, self._from_any(value, dtype))

    array = asarray

    def _from_any(self, value, dtype=None):
        da = self._da
        if isinstance(value, da.Array):
            return value if dtype is None or value.dtype == dtype else value.astype(dtype)
        host = backend.to_numpy(value) if not np.isscalar(value) else np.asarray(value)
        host = np.asarray(host, dtype=dtype)
        return da.from_array(host, chunks=chunks(), name=False)

    def copy_in(self, data):
        """A new dask array with `data`'s values (numpy, CuPy or dask): the copy that
        `as_in_context(mx.dask())` and `copyto` make. Host data is copied into the graph."""
        if isinstance(data, self._da.Array):
            return as_buffer(self._loaded, self._loaded.Array(
                data.dask, data.name, data.chunks, meta=data._meta))
        host = backend.to_numpy(data)
        return as_buffer(self._loaded, self._from_any(host.copy() if host is data else host))

    def _one_per_row(self, a_shape, indices, axis: int, what: str):
        """The mask `position along axis == index` for indices with one entry per row (the
        shape of pick and softmax cross-entropy), else DaskUnsupported."""
        axis = axis % len(a_shape)
        if indices.ndim != len(a_shape) or indices.shape[axis] != 1:
            raise unsupported(f"numpy's `xp.{what}` with more than one index per row", depth=4)
        shape = [1] * len(a_shape)
        shape[axis] = a_shape[axis]
        positions = self._da.arange(a_shape[axis], dtype=indices.dtype).reshape(shape)
        return positions == indices, axis

    def take_along_axis(self, a, indices, axis):
        """numpy's take_along_axis for one index per row, lazily: a masked sum along axis."""
        mask, axis = self._one_per_row(a.shape, indices, axis, "take_along_axis")
        zero = np.zeros((), dtype=a.dtype)
        return as_buffer(self._loaded, self._da.where(mask, a, zero).sum(
            axis=axis, keepdims=True, dtype=a.dtype))

    def put_along_axis(self, arr, indices, values, axis) -> None:
        """numpy's put_along_axis for one index per row: arr rebound to the masked update."""
        mask, axis = self._one_per_row(arr.shape, indices, axis, "put_along_axis")
        _check_out(self._loaded, arr, 1)
        updated = self._da.where(mask, values, arr).astype(arr.dtype)
        self._loaded.Array.__setitem__(arr, Ellipsis, updated)

    def scatter_add(self, target, index, values) -> None:
        """target[index] += values (repeated indices accumulate): lazily for a key of slices
        and integers; an index array's scatter is computed on the client (numpy's add.at)."""
        keys = index if isinstance(index, tuple) else (index,)
        if all(isinstance(k, (slice, int, type(None), type(Ellipsis))) for k in keys):
            target[index] = target[index] + values
            return
        host = backend.to_numpy(target).copy()
        host_index = tuple(backend.to_numpy(k) if not isinstance(k, slice) else k for k in keys)
        np.add.at(host, host_index if isinstance(index, tuple) else host_index[0],
                  backend.to_numpy(values))
        target[...] = self._from_any(host)


class _Submodule:
    """numpy.linalg's names over dask.array.linalg, as DaskModule does for numpy's."""

    def __init__(self, loaded, module, prefix):
        self._loaded, self._module, self._prefix = loaded, module, prefix

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        target = getattr(self._module, name, None)
        full = f"{self._prefix}.{name}"
        target = _missing(full) if target is None else _guarded(self._loaded, target, full)
        setattr(self, name, target)
        return target


def _guarded(loaded, fn, name):
    """dask.array's `fn`, its array results as DaskBuffers, turning its NotImplementedError
    into one that names the op."""
    array_type = loaded.Array

    def call(*args, **kwargs):
        out = kwargs.get("out")
        if out is not None:
            _check_out(loaded, out, 2)
        try:
            result = fn(*args, **kwargs)
            if out is not None:
                for target in out if isinstance(out, tuple) else (out,):
                    if target.__class__ is loaded.buffer:
                        settle(target, _writer(1))
            return as_buffer(loaded, result) if isinstance(result, array_type) else result
        except (NotImplementedError, AssertionError) as error:
            if isinstance(error, DaskUnsupported):
                raise
            raise unsupported(f"xp.{name} with these arguments ({error})") from None
        except ValueError as error:
            if "unknown" not in str(error) or "chunk" not in str(error):
                raise
            raise unsupported(f"xp.{name} on an array of data-dependent shape") from None

    call.__name__ = name
    call.__wrapped__ = fn
    return call


# what dask names the arrays numpy would give as views of another array's memory
_VIEW_NAMES = frozenset({"getitem", "reshape", "transpose", "swapaxes", "moveaxis", "squeeze",
                         "broadcast_to", "ravel", "expand_dims", "flip", "diagonal", "rechunk",
                         "real", "imag", "view"})


def _is_view(loaded, array) -> bool:
    """Whether `array` is what numpy would make a view of another array (a slice, a reshape):
    not an NDArray's own data, and named by dask after a view-making function."""
    return (array.__class__ is loaded.Array
            and array.name.partition("-")[0].rstrip("_") in _VIEW_NAMES)


def _check_out(loaded, out, depth: int) -> None:
    """`out=` may name an array an op made (dask rebinds it), not a view of one (numpy would
    write through it into its base: dask cannot)."""
    targets = out if isinstance(out, tuple) else (out,)
    if any(t is not None and _is_view(loaded, t) for t in targets):
        raise unsupported("an out= that is a view of another array (numpy writes through it "
                          "into its base; dask arrays share no memory)", depth=depth + 2)


def _missing(name):
    def call(*args, **kwargs):
        raise unsupported(f"numpy's `xp.{name}`")

    call.__name__ = name
    return call


def chunks():
    """The chunks of arrays created on a dask context: dask's "auto" (its config
    `array.chunk-size`, 128 MiB unless DASK_ARRAY__CHUNK_SIZE says otherwise)."""
    return "auto"


def persist_bytes() -> int:
    """Arrays at most this large are persisted when written in place (NDSH_DASK_PERSIST_BYTES)."""
    value = os.environ.get(PERSIST_BYTES_ENV, "")
    return int(value) if value.strip() else DEFAULT_PERSIST_BYTES


_live: dict = {}      # id -> weak reference: the buffers nd.waitall() may persist


def as_buffer(loaded, array):
    """Make a dask array a DaskBuffer (the class an NDArray's data has on a dask context)."""
    if array.__class__ is not loaded.buffer:
        array.__class__ = loaded.buffer
        key = id(array)
        _live[key] = weakref.ref(array, lambda _, key=key: _live.pop(key, None))
    return array


MAX_LAYERS = 32       # a buffer an op writes into is persisted once its graph is this deep
_pending: dict = {}   # id -> weak reference: small buffers written since they were persisted


def settle(array, writer: str) -> None:
    """After a write into `array`: persist it (compute it and keep the values, on the cluster
    or here) when it is small enough, so that it stops carrying its history.

    `writer` says who wrote: "user" (x[:] = v, out=, +=: persisted at once), "backward" (a
    gradient written into .grad: kept lazy, since it carries no history of earlier steps, and
    persisted with the next persist) or "op" (a buffer an op fills, an optimizer's in-place
    update of a weight and its states: persisted once its graph is MAX_LAYERS deep). Every
    persist takes the pending small buffers along, in one dask call, so that the gradients of
    one backward share the computation of its graph."""
    if array.nbytes > persist_bytes():
        return
    key = id(array)
    _pending[key] = weakref.ref(array, lambda _, key=key: _pending.pop(key, None))
    if writer == "backward" or (writer == "op"
                                and len(getattr(array.dask, "layers", ())) < MAX_LAYERS):
        return
    persist_pending()


def persist_pending() -> None:
    """Persist every pending small buffer (see settle) in one dask call."""
    arrays = [ref() for ref in list(_pending.values())]
    _pending.clear()
    persist_in_place(*[a for a in arrays if a is not None])


def persist_in_place(*arrays) -> None:
    """Compute the arrays and keep the results as their new graphs (one dask call)."""
    loaded = backend.load_dask()
    pending = [a for a in arrays if not _is_persisted(a)]
    if not pending:
        return
    for array, done in zip(pending, loaded.persist(*pending)):
        array._meta, array.dask, array._name, array._chunks = (
            done._meta, done.dask, done.name, done.chunks)


def _is_persisted(array) -> bool:
    """Whether the graph holds nothing but the array's own values (no task left to run)."""
    graph = array.__dask_graph__()
    istask = backend.load_dask().istask
    return len(graph) <= array.npartitions and not any(map(istask, dict(graph).values()))


def wait_all() -> None:
    """`nd.waitall()` (and `wait_to_read()`) on dask: compute every live dask NDArray in one
    dask call and keep the values (on the cluster's workers, or here locally): as MXNet's
    waitall, every pending value is made; on a cluster they must fit its memory."""
    arrays = [ref() for ref in list(_live.values())]
    persist_in_place(*[a for a in arrays if a is not None])


def _writer(depth: int) -> str:
    """Who made the write seen `depth` frames up: "user" (an NDArray-level write: x[...] = v
    through ops/index.py's setitem, out= and += through graph.py's write_into), "backward" (a
    gradient written into .grad) or "op" (the engine's or an op's own code filling a buffer)."""
    code = sys._getframe(depth + 1).f_code
    path = code.co_filename.replace("\\", "/")
    if path.endswith("/engine/backprop.py"):
        return "backward"
    if path.endswith("/engine/graph.py") or (path.endswith("/engine/ops/index.py")
                                              and code.co_name == "setitem"):
        return "user"
    return "op"


def _covers_all(key, ndim: int) -> bool:
    """Whether an index selects the whole array (`...`, `:`, `:, :`...)."""
    keys = key if isinstance(key, tuple) else (key,)
    full = slice(None)
    return all(k is Ellipsis or (type(k) is slice and k == full) for k in keys) and (
        len(keys) <= ndim or Ellipsis in keys)


def _refuse_view_writes(loaded) -> None:
    """Inside an op's code, a write into a dask array the op derived from another (a reshape,
    a slice) is a write through a view with numpy, which dask cannot do: refuse it by name
    rather than compute a wrong value. Writes from anywhere else are dask's own."""
    original = loaded.Array.__setitem__

    def __setitem__(self, key, value):
        if _is_view(loaded, self):
            code = sys._getframe(1).f_code
            if "/engine/ops/" in code.co_filename.replace("\\", "/"):
                raise unsupported("a write through a view (numpy shares the memory; dask "
                                  "arrays share none)", depth=2)
        return original(self, key, value)

    loaded.Array.__setitem__ = __setitem__


def buffer_class(loaded):
    """The DaskBuffer class over the loaded dask.array (made once, when dask is loaded)."""
    class DaskBuffer(loaded.Array):
        """A dask array held by an NDArray: in-place writes rebind it, and persist it when
        small (see ndsh/engine/dask_array.py)."""

        __slots__ = ()

        def __setitem__(self, key, value, depth=1):
            if _covers_all(key, self.ndim):
                # the whole array: rebind to the value, which owes nothing to the old one
                value = loaded.da.broadcast_to(
                    loaded.da.asarray(value, dtype=self.dtype), self.shape)
                self._meta, self.dask, self._name, self._chunks = (
                    value._meta, value.dask, value.name, value.chunks)
            else:
                try:
                    loaded.Array.__setitem__(self, key, value)
                except (NotImplementedError, AssertionError) as error:
                    raise unsupported(f"an assignment dask cannot do ({error})") from None
            settle(self, _writer(depth))

        def __getitem__(self, key):
            try:
                return loaded.Array.__getitem__(self, key)
            except (NotImplementedError, AssertionError) as error:
                raise unsupported(f"an indexing dask cannot do ({error})") from None

        def __getattr__(self, name):
            if name.startswith("_") or not hasattr(np.ndarray, name):
                raise AttributeError(name)
            raise unsupported(f"numpy's array method `.{name}`")

        def _update(self, value):
            self.__setitem__(Ellipsis, value, depth=3)
            return self

        def __iadd__(self, other):
            return self._update(self + other)

        def __isub__(self, other):
            return self._update(self - other)

        def __imul__(self, other):
            return self._update(self * other)

        def __itruediv__(self, other):
            return self._update(self / other)

    return DaskBuffer


_MODULE: list = []


def namespace() -> DaskModule:
    """The dask context's array module: loads dask (and connects to the cluster) the first
    time it is asked for."""
    if not _MODULE:
        loaded = backend.load_dask()
        if loaded.buffer is None:
            _refuse_view_writes(loaded)
            loaded.buffer = buffer_class(loaded)
            loaded.wait = wait_all
        _MODULE.append(DaskModule(loaded))
    return _MODULE[0]
