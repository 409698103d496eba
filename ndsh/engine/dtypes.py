"""The dtypes MXNet's nd supports, and turning user spellings into numpy dtypes."""
from __future__ import annotations

import numpy as np

SUPPORTED = ("float16", "float32", "float64", "uint8", "int8", "int32", "int64", "bool")
_CACHE: dict = {}


class UnsupportedDtype(TypeError, KeyError):
    """A dtype MXNet's nd does not have (MXNet raises KeyError; TypeError is what it means)."""

    __str__ = BaseException.__str__


def normalize(dtype, default=np.float32) -> np.dtype:
    """'float32', np.float32, np.dtype('float32') or None (-> default) -> np.dtype."""
    if dtype is None:
        dtype = default
    try:
        return _CACHE[dtype]
    except (KeyError, TypeError):
        pass
    try:
        result = np.dtype(dtype)
    except TypeError:
        result = None
    if result is None or result.name not in SUPPORTED:
        raise UnsupportedDtype(f"unsupported dtype {dtype!r}: ndsh (like MXNet's nd) supports "
                        f"{', '.join(SUPPORTED)}")
    try:
        _CACHE[dtype] = result
    except TypeError:
        pass
    return result
