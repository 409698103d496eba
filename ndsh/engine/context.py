"""Contexts: where an array lives (`cpu(0)`, `gpu(0)`, and ndsh's `dask(0)`), as MXNet names
them.

Contexts are interned (`cpu(0) is cpu(0)`), so the per-op check that two inputs share a
context is an identity test.
"""
from __future__ import annotations

import warnings

import numpy as np

from ndsh.engine import backend

_DEFAULT_CTX_DEPRECATED = ("Context.default_ctx has been deprecated. Please use "
                           "Context.current_context() instead. Please use "
                           "test_utils.set_default_context to set a default context")


class _DefaultCtx:
    """MXNet 1.9.1's deprecated `Context.default_ctx` (a class property): reading it gives
    the current context, setting it sets the default, each with MXNet's DeprecationWarning."""

    def __get__(self, obj, owner=None):
        warnings.warn(_DEFAULT_CTX_DEPRECATED, DeprecationWarning, stacklevel=2)
        return current_context()

    def __set__(self, obj, value):
        warnings.warn(_DEFAULT_CTX_DEPRECATED, DeprecationWarning, stacklevel=2)
        _set_current(value)


class _ContextType(type):
    """Context's metaclass: `Context.default_ctx = ctx` goes to the class property's setter
    (as MXNet's _MXClassPropertyMetaClass does) instead of replacing it."""

    def __setattr__(cls, key, value):
        if key == "default_ctx":
            warnings.warn(_DEFAULT_CTX_DEPRECATED, DeprecationWarning, stacklevel=2)
            _set_current(value)
            return
        super().__setattr__(key, value)


class Context(metaclass=_ContextType):
    """A device: `Context('cpu', 0)` or `Context('gpu', 0)`; also a `with` block that sets the
    default context for new arrays. `Context.default_ctx` is MXNet's deprecated spelling of
    current_context() (and, assigned, of set_default_context), with its DeprecationWarning.

    Example:
        >>> ctx = nd.cpu(0); ctx
        cpu(0)
        >>> nd.zeros((2,), ctx=ctx).context
        cpu(0)
    """

    _interned: dict = {}
    _default_stack: list = []
    default_ctx = _DefaultCtx()
    # 16: ndsh's Dask cluster, a device type MXNet does not have
    devtype2str = {1: "cpu", 2: "gpu", 3: "cpu_pinned", 5: "cpu_shared", 16: "dask"}
    devstr2type = {"cpu": 1, "gpu": 2, "cpu_pinned": 3, "cpu_shared": 5, "dask": 16}

    def __new__(cls, device_type="cpu", device_id: int = 0):
        if isinstance(device_type, Context):
            return device_type
        if isinstance(device_type, int):
            device_type = cls.devtype2str.get(device_type, device_type)
        if device_type not in cls.devstr2type:
            raise ValueError(f"unknown device type {device_type!r}: use 'cpu', 'gpu' or 'dask'")
        key = (device_type, int(device_id))
        ctx = cls._interned.get(key)
        if ctx is None:
            ctx = object.__new__(cls)
            ctx.device_type, ctx.device_id = key
            if device_type not in ("gpu", "dask"):
                ctx.xp = np          # a plain attribute: read on every op
            cls._interned[key] = ctx
        return ctx

    @property
    def device_typeid(self) -> int:
        return self.devstr2type[self.device_type]

    def __getattr__(self, name):
        # Only reached for a GPU or dask context's `xp` before its first use: load CuPy or
        # dask (and connect to the cluster) then.
        if name != "xp":
            raise AttributeError(name)
        if self.device_type == "dask":
            from ndsh.engine import dask_array
            self.xp = dask_array.namespace()
            return self.xp
        cupy = backend.load_cupy()
        if self.device_id >= cupy.cuda.runtime.getDeviceCount():
            raise backend.DeviceUnavailable(
                f"gpu({self.device_id}) does not exist: "
                f"{cupy.cuda.runtime.getDeviceCount()} CUDA device(s) visible")
        self.xp = cupy
        return cupy

    def device(self):
        """A `with` block that makes CuPy allocate on this GPU (a no-op on the CPU)."""
        if self.device_type == "gpu":
            return self.xp.cuda.Device(self.device_id)
        import contextlib
        return contextlib.nullcontext()

    def __repr__(self) -> str:
        return f"{self.device_type}({self.device_id})"

    def __reduce__(self):
        return (Context, (self.device_type, self.device_id))

    def __enter__(self):
        Context._default_stack.append(self)
        return self

    def __exit__(self, *exc):
        Context._default_stack.pop()

    def empty_cache(self) -> None:
        """Release cached device memory (a no-op on the CPU)."""
        if self.device_type == "gpu" and "xp" in self.__dict__:
            self.xp.get_default_memory_pool().free_all_blocks()


def cpu(device_id: int = 0) -> Context:
    """The CPU context, `cpu(0)` by default.

    Parameters:
        device_id: the CPU's number; MXNet ignores it for memory, and so does ndsh.

    Example:
        >>> nd.cpu()
        cpu(0)
    """
    return Context("cpu", device_id)


def gpu(device_id: int = 0) -> Context:
    """A GPU context; arrays on it need CuPy and a CUDA device.

    Parameters:
        device_id: the GPU's number, from 0.

    Example:
        >>> nd.gpu(1)
        gpu(1)
    """
    return Context("gpu", device_id)


def dask(device_id: int = 0) -> Context:
    """The Dask context: arrays on it are dask arrays, computed lazily on a Dask cluster
    (NDSH_DASK_SCHEDULER=tcp://host:8786 or a scheduler file) or, without one, on this
    machine's threads. dask is imported when the context is first used (see docs/dask.md).

    Parameters:
        device_id: kept for symmetry with cpu(i) and gpu(i); there is one cluster, dask(0).

    Example:
        >>> nd.dask()
        dask(0)
    """
    return Context("dask", device_id)


def cpu_pinned(device_id: int = 0) -> Context:
    """MXNet's pinned-memory CPU context; here it behaves as cpu memory.

    Parameters:
        device_id: the number MXNet keeps for it; ignored for memory.

    Example:
        >>> nd.cpu_pinned()
        cpu_pinned(0)
    """
    return Context("cpu_pinned", device_id)


_session_default = [cpu(0)]


def current_context() -> Context:
    """The default context for new arrays: the innermost `with ctx:` block, else the session's.

    Example:
        >>> nd.current_context()
        cpu(0)
    """
    stack = Context._default_stack
    return stack[-1] if stack else _session_default[0]


def set_default_context(ctx: Context) -> None:
    """Make `ctx` the default for new arrays in this process (`%ctx`, `--ctx`, NDSH_CTX)."""
    _session_default[0] = Context(ctx)


def _set_current(ctx) -> None:
    """`Context.default_ctx = ctx`: the innermost `with` block's context until the block ends
    (MXNet restores the one before it then), else the session's default."""
    ctx = Context(ctx)
    stack = Context._default_stack
    if stack:
        stack[-1] = ctx
    else:
        _session_default[0] = ctx


def parse_context(text: str) -> Context:
    """`'gpu(0)'`, `'gpu'`, `'cpu(1)'`, `'dask(0)'` -> Context."""
    text = text.strip()
    name, _, rest = text.partition("(")
    device_id = int(rest.rstrip(")") or 0) if rest else 0
    return Context(name.strip(), device_id)


def num_gpus() -> int:
    """The number of GPUs ndsh can use (0 without CuPy or a CUDA device).

    Example:
        >>> isinstance(mx.context.num_gpus(), int)
        True
    """
    return backend.num_gpus()
