"""MXNet's `nd.contrib` ops that need neither symbols nor layers: isfinite / isnan / isinf,
allclose, index_copy, quadratic, div_sqrt_dim, index_array and the rand_zipfian sampler
(quantize and dequantize are in quantize.py)."""
from __future__ import annotations

import math

import numpy as np

from ndsh.engine.context import Context, current_context
from ndsh.engine.define import op
from ndsh.engine.mxnet_errors import IndexError, TypeError, ValueError
from ndsh.engine.ndarray import NDArray
from ndsh.engine.ops.random import uniform

_CONTRIB = "nd.contrib"


@op(grad=False, namespace=_CONTRIB, mask_result=True)
def isfinite(xp, data):
    """1 where an element is finite (neither infinite nor NaN), else 0, in the input's dtype.

    Parameters:
        data: the array to check.

    Example:
        >>> nd.contrib.isfinite(nd.array([np.inf, -np.inf, np.nan, -1]))
        <BLANKLINE>
        [0. 0. 0. 1.]
        <NDArray 4 @cpu(0)>
    """
    return xp.isfinite(data).astype(data.dtype)


@op(grad=False, namespace=_CONTRIB, mask_result=True)
def isnan(xp, data):
    """1 where an element is NaN, else 0, in the input's dtype.

    Parameters:
        data: the array to check.

    Example:
        >>> nd.contrib.isnan(nd.array([np.nan, -1]))
        <BLANKLINE>
        [1. 0.]
        <NDArray 2 @cpu(0)>
    """
    return xp.isnan(data).astype(data.dtype)


@op(grad=False, namespace=_CONTRIB, mask_result=True)
def isinf(xp, data):
    """1 where an element is infinite (+inf or -inf), else 0, in the input's dtype.

    Parameters:
        data: the array to check.

    Example:
        >>> nd.contrib.isinf(nd.array([np.inf, -np.inf, np.nan, -1]))
        <BLANKLINE>
        [1. 1. 0. 0.]
        <NDArray 4 @cpu(0)>
    """
    return xp.isinf(data).astype(data.dtype)


@op(nin=2, grad=False, namespace=_CONTRIB)
def allclose(xp, a, b, rtol=1e-05, atol=1e-08, equal_nan=True):
    """Whether every |a - b| <= atol + rtol * |b|, as a 0-d uint8 array (1 or 0); a and b
    must have the same shape and dtype. Unlike numpy, NaNs count as equal by default.

    The test runs in float32 (float64 for float64 arrays), with rtol and atol as float32, as
    MXNet's does: an infinity is close to any infinity, the same as MXNet.

    Parameters:
        a: the first array.
        b: the second array, of a's shape and dtype (the tolerance scales with |b|).
        rtol: the relative tolerance.
        atol: the absolute tolerance.
        equal_nan: whether a NaN in a equals a NaN in b at the same place.

    Example:
        >>> nd.contrib.allclose(nd.array([1e10, 1e-8]), nd.array([1.00001e10, 1e-9]))
        <BLANKLINE>
        0
        <NDArray  @cpu(0)>
    """
    if a.shape != b.shape:
        raise ValueError(f"allclose: a has shape {a.shape} and b {b.shape}; they must be the "
                         f"same (allclose compares them element by element)")
    wide = np.float64 if a.dtype == np.float64 else np.float32
    if a.dtype.kind in "iub":
        diff = xp.where(a > b, a - b, b - a).astype(wide)
        close = diff <= wide(atol) + wide(np.float32(rtol)) * xp.abs(b.astype(wide))
    else:
        with np.errstate(invalid="ignore", over="ignore"):
            diff = xp.abs(a - b).astype(wide)
            tolerance = wide(np.float32(atol)) + wide(np.float32(rtol)) * xp.abs(b).astype(wide)
            close = (a == b) | (diff <= tolerance)
        nan_a, nan_b = xp.isnan(a), xp.isnan(b)
        close = xp.where(nan_a | nan_b, bool(equal_nan) & (nan_a == nan_b), close)
    return xp.asarray(close.all(), dtype=np.uint8)


def _row_indices(xp, op_name, index, rows, shape):
    """An index vector (floats truncated, as MXNet) as int64, each in [0, rows)."""
    if index.ndim != 1:
        raise ValueError(f"{op_name}: the index must be a vector, and has shape {index.shape}")
    idx = index.astype(np.int64)
    if idx.size:
        low, high = int(idx.min()), int(idx.max())
        if low < 0 or high >= rows:
            raise IndexError(f"{op_name}: index {low if low < 0 else high} is out of range for "
                             f"the {rows} rows of the array of shape {shape}")
    return idx


def _index_copy_old_vjp(xp, g, ans, old_tensor, index_vector, new_tensor):
    grad = g.copy()
    grad[index_vector.astype(np.int64)] = 0
    return grad


@op(nin=3, same_dtype=False, namespace=_CONTRIB, keeps=(1,),
    vjp=(_index_copy_old_vjp, lambda *args, **kwargs: None,
         lambda xp, g, ans, old_tensor, index_vector, new_tensor:
         g[index_vector.astype(np.int64)]),
    departs="An index out of range raises IndexError (MXNet writes past the array).")
def index_copy(xp, old_tensor, index_vector, new_tensor):
    """A copy of `old_tensor` whose rows `index_vector[i]` are the rows `new_tensor[i]`.

    Rows of `new_tensor` go to the rows the index names (a later one wins where an index
    repeats); the other rows keep `old_tensor`'s values. Float indices are truncated.

    Parameters:
        old_tensor: the array whose rows are kept where the index names none.
        index_vector: a vector of row indices, one per row of new_tensor.
        new_tensor: the rows to copy in: the shape of old_tensor but on the first axis.

    Example:
        >>> rows = nd.array([[1, 2], [3, 4], [5, 6]])
        >>> nd.contrib.index_copy(nd.zeros((5, 2)), nd.array([0, 4, 2]), rows)
        <BLANKLINE>
        [[1. 2.]
         [0. 0.]
         [5. 6.]
         [0. 0.]
         [3. 4.]]
        <NDArray 5x2 @cpu(0)>
    """
    if old_tensor.dtype != new_tensor.dtype:
        raise TypeError(f"index_copy: old_tensor is {old_tensor.dtype.name} and new_tensor "
                        f"{new_tensor.dtype.name}; they must have the same dtype")
    if (old_tensor.ndim == 0 or new_tensor.shape[1:] != old_tensor.shape[1:]
            or new_tensor.shape[0] > old_tensor.shape[0]
            or index_vector.shape != new_tensor.shape[:1]):
        raise ValueError(f"index_copy: old_tensor of shape {old_tensor.shape}, index_vector of "
                         f"shape {index_vector.shape} and new_tensor of shape "
                         f"{new_tensor.shape} do not fit: new_tensor needs old_tensor's shape "
                         f"but on the first axis (at most as long), and one index per row")
    idx = _row_indices(xp, "index_copy", index_vector, old_tensor.shape[0], old_tensor.shape)
    result = old_tensor.copy()
    result[idx] = new_tensor
    return result


def _coefficients(a, b, c, dtype):
    """MXNet's a, b and c are float32 parameters; float64 data computes with them widened."""
    wide = np.float64 if dtype == np.float64 else np.float32
    return tuple(wide(np.float32(v)) for v in (a, b, c)), wide


@op(namespace=_CONTRIB, vjp=lambda xp, g, ans, data, a=0.0, b=0.0, c=0.0:
    g * (2.0 * float(np.float32(a)) * data + float(np.float32(b))))
def quadratic(xp, data, a=0.0, b=0.0, c=0.0):
    """a * x**2 + b * x + c, elementwise (a, b and c are float32 numbers; an integer array
    computes in float32 and truncates back).

    Parameters:
        data: the array x.
        a: the coefficient of x**2.
        b: the coefficient of x.
        c: the constant term.

    Example:
        >>> nd.contrib.quadratic(nd.array([[1, 2], [3, 4]]), a=1, b=2, c=3)
        <BLANKLINE>
        [[ 6. 11.]
         [18. 27.]]
        <NDArray 2x2 @cpu(0)>
    """
    (a, b, c), wide = _coefficients(a, b, c, data.dtype)
    x = data.astype(wide, copy=False)
    if data.dtype == np.float16:       # MXNet's half_t rounds after every operation
        def half(v):
            return v.astype(np.float16).astype(wide)
        return half(half(x * half(half(a * x) + b)) + c).astype(np.float16)
    return (x * (a * x + b) + c).astype(data.dtype, copy=False)


@op(namespace=_CONTRIB, vjp=lambda xp, g, ans, data: g / math.sqrt(data.shape[-1]), keeps=())
def div_sqrt_dim(xp, data):
    """The array divided by the square root of its last axis' length (attention's scaling).

    Parameters:
        data: the array; its last axis is the channel axis.

    Example:
        >>> nd.contrib.div_sqrt_dim(nd.ones((2, 4)))
        <BLANKLINE>
        [[0.5 0.5 0.5 0.5]
         [0.5 0.5 0.5 0.5]]
        <NDArray 2x4 @cpu(0)>
    """
    if data.ndim == 0:
        raise ValueError("div_sqrt_dim: needs an array of at least 1 dimension, got a 0-d one")
    return (data / data.dtype.type(math.sqrt(data.shape[-1]))).astype(data.dtype, copy=False)


@op(grad=False, namespace=_CONTRIB)
def index_array(xp, data, axes=None):
    """The index of every element: shape data.shape + (n,), where [i1, ..., in, :] is
    [i1, ..., in] (or only the indices of `axes`, in their order); int64.

    Parameters:
        data: the array whose indices to list (only its shape is read).
        axes: the axes whose indices to give, a tuple (negative counts from the end); None:
            all of them.

    Example:
        >>> nd.contrib.index_array(nd.ones((2, 2)))
        <BLANKLINE>
        [[[0 0]
          [0 1]]
        <BLANKLINE>
         [[1 0]
          [1 1]]]
        <NDArray 2x2x2 @cpu(0)>
    """
    if data.ndim == 0:
        raise ValueError("index_array: needs an array of at least 1 dimension, got a 0-d one")
    if axes is None:
        axes = tuple(range(data.ndim))
    elif isinstance(axes, (int, np.integer)):
        axes = (int(axes),)
    for a in axes:
        if not -data.ndim <= a < data.ndim:
            raise ValueError(f"index_array: axis {a} is out of range for an array of shape "
                             f"{data.shape}")
    grids = xp.indices(data.shape, dtype=np.int64)
    return xp.stack([grids[a] for a in axes], axis=-1) if axes else \
        xp.zeros(data.shape + (0,), dtype=np.int64)


def rand_zipfian(true_classes, num_sampled, range_max, ctx=None):
    """Sample `num_sampled` classes in [0, range_max) from the log-uniform (Zipfian)
    distribution P(k) = (log(k + 2) - log(k + 1)) / log(range_max + 1), with replacement;
    return (samples, expected count of each true class, expected count of each sample).

    The samples are int64, the expected counts float64 (true_classes' shape, and
    (num_sampled,)). The draws come from ndsh's own random stream (nd.random.seed).

    Parameters:
        true_classes: an NDArray of the target classes.
        num_sampled: how many classes to draw.
        range_max: the number of classes.
        ctx: where the results go; default the current context.

    Example:
        >>> out = nd.contrib.rand_zipfian(nd.array([3]), 4, 5)
        >>> out[0].shape, out[0].dtype
        ((4,), <class 'numpy.int64'>)
        >>> out[1]
        <BLANKLINE>
        [0.49815515]
        <NDArray 1 @cpu(0)>
    """
    if not isinstance(true_classes, NDArray):
        raise TypeError(f"rand_zipfian: true_classes must be an NDArray, got "
                        f"{type(true_classes).__name__}")
    for name, value in (("num_sampled", num_sampled), ("range_max", range_max)):
        if not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"rand_zipfian: {name} must be a positive int, got {value!r}")
    ctx = current_context() if ctx is None else Context(ctx)
    log_range = math.log(range_max + 1)
    draws = uniform(0, log_range, shape=(num_sampled,), dtype="float64", ctx=ctx)
    sampled = (draws.exp() - 1).astype("int64") % range_max
    true = true_classes.as_in_context(ctx).astype("float64")
    count_true = ((true + 2.0) / (true + 1.0)).log() / log_range * num_sampled
    as_float = sampled.astype("float64")
    count_sampled = ((as_float + 2.0) / (as_float + 1.0)).log() / log_range * num_sampled
    return sampled, count_true, count_sampled


op(kind="function", grad=False, namespace=_CONTRIB,
   departs="num_sampled and range_max must be positive (MXNet fails on num_sampled=0 and gives "
           "inf counts for range_max=0).")(rand_zipfian)
