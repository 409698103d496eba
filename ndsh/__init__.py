"""ndsh: the array shell. `from ndsh import nd, autograd` gives MXNet's API on numpy.

The tools for looking at a computation (`ndsh.graph`, `ndsh.trace`, `ndsh.explain_grad`,
`ndsh.gradcheck`, `ndsh.show`, `ndsh.plot`, `ndsh.progress`) load on first use, so that
`from ndsh import nd` stays light (no rich).
"""
from __future__ import annotations

import importlib

__version__ = "0.1.0"

from ndsh.engine import autograd, nd  # noqa: E402
from ndsh.engine import ndarray as _ndarray  # noqa: E402


def _as_np_ndarray(array):
    # mx.np wraps the engine, so it loads on the first conversion, not with every `import ndsh`
    import ndsh.mxnp.np  # noqa: F401  (gives mx.np's ndarray its methods)
    from ndsh.mxnp.convert import as_np_ndarray
    return as_np_ndarray(array)


_ndarray.NP_CONVERTER = _as_np_ndarray

_TOOLS = {"graph": "ndsh.tools.graphs", "trace": "ndsh.tools.tracing",
          "explain_grad": "ndsh.tools.explain", "gradcheck": "ndsh.tools.gradcheck",
          "show": "ndsh.tools.pictures", "plot": "ndsh.tools.pictures",
          "progress": "ndsh.tools.progress"}

__all__ = ["nd", "autograd", "__version__", *_TOOLS]


def __getattr__(name: str):
    module = _TOOLS.get(name)
    if module is None:
        raise AttributeError(f"module 'ndsh' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_TOOLS))
