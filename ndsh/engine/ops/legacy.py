"""MXNet's legacy NDArray functions, kept by its test suite: choose_element_0index (pick under
its old name), fill_element_0index and onehot_encode (one_hot written into an array), and
reset_arrays (zeros written into arrays, as MXNet's mixed-precision trainer uses it)."""
from __future__ import annotations

import numpy as np

from ndsh.engine.define import alias, op
from ndsh.engine.graph import write_into
from ndsh.engine.mxnet_errors import TypeError, ValueError
from ndsh.engine.ndarray import NDArray
from ndsh.engine.ops.index import one_hot

alias("nd.pick", "choose_element_0index")       # MXNet registers it as pick's alias too


@op(nin=3, grad=False)
def fill_element_0index(xp, lhs, mhs, rhs):
    """A copy of the 2-D array `lhs` with one element per row replaced: row i gets mhs[i] at
    column rhs[i]; an index outside the row leaves that row as it is (float indices are
    truncated).

    Parameters:
        lhs: the 2-D array to copy.
        mhs: the new values, one per row of lhs.
        rhs: the column of each row to fill, one per row of lhs (in lhs's dtype).

    Example:
        >>> nd.fill_element_0index(nd.zeros((2, 3)), nd.array([5, 7]), nd.array([2, 0]))
        <BLANKLINE>
        [[0. 0. 5.]
         [7. 0. 0.]]
        <NDArray 2x3 @cpu(0)>
    """
    if lhs.ndim != 2 or mhs.shape != lhs.shape[:1] or rhs.shape != lhs.shape[:1]:
        raise ValueError(f"fill_element_0index: lhs must be 2-D, and mhs and rhs hold one value "
                         f"per row of it; got lhs {lhs.shape}, mhs {mhs.shape} and rhs "
                         f"{rhs.shape}")
    columns = rhs.astype(np.int64)
    rows = xp.arange(lhs.shape[0])
    inside = (columns >= 0) & (columns < lhs.shape[1])
    result = lhs.copy()
    result[rows[inside], columns[inside]] = mhs[inside]
    return result


def onehot_encode(indices, out):
    """Write the one-hot rows of `indices` into `out` (2-D, one row per index) and return out;
    an index outside the row gives a row of zeros. MXNet deprecates it for one_hot.

    Parameters:
        indices: a vector of indices (float indices are truncated).
        out: the 2-D array to write into, of indices' dtype: (len(indices), depth).

    Example:
        >>> out = nd.zeros((2, 3)); _ = nd.onehot_encode(nd.array([2, 0]), out); out
        <BLANKLINE>
        [[0. 0. 1.]
         [1. 0. 0.]]
        <NDArray 2x3 @cpu(0)>
    """
    for name, value in (("indices", indices), ("out", out)):
        if not isinstance(value, NDArray):
            raise TypeError(f"onehot_encode: {name} must be an NDArray, got "
                            f"{type(value).__name__}")
    if indices.ndim != 1 or out.ndim != 2 or out.shape[0] != indices.shape[0]:
        raise ValueError(f"onehot_encode: indices must be a vector and out 2-D with a row per "
                         f"index; got indices {indices.shape} and out {out.shape}")
    if indices.dtype != out.dtype:
        raise TypeError(f"onehot_encode: indices ({np.dtype(indices.dtype).name}) and out "
                        f"({np.dtype(out.dtype).name}) must have the same dtype")
    encoded = one_hot(indices, out.shape[1], dtype=np.dtype(out.dtype).name)
    write_into(out, encoded.as_in_context(out.context)._data, "onehot_encode")
    return out


op(kind="function", grad=False)(onehot_encode)


def reset_arrays(*data, num_arrays=None):
    """Set every array given to zero, in place (floating-point arrays only); returns an empty
    list, as MXNet does.

    Parameters:
        data: the arrays to zero.
        num_arrays: how many arrays are given (MXNet requires it).

    Example:
        >>> a, b = nd.ones((2,)), nd.ones((1, 2), dtype='float16')
        >>> nd.reset_arrays(a, b, num_arrays=2)
        []
        >>> a
        <BLANKLINE>
        [0. 0.]
        <NDArray 2 @cpu(0)>
    """
    if num_arrays is None:
        raise ValueError("reset_arrays: the parameter num_arrays (how many arrays are given) "
                         "is required, as in MXNet: nd.reset_arrays(a, b, num_arrays=2)")
    if int(num_arrays) != len(data):
        raise ValueError(f"reset_arrays: num_arrays={num_arrays} but {len(data)} array(s) "
                         f"given; they must agree")
    for i, value in enumerate(data):
        if not isinstance(value, NDArray):
            raise TypeError(f"reset_arrays: argument {i} must be an NDArray, got "
                            f"{type(value).__name__}")
        if np.dtype(value.dtype).kind != "f":
            raise TypeError(f"reset_arrays: only floating-point arrays can be reset, but "
                            f"argument {i} is {np.dtype(value.dtype).name}")
    for value in data:
        write_into(value, 0, "reset_arrays")
    return []


op(kind="function", grad=False,
   departs="An integer array is refused when reset_arrays is called (MXNet fails only when "
           "the array is next read).")(reset_arrays)
