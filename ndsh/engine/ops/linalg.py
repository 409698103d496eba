"""Linear algebra products: `dot` (MXNet's tensordot), `batch_dot`, and nd.linalg's gemm,
gemm2, syrk, trmm and trsm (the factorizations are in factorize.py)."""
from __future__ import annotations

import builtins

from ndsh.engine.define import op
from ndsh.engine.mxnet_errors import TypeError, ValueError


def check_float(name, *arrays):
    """Refuse integer arrays in the linear-algebra ops, naming the op and the dtype."""
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
        # a transposed operand's gradient is computed in its own layout (g.T @ a, not
        # (a.T @ g).T): a transposed view would cost a slow transposing copy into .grad
        # (FullyConnected's weight, ~0.5 ms of d2l's 784-256-10 MLP step)
        if which == 0:
            return xp.matmul(b, g.T) if transpose_a else xp.matmul(g, b.T)
        return xp.matmul(g.T, a) if transpose_b else xp.matmul(a.T, g)
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
    into_leaf=(lambda xp, g, ans, lhs, rhs, out: xp.matmul(g, rhs.T, out=out)
               if lhs.ndim == 2 and rhs.ndim == 2 else None,
               lambda xp, g, ans, lhs, rhs, out: xp.matmul(lhs.T, g, out=out)
               if lhs.ndim == 2 and rhs.ndim == 2 else None),
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
    check_float("dot", lhs, rhs)
    return _dot_forward(xp, lhs, rhs, transpose_a, transpose_b)


def swap_last(xp, a):
    """The matrices of a batch transposed: the last two axes swapped."""
    return xp.swapaxes(a, -1, -2)


def _batch_dot_grad(xp, g, lhs, rhs, transpose_a, transpose_b, which):
    if which == 0:
        grad = xp.matmul(g, rhs if transpose_b else swap_last(xp, rhs))
        return swap_last(xp, grad) if transpose_a else grad
    grad = xp.matmul(swap_last(xp, lhs) if not transpose_a else lhs, g)
    return swap_last(xp, grad) if transpose_b else grad


@op(nin=2, vjp=(lambda xp, g, ans, lhs, rhs, transpose_a=False, transpose_b=False, **kw:
                _batch_dot_grad(xp, g, lhs, rhs, transpose_a, transpose_b, 0),
                lambda xp, g, ans, lhs, rhs, transpose_a=False, transpose_b=False, **kw:
                _batch_dot_grad(xp, g, lhs, rhs, transpose_a, transpose_b, 1)))
def batch_dot(xp, lhs, rhs, transpose_a=False, transpose_b=False, forward_stype=None):
    """Matrix products over a batch: (B, N, M)·(B, M, K) -> (B, N, K); ndim must be >= 3.

    Parameters:
        lhs, rhs: batches of matrices, (B, N, M) and (B, M, K), or more batch axes in front.
        transpose_a, transpose_b: transpose each matrix of an operand first.

    Example:
        >>> nd.batch_dot(nd.ones((2, 1, 3)), nd.ones((2, 3, 1)))
        <BLANKLINE>
        [[[3.]]
        <BLANKLINE>
         [[3.]]]
        <NDArray 2x1x1 @cpu(0)>
    """
    check_float("batch_dot", lhs, rhs)
    if lhs.ndim < 3 or rhs.ndim < 3:
        raise ValueError(f"batch_dot: needs arrays with at least 3 dimensions, got {lhs.shape} "
                         f"and {rhs.shape} (use dot for matrices)")
    a = swap_last(xp, lhs) if transpose_a else lhs
    b = swap_last(xp, rhs) if transpose_b else rhs
    if a.shape[:-2] != b.shape[:-2] or a.shape[-1] != b.shape[-2]:
        raise ValueError(f"batch_dot: shapes {lhs.shape} and {rhs.shape} do not match "
                         f"(transpose_a={transpose_a}, transpose_b={transpose_b})")
    return xp.matmul(a, b)


# ----- nd.linalg ----------------------------------------------------------------------------
def _t(xp, a, flag):
    return swap_last(xp, a) if flag else a


def _rows_last(xp, a, axis):
    """MXNet's `axis` names where the matrix rows are (default -2): move them there."""
    return a if axis % a.ndim == a.ndim - 2 else xp.moveaxis(a, axis, -2)


def _rows_back(xp, a, axis):
    return a if axis % a.ndim == a.ndim - 2 else xp.moveaxis(a, -2, axis)


def _gemm2_grad(xp, g, A, B, transpose_a, transpose_b, alpha, axis, which):
    A, B, g = _rows_last(xp, A, axis), _rows_last(xp, B, axis), _rows_last(xp, g, axis) * alpha
    if which == 0:
        grad = xp.matmul(g, swap_last(xp, _t(xp, B, transpose_b)))
        return _rows_back(xp, swap_last(xp, grad) if transpose_a else grad, axis)
    grad = xp.matmul(swap_last(xp, _t(xp, A, transpose_a)), g)
    return _rows_back(xp, swap_last(xp, grad) if transpose_b else grad, axis)


def _gemm_product(xp, A, B, transpose_a, transpose_b, alpha, axis):
    shapes = A.shape, B.shape
    A, B = _rows_last(xp, A, axis), _rows_last(xp, B, axis)
    try:
        product = xp.matmul(_t(xp, A, transpose_a), _t(xp, B, transpose_b))
    except builtins.ValueError:
        raise ValueError(f"linalg.gemm2: shapes {shapes[0]} and {shapes[1]} do not match as "
                         f"batches of matrices (rows on axis {axis}, transpose_a={transpose_a}, "
                         f"transpose_b={transpose_b})") from None
    return _rows_back(xp, alpha * product, axis)


@op(nin=2, namespace="nd.linalg", aliases=("nd.linalg_gemm2",),
    vjp=(lambda xp, g, ans, A, B, transpose_a=False, transpose_b=False, alpha=1.0, axis=-2:
         _gemm2_grad(xp, g, A, B, transpose_a, transpose_b, alpha, axis, 0),
         lambda xp, g, ans, A, B, transpose_a=False, transpose_b=False, alpha=1.0, axis=-2:
         _gemm2_grad(xp, g, A, B, transpose_a, transpose_b, alpha, axis, 1)))
def gemm2(xp, A, B, transpose_a=False, transpose_b=False, alpha=1.0, axis=-2):
    """alpha * op(A) @ op(B) over the last two axes, where op transposes when asked (`axis`:
    where the matrix rows are, default -2).

    Parameters:
        A, B: the matrices to multiply (or batches of them, on the leading axes).
        transpose_a, transpose_b: transpose A, or B, first.
        alpha: the factor of the product.
        axis: the axis that holds the matrices' rows (the columns are the last axis); the other axes
            are batch axes.

    Example:
        >>> nd.linalg.gemm2(nd.array([[1, 2], [3, 4]]), nd.array([[1, 0], [0, 1]]), alpha=2)
        <BLANKLINE>
        [[2. 4.]
         [6. 8.]]
        <NDArray 2x2 @cpu(0)>
    """
    check_float("linalg.gemm2", A, B)
    return _gemm_product(xp, A, B, transpose_a, transpose_b, alpha, axis)


@op(nin=3, namespace="nd.linalg", aliases=("nd.linalg_gemm",),
    vjp=(lambda xp, g, ans, A, B, C, transpose_a=False, transpose_b=False, alpha=1.0, beta=1.0,
         axis=-2: _gemm2_grad(xp, g, A, B, transpose_a, transpose_b, alpha, axis, 0),
         lambda xp, g, ans, A, B, C, transpose_a=False, transpose_b=False, alpha=1.0, beta=1.0,
         axis=-2: _gemm2_grad(xp, g, A, B, transpose_a, transpose_b, alpha, axis, 1),
         lambda xp, g, ans, A, B, C, transpose_a=False, transpose_b=False, alpha=1.0, beta=1.0,
         axis=-2: g * beta))
def gemm(xp, A, B, C, transpose_a=False, transpose_b=False, alpha=1.0, beta=1.0, axis=-2):
    """alpha * op(A) @ op(B) + beta * C over the last two axes.

    Parameters:
        A, B: the matrices to multiply (or batches of them, on the leading axes).
        C: the matrix added, of the product's shape.
        transpose_a, transpose_b: transpose A, or B, first.
        alpha: the factor of the product.
        beta: the factor of C.
        axis: the axis that holds the matrices' rows (the columns are the last axis); the other axes
            are batch axes.

    Example:
        >>> nd.linalg.gemm(nd.ones((2, 2)), nd.ones((2, 2)), nd.ones((2, 2)), beta=10)
        <BLANKLINE>
        [[12. 12.]
         [12. 12.]]
        <NDArray 2x2 @cpu(0)>
    """
    check_float("linalg.gemm", A, B, C)
    return _gemm_product(xp, A, B, transpose_a, transpose_b, alpha, axis) + beta * C


def _tri_op(xp, A, transpose, lower):
    A = xp.tril(A) if lower else xp.triu(A)
    return swap_last(xp, A) if transpose else A


def _tri_grad(xp, dT, transpose, lower):
    """The gradient of A from that of op(tri(A)): only A's triangle was read."""
    dA = swap_last(xp, dT) if transpose else dT
    return xp.tril(dA) if lower else xp.triu(dA)


def _trmm_vjp(xp, g, ans, A, B, transpose=False, rightside=False, lower=True, alpha=1.0,
              which=0):
    T = _tri_op(xp, A, transpose, lower)
    if which == 1:
        Tt = swap_last(xp, T)
        return alpha * (xp.matmul(g, Tt) if rightside else xp.matmul(Tt, g))
    Bt = swap_last(xp, B)
    dT = alpha * (xp.matmul(Bt, g) if rightside else xp.matmul(g, Bt))
    return _tri_grad(xp, dT, transpose, lower)


def _trsm_vjp(xp, g, ans, A, B, transpose=False, rightside=False, lower=True, alpha=1.0,
              which=0):
    T = _tri_op(xp, A, transpose, lower)
    inv_t = swap_last(xp, xp.linalg.inv(T))          # T^-T
    if which == 1:
        return alpha * (xp.matmul(g, inv_t) if rightside else xp.matmul(inv_t, g))
    X = ans                                           # alpha T^-1 B, or alpha B T^-1
    dT = -(xp.matmul(xp.matmul(swap_last(xp, X), g), inv_t) if rightside
           else xp.matmul(xp.matmul(inv_t, g), swap_last(xp, X)))
    return _tri_grad(xp, dT, transpose, lower)


@op(nin=2, namespace="nd.linalg", aliases=("nd.linalg_trmm",),
    vjp=(lambda xp, g, ans, A, B, **kw: _trmm_vjp(xp, g, ans, A, B, which=0, **kw),
         lambda xp, g, ans, A, B, **kw: _trmm_vjp(xp, g, ans, A, B, which=1, **kw)))
def trmm(xp, A, B, transpose=False, rightside=False, lower=True, alpha=1.0):
    """alpha * op(A) @ B (or B @ op(A) with rightside=True) for a triangular A: only its lower
    (or upper, lower=False) triangle is read.

    Parameters:
        A: the triangular matrix (or a batch of them, on the leading axes).
        B: the matrix it multiplies.
        transpose: use A's transpose.
        rightside: compute B @ op(A) instead of op(A) @ B.
        lower: read A's lower triangle (True) or its upper one (False).
        alpha: the factor of the product.

    Example:
        >>> nd.linalg.trmm(nd.array([[1, 0], [1, 1]]), nd.array([[1, 2], [3, 4]]))
        <BLANKLINE>
        [[1. 2.]
         [4. 6.]]
        <NDArray 2x2 @cpu(0)>
    """
    T = _tri_op(xp, A, transpose, lower)
    return alpha * (xp.matmul(B, T) if rightside else xp.matmul(T, B))


@op(nin=2, namespace="nd.linalg", aliases=("nd.linalg_trsm",),
    vjp=(lambda xp, g, ans, A, B, **kw: _trsm_vjp(xp, g, ans, A, B, which=0, **kw),
         lambda xp, g, ans, A, B, **kw: _trsm_vjp(xp, g, ans, A, B, which=1, **kw)))
def trsm(xp, A, B, transpose=False, rightside=False, lower=True, alpha=1.0):
    """Solve op(A) @ X = alpha * B (or X @ op(A) = alpha * B) for a triangular A: only its
    lower (or upper, lower=False) triangle is read.

    Parameters:
        A: the triangular matrix (or a batch of them, on the leading axes).
        B: the right-hand side.
        transpose: use A's transpose.
        rightside: solve X @ op(A) = alpha * B instead of op(A) @ X = alpha * B.
        lower: read A's lower triangle (True) or its upper one (False).
        alpha: the factor of B.

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
    alpha * (xp.matmul(swap_last(xp, g) + g, A) if not transpose
             else xp.matmul(A, g + swap_last(xp, g))))
def syrk(xp, A, transpose=False, alpha=1.0):
    """alpha * A @ A.T (or alpha * A.T @ A with transpose=True).

    Parameters:
        A: the matrix (or a batch of them, on the leading axes).
        transpose: compute A.T @ A instead of A @ A.T.
        alpha: the factor of the product.

    Example:
        >>> nd.linalg.syrk(nd.array([[1, 2], [3, 4]]))
        <BLANKLINE>
        [[ 5. 11.]
         [11. 25.]]
        <NDArray 2x2 @cpu(0)>
    """
    check_float("linalg.syrk", A)
    At = swap_last(xp, A)
    return alpha * (xp.matmul(At, A) if transpose else xp.matmul(A, At))
