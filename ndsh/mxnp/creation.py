"""Creating `mx.np` arrays, over the table's creation ops. MXNet 1.9.1's rule (measured): float32
unless a dtype is given, even from Python ints and bools (`np.array([1, 2])`, `np.arange(12)`,
`np.full(2, 7)`), while `np.array(numpy_array)` keeps the numpy array's dtype."""
from __future__ import annotations

import numbers

import numpy as onp

from ndsh.engine import NDArray
from ndsh.engine.mxnet_errors import TypeError as MXNetTypeError
from ndsh.engine.registry import OPS
from ndsh.mxnp.array import mixing_error, ndarray, unwrap, wrap

_FLOAT32 = onp.float32


def _dtype(dtype):
    return _FLOAT32 if dtype is None else onp.dtype(dtype)


def _shape(shape) -> tuple:
    return (shape,) if isinstance(shape, numbers.Integral) else tuple(shape)


def _host(value):
    """Nested lists and tuples of numbers and np arrays -> a numpy array (np arrays' values,
    through their __array__); a legacy nd array anywhere is refused."""
    if isinstance(value, (list, tuple)) and value and any(_holds_nd(v) for v in value):
        raise mixing_error("np.array", next(v for v in value if _holds_nd(v)))
    try:
        return onp.asarray(value)
    except ValueError as error:
        if "inhomogeneous" not in str(error):
            raise
        # MXNet 1.9.1 raises TypeError here, with numpy's text
        raise MXNetTypeError(f"np.array: the nested lists have different lengths (a ragged "
                             f"list); an array needs one length per axis: {error}") from None


def _holds_nd(value) -> bool:
    if isinstance(value, NDArray):
        return True
    return isinstance(value, (list, tuple)) and bool(value) and \
        isinstance(value[0], (list, tuple, NDArray)) and any(_holds_nd(v) for v in value)


def array(object, dtype=None, ctx=None):  # noqa: A002  (numpy's name)
    """A new np array (a copy) from a list, a scalar, a numpy array or an np array: float32
    unless `dtype` is given, even for Python ints and bools; a numpy array or a numpy scalar
    (`onp.int64(3)`) keeps its dtype, as in MXNet 1.9.1.

    Parameters:
        object: nested lists or tuples of numbers, a scalar, a numpy or an np array.
        dtype: the element type; by default float32 (a numpy array's or scalar's own dtype
            for one).
        ctx: the context (device); default the current context.

    Example:
        >>> np.array([1, 2]), np.array([[1.5, 2]], dtype='float64')
        (array([1., 2.]), array([[1.5, 2. ]], dtype=float64))
        >>> import numpy as onp
        >>> np.array(onp.int64(3)), np.array(True)
        (array(3, dtype=int64), array(1.))
    """
    if isinstance(object, NDArray):
        host, keep = object.asnumpy(), True
    elif isinstance(object, ndarray):
        host, keep = object.asnumpy(), True
    elif isinstance(object, (onp.ndarray, onp.generic)):
        host, keep = onp.asarray(object), True      # a numpy scalar keeps its dtype too
    else:
        host, keep = _host(object), False
    if dtype is not None:
        target = onp.dtype(dtype)
    else:
        target = host.dtype if keep else onp.dtype(_FLOAT32)
    if ctx is None and isinstance(object, ndarray):
        ctx = object.ctx
    return wrap(OPS["nd.array"].call(onp.array(host, dtype=target), ctx=ctx, dtype=target))


def zeros(shape, dtype=None, order="C", ctx=None):
    """An array of zeros (float32 by default).

    Parameters:
        shape: an int or a tuple of ints.
        dtype: the element type; default float32.
        order: only 'C'.
        ctx: the context (device); default the current context.

    Example:
        >>> np.zeros((2, 3))
        array([[0., 0., 0.],
               [0., 0., 0.]])
    """
    return wrap(OPS["nd.zeros"].call(_shape(shape), ctx=ctx, dtype=_dtype(dtype)))


def ones(shape, dtype=None, order="C", ctx=None):
    """An array of ones (float32 by default).

    Parameters:
        shape: an int or a tuple of ints.
        dtype: the element type; default float32.
        order: only 'C'.
        ctx: the context (device); default the current context.

    Example:
        >>> np.ones(3)
        array([1., 1., 1.])
    """
    return wrap(OPS["nd.ones"].call(_shape(shape), ctx=ctx, dtype=_dtype(dtype)))


def empty(shape, dtype=None, order="C", ctx=None):
    """An array whose values are not set (ndsh fills it with zeros), float32 by default.

    Parameters:
        shape: an int or a tuple of ints.
        dtype: the element type; default float32.
        order: only 'C'.
        ctx: the context (device); default the current context.

    Example:
        >>> np.empty((2, 3)).shape
        (2, 3)
    """
    return zeros(shape, dtype, order, ctx)


def full(shape, fill_value, dtype=None, order="C", ctx=None):
    """An array filled with `fill_value`: float32 unless `dtype` is given (also for an int fill),
    bool for a Python bool fill (MXNet 1.9.1's rule).

    Parameters:
        shape: an int or a tuple of ints.
        fill_value: the value of every element.
        dtype: the element type; default float32 (bool for True or False).
        order: only 'C'.
        ctx: the context (device); default the current context.

    Example:
        >>> np.full((2, 2), 7)
        array([[7., 7.],
               [7., 7.]])
        >>> np.full(2, True)
        array([ True,  True])
    """
    if isinstance(fill_value, bool):
        fill_value, dtype = int(fill_value), (onp.bool_ if dtype is None else dtype)
    return wrap(OPS["nd.full"].call(_shape(shape), fill_value, ctx=ctx, dtype=_dtype(dtype)))


def arange(start, stop=None, step=1, dtype=None, ctx=None):
    """Evenly spaced values in [start, stop): float32 unless `dtype` is given, also for ints.

    Parameters:
        start: the first value (the stop, with `stop` left out).
        stop: the end (excluded).
        step: the spacing.
        dtype: the element type; default float32.
        ctx: the context (device); default the current context.

    Example:
        >>> np.arange(5), np.arange(1, 7, 2, dtype='int32')
        (array([0., 1., 2., 3., 4.]), array([1, 3, 5], dtype=int32))
    """
    if stop is None:
        start, stop = 0, start
    return wrap(OPS["nd.arange"].call(start, stop, step, ctx=ctx, dtype=_dtype(dtype)))


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0, ctx=None):
    """`num` evenly spaced values from start to stop (included unless endpoint=False).

    Parameters:
        start: the first value.
        stop: the last value (or the end, with endpoint=False).
        num: how many values.
        endpoint: include stop.
        retstep: also return the spacing, as (array, step).
        dtype: the element type; default float32.
        axis: only 0.
        ctx: the context (device); default the current context.

    Example:
        >>> np.linspace(0, 1, 5)
        array([0.  , 0.25, 0.5 , 0.75, 1.  ])
    """
    result = wrap(OPS["nd.linspace"].call(start, stop, num, endpoint=endpoint, ctx=ctx,
                                          dtype=_dtype(dtype)))
    if retstep:
        return result, (stop - start) / (num - 1 if endpoint else num)
    return result


def eye(N, M=None, k=0, dtype=None, ctx=None):  # noqa: N803  (numpy's names)
    """A 2-D array with ones on the k-th diagonal, zeros elsewhere.

    Parameters:
        N: the number of rows.
        M: the number of columns; default N.
        k: the diagonal (above the main one when positive).
        dtype: the element type; default float32.
        ctx: the context (device); default the current context.

    Example:
        >>> np.eye(2, 3, k=1)
        array([[0., 1., 0.],
               [0., 0., 1.]])
    """
    return wrap(OPS["nd.eye"].call(N, M or 0, k, ctx=ctx, dtype=_dtype(dtype)))


def identity(n, dtype=None, ctx=None):
    """The n x n identity matrix.

    Parameters:
        n: the number of rows and columns.
        dtype: the element type; default float32.
        ctx: the context (device); default the current context.

    Example:
        >>> np.identity(2)
        array([[1., 0.],
               [0., 1.]])
    """
    return eye(n, dtype=dtype, ctx=ctx)


def _like(fname, a, dtype, value):
    x = unwrap(a, f"np.{fname}")
    target = x._data.dtype if dtype is None else onp.dtype(dtype)
    return wrap(OPS["nd.full"].call(x.shape, value, ctx=x._ctx, dtype=target))


def zeros_like(a, dtype=None, order="C", ctx=None):
    """An array of zeros with the shape, dtype and context of `a`.

    Parameters:
        a: an np array.
        dtype: the element type; default a's.
        order: only 'C'.
        ctx: ignored (the result is on a's context).

    Example:
        >>> np.zeros_like(np.arange(3, dtype='int32'))
        array([0, 0, 0], dtype=int32)
    """
    return _like("zeros_like", a, dtype, 0)


def ones_like(a, dtype=None, order="C", ctx=None):
    """An array of ones with the shape, dtype and context of `a`.

    Parameters:
        a: an np array.
        dtype: the element type; default a's.
        order: only 'C'.
        ctx: ignored (the result is on a's context).

    Example:
        >>> np.ones_like(np.zeros((1, 2)))
        array([[1., 1.]])
    """
    return _like("ones_like", a, dtype, 1)


def full_like(a, fill_value, dtype=None, order="C", ctx=None):
    """An array filled with `fill_value`, with the shape, dtype and context of `a`.

    Parameters:
        a: an np array.
        fill_value: the value of every element.
        dtype: the element type; default a's.
        order: only 'C'.
        ctx: ignored (the result is on a's context).

    Example:
        >>> np.full_like(np.arange(3, dtype='int32'), 5)
        array([5, 5, 5], dtype=int32)
    """
    return _like("full_like", a, dtype, fill_value)


def empty_like(prototype, dtype=None, order="C", subok=False, shape=None):
    """An array with the shape, dtype and context of `prototype` (ndsh fills it with zeros).

    Parameters:
        prototype: an np array.
        dtype: the element type; default prototype's.
        order: only 'C'.
        subok: ignored.
        shape: ignored.

    Example:
        >>> np.empty_like(np.ones((2, 2))).shape
        (2, 2)
    """
    return _like("empty_like", prototype, dtype, 0)


def genfromtxt(*args, ctx=None, **kwargs):
    """An np array of the data in a text file, as numpy.genfromtxt reads it (same arguments):
    MXNet's np.genfromtxt, which keeps NumPy's dtype (float64 by default) and adds `ctx`.

    Parameters:
        *args: numpy.genfromtxt's (fname, dtype, comments, delimiter, ...).
        ctx: the context (device); default the current context.
        **kwargs: numpy.genfromtxt's keyword arguments.

    Example:
        >>> import io
        >>> np.genfromtxt(io.StringIO("1,2\\n3,4"), delimiter=",")
        array([[1., 2.],
               [3., 4.]], dtype=float64)
    """
    host = onp.genfromtxt(*args, **kwargs)
    return wrap(OPS["nd.array"].call(host, ctx=ctx, dtype=host.dtype))


FUNCTIONS = {f.__name__: f for f in (
    array, zeros, ones, empty, full, arange, linspace, eye, identity, zeros_like, ones_like,
    full_like, empty_like, genfromtxt)}
