"""The rest of MXNet 1.9.1's `mx.np.linalg`: cholesky, eigh, eigvalsh, slogdet, solve,
tensorinv, tensorsolve over the table's ops (potrf, syevd, slogdet, inverse: they have
gradients); eig, eigvals and pinv computed on the host (MXNet's gradients there are zero);
np.linalg.py exports them, with the six MXNet hands to NumPy (ndsh/mxnp/fallback.py: cond,
lstsq, matrix_power, matrix_rank, multi_dot, qr)."""
from __future__ import annotations

import numpy as onp

from ndsh.engine.mxnet_errors import ValueError
from ndsh.engine.registry import OPS
from ndsh.mxnp import shape as _shape
from ndsh.mxnp.array import fresh_shape, unwrap, wrap
from ndsh.mxnp.products import matmul


def _square(data, fname: str) -> None:
    if data.ndim < 2 or data.shape[-1] != data.shape[-2]:
        raise ValueError(f"{fname}: expected square matrices (shape (..., n, n)), got shape "
                         f"{data.shape}")


def cholesky(a):
    """The lower-triangular L with L @ L.T == a, for a symmetric positive-definite matrix (or
    each of a stack); it has a gradient.

    Parameters:
        a: an np array of shape (..., n, n).

    Example:
        >>> np.linalg.cholesky(np.array([[4.0, 2.0], [2.0, 3.0]]))
        array([[2.       , 0.       ],
               [1.       , 1.4142135]])
    """
    data = unwrap(a, "np.linalg.cholesky")
    _square(data, "np.linalg.cholesky")
    return wrap(OPS["nd.linalg.potrf"].call(data))


def eigh(a, UPLO="L"):  # noqa: N803  (NumPy's name)
    """The eigenvalues (ascending) and eigenvectors (the columns of v) of a symmetric matrix:
    (w, v) with a @ v == v * w; it has a gradient.

    Parameters:
        a: an np array of shape (..., n, n), symmetric.
        UPLO: 'L' or 'U', the triangle read (the matrix is symmetric: both give the same).

    Example:
        >>> w, v = np.linalg.eigh(np.array([[2.0, 0.0], [0.0, 1.0]])); w
        array([1., 2.])
    """
    data = unwrap(a, "np.linalg.eigh")
    _square(data, "np.linalg.eigh")
    if UPLO not in ("L", "U"):
        raise ValueError(f"np.linalg.eigh: UPLO must be 'L' or 'U', got {UPLO!r}")
    rows, values = OPS["nd.linalg.syevd"].call(data)
    return wrap(values), _shape.swapaxes(wrap(rows), -1, -2)


def eigvalsh(a, UPLO="L"):  # noqa: N803  (NumPy's name)
    """The eigenvalues of a symmetric matrix, ascending; it has a gradient.

    Parameters:
        a: an np array of shape (..., n, n), symmetric.
        UPLO: 'L' or 'U'.

    Example:
        >>> np.linalg.eigvalsh(np.array([[4.0, 2.0], [2.0, 3.0]]))
        array([1.4384472, 5.561553 ])
    """
    return eigh(a, UPLO)[0]


def _host_eig(a, fname: str):
    data = unwrap(a, fname)
    _square(data, fname)
    values, vectors = onp.linalg.eig(data.asnumpy())
    if onp.iscomplexobj(values) and onp.any(values.imag != 0):
        raise ValueError(f"{fname}: the matrix has complex eigenvalues, which MXNet's np (real "
                         f"arrays only) cannot return; use numpy.linalg.eig on a.asnumpy()")
    dtype = data._data.dtype
    return [wrap(OPS["nd.array"].call(onp.ascontiguousarray(part.real).astype(dtype),
                                      ctx=data._ctx, dtype=dtype)) for part in (values, vectors)]


def eig(a):
    """The eigenvalues and right eigenvectors (columns of v) of a square matrix with real
    eigenvalues, in NumPy's order: computed on the host (MXNet's gradient here is zero).

    Parameters:
        a: an np array of shape (..., n, n).

    Example:
        >>> w, v = np.linalg.eig(np.array([[1.0, 2.0], [0.0, 3.0]])); w
        array([1., 3.])
    """
    return tuple(_host_eig(a, "np.linalg.eig"))


def eigvals(a):
    """The eigenvalues of a square matrix with real eigenvalues (on the host, as np.linalg.eig).

    Parameters:
        a: an np array of shape (..., n, n).

    Example:
        >>> np.linalg.eigvals(np.array([[1.0, 2.0], [0.0, 3.0]]))
        array([1., 3.])
    """
    return _host_eig(a, "np.linalg.eigvals")[0]


def slogdet(a):
    """The sign and the natural logarithm of |det(a)|, as a list [sign, logabsdet] (MXNet's);
    logabsdet has a gradient.

    Parameters:
        a: an np array of shape (..., n, n).

    Example:
        >>> np.linalg.slogdet(np.array([[2.0, 0.0], [0.0, -3.0]]))
        [array(-1.), array(1.7917595)]
    """
    data = unwrap(a, "np.linalg.slogdet")
    _square(data, "np.linalg.slogdet")
    sign, logabs = OPS["nd.linalg.slogdet"].call(data)
    return [wrap(fresh_shape(sign, data.shape[:-2])), wrap(fresh_shape(logabs, data.shape[:-2]))]


def solve(a, b):
    """x with a @ x == b (b a vector or a stack of columns), through the inverse of a; it has
    gradients for a and b.

    Parameters:
        a: an np array of shape (..., n, n).
        b: an np array of shape (..., n) or (..., n, k).

    Example:
        >>> np.linalg.solve(np.array([[4.0, 2.0], [2.0, 3.0]]), np.array([1.0, 2.0]))
        array([-0.125,  0.75 ])
    """
    data = unwrap(a, "np.linalg.solve")
    _square(data, "np.linalg.solve")
    inverse = wrap(OPS["nd.linalg.inverse"].call(data))
    right = unwrap(b, "np.linalg.solve")
    if right.ndim == data.ndim - 1:                # a vector (or a stack of them)
        return _shape.squeeze(matmul(inverse, _shape.expand_dims(b, -1)), -1)
    return matmul(inverse, b)


def pinv(a, rcond=1e-15, hermitian=False):
    """The Moore-Penrose pseudo-inverse (through the SVD, on the host; MXNet's gradient here is
    zero), in a's dtype.

    Parameters:
        a: an np array of shape (..., m, n).
        rcond: singular values below rcond * the largest count as zero.
        hermitian: a is symmetric.

    Example:
        >>> np.linalg.pinv(np.array([[2.0, 0.0], [0.0, 0.0]]))
        array([[0.5, 0. ],
               [0. , 0. ]])
    """
    data = unwrap(a, "np.linalg.pinv")
    rc = rcond.asnumpy() if hasattr(rcond, "asnumpy") else rcond
    host = onp.linalg.pinv(data.asnumpy().astype(onp.float64), rc, hermitian)
    dtype = data._data.dtype
    return wrap(OPS["nd.array"].call(host.astype(dtype), ctx=data._ctx, dtype=dtype))


def tensorinv(a, ind=2):
    """The inverse of a as a tensor: b with tensordot(b, a, ind) the identity of a.shape[:ind]
    (reshapes around an inverse: it has a gradient).

    Parameters:
        a: an np array with prod(a.shape[:ind]) == prod(a.shape[ind:]).
        ind: how many leading axes are the "rows".

    Example:
        >>> np.linalg.tensorinv(np.eye(4).reshape(4, 2, 2), ind=1).shape
        (2, 2, 4)
    """
    data = unwrap(a, "np.linalg.tensorinv")
    if ind <= 0:
        raise ValueError(f"np.linalg.tensorinv: ind must be a positive int, got {ind}")
    rows, cols = data.shape[:ind], data.shape[ind:]
    n = int(onp.prod(rows, dtype=onp.int64))
    if n != int(onp.prod(cols, dtype=onp.int64)):
        raise ValueError(f"np.linalg.tensorinv: the first {ind} axes {rows} and the rest {cols} "
                         f"must have as many elements")
    square = _shape.reshape(a, (n, n))
    return _shape.reshape(wrap(OPS["nd.linalg.inverse"].call(square._nd)), cols + rows)


def tensorsolve(a, b, axes=None):
    """x with tensordot(a, x, x.ndim) == b (reshapes around solve: it has gradients).

    Parameters:
        a: an np array whose leading axes have b's shape.
        b: an np array.
        axes: the axes of a to move to its end first, or None.

    Example:
        >>> np.linalg.tensorsolve(np.eye(4).reshape(2, 2, 2, 2), np.ones((2, 2)))
        array([[1., 1.],
               [1., 1.]])
    """
    if axes is not None:
        data = unwrap(a, "np.linalg.tensorsolve")
        order = [i for i in range(data.ndim) if i not in [x % data.ndim for x in axes]]
        a = _shape.transpose(a, order + [x % data.ndim for x in axes])
    data, right = unwrap(a, "np.linalg.tensorsolve"), unwrap(b, "np.linalg.tensorsolve")
    out_shape = data.shape[right.ndim:]
    n = int(onp.prod(out_shape, dtype=onp.int64))
    if int(onp.prod(right.shape, dtype=onp.int64)) != n:
        raise ValueError(f"np.linalg.tensorsolve: a of shape {data.shape} is not square for "
                         f"b of shape {right.shape}")
    x = solve(_shape.reshape(a, (n, n)), _shape.reshape(b, (n,)))
    return _shape.reshape(x, out_shape)


FUNCTIONS = {f.__name__: f for f in (cholesky, eigh, eigvalsh, eig, eigvals, slogdet, solve,
                                     pinv, tensorinv, tensorsolve)}
