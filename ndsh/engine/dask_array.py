"""The array module (`ctx.xp`) of the `dask(0)` context: dask.array, lazy, under numpy's names.

An op's forward and its gradient are written once against `xp`; on a dask context `xp` is a
`DaskModule`, which hands out dask.array's function of the same name (so `xp.exp(x)` builds a
graph instead of computing) and says by name which op needs what dask.array cannot do. Values
are computed where the engine asks the backend for them (`backend.to_numpy`: printing,
asnumpy, asscalar, bool), and persisted by `nd.waitall()` / `wait_to_read()`.

The data of a dask NDArray is a `DaskBuffer` (ndsh/engine/dask_buffer.py), a dask array whose
in-place writes (`w[:] = ...`, `out=`, `+=`) rebind its graph and, when it is small (at most
NDSH_DASK_PERSIST_BYTES, 32 MiB by default), persist it: the new value is computed and kept
(on the cluster's workers, or in this process locally), so a training loop's graph does not
grow step after step. dask itself is imported by ndsh/engine/backend.py only.
"""
from __future__ import annotations

import numpy as np

from ndsh.engine import backend
from ndsh.engine.dask_buffer import (  # noqa: F401  (DaskUnsupported: re-exported)
    DaskUnsupported,
    as_buffer,
    buffer_class,
    is_view,
    refuse_view_writes,
    settle,
    unsupported,
    wait_all,
    writer,
)

# numpy names that describe types and shapes rather than compute: numpy's own serve dask too
_METADATA = frozenset({
    "dtype", "result_type", "promote_types", "can_cast", "broadcast_shapes", "finfo", "iinfo",
    "issubdtype", "errstate", "ndim", "shape", "isscalar", "generic", "number", "integer",
    "floating", "signedinteger", "unsignedinteger", "bool_", "float16", "float32", "float64",
    "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "complex64",
    "complex128", "newaxis", "pi", "e", "inf", "nan", "euler_gamma", "intp"})


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
        self.linalg = _Linalg(loaded)
        self.ndarray = loaded.Array

    @staticmethod
    def ascontiguousarray(data, dtype=None):
        """A dask array has no memory layout: the array itself."""
        return data if dtype is None else data.astype(dtype)

    asfortranarray = ascontiguousarray

    def eye(self, N, M=None, k=0, dtype=float):
        """numpy's eye(N, M, k, dtype) (dask's takes chunks second). A non-square one is cut
        in blocks of its shorter side: larger ones lose a block (dask 2026.8)."""
        chunks = "auto" if M is None or M == N else max(1, min(N, M))
        return as_buffer(self._loaded, self._da.eye(N, chunks=chunks, M=M, k=k, dtype=dtype))

    def matmul(self, a, b, out=None):
        """a @ b, written into `out` when given."""
        if out is not None:
            _check_out(self._loaded, out, 2)
        result = as_buffer(self._loaded, self._da.matmul(a, b))
        if out is None:
            return result
        self._loaded.Array.__setitem__(out, Ellipsis, result)
        settle(out, writer(1))
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


class _Linalg:
    """numpy.linalg's names over dask.array.linalg where dask computes what numpy does: inv and
    cholesky (lower, as numpy) of one 2-D matrix. The rest (batches, det, slogdet, eigh, qr's
    modes) is DaskUnsupported, by name."""

    def __init__(self, loaded):
        self._loaded, self._linalg = loaded, loaded.da.linalg

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return _missing(f"linalg.{name}")

    def _matrix(self, a, name: str):
        if a.ndim != 2 or a.shape[0] != a.shape[1]:
            raise unsupported(f"numpy's `xp.linalg.{name}` on a batch or a non-square array "
                              f"(dask's takes one square matrix)", depth=4)
        return a.rechunk(a.shape)           # one chunk: dask's kernels want square blocks

    def _same_type(self, result, a):
        """dask's kernels compute float32 in float64: give numpy's result dtype back."""
        if a.dtype.kind == "f" and result.dtype != a.dtype:
            result = result.astype(a.dtype)
        return as_buffer(self._loaded, result)

    def inv(self, a):
        return self._same_type(self._linalg.inv(self._matrix(a, "inv")), a)

    def cholesky(self, a):
        return self._same_type(self._linalg.cholesky(self._matrix(a, "cholesky"), lower=True),
                               a)


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
                        settle(target, writer(1))
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


def _check_out(loaded, out, depth: int) -> None:
    """`out=` may name an array an op made (dask rebinds it), not a view of one (numpy would
    write through it into its base: dask cannot)."""
    targets = out if isinstance(out, tuple) else (out,)
    if any(t is not None and is_view(loaded, t) for t in targets):
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


_MODULE: list = []


def namespace() -> DaskModule:
    """The dask context's array module: loads dask (and connects to the cluster) the first
    time it is asked for."""
    if not _MODULE:
        loaded = backend.load_dask()
        if loaded.buffer is None:
            refuse_view_writes(loaded)
            loaded.buffer = buffer_class(loaded)
            loaded.wait = wait_all
        _MODULE.append(DaskModule(loaded))
    return _MODULE[0]
