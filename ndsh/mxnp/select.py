"""Copying, sorting and picking in `mx.np`: copy, diag, sort, argsort, take, over the table's
ops (argsort gives int64, as MXNet's np does)."""
from __future__ import annotations

from ndsh.engine.registry import OPS
from ndsh.mxnp.array import unwrap, wrap
from ndsh.mxnp.naming import check_axes


def copy(a):
    """A copy of the array, on the same context.

    Parameters:
        a: an np array.

    Example:
        >>> x = np.ones(2); y = np.copy(x); y[0] = 5; x
        array([1., 1.])
    """
    return wrap(OPS["nd.identity"].call(unwrap(a, "np.copy")))


def diag(v, k=0):
    """The k-th diagonal of a 2-D array, or a 2-D array with a 1-D array on its diagonal.

    Parameters:
        v: an np array (1-D or 2-D).
        k: the diagonal's offset (above the main one when positive).

    Example:
        >>> np.diag(np.array([1.0, 2.0]))
        array([[1., 0.],
               [0., 2.]])
    """
    return wrap(OPS["nd.diag"].call(unwrap(v, "np.diag"), k=k))


def sort(a, axis=-1):
    """The elements sorted in ascending order along `axis` (a copy).

    Parameters:
        a: an np array.
        axis: the axis to sort along; None sorts the flattened array.

    Example:
        >>> np.sort(np.array([3.0, 1.0, 2.0]))
        array([1., 2., 3.])
    """
    x = unwrap(a, "np.sort")
    if axis is None:
        x, axis = OPS["nd.reshape"].call(x, shape=(-1,)), 0
    return wrap(OPS["nd.sort"].call(x, axis=axis))


def argsort(a, axis=-1):
    """The indices that sort the array along `axis`, as int64.

    Parameters:
        a: an np array.
        axis: the axis to sort along; None sorts the flattened array.

    Example:
        >>> np.argsort(np.array([3.0, 1.0, 2.0]))
        array([1, 2, 0], dtype=int64)
    """
    x = unwrap(a, "np.argsort")
    if axis is None:
        x, axis = OPS["nd.reshape"].call(x, shape=(-1,)), 0
    return wrap(OPS["nd.argsort"].call(x, axis=axis, dtype="int64"))


def take(a, indices, axis=None, mode="raise"):
    """Elements picked by integer `indices` along `axis` (of the flattened array by default).

    Parameters:
        a: an np array.
        indices: an np array of indices.
        axis: the axis to pick along; None picks from the flattened array.
        mode: 'raise' (MXNet's np default; ndsh clips like 'clip'), 'clip' or 'wrap'.

    Example:
        >>> np.take(np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([1, 0], dtype='int32'), axis=1)
        array([[2., 1.],
               [4., 3.]])
    """
    x = unwrap(a, "np.take")
    if axis is None:
        x, axis = OPS["nd.reshape"].call(x, shape=(-1,)), 0
    check_axes("np.take", axis, x.shape)
    index = unwrap(indices, "np.take")
    return wrap(OPS["nd.take"].call(x, index, axis=axis, mode="wrap" if mode == "wrap" else
                                    "clip"))


FUNCTIONS = {f.__name__: f for f in (copy, diag, sort, argsort, take)}
