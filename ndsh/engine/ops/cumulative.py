"""Cumulative sums and counts: cumsum along an axis (or of the flattened array) and histogram's
(counts, edges). The whole-array reductions are in reduce.py."""
from __future__ import annotations

import numpy as np

from ndsh.engine import dtypes
from ndsh.engine.define import op
from ndsh.engine.mxnet_errors import TypeError, ValueError
from ndsh.engine.ops.axes import NEGATIVE_AXES_DEPART, one_axis


def _cumsum_vjp(xp, g, ans, a, axis=None, dtype=None):
    if axis is None:
        return xp.flip(xp.cumsum(xp.flip(g.reshape(-1), 0), 0), 0).reshape(a.shape)
    return xp.flip(xp.cumsum(xp.flip(g, axis), axis), axis)


@op(vjp=_cumsum_vjp, method=True, keeps=(),
    departs=NEGATIVE_AXES_DEPART)
def cumsum(xp, a, axis=None, dtype=None):
    """The cumulative sum along `axis` (None: of the flattened array).

    Parameters:
        a: the input array.
        axis: the axis to sum along; None sums the flattened array.
        dtype: the dtype of the result; default the input's.

    Example:
        >>> nd.cumsum(nd.array([1, 2, 3]))
        <BLANKLINE>
        [1. 3. 6.]
        <NDArray 3 @cpu(0)>
    """
    out_dtype = dtypes.normalize(dtype, default=a.dtype)
    if axis is None:
        return xp.cumsum(a.reshape(-1), dtype=out_dtype)
    return xp.cumsum(a, axis=one_axis("cumsum", axis, a.shape), dtype=out_dtype)


def histogram(a, bins=10, range=None):
    """(counts, edges) of the values of `a` in `bins` equal bins over `range` (or at the edges
    of the NDArray `bins`); the last bin includes its right edge. Counts are int64, except that
    with an int `bins` and no range MXNet returns numpy's float32 result (so does ndsh).

    Parameters:
        a: the values to count (an NDArray).
        bins: the number of equal bins, or an NDArray of bin edges (in a's dtype).
        range: (low, high), the span the equal bins cover; default the values' own span.

    Example:
        >>> counts, edges = nd.histogram(nd.array([0, 1, 1, 3]), bins=2, range=(0, 4)); counts
        <BLANKLINE>
        [3 1]
        <NDArray 2 @cpu(0)>
    """
    from ndsh.engine.ndarray import NDArray, new_array
    if not isinstance(a, NDArray):
        raise TypeError(f"histogram: a must be an NDArray, not {type(a).__name__}")
    ctx, xp = a.context, a.context.xp
    if isinstance(bins, NDArray):
        if bins.dtype != a.dtype or bins.ndim != 1 or bins.size < 2:
            raise ValueError(f"histogram: bins must be a 1-D array of at least 2 edges with "
                             f"a's dtype {a._data.dtype}, got shape {bins.shape} and dtype "
                             f"{bins._data.dtype}")
        counts, edges = xp.histogram(a._data, bins=bins._data)
    elif not isinstance(bins, (int, np.integer)) or bins < 1:
        raise ValueError(f"histogram: bins must be a positive int or an NDArray of edges, not "
                         f"{bins!r}")
    elif range is None:
        counts, edges = np.histogram(a.asnumpy(), bins=int(bins))
        counts, edges = counts.astype(np.float32), edges.astype(np.float32)
    else:
        # MXNet computes the edges in a's dtype: integer data gets integer edges
        edges = xp.asarray(np.linspace(range[0], range[1], int(bins) + 1).astype(a.dtype))
        counts, edges = xp.histogram(a._data, bins=edges)[0], edges
    result = [new_array(xp.asarray(counts.astype(np.int64) if counts.dtype.kind in "iu"
                                   else counts), ctx),
              new_array(xp.asarray(edges), ctx)]
    # MXNet's numpy fallback returns a tuple, its histogram op a list
    return tuple(result) if range is None and not isinstance(bins, NDArray) else result


op(kind="function", grad=False)(histogram)
