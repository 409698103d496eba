"""The data of an NDArray on the dask(0) context: a DaskBuffer, a dask array whose in-place
writes rebind its graph and persist it when it is small, and the errors that name an op dask
cannot express. ndsh/engine/dask_array.py is the array module (`xp`) over it; dask itself is
imported by ndsh/engine/backend.py only.

Who wrote decides the persist (see `settle`): an NDArray-level write (`w[:] = ...`, `out=`,
`+=`) persists at once, a gradient written by backward waits for the next persist (so that
the gradients of one backward share one computation), an op's own buffer persists once its
graph is MAX_LAYERS deep.
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


def _op_in_stack(depth: int = 2) -> str:
    """The name of the outermost op function (from ndsh/engine/ops/) among the callers: the
    op the user called (`Convolution`), not the helper that met the problem (`_gemm_forward`)."""
    frame, found = sys._getframe(depth), "this op"
    while frame is not None:
        path = frame.f_code.co_filename.replace("\\", "/")
        if "/engine/ops/" in path:
            found = f"{frame.f_code.co_name} ({path[path.rindex('/engine/') + 1:]})"
        frame = frame.f_back
    return found


class DaskMissingAttribute(DaskUnsupported, AttributeError):
    """A numpy array attribute a dask array lacks: DaskUnsupported, and an AttributeError so
    that `hasattr` (in dask's own code too) still answers False."""


def unsupported(what: str, depth: int = 3, kind=DaskUnsupported) -> DaskUnsupported:
    """The error for an op whose code needs `what`, which dask.array does not provide."""
    where = _op_in_stack(depth)
    return kind(
        f"{where} cannot run on dask(0): it needs {what}, which dask.array cannot express. "
        f"Run it on the CPU: move its inputs with `x.as_in_context(mx.cpu())`, and the result "
        f"back with `.as_in_context(mx.dask())`.")


# what dask names the arrays numpy would give as views of another array's memory
_VIEW_NAMES = frozenset({"getitem", "reshape", "transpose", "swapaxes", "moveaxis", "squeeze",
                         "broadcast_to", "ravel", "expand_dims", "flip", "diagonal", "rechunk",
                         "real", "imag", "view"})


def is_view(loaded, array) -> bool:
    """Whether `array` is what numpy would make a view of another array (a slice, a reshape):
    not an NDArray's own data, and named by dask after a view-making function."""
    return (array.__class__ is loaded.Array
            and array.name.partition("-")[0].rstrip("_") in _VIEW_NAMES)


def persist_bytes() -> int:
    """Arrays at most this large are persisted when written in place (NDSH_DASK_PERSIST_BYTES)."""
    value = os.environ.get(PERSIST_BYTES_ENV, "")
    return int(value) if value.strip() else DEFAULT_PERSIST_BYTES


_live: dict = {}      # id -> weak reference: the buffers nd.waitall() may persist


def as_buffer(loaded, array):
    """Make a dask array a DaskBuffer (the class an NDArray's data has on a dask context)."""
    if array.__class__ is not loaded.buffer:
        if any(d != d for d in array.shape):    # NaN: a shape that depends on the values
            array.compute_chunk_sizes()          # an NDArray's shape is known: compute it
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
    arrays = [a for a in (ref() for ref in list(_live.values())) if a is not None]
    try:
        persist_in_place(*arrays)
    except backend.WorkerLost:
        raise
    except Exception as error:     # one bad graph: make the rest, and stop waiting on it
        _wait_each(arrays, error)


def _wait_each(arrays, first) -> None:
    """After a waitall failed: persist the arrays one by one, drop those that fail from the
    arrays waitall waits on (as MXNet raises an async error once), and raise one MXNetError
    naming them. Reading a failed array again raises its own error again."""
    failed = []
    for array in arrays:
        try:
            persist_in_place(array)
        except backend.WorkerLost:
            raise
        except Exception as error:
            failed.append((array, error))
            _live.pop(id(array), None)
    if not failed:
        raise first
    shapes = ", ".join(str(a.shape) for a, _ in failed[:5]) + (", ..." if len(failed) > 5
                                                                else "")
    error = failed[0][1]
    raise MXNetError(
        f"nd.waitall(): {len(failed)} of the {len(arrays)} pending dask(0) arrays failed to "
        f"compute (shapes {shapes}): {type(error).__name__}: {error}. The others are made; "
        f"waitall no longer waits on the failed ones (reading one raises its error "
        f"again).") from error


def writer(depth: int) -> str:
    """Who made the write seen `depth` frames up: "user" (an NDArray-level write: x[...] = v
    through ops/index.py's setitem / _set_whole, out= and += through graph.py's write_into),
    "backward" (a gradient written into .grad) or "op" (the engine's or an op's own code
    filling a buffer)."""
    code = sys._getframe(depth + 1).f_code
    path = code.co_filename.replace("\\", "/")
    if path.endswith("/engine/backprop.py"):
        return "backward"
    if path.endswith("/engine/graph.py") or (path.endswith("/engine/ops/index.py")
                                              and "set" in code.co_name):   # its x[k] = v paths
        return "user"
    return "op"


def _covers_all(key, ndim: int) -> bool:
    """Whether an index selects the whole array (`...`, `:`, `:, :`...)."""
    keys = key if isinstance(key, tuple) else (key,)
    full = slice(None)
    return all(k is Ellipsis or (type(k) is slice and k == full) for k in keys) and (
        len(keys) <= ndim or Ellipsis in keys)


def refuse_view_writes(loaded) -> None:
    """Inside an op's code, a write into a dask array the op derived from another (a reshape,
    a slice) is a write through a view with numpy, which dask cannot do: refuse it by name
    rather than compute a wrong value. Writes from anywhere else are dask's own."""
    original_set, original_get = loaded.Array.__setitem__, loaded.Array.__getitem__

    def from_op() -> bool:
        return "/engine/ops/" in sys._getframe(2).f_code.co_filename.replace("\\", "/")

    def __setitem__(self, key, value):
        if is_view(loaded, self) and from_op():
            raise unsupported("a write through a view (numpy shares the memory; dask "
                              "arrays share none)", depth=2)
        try:
            return original_set(self, key, value)
        except (NotImplementedError, AssertionError, ValueError) as error:
            if not from_op() or not _cannot(error):
                raise
            raise unsupported(f"an assignment dask cannot do ({error})", depth=2) from None

    def __getitem__(self, key):
        try:
            return original_get(self, key)
        except (NotImplementedError, AssertionError, ValueError) as error:
            if not from_op() or not _cannot(error):
                raise
            raise unsupported(f"an indexing dask cannot do ({error})", depth=2) from None

    loaded.Array.__setitem__ = __setitem__
    loaded.Array.__getitem__ = __getitem__


def _cannot(error) -> bool:
    """Whether dask's error says it cannot do what numpy would (rather than bad input)."""
    return not isinstance(error, ValueError) or "unknown" in str(error)


def _one_element_key(key, value):
    """MXNet's x[i] is shape (1,): the index path writes x[i, j] = v as x[i, j, None] = v with
    v of shape (1,), which numpy takes and dask does not. (key, value) as dask takes them."""
    if (type(key) is tuple and len(key) > 1 and key[-1] is None
            and all(isinstance(k, (int, np.integer)) for k in key[:-1])):
        return key[:-1], value.reshape(()) if getattr(value, "ndim", 0) else value
    return key, value


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
                key, value = _one_element_key(key, value)
                try:
                    loaded.Array.__setitem__(self, key, value)
                except (NotImplementedError, AssertionError, ValueError) as error:
                    if not _cannot(error):
                        raise
                    raise unsupported(f"an assignment dask cannot do ({error})") from None
            settle(self, writer(depth))

        def __getitem__(self, key):
            try:
                return loaded.Array.__getitem__(self, key)
            except (NotImplementedError, AssertionError, ValueError) as error:
                if not _cannot(error):
                    raise
                raise unsupported(f"an indexing dask cannot do ({error})") from None

        def __dlpack__(self, *args, **kwargs):
            raise unsupported("DLPack, which shares an array's memory (a dask array's values "
                              "are not in this process's memory)")

        def __getattr__(self, name):
            if name.startswith("_") or not hasattr(np.ndarray, name):
                raise AttributeError(name)
            raise unsupported(f"numpy's array method `.{name}`", kind=DaskMissingAttribute)

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
