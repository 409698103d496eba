"""Reading backend data whose values may be elsewhere (a dask array: on a cluster, or not yet
computed) without bringing all of it here: the corners printing shows (`printable`), the
chunks (`placement`), where the values are (`location`), and several arrays' values in one
dask call (`gather`). numpy and CuPy data pass through as they are. dask itself is imported by
ndsh/engine/backend.py only; this module reads the namespace it loaded.
"""
from __future__ import annotations

import numpy as np

from ndsh.engine import backend


def _lazy(data):
    """The loaded dask namespace when data is a dask array, else None."""
    loaded = backend.loaded_dask()
    return loaded if loaded is not None and isinstance(data, loaded.Array) else None


def printable(data, edgeitems: int | None = None) -> tuple[np.ndarray, dict]:
    """(host array, numpy print options) for printing backend data as numpy prints it. numpy
    and CuPy data: the whole host copy, no options. A dask array larger than numpy's print
    threshold: only the corners numpy would show (`edgeitems` first and last along each long
    axis, and one filler that the "..." replaces), computed in one dask call, with options
    that make numpy summarize them as it would the whole array. The text is numpy's for the
    whole array; the rest of it is never computed.

    Example:
        >>> host, options = printable(np.arange(4))
        >>> host.tolist(), options
        ([0, 1, 2, 3], {})
    """
    loaded = _lazy(data)
    if loaded is None:
        return backend.to_numpy(data), {}
    settings = np.get_printoptions()
    edge = settings["edgeitems"] if edgeitems is None else edgeitems
    if data.size <= settings["threshold"] or data.ndim == 0:
        return backend.to_numpy(data), {}
    corners = data
    for axis, length in enumerate(data.shape):
        if length > 2 * edge:
            ends = [corners[(slice(None),) * axis + (part,)]
                    for part in (slice(0, edge), slice(edge - 1, edge), slice(-edge, None))]
            corners = loaded.da.concatenate(ends, axis=axis)
    return backend.to_numpy(corners), {"threshold": 0, "edgeitems": edge}


def placement(data) -> str:
    """How backend data is laid out beyond its shape, for the array's printed trailer: "" for
    numpy, CuPy and a dask array in one chunk; `, 4 chunks of 50000x2` for a dask array in
    several (each axis cut evenly but for a shorter last chunk; `up to` when not), computing
    nothing.

    Example:
        >>> placement(np.zeros((2, 3)))
        ''
    """
    if _lazy(data) is None or data.npartitions <= 1:
        return ""
    size = "x".join(str(n) for n in data.chunksize)
    regular = all(len(set(c[:-1])) <= 1 and c[-1] <= c[0] for c in data.chunks)  # last: less
    return f", {data.npartitions} chunks of {'' if regular else 'up to '}{size}"


def location(data) -> str | None:
    """Where data's values are when they are not in this process yet: `the Dask cluster at
    tcp://...` or `dask's local threads` for a dask array, None for numpy and CuPy data.

    Example:
        >>> location(np.zeros(2)) is None
        True
    """
    loaded = _lazy(data)
    if loaded is None:
        return None
    if loaded.client is None:
        return "dask's local threads (this process)"
    return f"the Dask cluster at {loaded.address}"


def gather(*arrays) -> list:
    """Host (numpy) copies of several backend arrays; the dask arrays among them computed in
    one dask call, so that the graph they share runs once.

    Example:
        >>> [a.tolist() for a in gather(np.arange(2), np.ones(1))]
        [[0, 1], [1.0]]
    """
    lazy = [i for i, a in enumerate(arrays) if _lazy(a) is not None]
    out = [None if i in lazy else backend.to_numpy(a) for i, a in enumerate(arrays)]
    if lazy:
        computed = backend.loaded_dask().compute_many(*[arrays[i] for i in lazy])
        for i, value in zip(lazy, computed):
            out[i] = np.asarray(value)
    return out
