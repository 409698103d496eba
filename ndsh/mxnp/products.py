"""Products of `mx.np` arrays: dot, matmul (`@`), tensordot, outer, inner, vdot, over the table's
nd.dot and nd.batch_dot (so they have gradients); mixed dtypes promote."""
from __future__ import annotations

import numbers

import numpy as onp

from ndsh.engine.mxnet_errors import TypeError, ValueError
from ndsh.engine.registry import OPS
from ndsh.mxnp.array import as_shape, cast, result_type, unwrap, wrap
from ndsh.mxnp.naming import naming_errors


def _pair(fname, a, b):
    x, y = unwrap(a, f"np.{fname}"), unwrap(b, f"np.{fname}")
    if not (hasattr(x, "_data") and hasattr(y, "_data")):
        raise TypeError(f"np.{fname}: give two np arrays")
    dtype = result_type(x._data.dtype, y._data.dtype, f"np.{fname}")
    return cast(x, dtype), cast(y, dtype)


def _reshape(x, shape):
    return as_shape(x, tuple(shape))


def dot(a, b, out=None):
    """The dot product: the sum of products for 1-D arrays (shape ()), the matrix product for
    2-D ones, and over the last axis of a and the first of b beyond that.

    Parameters:
        a: an np array.
        b: an np array.
        out: not supported; must be None.

    Example:
        >>> np.dot(np.array([1.0, 2.0]), np.array([3.0, 4.0]))
        array(11.)
    """
    x, y = _pair("dot", a, b)
    if x.ndim == 0 or y.ndim == 0:
        return wrap(x * y)
    result = OPS["nd.dot"].call(x, y)
    return wrap(_reshape(result, x.shape[:-1] + y.shape[1:]))


def matmul(a, b, out=None):
    """The matrix product, NumPy's `a @ b`: stacks of matrices (leading axes) multiply
    pairwise, a 1-D operand counts as a row or a column.

    Parameters:
        a: an np array.
        b: an np array.
        out: not supported; must be None.

    Example:
        >>> np.matmul(np.ones((2, 3, 4)), np.ones((2, 4, 5))).shape
        (2, 3, 5)
    """
    x, y = _pair("matmul", a, b)
    if x.ndim == 0 or y.ndim == 0:
        raise ValueError("np.matmul: the operands must have at least one dimension (use * for "
                         "a scalar)")
    if x.ndim <= 2 and y.ndim <= 2:
        return dot(wrap(x), wrap(y))
    x_mat = x if x.ndim > 1 else _reshape(x, (1,) + x.shape)
    y_mat = y if y.ndim > 1 else _reshape(y, y.shape + (1,))
    batch = onp.broadcast_shapes(x_mat.shape[:-2], y_mat.shape[:-2])
    x_mat = OPS["nd.broadcast_to"].call(_reshape(x_mat, (1,) * (len(batch) + 2 - x_mat.ndim)
                                                 + x_mat.shape), shape=batch + x_mat.shape[-2:])
    y_mat = OPS["nd.broadcast_to"].call(_reshape(y_mat, (1,) * (len(batch) + 2 - y_mat.ndim)
                                                 + y_mat.shape), shape=batch + y_mat.shape[-2:])
    result = OPS["nd.batch_dot"].call(_reshape(x_mat, (-1,) + x_mat.shape[-2:]),
                                      _reshape(y_mat, (-1,) + y_mat.shape[-2:]))
    shape = batch + x_mat.shape[-2:-1] * (x.ndim > 1) + y_mat.shape[-1:] * (y.ndim > 1)
    return wrap(_reshape(result, shape))


def tensordot(a, b, axes=2):
    """The sum of products over the last `axes` axes of a and the first of b, or over the axes
    given as two lists.

    Parameters:
        a: an np array.
        b: an np array.
        axes: an int N (the last N of a with the first N of b) or a pair of axis lists.

    Example:
        >>> np.tensordot(np.ones((2, 3, 4)), np.ones((3, 4, 5)), axes=2).shape
        (2, 5)
    """
    x, y = _pair("tensordot", a, b)
    if isinstance(axes, numbers.Integral):
        a_axes = list(range(x.ndim - axes, x.ndim))
        b_axes = list(range(axes))
    else:
        a_axes, b_axes = ([ax] if isinstance(ax, numbers.Integral) else list(ax)
                          for ax in axes)
    a_axes = [ax % x.ndim for ax in a_axes]
    b_axes = [ax % y.ndim for ax in b_axes]
    a_free = [i for i in range(x.ndim) if i not in a_axes]
    b_free = [i for i in range(y.ndim) if i not in b_axes]
    inner = int(onp.prod([x.shape[i] for i in a_axes]))
    x2 = _reshape(OPS["nd.transpose"].call(x, axes=tuple(a_free + a_axes)), (-1, inner))
    y2 = _reshape(OPS["nd.transpose"].call(y, axes=tuple(b_axes + b_free)), (inner, -1))
    result = OPS["nd.dot"].call(x2, y2)
    shape = [x.shape[i] for i in a_free] + [y.shape[i] for i in b_free]
    return wrap(_reshape(result, shape))


def outer(a, b):
    """The outer product of two vectors (arrays are flattened first).

    Parameters:
        a: an np array.
        b: an np array.

    Example:
        >>> np.outer(np.array([1.0, 2.0]), np.array([3.0, 4.0]))
        array([[3., 4.],
               [6., 8.]])
    """
    x, y = _pair("outer", a, b)
    return wrap(_reshape(x, (-1, 1)) * _reshape(y, (1, -1)))


def inner(a, b):
    """The sum of products over the last axes of a and b.

    Parameters:
        a: an np array.
        b: an np array.

    Example:
        >>> np.inner(np.array([1.0, 2.0]), np.array([3.0, 4.0]))
        array(11.)
    """
    return tensordot(a, b, axes=([-1], [-1]))


def vdot(a, b):
    """The dot product of the two arrays flattened.

    Parameters:
        a: an np array.
        b: an np array.

    Example:
        >>> np.vdot(np.ones((2, 2)), np.ones((2, 2)))
        array(4.)
    """
    x, y = _pair("vdot", a, b)
    return dot(wrap(_reshape(x, (-1,))), wrap(_reshape(y, (-1,))))


FUNCTIONS = naming_errors({f.__name__: f for f in (dot, matmul, tensordot, outer, inner,
                                                    vdot)})
