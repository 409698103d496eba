"""`mx.np` functions of counting, statistics and integer bits, in MXNet 1.9.1's dtypes:
bincount, histogram, percentile, quantile (on the host: MXNet gives them no gradient);
nan_to_num, polyval, ldexp, deg2rad, rad2deg, product, round_, sometrue, isposinf, isneginf
(composed of the table's ops, so the differentiable ones have gradients, as in MXNet); lcm,
invert and the bitwise functions on ints and bools; the windows hanning, hamming, blackman
(float32 math, as MXNet's kernels); shares_memory, may_share_memory and finfo."""
from __future__ import annotations

import numbers

import numpy as onp

from ndsh.engine.mxnet_errors import TypeError, ValueError
from ndsh.engine.registry import OPS
from ndsh.mxnp import math as _math
from ndsh.mxnp import reduce as _reduce
from ndsh.mxnp.array import cast, fresh_shape, ndarray, unwrap, wrap


def _from_host(host, ctx):
    """A NumPy result as an np array on ctx, in its dtype and shape (() included)."""
    host = onp.asarray(host, order="C")
    return wrap(fresh_shape(OPS["nd.array"].call(host, ctx=ctx, dtype=host.dtype), host.shape))


def bincount(x, weights=None, minlength=0):
    """How many times each non-negative int occurs in `x` (or the sum of `weights` there): the
    counts in x's dtype, the sums in the weights' dtype, as MXNet gives them.

    Parameters:
        x: a 1-D np array of non-negative ints.
        weights: an np array of x's shape, or None.
        minlength: the least length of the result.

    Example:
        >>> np.bincount(np.array([0, 1, 1, 3], dtype='int32'))
        array([1, 2, 0, 1], dtype=int32)
    """
    data = unwrap(x, "np.bincount")
    if data._data.dtype.kind not in "iub":
        raise TypeError(f"np.bincount: x must hold ints, got {data._data.dtype} (as in MXNet "
                        f"1.9.1): x.astype('int64') first")
    host = data.asnumpy()
    if weights is None:
        counts = onp.bincount(host, minlength=minlength).astype(host.dtype)
    else:
        w = unwrap(weights, "np.bincount")
        counts = onp.bincount(host, w.asnumpy(), minlength).astype(w._data.dtype)
    return _from_host(counts, data._ctx)


def histogram(a, bins=10, range=None, normed=None, weights=None, density=None):  # noqa: A002
    """The counts of `a`'s elements in each bin, and the bins' edges: a list [hist (int64),
    bin_edges (a's dtype)], as MXNet's. `bins` is an int with `range` given (MXNet cannot find
    the range itself), or an np array of edges.

    Parameters:
        a: an np array (flattened).
        bins: the number of equal bins, or an np array of increasing edges.
        range: (low, high), needed with an int `bins`.
        normed, weights, density: not supported (as in MXNet 1.9.1).

    Example:
        >>> np.histogram(np.array([1.0, 2.0, 2.0, 4.0]), bins=2, range=(0.0, 4.0))
        [array([1, 3], dtype=int64), array([0., 2., 4.])]
    """
    data = unwrap(a, "np.histogram")
    if normed is not None or weights is not None or density is not None:
        raise NotImplementedError("np.histogram: normed, weights and density are not "
                                  "supported (as in MXNet 1.9.1)")
    host = data.asnumpy().ravel()
    if isinstance(bins, ndarray):
        edges = bins.asnumpy()
        counts, _ = onp.histogram(host, bins=edges)
        return [_from_host(counts.astype(onp.int64), data._ctx), wrap(bins._nd.copy())]
    if not isinstance(bins, numbers.Integral):
        raise TypeError(f"np.histogram: bins must be an int or an np array, got "
                        f"{type(bins).__name__}")
    if range is None:
        raise NotImplementedError("automatic range is not supported yet (np.histogram in "
                                  "MXNet 1.9.1 needs range=(low, high) with an int bins)")
    counts, edges = onp.histogram(host, bins=bins, range=range)
    return [_from_host(counts.astype(onp.int64), data._ctx),
            _from_host(edges.astype(host.dtype), data._ctx)]


def percentile(a, q, axis=None, out=None, overwrite_input=None, interpolation="linear",
               keepdims=False):
    """The q-th percentiles (0 to 100) over `axis`: float32 for float32 and int arrays, shape
    () for one q over every element. On the host: MXNet's gradient here is zero.

    Parameters:
        a: an np array.
        q: a number or an np array of percentiles.
        axis: an int or a tuple of ints; None uses every element.
        interpolation: 'linear', 'lower', 'higher', 'midpoint' or 'nearest'.
        keepdims: keep the reduced axes with size 1.

    Example:
        >>> np.percentile(np.array([1.0, 2.0, 3.0, 4.0]), 50)
        array(2.5)
    """
    return _quantile("np.percentile", a, q, 100.0, axis, out, interpolation, keepdims)


def quantile(a, q, axis=None, out=None, overwrite_input=None, interpolation="linear",
             keepdims=False):
    """The q-th quantiles (0 to 1) over `axis`, as np.percentile with q / 100.

    Parameters:
        a: an np array.
        q: a number or an np array of quantiles.
        axis: an int or a tuple of ints; None uses every element.
        interpolation: 'linear', 'lower', 'higher', 'midpoint' or 'nearest'.
        keepdims: keep the reduced axes with size 1.

    Example:
        >>> np.quantile(np.array([1.0, 2.0, 3.0, 4.0]), np.array([0.25, 0.75]))
        array([1.75, 3.25])
    """
    return _quantile("np.quantile", a, q, 1.0, axis, out, interpolation, keepdims)


def _quantile(fname, a, q, scale, axis, out, interpolation, keepdims):
    if out is not None:
        raise NotImplementedError(f"{fname}: out= is not supported in ndsh")
    data = unwrap(a, fname)
    qs = q.asnumpy().astype(onp.float64) if isinstance(q, ndarray) else onp.asarray(q, float)
    if onp.any(qs < 0) or onp.any(qs > scale):
        raise ValueError(f"{fname}: q must lie in [0, {scale:g}], got {qs.tolist()}")
    dtype = data._data.dtype if data._data.dtype.kind == "f" else onp.dtype(onp.float32)
    axis = tuple(axis) if isinstance(axis, list) else axis
    result = onp.quantile(data.asnumpy().astype(onp.float64), qs / scale, axis=axis,
                          method=interpolation, keepdims=keepdims)
    return _from_host(onp.asarray(result).astype(dtype), data._ctx)


def nan_to_num(x, copy=True, nan=0.0, posinf=None, neginf=None):
    """NaN replaced by `nan`, +inf and -inf by `posinf` and `neginf` (the dtype's largest and
    smallest by default); ints come back unchanged. The gradient flows where x is finite.

    Parameters:
        x: an np array.
        copy: a new array (True) or x itself, written in place (False).
        nan: the value for NaN.
        posinf: the value for +inf (default: the dtype's largest).
        neginf: the value for -inf (default: the dtype's smallest).

    Example:
        >>> np.nan_to_num(np.array([np.nan, np.inf, 1.0]), posinf=9.0)
        array([0., 9., 1.])
    """
    data = unwrap(x, "np.nan_to_num")
    dtype = data._data.dtype
    if dtype.kind != "f":
        return x if not copy else wrap(data.copy())
    info = onp.finfo(dtype)
    posinf = info.max if posinf is None else posinf
    neginf = info.min if neginf is None else neginf
    result = x
    for test, value in ((_isnan, nan), (isposinf, posinf), (isneginf, neginf)):
        result = _math.where(test(x), dtype.type(value), result)
    if not copy:
        data._data[...] = result._nd._data
        return x
    return result


def _isnan(x):
    data = x._nd
    return wrap(cast(OPS["nd.not_equal"].call(data, data), onp.dtype(onp.bool_)))


def polyval(p, x):
    """The polynomial with coefficients `p` (highest power first) at `x`, by Horner's rule of
    the table's ops (gradients for both).

    Parameters:
        p: a 1-D np array of coefficients.
        x: an np array of points.

    Example:
        >>> np.polyval(np.array([1.0, 2.0]), np.array([3.0, 4.0]))
        array([5., 6.])
    """
    if not isinstance(p, ndarray) and not isinstance(x, ndarray):
        return onp.polyval(p, x)             # no np array: NumPy's answer, as in MXNet
    coefficients = unwrap(p, "np.polyval")
    unwrap(x, "np.polyval")
    if coefficients.ndim != 1:
        raise ValueError(f"np.polyval: p must be 1-D, got shape {coefficients.shape}")
    result = _math.FUNCTIONS["multiply"](x, 0) + p[0]
    for i in range(1, coefficients.shape[0]):
        result = result * x + p[i]
    return result


def ldexp(x1, x2):
    """x1 * 2**x2, elementwise (ints stay ints; float x1 has a gradient).

    Parameters:
        x1: an np array or a number (the mantissas).
        x2: an np array or a number (the exponents).

    Example:
        >>> np.ldexp(np.array([1.0, 3.0]), 2)
        array([ 4., 12.])
    """
    if isinstance(x2, ndarray):
        scale = _math.FUNCTIONS["power"](2, x2)
    else:
        scale = 2 ** x2 if isinstance(x2, numbers.Integral) and x2 >= 0 else 2.0 ** x2
    return _math.FUNCTIONS["multiply"](x1, scale)


def deg2rad(x):
    """Angles in degrees as radians: x * pi / 180 (MXNet 1.9.1's np.deg2rad fails; ndsh gives
    NumPy's answer).

    Parameters:
        x: an np array.

    Example:
        >>> np.deg2rad(np.array([180.0, 90.0]))
        array([3.1415927, 1.5707964])
    """
    return _math.FUNCTIONS["multiply"](x, onp.pi / 180)


def rad2deg(x):
    """Angles in radians as degrees: x * 180 / pi (MXNet 1.9.1's np.rad2deg fails; ndsh gives
    NumPy's answer).

    Parameters:
        x: an np array.

    Example:
        >>> np.rad2deg(np.array([np.pi]))
        array([180.])
    """
    return _math.FUNCTIONS["multiply"](x, 180 / onp.pi)


def product(a, axis=None, dtype=None, keepdims=False):
    """np.prod's other name: the product of the elements over `axis`.

    Parameters:
        a: an np array.
        axis: an int or a tuple of ints; None multiplies every element.
        dtype: the dtype to compute in.
        keepdims: keep the reduced axes with size 1.

    Example:
        >>> np.product(np.array([2.0, 3.0]))
        array(6.)
    """
    return _reduce.prod(a, axis=axis, dtype=dtype, keepdims=keepdims)


def round_(x, decimals=0):
    """np.round's other name: rounded to `decimals` places, halves to even.

    Parameters:
        x: an np array.
        decimals: the number of decimal places.

    Example:
        >>> np.round_(np.array([0.5, 1.5, 2.25]), 1)
        array([0.5, 1.5, 2.2])
    """
    return _math.FUNCTIONS["round"](x, decimals)


def sometrue(a, axis=None, keepdims=False):
    """np.any's other name: whether some element over `axis` is true.

    Parameters:
        a: an np array.
        axis: an int or a tuple of ints; None tests every element.
        keepdims: keep the reduced axes with size 1.

    Example:
        >>> np.sometrue(np.array([0.0, 2.0]))
        array(True)
    """
    return _reduce.any(a, axis=axis, keepdims=keepdims)


def isposinf(x):
    """Whether each element is +inf: a bool array.

    Parameters:
        x: an np array.

    Example:
        >>> np.isposinf(np.array([np.inf, -np.inf, 1.0]))
        array([ True, False, False])
    """
    data = unwrap(x, "np.isposinf")
    return wrap(cast(OPS["nd.equal"].call(data, onp.inf), onp.dtype(onp.bool_)))


def isneginf(x):
    """Whether each element is -inf: a bool array.

    Parameters:
        x: an np array.

    Example:
        >>> np.isneginf(np.array([np.inf, -np.inf, 1.0]))
        array([False,  True, False])
    """
    data = unwrap(x, "np.isneginf")
    return wrap(cast(OPS["nd.equal"].call(data, -onp.inf), onp.dtype(onp.bool_)))


FUNCTIONS = {f.__name__: f for f in (
    bincount, histogram, percentile, quantile, nan_to_num, polyval, ldexp, deg2rad, rad2deg,
    product, round_, sometrue, isposinf, isneginf)}
