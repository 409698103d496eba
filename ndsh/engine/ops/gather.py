"""Gathering and scattering by coordinates and by mask: gather_nd, scatter_nd and
nd.contrib.boolean_mask. Indexing (`x[key]`, take, pick, one_hot, where) is in index.py."""
from __future__ import annotations

import numpy as np

from ndsh.engine import backend
from ndsh.engine.define import op
from ndsh.engine.mxnet_errors import ValueError


def _gather_nd_vjp(xp, g, ans, data, indices):
    grad = xp.zeros(data.shape, dtype=g.dtype)
    backend.scatter_add(xp, grad, tuple(indices.astype(np.int64)), g)
    return grad


@op(nin=2, same_dtype=False, vjp=(_gather_nd_vjp, lambda *a, **k: None), keeps=(1,))
def gather_nd(xp, data, indices):
    """Gather elements (or slices) whose leading coordinates are the columns of `indices`
    (shape (M, ...), M <= data.ndim).

    Parameters:
        indices: an NDArray of shape (M, ...): column j holds the first M coordinates of the j-th
            element (or slice) to gather.

    Example:
        >>> nd.gather_nd(nd.array([[1, 2], [3, 4]]), nd.array([[0, 1], [1, 0]]))
        <BLANKLINE>
        [2. 3.]
        <NDArray 2 @cpu(0)>
    """
    return data[tuple(indices.astype(np.int64))]


@op(nin=2, same_dtype=False, keeps=(1,),
    vjp=(lambda xp, g, ans, data, indices, shape: g[tuple(indices.astype(np.int64))],
         lambda *a, **k: None))
def scatter_nd(xp, data, indices, shape):
    """An array of `shape`, zero except at the coordinates in `indices`, which get `data`.

    Parameters:
        data: the values to place, one per column of `indices`.
        indices: an NDArray of shape (M, ...): the coordinates, one column per value.
        shape: the shape of the result.

    Example:
        >>> nd.scatter_nd(nd.array([2, 3]), nd.array([[0, 1], [1, 0]]), shape=(2, 2))
        <BLANKLINE>
        [[0. 2.]
         [3. 0.]]
        <NDArray 2x2 @cpu(0)>
    """
    result = xp.zeros(tuple(shape), dtype=data.dtype)
    result[tuple(indices.astype(np.int64))] = data
    return result


def _boolean_mask_vjp(xp, g, ans, data, index, axis=0):
    grad = xp.zeros(data.shape, dtype=g.dtype)
    keep = xp.nonzero(index != 0)[0]
    grad[(slice(None),) * axis + (keep,)] = g
    return grad


@op(nin=2, same_dtype=False, vjp=(_boolean_mask_vjp, lambda *a, **k: None),
    namespace="nd.contrib")
def boolean_mask(xp, data, index, axis=0):
    """The rows of `data` (along `axis`) where the 1-D `index` is non-zero.

    Parameters:
        index: a 1-D NDArray as long as `axis`: non-zero keeps the row.
        axis: the axis whose rows are kept or dropped.

    Example:
        >>> x = nd.array([[1, 2], [3, 4], [5, 6]])
        >>> nd.contrib.boolean_mask(x, x[:, 0] > 2)
        <BLANKLINE>
        [[3. 4.]
         [5. 6.]]
        <NDArray 2x2 @cpu(0)>
    """
    if index.ndim != 1 or index.shape[0] != data.shape[axis]:
        raise ValueError(f"boolean_mask: index must be 1-D of length {data.shape[axis]}, got "
                         f"shape {index.shape}")
    keep = xp.nonzero(index != 0)[0]
    return xp.take(data, keep, axis=axis)
