"""Products of `mx.np` arrays: dot, matmul (`@`), tensordot, outer, inner, vdot, over the table's
nd.dot and nd.batch_dot (so they have gradients); mixed dtypes promote."""
from __future__ import annotations

import builtins
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


def _check_aligned(fname, x, y):
    """NumPy's rule for dot and 2-D matmul: a's last axis meets b's only axis (1-D b), else b's
    second-to-last; the error names the np function and both shapes (the table's dot speaks
    of transpose_a/transpose_b, which np.dot does not take)."""
    n, m = x.shape[-1], y.shape[-2 if y.ndim >= 2 else 0]
    if n != m:
        which = ("the length" if y.ndim == 1 else "the first axis" if y.ndim == 2 else
                 "the second-to-last axis")
        raise ValueError(f"{fname}: shapes {x.shape} and {y.shape} are not aligned: the last "
                         f"axis of the first ({n}) must equal {which} of the second ({m})")


def _dot(x, y, fname):
    if x.ndim == 0 or y.ndim == 0:
        return wrap(x * y)
    _check_aligned(fname, x, y)
    if y.ndim > 2:      # NumPy's N-D dot sums over b's second-to-last axis: bring it first
        k = y.ndim - 2
        y = OPS["nd.transpose"].call(y, axes=(k,) + tuple(range(k)) + (k + 1,))
    result = OPS["nd.dot"].call(x, y)
    return wrap(_reshape(result, x.shape[:-1] + y.shape[1:]))


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
        >>> np.dot(np.ones((2, 3)), np.ones((4, 3, 5))).shape     # over b's axis -2, as NumPy
        (2, 4, 5)
    """
    x, y = _pair("dot", a, b)
    return _dot(x, y, "np.dot")


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
        return _dot(x, y, "np.matmul")
    x_mat = x if x.ndim > 1 else _reshape(x, (1,) + x.shape)
    y_mat = y if y.ndim > 1 else _reshape(y, y.shape + (1,))
    if x_mat.shape[-1] != y_mat.shape[-2]:
        raise ValueError(f"np.matmul: shapes {x.shape} and {y.shape} are not aligned: the last "
                         f"axis of the first ({x_mat.shape[-1]}) must equal the "
                         f"second-to-last axis of the second ({y_mat.shape[-2]})")
    try:
        batch = onp.broadcast_shapes(x_mat.shape[:-2], y_mat.shape[:-2])
    except builtins.ValueError:
        raise ValueError(f"np.matmul: the stacks of matrices of shapes {x.shape} and "
                         f"{y.shape} do not broadcast: their leading axes "
                         f"{x_mat.shape[:-2]} and {y_mat.shape[:-2]} must, counted from the "
                         f"right, have equal sizes or size 1 on one side") from None
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
    return _tensordot(x, y, axes, "np.tensordot")


def _summed_axes(fname, x, y, axes):
    """tensordot's axes as two lists of axes in range, of equal sizes pairwise, or the error."""
    if isinstance(axes, numbers.Integral):
        if not 0 <= axes <= min(x.ndim, y.ndim):
            raise ValueError(f"{fname}: axes={axes} needs that many axes in each operand; the "
                             f"shapes are {x.shape} and {y.shape}")
        a_axes, b_axes = list(range(x.ndim - axes, x.ndim)), list(range(axes))
    else:
        a_axes, b_axes = ([ax] if isinstance(ax, numbers.Integral) else list(ax)
                          for ax in axes)
    if len(a_axes) != len(b_axes):
        raise ValueError(f"{fname}: axes {a_axes} and {b_axes} must be as many on each side")
    for side, axes_of, shape in (("first", a_axes, x.shape), ("second", b_axes, y.shape)):
        for ax in axes_of:
            if not -len(shape) <= ax < len(shape):
                raise ValueError(f"{fname}: axis {ax} is out of range for the {side} operand, "
                                 f"of shape {shape}")
    a_axes = [ax % x.ndim for ax in a_axes]
    b_axes = [ax % y.ndim for ax in b_axes]
    sizes = [x.shape[i] for i in a_axes], [y.shape[i] for i in b_axes]
    if sizes[0] != sizes[1]:
        raise ValueError(f"{fname}: shapes {x.shape} and {y.shape} do not match on the summed "
                         f"axes: {a_axes} of the first have sizes {sizes[0]}, {b_axes} of the "
                         f"second {sizes[1]}")
    return a_axes, b_axes


def _tensordot(x, y, axes, fname):
    a_axes, b_axes = _summed_axes(fname, x, y, axes)
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
    x, y = _pair("inner", a, b)
    if x.ndim == 0 or y.ndim == 0:
        return wrap(x * y)
    if x.shape[-1] != y.shape[-1]:
        raise ValueError(f"np.inner: shapes {x.shape} and {y.shape} are not aligned: the last "
                         f"axes ({x.shape[-1]} and {y.shape[-1]}) must be equal")
    return _tensordot(x, y, ([-1], [-1]), "np.inner")


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
    if x.size != y.size:
        raise ValueError(f"np.vdot: the arrays have {x.size} and {y.size} elements (shapes "
                         f"{x.shape} and {y.shape}); flattened, they must be as long")
    return _dot(_reshape(x, (-1,)), _reshape(y, (-1,)), "np.vdot")


FUNCTIONS = naming_errors({f.__name__: f for f in (dot, matmul, tensordot, outer, inner,
                                                    vdot)})
