"""ndsh: the array shell. `from ndsh import nd, autograd` gives MXNet's API on numpy."""
from __future__ import annotations

__version__ = "0.1.0"

from ndsh.engine import autograd, nd  # noqa: E402

__all__ = ["nd", "autograd", "__version__"]
