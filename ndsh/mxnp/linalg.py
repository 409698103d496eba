"""`mx.np.linalg`: norm, inv, det over the table's ops (with gradients); svd on the host, without
a gradient (the table has no svd op yet); the rest of MXNet 1.9.1's np.linalg comes from
linalg_more.py (cholesky, eigh, solve, slogdet...) and fallback.py (qr, lstsq, cond...)."""
from __future__ import annotations

import numpy as onp

from ndsh.engine.graph import STATE
from ndsh.engine.registry import OPS
from ndsh.mxnp import fallback as _fallback
from ndsh.mxnp import linalg_more as _more
from ndsh.mxnp.array import fresh_shape, unwrap, wrap
from ndsh.mxnp.naming import check_axes, missing_name
from ndsh.mxnp.reduce import reduced_shape

__all__ = ["norm", "inv", "det", "svd"]


def norm(x, ord=None, axis=None, keepdims=False):  # noqa: A002  (numpy's name)
    """The vector 2-norm (or 1-norm) over `axis`, or the Frobenius norm of all the elements.

    Parameters:
        x: an np array.
        ord: None, 2 or 'fro' (the 2-norm), or 1 (the sum of absolute values) for vectors.
        axis: an int or a pair of ints; None uses every element.
        keepdims: keep the reduced axes with size 1.

    Example:
        >>> np.linalg.norm(np.array([3.0, 4.0]))
        array(5.)
    """
    data = unwrap(x, "np.linalg.norm")
    if ord in (None, "fro", 2):
        order = 2
    elif ord == 1 and (axis is None and data.ndim == 1 or isinstance(axis, int)):
        order = 1
    else:
        raise NotImplementedError(f"np.linalg.norm: ord={ord!r} is not in ndsh yet (it has "
                                  f"ord None, 2, 'fro', and 1 for vectors)")
    axis = tuple(axis) if isinstance(axis, list) else axis
    check_axes("np.linalg.norm", axis, data.shape)
    result = OPS["nd.norm"].call(data, ord=order, axis=axis, keepdims=keepdims)
    return wrap(fresh_shape(result, reduced_shape(data.shape, axis, keepdims)))


def inv(a):
    """The inverse of a square matrix (of each in a stack).

    Parameters:
        a: an np array of shape (..., n, n).

    Example:
        >>> np.linalg.inv(np.array([[2.0, 0.0], [0.0, 4.0]]))
        array([[0.5 , 0.  ],
               [0.  , 0.25]])
    """
    return wrap(OPS["nd.linalg.inverse"].call(unwrap(a, "np.linalg.inv")))


def det(a):
    """The determinant of a square matrix (of each in a stack): shape () for one matrix.

    Parameters:
        a: an np array of shape (..., n, n).

    Example:
        >>> np.linalg.det(np.array([[2.0, 1.0], [1.0, 3.0]]))
        array(5.)
    """
    data = unwrap(a, "np.linalg.det")
    return wrap(fresh_shape(OPS["nd.linalg.det"].call(data), data.shape[:-2]))


def svd(a):
    """The singular value decomposition a = ut @ diag(s) @ v, as MXNet's np returns it:
    (ut, s, v) with s in descending order. Computed on the host without a gradient (ndsh's
    table has no svd op yet), so it refuses an array recorded for autograd.

    Parameters:
        a: an np array of shape (..., m, n) with m <= n.

    Example:
        >>> ut, s, v = np.linalg.svd(np.array([[3.0, 0.0], [0.0, 4.0]])); s
        array([4., 3.])
    """
    data = unwrap(a, "np.linalg.svd")
    if STATE.recording and (data._node is not None or data._grad_req not in (None, "null")):
        raise NotImplementedError("np.linalg.svd has no gradient in ndsh yet: call it outside "
                                  "autograd.record(), or on x.detach()")
    u, s, vt = onp.linalg.svd(data.asnumpy(), full_matrices=False)
    dtype = data._data.dtype
    return tuple(wrap(OPS["nd.array"].call(part.astype(dtype), ctx=data._ctx, dtype=dtype))
                 for part in (u, s, vt))


# the rest of MXNet 1.9.1's np.linalg, from their own modules
globals().update(_more.FUNCTIONS)
globals().update(_fallback.LINALG)
__all__ += sorted(_more.FUNCTIONS) + sorted(_fallback.LINALG)


def __getattr__(name: str):
    if not name.startswith("__") and hasattr(onp.linalg, name):
        raise missing_name(f"module 'mxnet.numpy.linalg' has no attribute {name!r}: NumPy has "
                           f"numpy.linalg.{name}, but MXNet 1.9.1's np.linalg does not (use "
                           f"x.asnumpy() and NumPy itself)")
    raise missing_name(f"module 'mxnet.numpy.linalg' has no attribute {name!r}",
                       names_the_fix=False)


def __dir__() -> list:
    return sorted(__all__)
