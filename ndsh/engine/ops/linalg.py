"""Linear algebra: `dot` (MXNet's tensordot), `batch_dot`, and the `nd.linalg` family."""
from __future__ import annotations

import numpy as np

from ndsh.engine.registry import op


def _check_float(name, *arrays):
    for a in arrays:
        if a.dtype.kind != "f":
            raise TypeError(f"{name}: supports floating-point arrays only (float16/32/64), got "
                            f"{a.dtype.name}: convert with .astype('float32')")


def _reverse_axes(xp, a):
    return xp.transpose(a, tuple(range(a.ndim))[::-1]) if a.ndim > 1 else a


def _as_matrix(xp, a, rows_first: bool):
    """(…, K) -> (M, K) for the left operand, (K, …) -> (K, N) for the right one."""
    if rows_first:
        return xp.reshape(a, (-1, a.shape[-1])) if a.ndim != 1 else xp.reshape(a, (1, -1))
    return xp.reshape(a, (a.shape[0], -1)) if a.ndim != 1 else xp.reshape(a, (-1, 1))


def _dot_forward(xp, lhs, rhs, transpose_a, transpose_b):
    if lhs.ndim == 2 and rhs.ndim == 2 and lhs.shape[transpose_a is False] \
            == rhs.shape[transpose_b is True]:
        # matrices, the common case: matmul straight away
        return xp.matmul(lhs.T if transpose_a else lhs, rhs.T if transpose_b else rhs)
    a = _reverse_axes(xp, lhs) if transpose_a else lhs
    b = _reverse_axes(xp, rhs) if transpose_b else rhs
    if a.shape[-1] != b.shape[0]:
        raise ValueError(f"dot: shapes {lhs.shape} and {rhs.shape} do not match "
                         f"(transpose_a={transpose_a}, transpose_b={transpose_b}): the last "
                         f"axis of the first ({a.shape[-1]}) must equal the first axis of the "
                         f"second ({b.shape[0]})")
    if a.ndim <= 2 and b.ndim <= 2:
        result = xp.matmul(a, b) if a.ndim == 2 or b.ndim == 2 else xp.dot(a, b)
    else:
        result = xp.tensordot(a, b, axes=1)
    return result.reshape(1) if result.ndim == 0 else result


def _dot_grad(xp, g, lhs, rhs, transpose_a, transpose_b, which):
    if lhs.ndim == 2 and rhs.ndim == 2:
        a = lhs.T if transpose_a else lhs
        b = rhs.T if transpose_b else rhs
        if which == 0:
            grad = xp.matmul(g, b.T)
            return grad.T if transpose_a else grad
        grad = xp.matmul(a.T, g)
        return grad.T if transpose_b else grad
    a = _reverse_axes(xp, lhs) if transpose_a else lhs
    b = _reverse_axes(xp, rhs) if transpose_b else rhs
    g2 = xp.reshape(g, (_as_matrix(xp, a, True).shape[0], _as_matrix(xp, b, False).shape[1]))
    if which == 0:
        grad = xp.reshape(xp.matmul(g2, xp.transpose(_as_matrix(xp, b, False))), a.shape)
        return _reverse_axes(xp, grad) if transpose_a else grad
    grad = xp.reshape(xp.matmul(xp.transpose(_as_matrix(xp, a, True)), g2), b.shape)
    return _reverse_axes(xp, grad) if transpose_b else grad


@op(nin=2, vjp=(lambda xp, g, ans, lhs, rhs, transpose_a=False, transpose_b=False, **kw:
                _dot_grad(xp, g, lhs, rhs, transpose_a, transpose_b, 0),
                lambda xp, g, ans, lhs, rhs, transpose_a=False, transpose_b=False, **kw:
                _dot_grad(xp, g, lhs, rhs, transpose_a, transpose_b, 1)),
    departs="float16 works on the CPU too (MXNet's CPU dot takes float32/float64 only).")
def dot(xp, lhs, rhs, transpose_a=False, transpose_b=False, forward_stype=None):
    """MXNet's dot: the last axis of `lhs` against the first axis of `rhs` (a matrix product
    for 2-D arrays; (2,3,4)·(4,5) -> (2,3,5)); 1-D·1-D gives shape (1,).

    Parameters:
        lhs, rhs: float arrays.
        transpose_a, transpose_b: reverse the axes of an operand first.

    Example:
        >>> nd.dot(nd.array([[1, 2], [3, 4]]), nd.array([[1], [1]]))
        <BLANKLINE>
        [[3.]
         [7.]]
        <NDArray 2x1 @cpu(0)>
    """
    _check_float("dot", lhs, rhs)
    return _dot_forward(xp, lhs, rhs, transpose_a, transpose_b)


def _swap_last(xp, a):
    return xp.swapaxes(a, -1, -2)


def _batch_dot_grad(xp, g, lhs, rhs, transpose_a, transpose_b, which):
    if which == 0:
        grad = xp.matmul(g, rhs if transpose_b else _swap_last(xp, rhs))
        return _swap_last(xp, grad) if transpose_a else grad
    grad = xp.matmul(_swap_last(xp, lhs) if not transpose_a else lhs, g)
    return _swap_last(xp, grad) if transpose_b else grad


@op(nin=2, vjp=(lambda xp, g, ans, lhs, rhs, transpose_a=False, transpose_b=False, **kw:
                _batch_dot_grad(xp, g, lhs, rhs, transpose_a, transpose_b, 0),
                lambda xp, g, ans, lhs, rhs, transpose_a=False, transpose_b=False, **kw:
                _batch_dot_grad(xp, g, lhs, rhs, transpose_a, transpose_b, 1)))
def batch_dot(xp, lhs, rhs, transpose_a=False, transpose_b=False, forward_stype=None):
    """Matrix products over a batch: (B, N, M)·(B, M, K) -> (B, N, K); ndim must be >= 3.

    Example:
        >>> nd.batch_dot(nd.ones((2, 1, 3)), nd.ones((2, 3, 1)))
        <BLANKLINE>
        [[[3.]]
        <BLANKLINE>
         [[3.]]]
        <NDArray 2x1x1 @cpu(0)>
    """
    _check_float("batch_dot", lhs, rhs)
    if lhs.ndim < 3 or rhs.ndim < 3:
        raise ValueError(f"batch_dot: needs arrays with at least 3 dimensions, got {lhs.shape} "
                         f"and {rhs.shape} (use dot for matrices)")
    a = _swap_last(xp, lhs) if transpose_a else lhs
    b = _swap_last(xp, rhs) if transpose_b else rhs
    if a.shape[:-2] != b.shape[:-2] or a.shape[-1] != b.shape[-2]:
        raise ValueError(f"batch_dot: shapes {lhs.shape} and {rhs.shape} do not match "
                         f"(transpose_a={transpose_a}, transpose_b={transpose_b})")
    return xp.matmul(a, b)


# ----- nd.linalg ----------------------------------------------------------------------------
def _t(xp, a, flag):
    return _swap_last(xp, a) if flag else a


def _gemm2_grad(xp, g, A, B, transpose_a, transpose_b, alpha, which):
    g = g * alpha
    if which == 0:
        grad = xp.matmul(g, _swap_last(xp, _t(xp, B, transpose_b)))
        return _swap_last(xp, grad) if transpose_a else grad
    grad = xp.matmul(_swap_last(xp, _t(xp, A, transpose_a)), g)
    return _swap_last(xp, grad) if transpose_b else grad


@op(nin=2, namespace="nd.linalg", aliases=("nd.linalg_gemm2",),
    vjp=(lambda xp, g, ans, A, B, transpose_a=False, transpose_b=False, alpha=1.0, axis=-2:
         _gemm2_grad(xp, g, A, B, transpose_a, transpose_b, alpha, 0),
         lambda xp, g, ans, A, B, transpose_a=False, transpose_b=False, alpha=1.0, axis=-2:
         _gemm2_grad(xp, g, A, B, transpose_a, transpose_b, alpha, 1)))
def gemm2(xp, A, B, transpose_a=False, transpose_b=False, alpha=1.0, axis=-2):
    """alpha * op(A) @ op(B) over the last two axes, where op transposes when asked.

    Example:
        >>> nd.linalg.gemm2(nd.array([[1, 2], [3, 4]]), nd.array([[1, 0], [0, 1]]), alpha=2)
        <BLANKLINE>
        [[2. 4.]
         [6. 8.]]
        <NDArray 2x2 @cpu(0)>
    """
    _check_float("linalg.gemm2", A, B)
    return alpha * xp.matmul(_t(xp, A, transpose_a), _t(xp, B, transpose_b))


@op(nin=3, namespace="nd.linalg", aliases=("nd.linalg_gemm",),
    vjp=(lambda xp, g, ans, A, B, C, transpose_a=False, transpose_b=False, alpha=1.0, beta=1.0,
         axis=-2: _gemm2_grad(xp, g, A, B, transpose_a, transpose_b, alpha, 0),
         lambda xp, g, ans, A, B, C, transpose_a=False, transpose_b=False, alpha=1.0, beta=1.0,
         axis=-2: _gemm2_grad(xp, g, A, B, transpose_a, transpose_b, alpha, 1),
         lambda xp, g, ans, A, B, C, transpose_a=False, transpose_b=False, alpha=1.0, beta=1.0,
         axis=-2: g * beta))
def gemm(xp, A, B, C, transpose_a=False, transpose_b=False, alpha=1.0, beta=1.0, axis=-2):
    """alpha * op(A) @ op(B) + beta * C over the last two axes.

    Example:
        >>> nd.linalg.gemm(nd.ones((2, 2)), nd.ones((2, 2)), nd.ones((2, 2)), beta=10)
        <BLANKLINE>
        [[12. 12.]
         [12. 12.]]
        <NDArray 2x2 @cpu(0)>
    """
    _check_float("linalg.gemm", A, B, C)
    return alpha * xp.matmul(_t(xp, A, transpose_a), _t(xp, B, transpose_b)) + beta * C


def _potrf_vjp(xp, g, L, A):
    """The Cholesky backward (Murray 2016): Phi(L^T g) symmetrised, through L^-1."""
    inner = xp.matmul(_swap_last(xp, L), g)
    phi = xp.tril(inner) - 0.5 * xp.tril(xp.triu(inner))     # halve the diagonal
    linv = xp.linalg.inv(L)
    s = xp.matmul(xp.matmul(_swap_last(xp, linv), phi), linv)
    return 0.5 * (s + _swap_last(xp, s))


@op(namespace="nd.linalg", aliases=("nd.linalg_potrf",),
    vjp=lambda xp, g, ans, A: _potrf_vjp(xp, g, ans, A))
def potrf(xp, A):
    """The lower Cholesky factor L of a symmetric positive-definite A (A = L @ L.T).

    Example:
        >>> nd.linalg.potrf(nd.array([[4, 2], [2, 2]]))
        <BLANKLINE>
        [[2. 0.]
         [1. 1.]]
        <NDArray 2x2 @cpu(0)>
    """
    _check_float("linalg.potrf", A)
    try:
        return xp.linalg.cholesky(A)
    except np.linalg.LinAlgError:
        raise ValueError("linalg.potrf: the matrix is not symmetric positive-definite") from None


@op(namespace="nd.linalg", aliases=("nd.linalg_potri",), grad=False)
def potri(xp, A):
    """The inverse of L @ L.T given the Cholesky factor L (no gradient in ndsh).

    Example:
        >>> nd.linalg.potri(nd.array([[2, 0], [1, 1]]))
        <BLANKLINE>
        [[ 0.5 -0.5]
         [-0.5  1. ]]
        <NDArray 2x2 @cpu(0)>
    """
    _check_float("linalg.potri", A)
    return xp.linalg.inv(xp.matmul(A, _swap_last(xp, A)))


def _tri_op(xp, A, transpose, lower):
    A = xp.tril(A) if lower else xp.triu(A)
    return _swap_last(xp, A) if transpose else A


@op(nin=2, namespace="nd.linalg", aliases=("nd.linalg_trmm",), grad=False)
def trmm(xp, A, B, transpose=False, rightside=False, lower=True, alpha=1.0):
    """alpha * op(A) @ B (or B @ op(A) with rightside=True) for a triangular A (no gradient).

    Example:
        >>> nd.linalg.trmm(nd.array([[1, 0], [1, 1]]), nd.array([[1, 2], [3, 4]]))
        <BLANKLINE>
        [[1. 2.]
         [4. 6.]]
        <NDArray 2x2 @cpu(0)>
    """
    T = _tri_op(xp, A, transpose, lower)
    return alpha * (xp.matmul(B, T) if rightside else xp.matmul(T, B))


@op(nin=2, namespace="nd.linalg", aliases=("nd.linalg_trsm",), grad=False)
def trsm(xp, A, B, transpose=False, rightside=False, lower=True, alpha=1.0):
    """Solve op(A) @ X = alpha * B (or X @ op(A) = alpha * B) for a triangular A (no gradient).

    Example:
        >>> nd.linalg.trsm(nd.array([[2, 0], [0, 4]]), nd.array([[2], [4]]))
        <BLANKLINE>
        [[1.]
         [1.]]
        <NDArray 2x1 @cpu(0)>
    """
    T = _tri_op(xp, A, transpose, lower)
    inv = xp.linalg.inv(T)
    return alpha * (xp.matmul(B, inv) if rightside else xp.matmul(inv, B))


@op(namespace="nd.linalg", aliases=("nd.linalg_syrk",),
    vjp=lambda xp, g, ans, A, transpose=False, alpha=1.0:
    alpha * (xp.matmul(_swap_last(xp, g) + g, A) if not transpose
             else xp.matmul(A, g + _swap_last(xp, g))))
def syrk(xp, A, transpose=False, alpha=1.0):
    """alpha * A @ A.T (or alpha * A.T @ A with transpose=True).

    Example:
        >>> nd.linalg.syrk(nd.array([[1, 2], [3, 4]]))
        <BLANKLINE>
        [[ 5. 11.]
         [11. 25.]]
        <NDArray 2x2 @cpu(0)>
    """
    _check_float("linalg.syrk", A)
    At = _swap_last(xp, A)
    return alpha * (xp.matmul(At, A) if transpose else xp.matmul(A, At))


@op(namespace="nd.linalg", aliases=("nd.linalg_inverse",),
    vjp=lambda xp, g, ans, A: -xp.matmul(xp.matmul(_swap_last(xp, ans), g),
                                          _swap_last(xp, ans)))
def inverse(xp, A):
    """The inverse of each square matrix in the last two axes.

    Example:
        >>> nd.linalg.inverse(nd.array([[2, 0], [0, 4]]))
        <BLANKLINE>
        [[0.5  0.  ]
         [0.   0.25]]
        <NDArray 2x2 @cpu(0)>
    """
    _check_float("linalg.inverse", A)
    return xp.linalg.inv(A)


def _det_vjp(xp, g, ans, A):
    scale = xp.reshape(g * ans, ans.shape + (1, 1))
    return scale * _swap_last(xp, xp.linalg.inv(A))


@op(namespace="nd.linalg", aliases=("nd.linalg_det",), vjp=_det_vjp)
def det(xp, A):
    """The determinant of each square matrix; one matrix gives shape (1,).

    Example:
        >>> nd.linalg.det(nd.array([[1, 2], [3, 4]]))
        <BLANKLINE>
        [-2.]
        <NDArray 1 @cpu(0)>
    """
    _check_float("linalg.det", A)
    result = xp.linalg.det(A).astype(A.dtype)
    return result.reshape(1) if result.ndim == 0 else result


@op(namespace="_internal", grad=False, name="_slogdet_sign")
def _slogdet_sign(xp, A):
    """The sign part of slogdet."""
    result = xp.linalg.slogdet(A)[0].astype(A.dtype)
    return result.reshape(1) if result.ndim == 0 else result


def _logabsdet_vjp(xp, g, ans, A):
    return xp.reshape(g, ans.shape + (1, 1)) * _swap_last(xp, xp.linalg.inv(A))


@op(namespace="_internal", vjp=_logabsdet_vjp, name="_logabsdet")
def _logabsdet(xp, A):
    """The log|det| part of slogdet."""
    result = xp.linalg.slogdet(A)[1].astype(A.dtype)
    return result.reshape(1) if result.ndim == 0 else result


def slogdet(A):
    """[sign, log|det|] of each square matrix, as two arrays; log|det| is differentiable.

    Example:
        >>> sign, logabs = nd.linalg.slogdet(nd.array([[1, 2], [3, 4]])); sign
        <BLANKLINE>
        [-1.]
        <NDArray 1 @cpu(0)>
    """
    return [_slogdet_sign(A), _logabsdet(A)]


op(kind="function", namespace="nd.linalg", aliases=("nd.linalg_slogdet",))(slogdet)


def _sumlogdiag_vjp(xp, g, ans, A):
    diag = xp.diagonal(A, axis1=-2, axis2=-1)
    eye = xp.eye(A.shape[-1], dtype=A.dtype)
    return xp.reshape(g, g.shape[:-1] + (1, 1)) * eye * xp.expand_dims(1 / diag, -1) \
        if A.ndim > 2 else g * eye / xp.expand_dims(diag, -1)


@op(namespace="nd.linalg", aliases=("nd.linalg_sumlogdiag",), vjp=_sumlogdiag_vjp)
def sumlogdiag(xp, A):
    """The sum of the logs of the diagonal of each square matrix.

    Example:
        >>> nd.linalg.sumlogdiag(nd.array([[1, 0], [0, 1]]))
        <BLANKLINE>
        [0.]
        <NDArray 1 @cpu(0)>
    """
    result = xp.log(xp.diagonal(A, axis1=-2, axis2=-1)).sum(axis=-1)
    return result.reshape(1) if result.ndim == 0 else result


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
    rows, cols = xp.tril_indices(n, offset) if lower else xp.triu_indices(n, offset)
    return rows, cols


def _extracttrian_vjp(xp, g, ans, A, offset=0, lower=True):
    grad = xp.zeros(A.shape, dtype=g.dtype)
    grad[(...,) + _trian_indices(xp, A.shape[-1], offset, lower)] = g
    return grad


@op(namespace="nd.linalg", aliases=("nd.linalg_extracttrian",), vjp=_extracttrian_vjp)
def extracttrian(xp, A, offset=0, lower=True):
    """The lower (or upper) triangle of each square matrix, row by row, as a vector.

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
    """Square matrices whose lower (or upper) triangle is filled, row by row, from A.

    Example:
        >>> nd.linalg.maketrian(nd.array([1, 3, 4]))
        <BLANKLINE>
        [[1. 0.]
         [3. 4.]]
        <NDArray 2x2 @cpu(0)>
    """
    n = _trian_size(A.shape[-1], offset)
    result = xp.zeros(A.shape[:-1] + (n, n), dtype=A.dtype)
    result[(...,) + _trian_indices(xp, n, offset if lower else offset, lower)] = A
    return result


@op(namespace="_internal", grad=False, name="_gelqf_q")
def _gelqf_q(xp, A):
    """The Q factor of the LQ decomposition."""
    q, r = xp.linalg.qr(_swap_last(xp, A))
    return _swap_last(xp, q)


@op(namespace="_internal", grad=False, name="_gelqf_l")
def _gelqf_l(xp, A):
    """The L factor of the LQ decomposition."""
    q, r = xp.linalg.qr(_swap_last(xp, A))
    return _swap_last(xp, r)


def gelqf(A):
    """The LQ decomposition A = L @ Q of a wide matrix, returned as [Q, L] (no gradient).

    Example:
        >>> Q, L = nd.linalg.gelqf(nd.array([[3, 0], [0, 2]])); nd.abs(L)
        <BLANKLINE>
        [[3. 0.]
         [0. 2.]]
        <NDArray 2x2 @cpu(0)>
    """
    return [_gelqf_q(A), _gelqf_l(A)]


op(kind="function", namespace="nd.linalg", aliases=("nd.linalg_gelqf",))(gelqf)


@op(namespace="_internal", grad=False, name="_syevd_u")
def _syevd_u(xp, A):
    """The eigenvectors (as rows) of a symmetric matrix."""
    return _swap_last(xp, xp.linalg.eigh(A)[1])


@op(namespace="_internal", grad=False, name="_syevd_lam")
def _syevd_lam(xp, A):
    """The eigenvalues of a symmetric matrix, ascending."""
    return xp.linalg.eigh(A)[0]


def syevd(A):
    """Eigenvectors (rows of U) and eigenvalues of a symmetric matrix: A = U.T @ diag(lam) @ U
    (no gradient).

    Example:
        >>> U, lam = nd.linalg.syevd(nd.array([[2, 0], [0, 1]])); lam
        <BLANKLINE>
        [1. 2.]
        <NDArray 2 @cpu(0)>
    """
    return [_syevd_u(A), _syevd_lam(A)]


op(kind="function", namespace="nd.linalg", aliases=("nd.linalg_syevd",))(syevd)
