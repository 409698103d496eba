"""The ndsh engine: MXNet's `nd` and `autograd` on numpy (and CuPy). No terminal code here.

Importing it registers every op (ndsh.engine.ops), tells glibc's malloc once to keep the
layer ops' large temporaries in the heap (ops/heap.py; NDSH_MALLOC_TUNING=0 turns that off),
attaches the NDArray methods and operators read from the op table, and builds the `nd`
namespace.
"""
from __future__ import annotations

from ndsh.engine import autograd, ops  # noqa: F401  (registers the op table)
from ndsh.engine.methods import attach_methods
from ndsh.engine.ndarray import NDArray
from ndsh.engine.ops import heap

heap.tune()
attach_methods()

from ndsh.engine import nd  # noqa: E402  (built from the table filled above)

__all__ = ["nd", "autograd", "NDArray"]
