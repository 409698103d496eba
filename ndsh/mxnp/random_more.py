"""The rest of MXNet 1.9.1's `mx.np.random`: lognormal, logistic, gumbel, rayleigh, weibull,
pareto, power, chisquare, beta, multivariate_normal; and `npx.random`'s bernoulli, normal_n,
uniform_n. Each transforms uniform, normal or gamma samples of the table's random ops (so the
seed of `npx.random.seed` governs them) with the table's arithmetic: float32 samples, and the
parameters may be np arrays (the result takes their broadcast shape when `size` is None, and
gradients reach them where the transform is differentiable)."""
from __future__ import annotations

import numbers

import numpy as onp

from ndsh.engine.mxnet_errors import ValueError
from ndsh.engine.registry import OPS
from ndsh.mxnp import math as _math
from ndsh.mxnp.array import fresh_shape, ndarray, unwrap, wrap
from ndsh.mxnp.products import matmul

_TINY = float(onp.finfo(onp.float32).tiny)
_f = _math.FUNCTIONS


def _sample(op_name: str, size, dtype, ctx, **kwargs) -> ndarray:
    """Samples of the table's nd.random.NAME op, in shape `size` (() included)."""
    shape = _shape_of(size)
    result = OPS[f"nd.random.{op_name}"].call(shape=shape or (1,), dtype=dtype or "float32",
                                               ctx=ctx, **kwargs)
    return wrap(fresh_shape(result, shape))


def _shape_of(size, *params) -> tuple:
    """`size` as a tuple, or the broadcast shape of the np array parameters."""
    if size is not None:
        return (size,) if isinstance(size, numbers.Integral) else tuple(size)
    shapes = [p.shape for p in params if isinstance(p, ndarray)]
    return tuple(onp.broadcast_shapes(*shapes)) if shapes else ()


def _open_uniform(shape, ctx):
    """Uniform samples in (0, 1): never 0, so their logarithms are finite."""
    return _sample("uniform", shape, None, ctx, low=_TINY, high=1.0)


def _ctx(ctx, *params):
    for p in params:
        if isinstance(p, ndarray):
            return p.ctx if ctx is None else ctx
    return ctx


def lognormal(mean=0.0, sigma=1.0, size=None, dtype=None, ctx=None, out=None):
    """Samples of exp(N(mean, sigma**2)): the log-normal distribution, float32 by default.

    Parameters:
        mean: the mean of the logarithm (a number or an np array).
        sigma: the standard deviation of the logarithm.
        size: an int or a tuple; None: the parameters' shape (() for numbers).
        dtype: the element type; default float32.
        ctx: the context.
        out: not supported; must be None.

    Example:
        >>> bool((np.random.lognormal(0.0, 1.0, size=(100,)) > 0).all())
        True
    """
    shape = _shape_of(size, mean, sigma)
    z = _sample("normal", shape, dtype, _ctx(ctx, mean, sigma), loc=0.0, scale=1.0)
    return _f["exp"](_f["add"](_f["multiply"](z, sigma), mean))


def logistic(loc=0.0, scale=1.0, size=None, ctx=None, out=None):
    """Samples of the logistic distribution: loc + scale * log(u / (1 - u)), u uniform.

    Parameters:
        loc: the location (a number or an np array).
        scale: the scale.
        size: an int or a tuple; None: the parameters' shape.
        ctx: the context.
        out: not supported; must be None.

    Example:
        >>> np.random.logistic(size=(2, 3)).shape
        (2, 3)
    """
    u = _open_uniform(_shape_of(size, loc, scale), _ctx(ctx, loc, scale))
    return _f["add"](_f["multiply"](_f["log"](u / (1.0 - u + _TINY)), scale), loc)


def gumbel(loc=0.0, scale=1.0, size=None, ctx=None, out=None):
    """Samples of the Gumbel distribution: loc - scale * log(-log(u)), u uniform.

    Parameters:
        loc: the location (a number or an np array).
        scale: the scale.
        size: an int or a tuple; None: the parameters' shape.
        ctx: the context.
        out: not supported; must be None.

    Example:
        >>> np.random.gumbel(np.zeros((2, 1)), np.ones(3)).shape
        (2, 3)
    """
    u = _open_uniform(_shape_of(size, loc, scale), _ctx(ctx, loc, scale))
    return _f["subtract"](loc, _f["multiply"](_f["log"](-_f["log"](u)), scale))


def rayleigh(scale=1.0, size=None, ctx=None, out=None):
    """Samples of the Rayleigh distribution: scale * sqrt(-2 log(u)), u uniform.

    Parameters:
        scale: the mode (a number or an np array).
        size: an int or a tuple; None: the parameter's shape.
        ctx: the context.
        out: not supported; must be None.

    Example:
        >>> bool((np.random.rayleigh(2.0, size=50) >= 0).all())
        True
    """
    u = _open_uniform(_shape_of(size, scale), _ctx(ctx, scale))
    return _f["multiply"](_f["sqrt"](-2.0 * _f["log"](u)), scale)


def weibull(a, size=None, ctx=None, out=None):
    """Samples of the Weibull distribution of shape `a`: (-log(u)) ** (1 / a), u uniform.

    Parameters:
        a: the shape (> 0; a number or an np array).
        size: an int or a tuple; None: the parameter's shape.
        ctx: the context.
        out: not supported; must be None.

    Example:
        >>> np.random.weibull(np.array([1.0, 2.0])).shape
        (2,)
    """
    u = _open_uniform(_shape_of(size, a), _ctx(ctx, a))
    return _f["power"](-_f["log"](u), _f["divide"](1.0, a))


def pareto(a, size=None, ctx=None, out=None):
    """Samples of the Pareto II (Lomax) distribution of shape `a`, as NumPy's: u ** (-1/a) - 1.

    Parameters:
        a: the shape (> 0; a number or an np array).
        size: an int or a tuple; None: the parameter's shape.
        ctx: the context.
        out: not supported; must be None.

    Example:
        >>> np.random.pareto(3.0, size=(4,)).shape
        (4,)
    """
    u = _open_uniform(_shape_of(size, a), _ctx(ctx, a))
    return _f["power"](u, _f["divide"](-1.0, a)) - 1.0


def power(a, size=None):
    """Samples of the power distribution of exponent a - 1 on [0, 1]: u ** (1 / a).

    Parameters:
        a: the parameter (> 0; a number or an np array).
        size: an int or a tuple; None: the parameter's shape.

    Example:
        >>> bool((np.random.power(2.0, size=20) <= 1).all())
        True
    """
    u = _open_uniform(_shape_of(size, a), _ctx(None, a))
    return _f["power"](u, _f["divide"](1.0, a))


def chisquare(df, size=None, dtype=None, ctx=None):
    """Samples of the chi-square distribution of `df` degrees of freedom (2 * Gamma(df / 2)).

    Parameters:
        df: the degrees of freedom (> 0, a number).
        size: an int or a tuple; None gives shape ().
        dtype: the element type; default float32.
        ctx: the context.

    Example:
        >>> np.random.chisquare(3, size=(2, 2)).shape
        (2, 2)
    """
    if isinstance(df, ndarray):
        raise NotImplementedError("np.random.chisquare: an np array df is not in ndsh yet "
                                  "(give a number)")
    if df <= 0:
        raise ValueError(f"np.random.chisquare: df must be > 0, got {df}")
    return 2.0 * _sample("gamma", size, dtype, ctx, alpha=df / 2.0, beta=1.0)


def beta(a, b, size=None, dtype=None, ctx=None):
    """Samples of the beta distribution: X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b).

    Parameters:
        a: alpha (> 0, a number).
        b: beta (> 0, a number).
        size: an int or a tuple; None gives shape ().
        dtype: the element type; default float32.
        ctx: the context.

    Example:
        >>> bool((np.random.beta(2.0, 3.0, size=50) >= 0).all())
        True
    """
    if isinstance(a, ndarray) or isinstance(b, ndarray):
        raise NotImplementedError("np.random.beta: np array parameters are not in ndsh yet "
                                  "(give numbers)")
    x = _sample("gamma", size, dtype, ctx, alpha=a, beta=1.0)
    y = _sample("gamma", size, dtype, ctx, alpha=b, beta=1.0)
    return x / (x + y)


def multivariate_normal(mean, cov, size=None, check_valid=None, tol=None):
    """Samples of the multivariate normal N(mean, cov): mean + z @ L.T with L the Cholesky
    factor of cov and z standard normal; shape size + (k,).

    Parameters:
        mean: an np array of shape (k,).
        cov: an np array of shape (k, k), symmetric positive definite.
        size: an int or a tuple of leading dimensions; None: one sample of shape (k,).
        check_valid: accepted for NumPy's sake.
        tol: accepted for NumPy's sake.

    Example:
        >>> np.random.multivariate_normal(np.zeros(2), np.eye(2), size=3).shape
        (3, 2)
    """
    mu, sigma = unwrap(mean, "np.random.multivariate_normal"), unwrap(
        cov, "np.random.multivariate_normal")
    k = mu.shape[-1]
    if sigma.shape[-2:] != (k, k):
        raise ValueError(f"np.random.multivariate_normal: cov must have shape ({k}, {k}) for a "
                         f"mean of shape {mu.shape}, got {sigma.shape}")
    lower = wrap(OPS["nd.linalg.potrf"].call(sigma))
    z = _sample("normal", _shape_of(size) + (k,), None, mean.ctx, loc=0.0, scale=1.0)
    return _f["add"](matmul(z, lower.T), mean)


def bernoulli(prob=None, logit=None, size=None, dtype=None, ctx=None, out=None):
    """Samples of 0 and 1, 1 with probability `prob` (or sigmoid(`logit`)): float32 by default.

    Parameters:
        prob: the probability of 1 (a number or an np array).
        logit: log(p / (1 - p)) instead of prob.
        size: an int or a tuple; None: the parameter's shape.
        dtype: the element type; default float32.
        ctx: the context.
        out: not supported; must be None.

    Example:
        >>> npx.random.bernoulli(0.5, size=(2, 3)).shape
        (2, 3)
    """
    if (prob is None) == (logit is None):
        raise ValueError("npx.random.bernoulli: give exactly one of prob and logit")
    p = prob if logit is None else _f["divide"](1.0, _f["add"](_f["exp"](-logit), 1.0))
    u = _sample("uniform", _shape_of(size, p), None, _ctx(ctx, p), low=0.0, high=1.0)
    hits = _f["less"](u, p)
    return hits.astype(dtype or "float32")


def normal_n(loc=0.0, scale=1.0, batch_shape=None, dtype=None, ctx=None):
    """Normal samples of shape batch_shape + the parameters' broadcast shape.

    Parameters:
        loc: the mean (a number or an np array).
        scale: the standard deviation.
        batch_shape: an int or a tuple put in front of the parameters' shape.
        dtype: the element type; default float32.
        ctx: the context.

    Example:
        >>> npx.random.normal_n(np.zeros(2), 1.0, batch_shape=(3,)).shape
        (3, 2)
    """
    shape = _shape_of(batch_shape or ()) + _shape_of(None, loc, scale)
    z = _sample("normal", shape, dtype, _ctx(ctx, loc, scale), loc=0.0, scale=1.0)
    return _f["add"](_f["multiply"](z, scale), loc)


def uniform_n(low=0.0, high=1.0, batch_shape=None, dtype=None, ctx=None):
    """Uniform samples on [low, high) of shape batch_shape + the parameters' broadcast shape.

    Parameters:
        low: the lower bound (a number or an np array).
        high: the upper bound.
        batch_shape: an int or a tuple put in front of the parameters' shape.
        dtype: the element type; default float32.
        ctx: the context.

    Example:
        >>> npx.random.uniform_n(0, 1, batch_shape=4).shape
        (4,)
    """
    shape = _shape_of(batch_shape or ()) + _shape_of(None, low, high)
    u = _sample("uniform", shape, dtype, _ctx(ctx, low, high), low=0.0, high=1.0)
    return _f["add"](_f["multiply"](u, _f["subtract"](high, low)), low)


NP_RANDOM = {f.__name__: f for f in (lognormal, logistic, gumbel, rayleigh, weibull, pareto,
                                     power, chisquare, beta, multivariate_normal)}
NPX_RANDOM = {f.__name__: f for f in (bernoulli, normal_n, uniform_n)}
