"""nd.linalg's diagonal and triangle packers: extractdiag and makediag, extracttrian and
maketrian (a triangle as a vector, and back). The factorizations are in factorize.py."""
from __future__ import annotations

import numpy as np

from ndsh.engine.define import op


def _diag_indices(xp, n, offset):
    rows = xp.arange(n - abs(offset))
    return (rows, rows + offset) if offset >= 0 else (rows - offset, rows)


def _extractdiag_vjp(xp, g, ans, A, offset=0):
    grad = xp.zeros(A.shape, dtype=g.dtype)
    rows, cols = _diag_indices(xp, A.shape[-1], offset)
    grad[..., rows, cols] = g
    return grad


@op(namespace="nd.linalg", aliases=("nd.linalg_extractdiag",), vjp=_extractdiag_vjp)
def extractdiag(xp, A, offset=0):
    """The diagonal (or the `offset` one) of each square matrix.

    Parameters:
        A: a square matrix, or a batch of them on the leading axes.
        offset: the diagonal: 0 the main one, positive above it, negative below.

    Example:
        >>> nd.linalg.extractdiag(nd.array([[1, 2], [3, 4]]))
        <BLANKLINE>
        [1. 4.]
        <NDArray 2 @cpu(0)>
    """
    return xp.diagonal(A, offset=offset, axis1=-2, axis2=-1).copy()


def _makediag_vjp(xp, g, ans, A, offset=0):
    rows, cols = _diag_indices(xp, g.shape[-1], offset)
    return g[..., rows, cols]


@op(namespace="nd.linalg", aliases=("nd.linalg_makediag",), vjp=_makediag_vjp)
def makediag(xp, A, offset=0):
    """Square matrices with the last axis of A on the diagonal (or the `offset` one).

    Parameters:
        A: the diagonals: the last axis is laid on the diagonal, leading axes are a batch.
        offset: the diagonal: 0 the main one, positive above it, negative below.

    Example:
        >>> nd.linalg.makediag(nd.array([1, 2]))
        <BLANKLINE>
        [[1. 0.]
         [0. 2.]]
        <NDArray 2x2 @cpu(0)>
    """
    n = A.shape[-1] + abs(offset)
    result = xp.zeros(A.shape[:-1] + (n, n), dtype=A.dtype)
    rows, cols = _diag_indices(xp, n, offset)
    result[..., rows, cols] = A
    return result


def _trian_indices(xp, n, offset, lower):
    """MXNet's order: a lower triangle row by row, an upper one column by column (the lower
    triangle of the transpose); a non-zero offset picks the side itself (below: lower)."""
    if offset != 0:
        lower = offset < 0
    if lower:
        return xp.tril_indices(n, offset)
    rows, cols = xp.tril_indices(n, -offset)
    return cols, rows


def _extracttrian_vjp(xp, g, ans, A, offset=0, lower=True):
    grad = xp.zeros(A.shape, dtype=g.dtype)
    grad[(...,) + _trian_indices(xp, A.shape[-1], offset, lower)] = g
    return grad


@op(namespace="nd.linalg", aliases=("nd.linalg_extracttrian",), vjp=_extracttrian_vjp)
def extracttrian(xp, A, offset=0, lower=True):
    """The lower (or upper) triangle of each square matrix as a vector: a lower one row by row,
    an upper one column by column. `offset` < 0 (> 0) takes the triangle below (above) that
    diagonal, whatever `lower` says.

    Parameters:
        A: a square matrix, or a batch of them on the leading axes.
        offset: the diagonal the triangle starts from: 0 the main one, positive above it, negative
            below.
        lower: take the lower triangle (True) or the upper one (False).

    Example:
        >>> nd.linalg.extracttrian(nd.array([[1, 2], [3, 4]]))
        <BLANKLINE>
        [1. 3. 4.]
        <NDArray 3 @cpu(0)>
    """
    return A[(...,) + _trian_indices(xp, A.shape[-1], offset, lower)]


def _trian_size(m, offset):
    """The matrix size n whose triangle (shifted by offset) holds m elements."""
    k = abs(offset)
    n = int((np.sqrt(8 * m + 1) - 1) / 2) + k
    return n


def _maketrian_vjp(xp, g, ans, A, offset=0, lower=True):
    n = g.shape[-1]
    return g[(...,) + _trian_indices(xp, n, offset, lower)]


@op(namespace="nd.linalg", aliases=("nd.linalg_maketrian",), vjp=_maketrian_vjp)
def maketrian(xp, A, offset=0, lower=True):
    """Square matrices whose lower (or upper) triangle is filled from A, in extracttrian's
    order (lower: row by row; upper: column by column; offset != 0 picks the side).

    Parameters:
        A: the triangles as vectors (extracttrian's order) on the last axis; leading axes are a
            batch.
        offset: the diagonal the triangle starts from: 0 the main one, positive above it, negative
            below.
        lower: fill the lower triangle (True) or the upper one (False).

    Example:
        >>> nd.linalg.maketrian(nd.array([1, 3, 4]))
        <BLANKLINE>
        [[1. 0.]
         [3. 4.]]
        <NDArray 2x2 @cpu(0)>
    """
    n = _trian_size(A.shape[-1], offset)
    result = xp.zeros(A.shape[:-1] + (n, n), dtype=A.dtype)
    result[(...,) + _trian_indices(xp, n, offset, lower)] = A
    return result
