"""The `nd` namespace (MXNet's `mx.nd`), built from the op table: every op and alias, the
contexts, NDArray, and the submodules random, linalg, contrib and image."""
from __future__ import annotations

import sys
import types

from ndsh.engine import io
from ndsh.engine.context import Context, cpu, cpu_pinned, current_context, dask, gpu  # noqa: F401
from ndsh.engine.ndarray import NDArray
from ndsh.engine.registry import NAMESPACES, public_callable


def _fill(module: types.ModuleType, namespace: str) -> None:
    names = sorted(NAMESPACES.get(namespace, {}))
    for name in names:
        setattr(module, name, public_callable(namespace, name))
    module.__all__ = names


def _submodule(name: str, doc: str) -> types.ModuleType:
    module = types.ModuleType(f"{__name__}.{name}", doc)
    _fill(module, f"nd.{name}")
    module.NDArray = NDArray
    sys.modules[module.__name__] = module
    return module


_fill(sys.modules[__name__], "nd")
random = _submodule("random", "Random sampling: normal, uniform, randint, shuffle, seed...")
linalg = _submodule("linalg", "Linear algebra: gemm2, potrf, inverse, det, syevd...")
contrib = _submodule("contrib", "Extra ops: boolean_mask, isnan / isinf / isfinite, allclose, "
                                "index_copy, quantize, rand_zipfian...")
image = _submodule("image", "Image ops: flip_left_right, flip_top_bottom, random flips, to_tensor, "
                            "normalize.")

save, load, load_frombuffer = io.save, io.load, io.load_frombuffer
__all__ = sorted(set(globals()["__all__"]) | {
    "NDArray", "Context", "cpu", "gpu", "cpu_pinned", "dask", "current_context", "random", "linalg",
    "contrib", "image", "save", "load", "load_frombuffer"})


# MXNet names that ndsh leaves out on purpose: sparse storage
NOT_IN_NDSH = frozenset({"sparse", "cast_storage"})


def __getattr__(name: str):
    """`nd.dott`: say so in nd's terms, with the closest names."""
    import difflib
    if name in NOT_IN_NDSH:
        raise AttributeError(f"nd.{name} is not in ndsh: MXNet's sparse storage is left out; "
                             f"ndsh's arrays are dense (`x.tostype('default')` is the array "
                             f"itself).")
    close = difflib.get_close_matches(name, __all__, n=3, cutoff=0.6)
    hint = f" Did you mean: {', '.join('nd.' + c for c in close)}?" if close else ""
    raise AttributeError(f"nd has no attribute {name!r}.{hint}")
