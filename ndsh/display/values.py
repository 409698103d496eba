"""How the shell and `--echo` show a value."""
from __future__ import annotations

from typing import Any

import numpy as np

from ndsh.engine import dask_values
from ndsh.engine.ndarray import NDArray

# numpy 2 writes scalars as `np.float32(22.494442)`; the shell shows them as numbers, as
# numpy 1 and MXNet's notebooks did (the d2l text shows `22.494442`).
_LEGACY_SCALARS = {"legacy": "1.25"} if int(np.__version__.split(".")[0]) >= 2 else {}


def format_value(value: Any) -> str:
    """The text the shell echoes for `value`: its repr, with numpy scalars as plain numbers;
    an array whose values are elsewhere (a dask array) as `lazy_array_text` shows it.

    Example:
        >>> format_value(np.float32(1.5)), format_value((np.int64(2), "a"))
        ('1.5', "(2, 'a')")
    """
    with np.printoptions(**_LEGACY_SCALARS):
        if isinstance(value, NDArray) and dask_values.location(value._data) is not None:
            return lazy_array_text(value)
        return repr(value)


def engine_array(value: Any) -> NDArray | None:
    """The engine NDArray behind an array the display layer describes: an NDArray itself, the
    one an `mx.np.ndarray` wraps (the very same array, no copy: `as_nd_ndarray()`), or None for
    anything else. mx.np arrays are recognised by their module, so that showing a value never
    imports ndsh.mxnp (as `ndsh.engine.messages` does).

    Example:
        >>> x = nd.ones((2,)); engine_array(x) is x, engine_array([1.0])
        (True, None)
    """
    if isinstance(value, NDArray):
        return value
    if type(value).__module__ == "mxnet.numpy" and hasattr(value, "as_nd_ndarray"):
        inner = value.as_nd_ndarray()
        return inner if isinstance(inner, NDArray) else None
    return None


def array_kind(value: Any) -> str:
    """The word a header starts with: `NDArray`, or `ndarray` for an mx.np array (MXNet's
    class names).

    Example:
        >>> array_kind(nd.ones((2,)))
        'NDArray'
    """
    return "NDArray" if isinstance(value, NDArray) else type(value).__name__


def lazy_array_text(x: NDArray) -> str:
    """MXNet's printed text of an array whose values are not in this process (a dask array):
    only what the text shows is computed (the corners of a large array, see
    `dask_values.printable`), and the trailer names the chunks when there are several. The same
    text as `repr(x)` for every other array.

    Example:
        >>> print(lazy_array_text(nd.arange(3)))
        <BLANKLINE>
        [0. 1. 2.]
        <NDArray 3 @cpu(0)>
    """
    return repr(x)      # NDArray's own text computes only the corners it shows
