"""nd.linalg's factorizations and matrix functions: potrf, potri, inverse, det, slogdet,
sumlogdiag, gelqf and syevd (the diagonal and triangle packers are in linalg_packing.py)."""
from __future__ import annotations

import numpy as np

from ndsh.engine.define import op
from ndsh.engine.mxnet_errors import ValueError
from ndsh.engine.ops.linalg import check_float, swap_last


def _potrf_vjp(xp, g, L, A):
    """The Cholesky backward (Murray 2016): Phi(L^T g) symmetrised, through L^-1."""
    inner = xp.matmul(swap_last(xp, L), g)
    phi = xp.tril(inner) - 0.5 * xp.tril(xp.triu(inner))     # halve the diagonal
    linv = xp.linalg.inv(L)
    s = xp.matmul(xp.matmul(swap_last(xp, linv), phi), linv)
    return 0.5 * (s + swap_last(xp, s))


@op(namespace="nd.linalg", aliases=("nd.linalg_potrf",),
    vjp=lambda xp, g, ans, A: _potrf_vjp(xp, g, ans, A))
def potrf(xp, A):
    """The lower Cholesky factor L of a symmetric positive-definite A (A = L @ L.T).

    Parameters:
        A: a symmetric positive-definite matrix, or a batch of them on the leading axes.

    Example:
        >>> nd.linalg.potrf(nd.array([[4, 2], [2, 2]]))
        <BLANKLINE>
        [[2. 0.]
         [1. 1.]]
        <NDArray 2x2 @cpu(0)>
    """
    check_float("linalg.potrf", A)
    try:
        return xp.linalg.cholesky(A)
    except np.linalg.LinAlgError:
        raise ValueError("linalg.potrf: the matrix is not symmetric positive-definite") from None


def _potri_vjp(xp, g, ans, A):
    # out = (L L^T)^-1: d out = -out (dL L^T + L dL^T) out, so dL = -(S + S^T) L with
    # S = out g out, on the lower triangle (the only part of A that is read)
    S = xp.matmul(xp.matmul(ans, g), ans)
    return xp.tril(-xp.matmul(S + swap_last(xp, S), xp.tril(A)))


@op(namespace="nd.linalg", aliases=("nd.linalg_potri",), vjp=_potri_vjp)
def potri(xp, A):
    """The inverse of L @ L.T given the Cholesky factor L (the lower triangle of A).

    Parameters:
        A: the lower Cholesky factor L (as potrf gives it), or a batch of them.

    Example:
        >>> nd.linalg.potri(nd.array([[2, 0], [1, 1]]))
        <BLANKLINE>
        [[ 0.5 -0.5]
         [-0.5  1. ]]
        <NDArray 2x2 @cpu(0)>
    """
    check_float("linalg.potri", A)
    L = xp.tril(A)
    return xp.linalg.inv(xp.matmul(L, swap_last(xp, L)))


@op(namespace="nd.linalg", aliases=("nd.linalg_inverse",),
    vjp=lambda xp, g, ans, A: -xp.matmul(xp.matmul(swap_last(xp, ans), g),
                                          swap_last(xp, ans)))
def inverse(xp, A):
    """The inverse of each square matrix in the last two axes.

    Parameters:
        A: a square matrix, or a batch of them on the leading axes.

    Example:
        >>> nd.linalg.inverse(nd.array([[2, 0], [0, 4]]))
        <BLANKLINE>
        [[0.5  0.  ]
         [0.   0.25]]
        <NDArray 2x2 @cpu(0)>
    """
    check_float("linalg.inverse", A)
    return xp.linalg.inv(A)


def _det_vjp(xp, g, ans, A):
    scale = xp.reshape(g * ans, ans.shape + (1, 1))
    return scale * swap_last(xp, xp.linalg.inv(A))


@op(namespace="nd.linalg", aliases=("nd.linalg_det",), vjp=_det_vjp)
def det(xp, A):
    """The determinant of each square matrix; one matrix gives shape (1,).

    Parameters:
        A: a square matrix, or a batch of them on the leading axes.

    Example:
        >>> nd.linalg.det(nd.array([[1, 2], [3, 4]]))
        <BLANKLINE>
        [-2.]
        <NDArray 1 @cpu(0)>
    """
    check_float("linalg.det", A)
    result = xp.linalg.det(A).astype(A.dtype)
    return result.reshape(1) if result.ndim == 0 else result


@op(namespace="_internal", grad=False, name="_slogdet_sign")
def _slogdet_sign(xp, A):
    """The sign part of slogdet."""
    result = xp.linalg.slogdet(A)[0].astype(A.dtype)
    return result.reshape(1) if result.ndim == 0 else result


def _logabsdet_vjp(xp, g, ans, A):
    return xp.reshape(g, ans.shape + (1, 1)) * swap_last(xp, xp.linalg.inv(A))


@op(namespace="_internal", vjp=_logabsdet_vjp, name="_logabsdet")
def _logabsdet(xp, A):
    """The log|det| part of slogdet."""
    result = xp.linalg.slogdet(A)[1].astype(A.dtype)
    return result.reshape(1) if result.ndim == 0 else result


def slogdet(A):
    """[sign, log|det|] of each square matrix, as two arrays; log|det| is differentiable.

    Parameters:
        A: a square matrix, or a batch of them on the leading axes.

    Example:
        >>> sign, logabs = nd.linalg.slogdet(nd.array([[1, 2], [3, 4]])); sign
        <BLANKLINE>
        [-1.]
        <NDArray 1 @cpu(0)>
    """
    return [_slogdet_sign(A), _logabsdet(A)]


op(kind="function", namespace="nd.linalg", aliases=("nd.linalg_slogdet",))(slogdet)


def _sumlogdiag_vjp(xp, g, ans, A):
    # g holds one value per matrix: (...) for a batch, (1,) for a single matrix; the gradient
    # is g / A[i, i] on each diagonal and 0 (not -0, as a product with a negative g gives)
    # elsewhere
    diag = xp.diagonal(A, axis1=-2, axis2=-1)
    per_matrix = xp.reshape(g, A.shape[:-2] + (1,))
    grad = xp.zeros(A.shape, dtype=g.dtype)
    i = xp.arange(A.shape[-1])
    grad[..., i, i] = per_matrix / diag
    return grad


@op(namespace="nd.linalg", aliases=("nd.linalg_sumlogdiag",), vjp=_sumlogdiag_vjp)
def sumlogdiag(xp, A):
    """The sum of the logs of the diagonal of each square matrix.

    Parameters:
        A: a square matrix, or a batch of them on the leading axes.

    Example:
        >>> nd.linalg.sumlogdiag(nd.array([[1, 0], [0, 1]]))
        <BLANKLINE>
        [0.]
        <NDArray 1 @cpu(0)>
    """
    result = xp.log(xp.diagonal(A, axis1=-2, axis2=-1)).sum(axis=-1)
    return result.reshape(1) if result.ndim == 0 else result


def _copyltu(xp, M):
    """The symmetric matrix with M's lower triangle."""
    return xp.tril(M) + swap_last(xp, xp.tril(M, -1))


def _gelqf_vjp(xp, Q, L, dQ, dL):
    """MXNet's LQ backward: dA = L^-T (dQ + copyltu(M) Q), M = L^T dL - dQ Q^T."""
    M = -xp.matmul(dQ, swap_last(xp, Q)) if dL is None else xp.matmul(swap_last(xp, L), dL)
    inner = xp.matmul(_copyltu(xp, M), Q) + (0 if dQ is None else dQ)
    return xp.matmul(swap_last(xp, xp.linalg.inv(L)), inner)


def _lq(xp, A):
    q, r = xp.linalg.qr(swap_last(xp, A))
    return swap_last(xp, q), swap_last(xp, r)


@op(namespace="_internal", name="_gelqf_q",
    vjp=lambda xp, g, ans, A: _gelqf_vjp(xp, ans, _lq(xp, A)[1], g, None))
def _gelqf_q(xp, A):
    """The Q factor of the LQ decomposition."""
    q, r = xp.linalg.qr(swap_last(xp, A))
    return swap_last(xp, q)


@op(namespace="_internal", name="_gelqf_l",
    vjp=lambda xp, g, ans, A: _gelqf_vjp(xp, _lq(xp, A)[0], ans, None, g))
def _gelqf_l(xp, A):
    """The L factor of the LQ decomposition."""
    q, r = xp.linalg.qr(swap_last(xp, A))
    return swap_last(xp, r)


def gelqf(A):
    """The LQ decomposition A = L @ Q of a wide matrix, returned as [Q, L].

    Parameters:
        A: a wide matrix (rows <= columns) of full rank, or a batch of them.

    Example:
        >>> Q, L = nd.linalg.gelqf(nd.array([[3, 0], [0, 2]])); nd.abs(L)
        <BLANKLINE>
        [[3. 0.]
         [0. 2.]]
        <NDArray 2x2 @cpu(0)>
    """
    return [_gelqf_q(A), _gelqf_l(A)]


op(kind="function", namespace="nd.linalg", aliases=("nd.linalg_gelqf",))(gelqf)


def _syevd_vjp(xp, U, lam, dU, dlam):
    """dA = U^T (diag(dlam) + F o (dU U^T)) U, symmetrised, F_ij = 1 / (lam_i - lam_j)."""
    n = lam.shape[-1]
    inner = xp.zeros(U.shape, dtype=U.dtype)
    if dU is not None:
        gap = xp.expand_dims(lam, -1) - xp.expand_dims(lam, -2)
        eye = xp.eye(n, dtype=bool)
        inner = xp.where(eye, 0, xp.matmul(dU, swap_last(xp, U)) / xp.where(eye, 1, gap))
    if dlam is not None:
        i = xp.arange(n)
        inner[..., i, i] = dlam
    grad = xp.matmul(xp.matmul(swap_last(xp, U), inner), U)
    return (grad + swap_last(xp, grad)) / 2


def _eigh(xp, A):
    """(U, lam) as MXNet returns them: eigenvectors as rows of U, each with its largest-magnitude
    entry positive (an eigenvector's sign is free; MXNet fixes it so)."""
    lam, vectors = xp.linalg.eigh(A)
    U = swap_last(xp, vectors)
    largest = xp.take_along_axis(U, xp.expand_dims(xp.abs(U).argmax(axis=-1), -1), axis=-1)
    return xp.where(largest < 0, -U, U), lam


@op(namespace="_internal", name="_syevd_u",
    vjp=lambda xp, g, ans, A: _syevd_vjp(xp, ans, _eigh(xp, A)[1], g, None))
def _syevd_u(xp, A):
    """The eigenvectors (as rows) of a symmetric matrix."""
    return _eigh(xp, A)[0]


@op(namespace="_internal", name="_syevd_lam",
    vjp=lambda xp, g, ans, A: _syevd_vjp(xp, _eigh(xp, A)[0], ans, None, g))
def _syevd_lam(xp, A):
    """The eigenvalues of a symmetric matrix, ascending."""
    return xp.linalg.eigh(A)[0]


def syevd(A):
    """Eigenvectors (rows of U) and eigenvalues of a symmetric matrix: A = U.T @ diag(lam) @ U.

    Parameters:
        A: a symmetric matrix, or a batch of them on the leading axes.

    Example:
        >>> U, lam = nd.linalg.syevd(nd.array([[2, 0], [0, 1]])); lam
        <BLANKLINE>
        [1. 2.]
        <NDArray 2 @cpu(0)>
    """
    return [_syevd_u(A), _syevd_lam(A)]


op(kind="function", namespace="nd.linalg", aliases=("nd.linalg_syevd",))(syevd)
