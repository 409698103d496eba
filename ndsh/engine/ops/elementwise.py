"""Elementwise math on one array: exp, log, trigonometry, rounding, relu, sigmoid, clip, cast.

Each row of `_unary(...)` below is one op's whole definition: forward, gradient, summary and a
runnable example. On integer arrays the result is computed and truncated back to the input's
dtype (MXNet: `exp(int32 [1, 2]) -> [2 7]`).
"""
from __future__ import annotations

import math

import numpy as np

from ndsh.engine import dtypes
from ndsh.engine.define import op
from ndsh.engine.ops.relu_grad import (
    relu_grad,
    relu_grad_into_ans,
    relu_values,
    takes_fast_values,
)
from ndsh.engine.ops.special_values import (
    _HALF_PI_SQRT,
    _digamma,
    _erfinv,
    _gamma,
    _gammaln,
    erf_values,
)

ULP = ("float32 results can differ from MXNet's in the last digit: numpy's vectorised float32 "
       "exp (and log, sin, tanh...) is within one ulp of the correctly rounded value that "
       "MXNet's libm gives (e + 1 prints 3.718282 here, 3.7182817 in MXNet).")


def _unary(name, forward, vjp, *, summary, example, prints, aliases=(), method=True, grad=True,
           departs="", keeps=None, inplace=None, into_ans=None):
    """One elementwise op: forward and vjp over backend data, the summary line of its doc page,
    and its example: the call and the body it prints (a 3-element result)."""
    def fn(xp, data):
        # integers are computed in float64 and truncated back (numpy would take int8 through
        # float16 and round: tanh(int8 -5) would be -1 where MXNet gives 0)
        result = forward(xp, data.astype(np.float64) if data.dtype.kind in "iu" else data)
        if result.dtype != data.dtype:
            result = result.astype(data.dtype)
        return result
    # on float data fn is forward plus a dtype check: the per-call path calls forward itself
    # (ndsh.engine.invoke.make_callable), one Python frame fewer per elementwise op
    fn.float_forward = forward
    fn.keeps_shape = True        # elementwise: the result has the input's shape (Node.same_shapes)
    fn.__name__ = name
    fn.__doc__ = f"""{summary}

    Parameters:
        data: the input array.

    Example:
        >>> {example}
        <BLANKLINE>
        {prints}
        <NDArray 3 @cpu(0)>
    """
    return op(vjp=vjp, grad=grad, aliases=aliases, method=name if method else None,
              departs=departs, keeps=keeps, inplace=inplace, into_ans=into_ans)(fn)


def _zero_grad(xp, g, ans, x):
    return g * 0


def _round_half_away(xp, x):
    return xp.copysign(xp.floor(xp.abs(x) + 0.5), x)      # copysign keeps MXNet's -0.


exp = _unary("exp", lambda xp, x: xp.exp(x), lambda xp, g, ans, x: g * ans,
             summary="e raised to each element.", example="nd.exp(nd.array([0, 1, 2]))",
             prints="[1.        2.718282  7.3890557]", keeps=(), inplace="exp",
             departs=ULP,
             into_ans=lambda xp, g, ans, x: xp.multiply(g, ans, out=ans))
expm1 = _unary("expm1", lambda xp, x: xp.expm1(x), lambda xp, g, ans, x: g * (ans + 1),
               summary="exp(x) - 1, accurate for small x.", example="nd.expm1(nd.array([0, 1, 2]))",
               prints="[0.        1.7182817 6.389056 ]", keeps=(), inplace="expm1")
log = _unary("log", lambda xp, x: xp.log(x), lambda xp, g, ans, x: g / x,
             summary="The natural logarithm of each element (log(0) is -inf, no error).",
             example="nd.log(nd.array([1, 2, 4]))", prints="[0.        0.6931472 1.3862944]",
             inplace="log")
log1p = _unary("log1p", lambda xp, x: xp.log1p(x), lambda xp, g, ans, x: g / (x + 1),
               summary="log(1 + x), accurate for small x.", example="nd.log1p(nd.array([0, 1, 2]))",
               prints="[0.        0.6931472 1.0986123]", inplace="log1p")
log2 = _unary("log2", lambda xp, x: xp.log2(x), lambda xp, g, ans, x: g / (x * math.log(2)),
              summary="The base-2 logarithm of each element.",
              example="nd.log2(nd.array([1, 2, 8]))",
              prints="[0. 1. 3.]")
log10 = _unary("log10", lambda xp, x: xp.log10(x),
               lambda xp, g, ans, x: g / (x * math.log(10)),
               summary="The base-10 logarithm of each element.",
               example="nd.log10(nd.array([1, 10, 100]))",
               prints="[0. 1. 2.]")
sqrt = _unary("sqrt", lambda xp, x: xp.sqrt(x), lambda xp, g, ans, x: g * 0.5 / ans,
              summary="The square root of each element (sqrt(-1) is nan, no error).",
              example="nd.sqrt(nd.array([1, 4, 9]))", prints="[1. 2. 3.]", keeps=(), inplace="sqrt")
rsqrt = _unary("rsqrt", lambda xp, x: 1 / xp.sqrt(x), lambda xp, g, ans, x: -0.5 * g * ans / x,
               summary="1 / sqrt(x) for each element.", example="nd.rsqrt(nd.array([1, 4, 16]))",
               prints="[1.   0.5  0.25]")
cbrt = _unary("cbrt", lambda xp, x: xp.cbrt(x), lambda xp, g, ans, x: g / (3 * ans * ans),
              summary="The cube root of each element.", example="nd.cbrt(nd.array([1, 8, 27]))",
              prints="[1. 2. 3.]")
rcbrt = _unary("rcbrt", lambda xp, x: 1 / xp.cbrt(x),
               lambda xp, g, ans, x: -g * ans / (3 * x),
               summary="1 / cbrt(x) for each element.", example="nd.rcbrt(nd.array([1, 8, 27]))",
               prints="[1.         0.5        0.33333334]")
square = _unary("square", lambda xp, x: x * x, lambda xp, g, ans, x: 2 * g * x,
                summary="x * x for each element.", example="nd.square(nd.array([1, 2, 3]))",
                prints="[1. 4. 9.]",
                inplace="square")
reciprocal = _unary("reciprocal", lambda xp, x: 1 / x, lambda xp, g, ans, x: -g * ans * ans,
                    summary="1 / x for each element.", example="nd.reciprocal(nd.array([1, 2, 4]))",
                    prints="[1.   0.5  0.25]", keeps=())
negative = _unary("negative", lambda xp, x: -x, lambda xp, g, ans, x: -g,
                  summary="-x for each element.", example="nd.negative(nd.array([1, -2, 3]))",
                  prints="[-1.  2. -3.]", keeps=(), inplace="negative")
abs = _unary("abs", lambda xp, x: xp.abs(x), lambda xp, g, ans, x: g * xp.sign(x),
             summary="The absolute value of each element (gradient 0 at 0).",
             example="nd.abs(nd.array([-1, 0, 2]))", prints="[1. 0. 2.]", inplace="abs")
sign = _unary("sign", lambda xp, x: xp.where(x != x, 0, xp.sign(x)), _zero_grad,   # NaN: 0
              summary="-1, 0 or 1 by the sign of each element (gradient 0).",
              example="nd.sign(nd.array([-2, 0, 3]))", prints="[-1.  0.  1.]", keeps=())
sin = _unary("sin", lambda xp, x: xp.sin(x), lambda xp, g, ans, x: g * xp.cos(x),
             summary="The sine of each element (radians).", example="nd.sin(nd.array([0, 1, 2]))",
             prints="[0.        0.841471  0.9092974]", inplace="sin")
cos = _unary("cos", lambda xp, x: xp.cos(x), lambda xp, g, ans, x: -g * xp.sin(x),
             summary="The cosine of each element (radians).", example="nd.cos(nd.array([0, 1, 2]))",
             prints="[ 1.         0.5403023 -0.4161468]", inplace="cos")
tan = _unary("tan", lambda xp, x: xp.tan(x), lambda xp, g, ans, x: g * (1 + ans * ans),
             summary="The tangent of each element (radians).",
             example="nd.tan(nd.array([0, 0.5, 1]))",
             prints="[0.        0.5463025 1.5574077]", keeps=())
arcsin = _unary("arcsin", lambda xp, x: xp.arcsin(x),
                lambda xp, g, ans, x: g / xp.sqrt(1 - x * x),
                summary="The inverse sine of each element.",
                example="nd.arcsin(nd.array([-1, 0, 0.5]))",
                prints="[-1.5707964  0.         0.5235988]")
arccos = _unary("arccos", lambda xp, x: xp.arccos(x),
                lambda xp, g, ans, x: -g / xp.sqrt(1 - x * x),
                summary="The inverse cosine of each element.",
                example="nd.arccos(nd.array([-1, 0, 0.5]))",
                prints="[3.1415927 1.5707964 1.0471976]")
arctan = _unary("arctan", lambda xp, x: xp.arctan(x), lambda xp, g, ans, x: g / (1 + x * x),
                summary="The inverse tangent of each element.",
                example="nd.arctan(nd.array([-1, 0, 1]))",
                prints="[-0.7853982  0.         0.7853982]")
sinh = _unary("sinh", lambda xp, x: xp.sinh(x), lambda xp, g, ans, x: g * xp.cosh(x),
              summary="The hyperbolic sine of each element.",
              example="nd.sinh(nd.array([-1, 0, 1]))",
              prints="[-1.1752012  0.         1.1752012]")
cosh = _unary("cosh", lambda xp, x: xp.cosh(x), lambda xp, g, ans, x: g * xp.sinh(x),
              summary="The hyperbolic cosine of each element.",
              example="nd.cosh(nd.array([-1, 0, 1]))",
              prints="[1.5430806 1.        1.5430806]")
tanh = _unary("tanh", lambda xp, x: xp.tanh(x), lambda xp, g, ans, x: g * (1 - ans * ans),
              summary="The hyperbolic tangent of each element.",
              example="nd.tanh(nd.array([-1, 0, 1]))",
              prints="[-0.7615942  0.         0.7615942]", keeps=(), inplace="tanh")
arcsinh = _unary("arcsinh", lambda xp, x: xp.arcsinh(x),
                 lambda xp, g, ans, x: g / xp.sqrt(x * x + 1),
                 summary="The inverse hyperbolic sine of each element.",
                 example="nd.arcsinh(nd.array([-1, 0, 1]))",
                 prints="[-0.8813736  0.         0.8813736]")
arccosh = _unary("arccosh", lambda xp, x: xp.arccosh(x),
                 lambda xp, g, ans, x: g / xp.sqrt(x * x - 1),
                 summary="The inverse hyperbolic cosine of each element.",
                 example="nd.arccosh(nd.array([1, 2, 3]))",
                 prints="[0.        1.316958  1.7627472]")
arctanh = _unary("arctanh", lambda xp, x: xp.arctanh(x), lambda xp, g, ans, x: g / (1 - x * x),
                 summary="The inverse hyperbolic tangent of each element.",
                 example="nd.arctanh(nd.array([-0.5, 0, 0.5]))",
                 prints="[-0.54930615  0.          0.54930615]")
degrees = _unary("degrees", lambda xp, x: xp.degrees(x),
                 lambda xp, g, ans, x: g * (180 / math.pi),
                 summary="Radians to degrees.", example="nd.degrees(nd.array([0, 1, 3.14159]))",
                 prints="[  0.        57.295776 179.99985 ]", keeps=())
radians = _unary("radians", lambda xp, x: xp.radians(x),
                 lambda xp, g, ans, x: g * (math.pi / 180),
                 summary="Degrees to radians.", example="nd.radians(nd.array([0, 90, 180]))",
                 prints="[0.        1.5707964 3.1415927]", keeps=())
floor = _unary("floor", lambda xp, x: xp.floor(x), _zero_grad,
               summary="The largest integer <= each element (gradient 0).",
               example="nd.floor(nd.array([-1.5, 0.5, 2.7]))", prints="[-2.  0.  2.]", keeps=())
ceil = _unary("ceil", lambda xp, x: xp.ceil(x), _zero_grad,
              summary="The smallest integer >= each element (gradient 0).",
              example="nd.ceil(nd.array([-1.5, 0.5, 2.7]))", prints="[-1.  1.  3.]", keeps=())
trunc = _unary("trunc", lambda xp, x: xp.trunc(x), _zero_grad,
               summary="Each element rounded toward zero (gradient 0).",
               example="nd.trunc(nd.array([-1.5, 0.5, 2.7]))", prints="[-1.  0.  2.]", keeps=())
fix = _unary("fix", lambda xp, x: xp.trunc(x), _zero_grad,     # numpy 2.5 deprecates np.fix
             summary="Each element rounded toward zero (gradient 0).",
             example="nd.fix(nd.array([-1.5, 0.5, 2.7]))", prints="[-1.  0.  2.]", keeps=())
round = _unary("round", _round_half_away, _zero_grad,
               summary="Each element rounded to the nearest integer, halves away from zero "
                       "(MXNet).",
               example="nd.round(nd.array([0.5, 1.5, -2.5]))", prints="[ 1.  2. -3.]", keeps=())
rint = _unary("rint", lambda xp, x: xp.where(x - xp.floor(x) == 0.5, xp.floor(x), xp.rint(x)),
              _zero_grad,
              summary="Each element rounded to the nearest integer, halves downward (as MXNet "
                      "does).",
              example="nd.rint(nd.array([0.5, 1.5, -2.5]))", prints="[ 0.  1. -3.]", keeps=())
_ZEROS: dict = {}      # dtype -> its zero scalar
_ZERO_ARRAYS: dict = {}    # dtype -> its zero as a read-only 0-d numpy array


def _relu_forward(xp, x):
    """max(x, 0), the zero given in x's dtype: numpy's maximum with the Python number 0 goes
    through its weak-scalar handling (NEP 50: cast 0 to x's dtype first), 0.16 us of 0.65 on a
    small array; the same bits (test_fast_paths_speed). On numpy the zero is a 0-d array,
    which a ufunc takes faster again than a numpy scalar (no conversion to an array first:
    0.28 against 0.44 us on a (4,) array), the same loop; CuPy takes no numpy array, so it
    gets the scalar."""
    if x.__class__ is np.ndarray:
        zero = _ZERO_ARRAYS.get(x.dtype)
        if zero is None:
            zero = _ZERO_ARRAYS[x.dtype] = np.zeros((), dtype=x.dtype)
            zero.flags.writeable = False       # shared by every call
        # large float32/float64 data: relu_values' vectorised passes; 1024 is
        # relu_grad.FAST_MIN_SIZE spelled out (a global's lookup costs small arrays ~20 ns)
        if x.size < 1024 or not takes_fast_values(x):
            return np.maximum(x, zero)
        return relu_values(x)
    zero = _ZEROS.get(x.dtype)
    if zero is None:
        zero = _ZEROS[x.dtype] = x.dtype.type(0)
    return xp.maximum(x, zero)


# the gradient is sign(relu(x)): 1 above 0, 0 at and below it, NaN at NaN (as MXNet)
relu = _unary("relu", _relu_forward, relu_grad,
              summary="max(x, 0) for each element; the gradient at 0 is 0, at NaN NaN.",
              example="nd.relu(nd.array([-1, 0, 2]))", prints="[0. 0. 2.]", keeps=(),
              inplace=lambda xp, x: relu_values(x, out=x) if takes_fast_values(x)
              else xp.maximum(x, 0, out=x),
              into_ans=relu_grad_into_ans)
def _sigmoid(xp, x):
    """1 / (1 + exp(-x)). On float32, MXNet's arithmetic: exp rounded once to float32 (its
    expf; here exp in float64, then rounded), 1 + e and the quotient in float32: on 4.7M values
    in [-100, 100] it differs from MXNet 1.9.1 on 1263, by at most 4 ulp (the quotient taken in
    float64 differed on 1.6M by up to 2 ulp, and below x = -88.7, where MXNet's expf overflows
    and gives 0) and takes 2.5 ms instead of 7 on LeNet's first activation. Other dtypes are
    computed in float64."""
    t = x.astype(xp.float64)
    xp.negative(t, out=t)
    with np.errstate(over="ignore"):            # exp(-x) = inf gives 0, as MXNet's expf does
        xp.exp(t, out=t)
        if x.dtype != np.float32:
            t += 1
            return xp.reciprocal(t, out=t)
        e = t.astype(xp.float32)
    e += 1
    return xp.reciprocal(e, out=e)


# the gradient in MXNet's order: g * y * (1 - y) differs from it by an ulp on a third of float32
# values. (Written into y's buffer it made LeNet slower, 32 -> 40 ms: with fewer large
# temporaries freed, glibc's adaptive mmap threshold stayed low and later arrays page-faulted.)
sigmoid = _unary("sigmoid", _sigmoid,
                 lambda xp, g, ans, x: g * (ans * (1 - ans)),
                 summary="The logistic function 1 / (1 + exp(-x)) for each element.",
                 example="nd.sigmoid(nd.array([-1, 0, 1]))",
                 prints="[0.26894143 0.5        0.7310586 ]", keeps=())
softsign = _unary("softsign", lambda xp, x: x / (1 + xp.abs(x)),
                  lambda xp, g, ans, x: g / ((1 + xp.abs(x)) * (1 + xp.abs(x))),
                  summary="x / (1 + |x|) for each element.",
                  example="nd.softsign(nd.array([-1, 0, 3]))",
                  prints="[-0.5   0.    0.75]")
erf = _unary("erf", erf_values, lambda xp, g, ans, x: g * _HALF_PI_SQRT * xp.exp(-x * x),
             summary="The Gauss error function of each element.",
             example="nd.erf(nd.array([-1, 0, 0.5]))",
             prints="[-0.8427008  0.         0.5204999]")
erfinv = _unary("erfinv", _erfinv,
                lambda xp, g, ans, x: g * (math.sqrt(math.pi) / 2) * xp.exp(ans * ans),
                summary="The inverse error function of each element.",
                example="nd.erfinv(nd.array([-0.5, 0, 0.5]))",
                prints="[-0.47693628  0.          0.47693628]")
gamma = _unary("gamma", _gamma, lambda xp, g, ans, x: g * ans * _digamma(xp, x),
               summary="The gamma function of each element.",
               example="nd.gamma(nd.array([1, 3, 5]))",
               prints="[ 1.  2. 24.]")
gammaln = _unary("gammaln", _gammaln, lambda xp, g, ans, x: g * _digamma(xp, x),
                 summary="The log of the absolute gamma function of each element.",
                 example="nd.gammaln(nd.array([1, 2, 3]))",
                 prints="[0.        0.        0.6931472]")
logical_not = _unary("logical_not", lambda xp, x: (x == 0), None,
                     summary="1 where the element is 0, else 0 (no gradient).",
                     example="nd.logical_not(nd.array([1, 0, 2]))", prints="[0. 1. 0.]", grad=False)


@op(vjp=lambda xp, g, ans, data, a_min, a_max: g * (data >= a_min) * (data <= a_max),
    method=True)
def clip(xp, data, a_min, a_max):
    """Limit each element to [a_min, a_max]; both bounds are required (use float('inf')).

    The gradient is 1 inside the bounds and 0 outside.

    Parameters:
        a_min: the lower bound.
        a_max: the upper bound.

    Example:
        >>> nd.clip(nd.array([1, 5, 9]), 2, 6)
        <BLANKLINE>
        [2. 5. 6.]
        <NDArray 3 @cpu(0)>
    """
    return xp.clip(data, a_min, a_max).astype(data.dtype, copy=False)


@op(vjp=lambda xp, g, ans, data, dtype: g, aliases=("Cast",), keeps=())
def cast(xp, data, dtype):
    """Convert to `dtype` ('float32', 'int32', 'uint8'...); float to int truncates toward zero.

    Gradients flow through it (cast back to the input's dtype).

    Parameters:
        dtype: the new element type: 'float16', 'float32', 'float64', 'uint8', 'int8', 'int32',
            'int64', 'bool', or the numpy type.

    Example:
        >>> nd.cast(nd.array([1.7, -1.7]), dtype='int32')
        <BLANKLINE>
        [ 1 -1]
        <NDArray 2 @cpu(0)>
    """
    dtype = dtypes.normalize(dtype)
    if data.dtype.kind == "f" and dtype.kind in "iu" and dtype.itemsize == 1:
        # MXNet wraps (-1.0 -> 255); CUDA saturates a direct float -> uint8 conversion, so go
        # through int64 to get MXNet's answer on every backend
        return data.astype(np.int64).astype(dtype)
    return data.astype(dtype)


@op(vjp=lambda xp, g, ans, data: g, aliases=("_copy",), keeps=())
def identity(xp, data):
    """A copy of the array; its gradient passes through unchanged.

    Parameters:
        data: the input array.

    Example:
        >>> nd.identity(nd.array([1, 2]))
        <BLANKLINE>
        [1. 2.]
        <NDArray 2 @cpu(0)>
    """
    return data.copy()


@op(vjp=lambda xp, g, ans, data: None, aliases=("BlockGrad",))
def stop_gradient(xp, data):
    """The same values, treated as a constant by backward (its gradient is zero).

    Example:
        >>> x = nd.array([1, 2]); x.attach_grad()
        >>> with autograd.record():
        ...     y = (nd.stop_gradient(x) * x).sum()
        >>> y.backward(); x.grad
        <BLANKLINE>
        [1. 2.]
        <NDArray 2 @cpu(0)>
    """
    return data.copy()


@op(nin=2, vjp=(lambda xp, g, ans, value, source: g, lambda xp, g, ans, value, source: None),
    returns_view=True, keeps=())
def _depends_on(xp, value, source):
    """`value` itself, recorded as computed from `source` with a zero derivative: what
    autograd.grad(create_graph=True) returns for a gradient that does not depend on its variable
    (radians' is a constant), so that differentiating it again gives zeros, as in MXNet.

    Parameters:
        value: the array returned (its gradient passes through unchanged).
        source: the array it is recorded as depending on (its gradient is zero).

    Example:
        >>> x = nd.array([1, 2]); x.attach_grad()
        >>> with autograd.record():
        ...     y = nd._depends_on(nd.array([5, 5]), x)
        >>> y.backward(); x.grad
        <BLANKLINE>
        [0. 0.]
        <NDArray 2 @cpu(0)>
    """
    return value
